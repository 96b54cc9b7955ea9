using CtecSkills.Core.Accounts;
using CtecSkills.Core.Analytics;
using CtecSkills.Core.Data;
using CtecSkills.Core.Organizations;
using CtecSkills.Core.Regions;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.Core.Cohorts;

public enum EnrollOutcome
{
    NotFound,
    Closed,
    Enrolled,
    Waitlisted,
    UnknownLearner,

    /// <summary>The learner withdrew consent to the privacy notice: they take no new places until they give it again.</summary>
    ConsentWithdrawn,

    /// <summary>The learner is already in (or waiting for, or has finished) another class of the same course.</summary>
    InAnotherClass,
}

/// <param name="AlreadyThere">The learner was in the cohort before this request; nothing changed.</param>
public sealed record EnrollResult(EnrollOutcome Outcome, bool AlreadyThere = false);

/// <summary>
/// Places learners in cohorts: enrolled while places remain, waitlisted after, moved up when a place frees. Every
/// change runs in a transaction that holds the cohort (row lock on PostgreSQL, the write lock on SQLite), so two
/// learners taking the last place at once cannot both get it.
/// </summary>
public sealed class EnrollmentService(AppDbContext db, TimeProvider clock, LearningFacts facts, ConsentService consent)
{
    /// <summary>A learner enrolls themselves; only in a published course's cohort while its enrollment window is open.</summary>
    public Task<EnrollResult> EnrollAsync(int cohortId, string userId, CancellationToken ct) =>
        PlaceAsync(cohortId, userId, EnrollmentSource.Self, ct);

    /// <summary>
    /// Staff put a registered learner, found by phone, into their cohort (also outside the window: staff decide).
    /// Null when the cohort is not the actor's. New people come in through a roster, which records their profile.
    /// </summary>
    public async Task<EnrollResult?> EnrollByStaffAsync(int cohortId, BaseActor actor, string phone, CancellationToken ct)
    {
        if (!await db.Cohorts.ManagedBy(actor).AnyAsync(c => c.Id == cohortId, ct))
        {
            return null;
        }
        var userId = PhoneNumber.TryNormalize(phone, out var normalized)
            ? await db.Users.Where(u => u.PhoneNumber == normalized).Select(u => u.Id).FirstOrDefaultAsync(ct)
            : null;
        return userId is null ? new(EnrollOutcome.UnknownLearner) : await PlaceAsync(cohortId, userId, EnrollmentSource.Staff, ct);
    }

    private async Task<EnrollResult> PlaceAsync(int cohortId, string userId, EnrollmentSource source, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // What needs no lock is read first. Every learner taking a place in one class waits for that class's lock
        // below (the row on PostgreSQL), so it is held only for what capacity needs: the learner's place, own lock
        // and other-class check, the count, the insert and the commit — seven round trips where it was ten (README →
        // Performance, "Load").
        var cohort = await db.Cohorts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == cohortId, ct);
        var course = cohort is null
            ? null
            : await db.Courses.AsNoTracking().Where(c => c.Id == cohort.CourseId).Select(c => new { c.IsPublished, c.Category, c.Level }).FirstOrDefaultAsync(ct);
        if (cohort is null || course is null || (source == EnrollmentSource.Self && !course.IsPublished))
        {
            return new(EnrollOutcome.NotFound);
        }
        // A learner already placed hears so whatever else has changed since (the window closed, consent withdrawn);
        // the place is read again under the lock, where it decides.
        if (await PlaceOfAsync(cohortId, userId, ct) is { } placed and not EnrollmentStatus.Withdrawn)
        {
            return new(ToOutcome(placed), AlreadyThere: true);
        }
        if (await consent.HasWithdrawnAsync(userId, ct))
        {
            return new(EnrollOutcome.ConsentWithdrawn);
        }
        if (source == EnrollmentSource.Self && !cohort.IsOpenOn(BeijingTime.Today(clock)))
        {
            return new(EnrollOutcome.Closed);
        }
        var learner = await db.Users.FirstAsync(u => u.Id == userId, ct);

