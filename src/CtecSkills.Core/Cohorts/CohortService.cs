using CtecSkills.Core.Accounts;
using CtecSkills.Core.Catalog;
using CtecSkills.Core.Data;
using CtecSkills.Core.Organizations;
using CtecSkills.Core.Regions;
using CtecSkills.Core.Sms;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.Core.Cohorts;

public sealed record CohortInput
{
    public int CourseId { get; init; }
    public int TrainingBaseId { get; init; }
    public required string Name { get; init; }
    public bool OnlineOnly { get; init; }
    public int Capacity { get; init; }
    public DateOnly EnrollmentOpensOn { get; init; }
    public DateOnly EnrollmentClosesOn { get; init; }
}

public sealed record SessionInput(DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Place, double Hours);

public sealed record CohortSummary(int Id, string Name, string CourseTitle, string BaseName, int Capacity, int Enrolled, int Waitlisted,
    DateOnly OpensOn, DateOnly ClosesOn, bool OnlineOnly);

/// <summary>A course a base offers: what staff may run a cohort of.</summary>
public sealed record OfferedCourse(int CourseId, string CourseTitle, int TrainingBaseId, string BaseName);

/// <param name="Invitation">Where the learner's roster invitation is (queued, sent, failed); null when none was queued
/// from this cohort (they had an account already, or joined another way).</param>
public sealed record RosterEntry(int EnrollmentId, string? Name, string? Phone, LearnerGroup? Group, EnrollmentStatus Status, EnrollmentSource Source,
    MessageState? Invitation);

/// <summary>A class still to come (or under way) in one of the actor's cohorts: where staff open the check-in screen.</summary>
public sealed record UpcomingSession(int Id, int CohortId, string CohortName, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Place);

public sealed record CohortDetails(Cohort Cohort, IReadOnlyList<CohortSession> Sessions, IReadOnlyList<RosterEntry> Roster);

public sealed record OpenCohort(int Id, string Name, string BaseName, string BaseLocalityCode, string BaseAddress, bool OnlineOnly,
    int PlacesLeft, IReadOnlyList<CohortSession> Sessions, EnrollmentStatus? MyStatus);

/// <summary>One of the learner's classes; a completed class has no next session (there is nothing left to attend).</summary>
public sealed record MyEnrollment(int EnrollmentId, int CohortId, string CourseSlug, string CourseTitle, string BaseName, EnrollmentStatus Status,
    CohortSession? NextSession);

/// <summary>Cohorts as staff run them (their own bases only; others are not found) and as learners find them.</summary>
public sealed class CohortService(AppDbContext db, TimeProvider clock)
{
    public async Task<List<CohortSummary>> ListAsync(BaseActor actor, CancellationToken ct)
    {
        var list = await db.Cohorts.ManagedBy(actor).AsNoTracking()
            .Select(c => new CohortSummary(c.Id, c.Name, c.Course!.Title, c.TrainingBase!.Name, c.Capacity,
                c.Enrollments.Count(e => e.Status == EnrollmentStatus.Enrolled),
                c.Enrollments.Count(e => e.Status == EnrollmentStatus.Waitlisted),
                c.EnrollmentOpensOn, c.EnrollmentClosesOn, c.OnlineOnly))
            .ToListAsync(ct);
        return [.. list.OrderByDescending(c => c.OpensOn).ThenBy(c => c.Id)];
    }

    /// <summary>The actor's classes that have not ended yet, soonest first, so today's check-in is one tap from the cohort list.</summary>
    public async Task<List<UpcomingSession>> ListUpcomingSessionsAsync(BaseActor actor, int take, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var rows = await db.CohortSessions.ManagedBy(actor).AsNoTracking()
            .Where(s => s.EndsAt >= now)
            .Select(s => new UpcomingSession(s.Id, s.CohortId, s.Cohort!.Name, s.StartsAt, s.EndsAt, s.Place))
            .ToListAsync(ct);
        return [.. rows.OrderBy(s => s.StartsAt).ThenBy(s => s.Id).Take(take)];
    }

    public async Task<CohortDetails?> FindAsync(int id, BaseActor actor, CancellationToken ct)
    {
        var cohort = await db.Cohorts.ManagedBy(actor).AsNoTracking()
            .Include(c => c.Course).Include(c => c.TrainingBase)
            .FirstOrDefaultAsync(c => c.Id == id, ct);
        if (cohort is null)
        {
            return null;
        }
        var sessions = await db.CohortSessions.AsNoTracking().Where(s => s.CohortId == id).ToListAsync(ct);
        var invitations = MessageOutbox.InvitationKeyPrefix(id);
        var roster = await db.Enrollments.AsNoTracking()
            .Where(e => e.CohortId == id)
            .OrderBy(e => e.Status).ThenBy(e => e.Id)
            .Select(e => new RosterEntry(e.Id, e.User != null ? e.User.DisplayName : null, e.User!.PhoneNumber, e.User.LearnerGroup, e.Status, e.Source,
                db.OutboundMessages.Where(m => m.Key == invitations + e.UserId).Select(m => (MessageState?)m.State).FirstOrDefault()))
            .ToListAsync(ct);
        return new(cohort, [.. sessions.OrderBy(s => s.StartsAt)], roster);
    }

