using System.Security.Cryptography;
using CtecSkills.Core.Analytics;
using CtecSkills.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CtecSkills.Core.Credentials;

public sealed record IssueRunResult(int Requests, int Issued, int Failed)
{
    public static IssueRunResult operator +(IssueRunResult a, IssueRunResult b) =>
        new(a.Requests + b.Requests, a.Issued + b.Issued, a.Failed + b.Failed);
}

/// <summary>
/// The issuing outbox: turns pending <see cref="IssuanceRequest"/>s (and bulk runs' enrollments) into signed
/// OpenBadgeCredentials, one per enrollment and achievement of the course, in batches of one transaction each.
/// Idempotent: whatever is already issued is skipped, and the unique index on (enrollment, achievement) turns a
/// racing second run into a no-op, so the job may run late, twice, concurrently or after a crash.
/// </summary>
public sealed partial class CredentialIssuer(
    AppDbContext db,
    SignedCredentialBuilder builder,
    StatusIndexAllocator statusIndexes,
    LearningFacts facts,
    CredentialReadyNotifier notifier,
    TimeProvider clock,
    ILogger<CredentialIssuer> logger)
{
    /// <summary>A request that failed this often is left for a person to look at (LastError says why).</summary>
    public const int MaxAttempts = 10;

    public const string NoAchievement = "NoAchievement";
    public const string NotCompleted = "NotCompleted";
    public const string HolderErased = "HolderErased";

    /// <summary>The base's name or the achievement's text holds characters other verifiers canonicalize differently (<see cref="CredentialLimits.IsSignable"/>).</summary>
    public const string UnsignableText = "UnsignableText";

    private const int BatchSize = 200;

    /// <summary>Issues what every pending issuance request is owed; returns counts for the log and the benchmark.</summary>
    public async Task<IssueRunResult> ProcessPendingAsync(CancellationToken ct)
    {
        var total = new IssueRunResult(0, 0, 0);
        long after = 0;
        try
        {
            while (true)
            {
                var batch = await db.IssuanceRequests.AsNoTracking()
                    .Where(r => r.ProcessedAt == null && r.Attempts < MaxAttempts && r.Id > after)
                    .OrderBy(r => r.Id)
                    .Select(r => new Work(r.EnrollmentId, r.Id))
                    .Take(BatchSize)
                    .ToListAsync(ct);
                if (batch.Count == 0)
                {
                    return total;
                }
                after = batch[^1].RequestId!.Value;
                total += await IssueWithFallbackAsync(batch, ct);
            }
        }
        finally
        {
            EndRun();
        }
    }

    /// <summary>Issues the credentials an enrollment lacks (bulk issue, or the lead's per-completion job).</summary>
    public async Task<IssueRunResult> IssueForEnrollmentsAsync(IReadOnlyList<int> enrollmentIds, CancellationToken ct)
    {
        try
        {
            var total = new IssueRunResult(0, 0, 0);
            foreach (var chunk in enrollmentIds.Chunk(BatchSize))
            {
                var requests = await db.IssuanceRequests.AsNoTracking()
                    .Where(r => chunk.Contains(r.EnrollmentId))
                    .Select(r => new { r.EnrollmentId, r.Id })
                    .ToDictionaryAsync(r => r.EnrollmentId, r => r.Id, ct);
                total += await IssueWithFallbackAsync(
                    chunk.Select(id => new Work(id, requests.TryGetValue(id, out var r) ? r : null)).ToList(), ct);
            }
            return total;
        }
        finally
        {
            EndRun();
        }
    }

    private sealed record Work(int EnrollmentId, long? RequestId);

    private async Task<IssueRunResult> IssueWithFallbackAsync(List<Work> batch, CancellationToken ct)
    {
        try
        {
            return await IssueAsync(batch, ct);
        }
        catch (DbUpdateException e) when (batch.Count > 1 && UniqueViolation.Is(e))
        {
            // Someone else issued part of this batch, or took a status index or code we drew: redo it one by one,
            // so that only the contested enrollment retries and the rest commit.
            return await IssueOneByOneAsync(batch, ct);
        }
        catch (Exception e) when (batch.Count > 1 && IsFailureOfOneRequest(e))
        {
            // One enrollment that cannot be issued must not hold back the others: one by one, it alone is recorded as failed.
            return await IssueOneByOneAsync(batch, ct);
        }
    }

    private async Task<IssueRunResult> IssueOneByOneAsync(List<Work> batch, CancellationToken ct)
    {
        var total = new IssueRunResult(0, 0, 0);
        foreach (var work in batch)
        {
            total += await IssueOneAsync(work, ct);
        }
        return total;
    }

    private async Task<IssueRunResult> IssueOneAsync(Work work, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await IssueAsync([work], ct);
            }
            catch (DbUpdateException e) when (attempt < 3 && UniqueViolation.Is(e))
            {
                LogRetry(logger, work.EnrollmentId, e.InnerException?.Message ?? e.Message);
            }
            catch (Exception e) when (IsFailureOfOneRequest(e))
            {
                // Not a race, or a race lost three times: the request keeps its error and is retried on later runs
                // until MaxAttempts, then left for a person.
                db.ChangeTracker.Clear();
                LogFailed(logger, e, work.EnrollmentId);
                if (work.RequestId is { } requestId)
                {
                    var error = e.GetType().Name + ": " + e.Message;
                    await db.IssuanceRequests.Where(r => r.Id == requestId).ExecuteUpdateAsync(s => s
                        .SetProperty(r => r.Attempts, r => r.Attempts + 1)
                        .SetProperty(r => r.LastError, error.Length > 500 ? error[..500] : error), ct);
                }
                return new IssueRunResult(work.RequestId is null ? 0 : 1, 0, 1);
            }
        }
    }

    /// <summary>What one enrollment's data can cause (a refused row, a key that will not load, a bad achievement); anything else stops the run.</summary>
    private static bool IsFailureOfOneRequest(Exception e) => e is DbUpdateException or CryptographicException or InvalidOperationException;

    /// <summary>One transaction for the whole batch: credentials, facts and the requests marked processed.</summary>
    private async Task<IssueRunResult> IssueAsync(List<Work> batch, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var enrollmentIds = batch.Select(w => w.EnrollmentId).ToList();
        var requestIds = batch.Where(w => w.RequestId is not null).Select(w => w.RequestId!.Value).ToList();

        var enrollments = await db.Enrollments.AsNoTracking()
            .Where(e => enrollmentIds.Contains(e.Id))
            .Select(e => new
            {
                e.Id,
                e.UserId,
                e.CompletedAt,
                BaseId = e.Cohort!.TrainingBaseId,
                BaseName = e.Cohort.TrainingBase!.Name,
                e.Cohort.CourseId,
                e.Cohort.Course!.Category,
                e.Cohort.Course.Level,
            })
            .ToDictionaryAsync(e => e.Id, ct);
        await builder.LoadKeysAsync(enrollments.Values.Select(e => e.BaseId), ct);
        var userIds = enrollments.Values.Select(e => e.UserId).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, ct);
        var courseIds = enrollments.Values.Select(e => e.CourseId).Distinct().ToList();
        var achievements = (await db.Achievements.AsNoTracking().Where(a => courseIds.Contains(a.CourseId)).OrderBy(a => a.Id).ToListAsync(ct))
            .ToLookup(a => a.CourseId);
        // Once per batch, not per learner: a course whose achievement text other verifiers would canonicalize differently.
        var unsignableCourses = achievements
            .Where(course => course.Any(a => !CredentialLimits.IsSignable(a.Name, a.Description, a.CriteriaNarrative)))
            .Select(course => course.Key).ToHashSet();
        var existing = (await db.IssuedCredentials.AsNoTracking()
                .Where(c => enrollmentIds.Contains(c.EnrollmentId))
                .Select(c => new { c.EnrollmentId, c.AchievementId })
                .ToListAsync(ct))
            .Select(c => (c.EnrollmentId, c.AchievementId))
            .ToHashSet();
        var requests = await db.IssuanceRequests.Where(r => requestIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);

        var now = clock.GetUtcNow();
        var validFrom = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        var issued = new List<IssuedNotice>();
        var drafts = new List<CredentialDraft>();
        foreach (var work in batch)
        {
            string? error = null;
            if (!enrollments.TryGetValue(work.EnrollmentId, out var enrollment) || enrollment.CompletedAt is null)
            {
                error = NotCompleted;
            }
            else if (!achievements[enrollment.CourseId].Any())
            {
                error = NoAchievement;
            }
            else if (enrollment.UserId is null || !users.TryGetValue(enrollment.UserId, out var user))
            {
                // The learner erased their account: nothing is issued to nobody (docs/decisions/0024).
                error = HolderErased;
            }
            else if (unsignableCourses.Contains(enrollment.CourseId) || !CredentialLimits.IsSignable(enrollment.BaseName))
            {
                // Saved before the forms refused such text, or written around them: a proof over it would fail in
                // other verifiers, so nothing is issued until staff correct it.
                error = UnsignableText;
            }
            else
            {
                foreach (var achievement in achievements[enrollment.CourseId].Where(a => !existing.Contains((enrollment.Id, a.Id))))
                {
                    var slot = await statusIndexes.AllocateAsync(enrollment.BaseId, ct);
                    var draft = await builder.DraftAsync(
                        new CredentialSubjectInput(enrollment.Id, enrollment.BaseId, enrollment.BaseName, enrollment.Category, achievement, user),
                        validFrom, slot, ct);
                    drafts.Add(draft);
                    db.IssuedCredentials.Add(draft.Credential);
                    facts.Record(db, FactKind.Credential, user, enrollment.Category, achievement.Level, now);
                    issued.Add(new IssuedNotice(user, achievement.Name, draft.Credential.CredentialId));
                }
            }
            if (work.RequestId is { } requestId && requests.TryGetValue(requestId, out var request))
            {
                request.ProcessedAt = now;
                request.Attempts++;
                request.LastError = error;
            }
        }

        builder.Sign(drafts);
        notifier.Queue(issued, now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Whatever refused the batch, the indexes we drew were not stored and may be taken by another process:
            // read the lists again next time. The exception goes on to the caller, which decides.
            db.ChangeTracker.Clear();
            statusIndexes.Forget();
            throw;
        }
        db.ChangeTracker.Clear();
        return new IssueRunResult(requests.Count, issued.Count, 0);
    }

    private void EndRun()
    {
        builder.ReleaseKeys();
        statusIndexes.Forget();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Issuing for enrollment {EnrollmentId} collided with another run; retrying: {Reason}")]
    private static partial void LogRetry(ILogger logger, int enrollmentId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Issuing for enrollment {EnrollmentId} failed")]
    private static partial void LogFailed(ILogger logger, Exception e, int enrollmentId);
}