        var capacity = (await LockCohortAsync(cohortId, ct))!.Capacity;
        var existing = await db.Enrollments.FirstOrDefaultAsync(e => e.CohortId == cohortId && e.UserId == userId, ct);
        if (existing is { Status: not EnrollmentStatus.Withdrawn })
        {
            return new(ToOutcome(existing.Status), AlreadyThere: true);
        }
        if (source == EnrollmentSource.Self)
        {
            // The check below reads other cohorts, which the cohort lock does not hold: without this, two taps on two
            // classes of one course at the same moment would each find the other not yet saved.
            await LockLearnerAsync(userId, ct);
            if (await db.Enrollments.AnyAsync(e => e.UserId == userId && e.CohortId != cohortId
                    && e.Status != EnrollmentStatus.Withdrawn && e.Cohort!.CourseId == cohort.CourseId, ct))
            {
                return new(EnrollOutcome.InAnotherClass);
            }
        }
        var enrollment = existing ?? db.Enrollments.Add(new Enrollment { CohortId = cohortId, UserId = userId }).Entity;
        Place(enrollment, PlaceFor(capacity, await CountEnrolledAsync(cohortId, ct)), source, clock.GetUtcNow());
        if (enrollment.Status == EnrollmentStatus.Enrolled)
        {
            facts.Record(db, FactKind.Enrollment, learner, course.Category, course.Level, enrollment.EnrolledAt!.Value);
        }
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is<Enrollment>(e, nameof(Enrollment.CohortId), nameof(Enrollment.UserId)))
        {
            // The same learner pressed twice: the unique index kept the first row, which is the answer.
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            var first = await db.Enrollments.AsNoTracking().FirstAsync(e => e.CohortId == cohortId && e.UserId == userId, ct);
            return new(ToOutcome(first.Status), AlreadyThere: true);
        }
        return new(ToOutcome(enrollment.Status));
    }

    /// <summary>The learner leaves; their place goes to whoever has waited longest. False when they were not in it.</summary>
    public async Task<bool> WithdrawAsync(int cohortId, string userId, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var cohort = await LockCohortAsync(cohortId, ct);
        var enrollment = cohort is null
            ? null
            : await db.Enrollments.FirstOrDefaultAsync(e => e.CohortId == cohortId && e.UserId == userId && e.Status != EnrollmentStatus.Withdrawn, ct);
        if (enrollment is null)
        {
            return false;
        }
        var now = clock.GetUtcNow();
        enrollment.Status = EnrollmentStatus.Withdrawn;
        enrollment.WithdrawnAt = now;
        await db.SaveChangesAsync(ct);

        var free = cohort!.Capacity - await CountEnrolledAsync(cohortId, ct);
        if (free > 0)
        {
            var next = await db.Enrollments
                .Where(e => e.CohortId == cohortId && e.Status == EnrollmentStatus.Waitlisted)
                .OrderBy(e => e.WaitlistedAt).ThenBy(e => e.Id)
                .Take(free)
                .ToListAsync(ct);
            foreach (var promoted in next)
            {
                promoted.Status = EnrollmentStatus.Enrolled;
                promoted.EnrolledAt = now;
            }
            await AddEnrollmentFactsAsync(cohort.CourseId, next, ct);
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>
    /// Reads the cohort inside the caller's transaction and holds it until commit. On PostgreSQL that is a row lock;
    /// SQLite transactions begin IMMEDIATE, so one writer at a time already.
    /// </summary>
    internal async Task<Cohort?> LockCohortAsync(int cohortId, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
        {
            var locked = await db.Cohorts.FromSql($"SELECT * FROM \"Cohorts\" WHERE \"Id\" = {cohortId} FOR UPDATE").ToListAsync(ct);
            return locked.FirstOrDefault();
        }
        return await db.Cohorts.FirstOrDefaultAsync(c => c.Id == cohortId, ct);
    }

    /// <summary>
    /// Holds the learner's account row until commit, so that one learner's enrollments are decided one at a time. On
    /// PostgreSQL a row lock (read committed: the check after it sees what the other request committed); SQLite
    /// transactions already run one writer at a time.
    /// </summary>
    private async Task LockLearnerAsync(string userId, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM \"AspNetUsers\" WHERE \"Id\" = {userId} FOR UPDATE", ct);
        }
    }

    /// <summary>
    /// One anonymized enrollment fact for each learner who just got a place (not a waiting-list spot), saved with the
    /// caller's changes: the index divides completions by these.
    /// </summary>
    internal async Task AddEnrollmentFactsAsync(int courseId, IReadOnlyCollection<Enrollment> placed, CancellationToken ct)
    {
        var enrolled = placed.Where(e => e.Status == EnrollmentStatus.Enrolled).ToList();
        if (enrolled.Count == 0)
        {
            return;
        }
        var course = await db.Courses.AsNoTracking().Where(c => c.Id == courseId).Select(c => new { c.Category, c.Level }).FirstAsync(ct);
        var userIds = enrolled.Select(e => e.UserId).ToList();
        var learners = await db.Users.Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, ct);
        foreach (var enrollment in enrolled)
        {
            facts.Record(db, FactKind.Enrollment, learners[enrollment.UserId!], course.Category, course.Level,
                enrollment.EnrolledAt ?? clock.GetUtcNow());
        }
    }

    private Task<EnrollmentStatus?> PlaceOfAsync(int cohortId, string userId, CancellationToken ct) =>
        db.Enrollments.Where(e => e.CohortId == cohortId && e.UserId == userId).Select(e => (EnrollmentStatus?)e.Status).FirstOrDefaultAsync(ct);

    internal Task<int> CountEnrolledAsync(int cohortId, CancellationToken ct) =>
        db.Enrollments.CountAsync(e => e.CohortId == cohortId && e.Status == EnrollmentStatus.Enrolled, ct);

    public static EnrollmentStatus PlaceFor(int capacity, int enrolled) =>
        enrolled < capacity ? EnrollmentStatus.Enrolled : EnrollmentStatus.Waitlisted;

    internal static void Place(Enrollment enrollment, EnrollmentStatus status, EnrollmentSource source, DateTimeOffset now)
    {
        enrollment.Status = status;
        enrollment.Source = source;
        enrollment.WithdrawnAt = null;
        enrollment.EnrolledAt = status == EnrollmentStatus.Enrolled ? now : null;
        enrollment.WaitlistedAt = status == EnrollmentStatus.Waitlisted ? now : null;
    }

    private static EnrollOutcome ToOutcome(EnrollmentStatus status) =>
        status == EnrollmentStatus.Enrolled ? EnrollOutcome.Enrolled : EnrollOutcome.Waitlisted;
}
