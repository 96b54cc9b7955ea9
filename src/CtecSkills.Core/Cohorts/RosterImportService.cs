using CtecSkills.Core.Accounts;
using CtecSkills.Core.Analytics;
using CtecSkills.Core.Data;
using CtecSkills.Core.Organizations;
using CtecSkills.Core.Regions;
using CtecSkills.Core.Sms;
using CtecSkills.Core.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CtecSkills.Core.Cohorts;

/// <param name="NewLearners">Accounts created from this file; each has an invitation queued.</param>
/// <param name="ExistingLearners">Rows matched by phone to someone already registered.</param>
/// <param name="Waitlisted">Rows newly placed on the waiting list because the cohort was full.</param>
/// <param name="AlreadyInCohort">Rows whose learner was in the cohort before: left as they were.</param>
public sealed record RosterImportResult(IReadOnlyList<RosterError> Errors, int NewLearners, int ExistingLearners, int Waitlisted, int AlreadyInCohort)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>Brings a roster CSV from Excel into a cohort: all rows or none, learners matched by phone.</summary>
public sealed class RosterImportService(
    AppDbContext db,
    EnrollmentService enrollments,
    ConsentService consent,
    LearningFacts facts,
    TimeProvider clock,
    IOptions<SmsOptions> options,
    IStringLocalizer<RosterImportService> text)
{
    /// <summary>Rows saved per round trip; the change tracker is emptied after each.</summary>
    internal const int BatchSize = 500;

    /// <summary>
    /// Imports a roster into a cohort. Null when the cohort is not the actor's. With any bad row nothing is stored
    /// and every error is returned, because staff fix the file and upload it again: a half import would leave them
    /// guessing which rows got in. Each new learner's invitation is queued in the same transaction and sent by the
    /// message job, so a slow or failing gateway neither fails the import nor loses an invitation. Uploading the same
    /// file twice changes nothing and queues nothing.
    /// </summary>
    public async Task<RosterImportResult?> ImportAsync(int cohortId, BaseActor actor, Stream csv, CancellationToken ct)
    {
        var cohort = await db.Cohorts.ManagedBy(actor).AsNoTracking()
            .Where(c => c.Id == cohortId)
            .Select(c => new { CourseTitle = c.Course!.Title, BaseName = c.TrainingBase!.Name, c.Course.Category, c.Course.Level })
            .FirstOrDefaultAsync(ct);
        if (cohort is null)
        {
            return null;
        }

        var content = await CsvTextDecoder.ReadAllTextAsync(csv, ct);
        var known = (await db.Localities.Select(l => l.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var parsed = RosterCsvParser.Parse(content, known, BeijingTime.Today(clock).Year);
        if (!parsed.Succeeded)
        {
            return new(parsed.Errors, 0, 0, 0, 0);
        }
        var withdrawn = await WithdrawnRowsAsync(parsed.Rows, ct);
        if (withdrawn.Count > 0)
        {
            return new(withdrawn, 0, 0, 0, 0);
        }

        var now = clock.GetUtcNow();
        var invitation = text["Invitation", options.Value.Signature, cohort.BaseName, cohort.CourseTitle, options.Value.SignInUrl].Value;
        int invited = 0, existing = 0, waitlisted = 0, already = 0;
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            var capacity = (await enrollments.LockCohortAsync(cohortId, ct))!.Capacity;
            var inCohort = await db.Enrollments.Where(e => e.CohortId == cohortId).Select(e => e.UserId).ToHashSetAsync(ct);
            var enrolled = await enrollments.CountEnrolledAsync(cohortId, ct);
            var learnerRole = await db.Roles.Where(r => r.Name == Roles.Learner).Select(r => r.Id).SingleAsync(ct);

            // Saved in batches inside the one transaction, the change tracker emptied after each: a 10,000-row roster
            // tracked as one change set holds some 30,000 entities with their snapshots at once. A failing batch
            // still rolls back every batch before it.
            var autoDetect = db.ChangeTracker.AutoDetectChangesEnabled;
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            try
            {
                foreach (var batch in parsed.Rows.Chunk(BatchSize))
                {
                    var phones = batch.Select(r => r.Phone).ToList();
                    var users = await db.Users.Where(u => u.PhoneNumber != null && phones.Contains(u.PhoneNumber)).ToDictionaryAsync(u => u.PhoneNumber!, ct);
                    foreach (var row in batch)
                    {
                        if (users.TryGetValue(row.Phone, out var user))
                        {
                            existing++;
                            FillEmptyProfile(user, row);
                        }
                        else
                        {
                            user = NewLearner(row, cohortId, now);
                            db.Users.Add(user);
                            db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = learnerRole });
                            db.QueueSms(MessageOutbox.InvitationKey(cohortId, user.Id), row.Phone, invitation, now);
                            invited++;
                        }
                        // Someone already in the cohort, also one who withdrew, stays as they are: a re-upload changes nothing.
                        if (!inCohort.Add(user.Id))
                        {
                            already++;
                            continue;
                        }
                        var enrollment = db.Enrollments.Add(new Enrollment { CohortId = cohortId, UserId = user.Id }).Entity;
                        var status = EnrollmentService.PlaceFor(capacity, enrolled);
                        EnrollmentService.Place(enrollment, status, EnrollmentSource.Roster, now);
                        if (status == EnrollmentStatus.Enrolled)
                        {
                            enrolled++;
                            facts.Record(db, FactKind.Enrollment, user, cohort.Category, cohort.Level, now);
                        }
                        else
                        {
                            waitlisted++;
                        }
                    }
                    // Profiles of existing learners were filled in place; with automatic detection off, say so.
                    db.ChangeTracker.DetectChanges();
                    await db.SaveChangesAsync(ct);
                    db.ChangeTracker.Clear();
                }
            }
            finally
            {
                db.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
            }
            await tx.CommitAsync(ct);
        }
        return new([], invited, existing, waitlisted, already);
    }

    // Someone who withdrew consent takes no new places; staff are told which rows, and the file is refused whole like
    // any other bad row, so nothing of theirs is stored from it.
    private async Task<List<RosterError>> WithdrawnRowsAsync(IReadOnlyList<RosterRow> rows, CancellationToken ct)
    {
        var errors = new List<RosterError>();
        foreach (var batch in rows.Chunk(BatchSize))
        {
            var phones = await consent.WithdrawnPhonesAsync(batch.Select(r => r.Phone).ToList(), ct);
            errors.AddRange(batch.Where(r => phones.Contains(r.Phone)).Select(r => new RosterError(r.Line, RosterProblem.ConsentWithdrawn, r.Name)));
        }
        return errors;
    }

    private static AppUser NewLearner(RosterRow row, int cohortId, DateTimeOffset now) => new()
    {
        UserName = row.Phone,
        NormalizedUserName = row.Phone,
        PhoneNumber = row.Phone,
        DisplayName = row.Name,
        CreatedAt = now,
        SecurityStamp = Guid.NewGuid().ToString("N"),
        ConcurrencyStamp = Guid.NewGuid().ToString(),
        LockoutEnabled = true,
        Gender = row.Gender,
        BirthYear = row.BirthYear,
        LocalityCode = row.LocalityCode,
        Area = row.Area,
        LearnerGroup = row.Group,
        CreatedByRosterOfCohortId = cohortId,
    };

    // What the learner told us themselves wins; the roster only fills gaps.
    private static void FillEmptyProfile(AppUser user, RosterRow row)
    {
        user.Gender ??= row.Gender;
        user.BirthYear ??= row.BirthYear;
        user.LocalityCode ??= row.LocalityCode;
        user.Area ??= row.Area;
        user.LearnerGroup ??= row.Group;
    }
}
