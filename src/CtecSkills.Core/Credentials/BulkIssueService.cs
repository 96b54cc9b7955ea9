using CtecSkills.Core.Cohorts;
using CtecSkills.Core.Data;
using CtecSkills.Core.Organizations;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.Core.Credentials;

public sealed record BulkIssueProgress(int RunId, int CohortId, int Total, int Issued, int Failed, DateTimeOffset RequestedAt, DateTimeOffset? FinishedAt)
{
    public bool IsFinished => FinishedAt is not null;
}

/// <summary>
/// Staff issue the missing credentials of a whole cohort: only completed enrollments that lack a credential for an
/// achievement of the course. The work runs in the background and counts its progress in <see cref="BulkIssueRun"/>.
/// </summary>
public sealed class BulkIssueService(AppDbContext db, CredentialIssuer issuer, TimeProvider clock)
{
    private const int Chunk = 20;

    /// <summary>A run not finished after this long was lost (a restart); the sweep carries it on.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(2);

    /// <summary>Records a run for the cohort; null when the actor may not act for its base.</summary>
    public async Task<int?> StartAsync(int cohortId, BaseActor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var cohort = await db.Cohorts.ManagedBy(actor).AsNoTracking()
            .Where(c => c.Id == cohortId)
            .Select(c => new { c.Id })
            .FirstOrDefaultAsync(ct);
        if (cohort is null)
        {
            return null;
        }
        var run = new BulkIssueRun
        {
            CohortId = cohortId,
            RequestedByUserId = actor.UserId,
            RequestedAt = clock.GetUtcNow(),
            Total = await Eligible(cohortId).CountAsync(ct),
        };
        db.BulkIssueRuns.Add(run);
        await db.SaveChangesAsync(ct);
        return run.Id;
    }

    /// <summary>Completed enrollments of the cohort that lack a credential; null when the actor may not see the cohort.</summary>
    public async Task<int?> CountMissingForAsync(int cohortId, BaseActor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var visible = await db.Cohorts.ManagedBy(actor).AnyAsync(c => c.Id == cohortId, ct);
        return visible ? await Eligible(cohortId).CountAsync(ct) : null;
    }

    public async Task RunAsync(int runId, CancellationToken ct)
    {
        var run = await db.BulkIssueRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId, ct);
        if (run is null || run.FinishedAt is not null)
        {
            return;
        }
        var ids = await Eligible(run.CohortId).OrderBy(e => e.Id).Select(e => e.Id).ToListAsync(ct);
        foreach (var chunk in ids.Chunk(Chunk))
        {
            // The count commits with the credentials it counts: a process killed between the two would leave staff a
            // run that never reaches its total (a cluster kill test found it). EF puts a savepoint around each save
            // inside this transaction, so the issuer's one-by-one retry after a collision still works on PostgreSQL.
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var result = await issuer.IssueForEnrollmentsAsync(chunk, ct);
            var failed = result.Failed;
            var done = chunk.Length - failed;
            await db.BulkIssueRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Issued, r => r.Issued + done)
                .SetProperty(r => r.Failed, r => r.Failed + failed), ct);
            await tx.CommitAsync(ct);
        }
        var now = clock.GetUtcNow();
        await db.BulkIssueRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s.SetProperty(r => r.FinishedAt, now), ct);
    }

    /// <summary>Carries on runs whose job was lost (the queue is in memory on SQLite).</summary>
    public Task RunPendingAsync(CancellationToken ct) => RunUnfinishedAsync(clock.GetUtcNow() - StaleAfter, ct);

    /// <summary>
    /// Carries on every unfinished run at once. Only for a node whose job queue lived in its own memory (SQLite) as it
    /// starts: their jobs died with the previous process, and no other process can be running them.
    /// </summary>
    public Task RunUnfinishedAfterRestartAsync(CancellationToken ct) => RunUnfinishedAsync(DateTimeOffset.MaxValue, ct);

    private async Task RunUnfinishedAsync(DateTimeOffset requestedBefore, CancellationToken ct)
    {
        var runs = await db.BulkIssueRuns.AsNoTracking().Where(r => r.FinishedAt == null && r.RequestedAt < requestedBefore).Select(r => r.Id).ToListAsync(ct);
        foreach (var id in runs)
        {
            await RunAsync(id, ct);
        }
    }

    public Task<BulkIssueProgress?> LatestAsync(int cohortId, CancellationToken ct) =>
        db.BulkIssueRuns.AsNoTracking()
            .Where(r => r.CohortId == cohortId)
            .OrderByDescending(r => r.Id)
            .Select(r => new BulkIssueProgress(r.Id, r.CohortId, r.Total, r.Issued, r.Failed, r.RequestedAt, r.FinishedAt))
            .FirstOrDefaultAsync(ct);

    private IQueryable<Cohorts.Enrollment> Eligible(int cohortId) =>
        db.Enrollments.Where(e => e.CohortId == cohortId
            && e.CompletedAt != null
            && db.Achievements.Any(a => a.CourseId == e.Cohort!.CourseId
                && !db.IssuedCredentials.Any(c => c.EnrollmentId == e.Id && c.AchievementId == a.Id)));
}