    public async Task<List<OfferedCourse>> ListOfferedCoursesAsync(BaseActor actor, CancellationToken ct)
    {
        var list = await db.CourseOfferings.ManagedBy(actor).AsNoTracking()
            .Select(o => new OfferedCourse(o.CourseId, o.Course!.Title, o.TrainingBaseId, o.TrainingBase!.Name))
            .ToListAsync(ct);
        return [.. list.OrderBy(o => o.BaseName, StringComparer.Ordinal).ThenBy(o => o.CourseTitle, StringComparer.Ordinal)];
    }

    /// <summary>Creates a cohort; null when the base does not offer the course or is not the actor's.</summary>
    public async Task<int?> CreateAsync(CohortInput input, BaseActor actor, CancellationToken ct)
    {
        var offered = await db.CourseOfferings.ManagedBy(actor)
            .AnyAsync(o => o.CourseId == input.CourseId && o.TrainingBaseId == input.TrainingBaseId, ct);
        if (!offered)
        {
            return null;
        }
        var cohort = new Cohort
        {
            CourseId = input.CourseId,
            TrainingBaseId = input.TrainingBaseId,
            Name = input.Name.Trim(),
            OnlineOnly = input.OnlineOnly,
            Capacity = input.Capacity,
            EnrollmentOpensOn = input.EnrollmentOpensOn,
            EnrollmentClosesOn = input.EnrollmentClosesOn,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Cohorts.Add(cohort);
        await db.SaveChangesAsync(ct);
        return cohort.Id;
    }

    /// <summary>Adds an in-person session; false when the cohort is not the actor's.</summary>
    public async Task<bool> AddSessionAsync(int cohortId, SessionInput input, BaseActor actor, CancellationToken ct)
    {
        if (!await db.Cohorts.ManagedBy(actor).AnyAsync(c => c.Id == cohortId, ct))
        {
            return false;
        }
        db.CohortSessions.Add(new CohortSession
        {
            CohortId = cohortId,
            StartsAt = input.StartsAt.ToUniversalTime(),
            EndsAt = input.EndsAt.ToUniversalTime(),
            Place = input.Place.Trim(),
            Hours = input.Hours,
        });
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Cohorts of a course open for enrollment today, the learner's own locality first when known.</summary>
    public async Task<List<OpenCohort>> ListOpenForCourseAsync(int courseId, string? userId, CancellationToken ct)
    {
        var today = BeijingTime.Today(clock);
        var cohorts = await db.Cohorts.AsNoTracking()
            .Where(c => c.CourseId == courseId && c.EnrollmentOpensOn <= today && c.EnrollmentClosesOn >= today)
            .Select(c => new
            {
                c.Id,
                c.Name,
                BaseName = c.TrainingBase!.Name,
                c.TrainingBase.LocalityCode,
                c.TrainingBase.Address,
                c.OnlineOnly,
                Left = c.Capacity - c.Enrollments.Count(e => e.Status == EnrollmentStatus.Enrolled),
                Mine = c.Enrollments.Where(e => e.UserId == userId).Select(e => (EnrollmentStatus?)e.Status).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var ids = cohorts.Select(c => c.Id).ToList();
        var sessions = (await db.CohortSessions.AsNoTracking().Where(s => ids.Contains(s.CohortId)).ToListAsync(ct))
            .ToLookup(s => s.CohortId);
        var myLocality = userId is null ? null : await FindLearnerLocalityAsync(userId, ct);
        return [.. cohorts
            .OrderBy(c => myLocality is not null && c.LocalityCode == myLocality ? 0 : 1)
            .ThenBy(c => c.LocalityCode, StringComparer.Ordinal).ThenBy(c => c.Id)
            .Select(c => new OpenCohort(c.Id, c.Name, c.BaseName, c.LocalityCode, c.Address, c.OnlineOnly, Math.Max(0, c.Left),
                [.. sessions[c.Id].OrderBy(s => s.StartsAt)], c.Mine))];
    }

    /// <summary>"My learning": the learner's cohorts (not the ones they left) with the next session still to come.</summary>
    public async Task<List<MyEnrollment>> ListForLearnerAsync(string userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var rows = await db.Enrollments.AsNoTracking()
            .Where(e => e.UserId == userId && e.Status != EnrollmentStatus.Withdrawn)
            .OrderByDescending(e => e.Id)
            .Select(e => new { e.Id, e.CohortId, e.Cohort!.Course!.Slug, e.Cohort.Course.Title, BaseName = e.Cohort.TrainingBase!.Name, e.Status, e.CompletedAt })
            .ToListAsync(ct);
        var ids = rows.Select(r => r.CohortId).ToList();
        var next = (await db.CohortSessions.AsNoTracking().Where(s => ids.Contains(s.CohortId) && s.StartsAt >= now).ToListAsync(ct))
            .GroupBy(s => s.CohortId)
            .ToDictionary(g => g.Key, g => g.MinBy(s => s.StartsAt));
        return [.. rows.Select(r => new MyEnrollment(r.Id, r.CohortId, r.Slug, r.Title, r.BaseName, r.Status,
            r.CompletedAt is null ? next.GetValueOrDefault(r.CohortId) : null))];
    }

    public Task<string?> FindLearnerLocalityAsync(string userId, CancellationToken ct) =>
        db.Users.Where(u => u.Id == userId).Select(u => u.LocalityCode).FirstOrDefaultAsync(ct);
}
