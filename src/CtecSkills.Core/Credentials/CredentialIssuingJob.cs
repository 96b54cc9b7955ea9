using Microsoft.Extensions.Logging;

namespace CtecSkills.Core.Credentials;

/// <summary>
/// Recurring sweep (every minute) and the job the completion service may enqueue: issues what pending issuance
/// requests are owed, carries on unfinished bulk runs and republishes stale status lists. All state is in our
/// tables, so a lost, retried or doubled run leaves the same result.
/// </summary>
public sealed partial class CredentialIssuingJob(
    CredentialIssuer issuer, BulkIssueService bulk, StatusListPublisher statusLists, ILogger<CredentialIssuingJob> logger)
{
    public const string RecurringJobId = "credential-issuing";

    public async Task<IssueRunResult> RunAsync(CancellationToken ct)
    {
        var result = await issuer.ProcessPendingAsync(ct);
        await bulk.RunPendingAsync(ct);
        await statusLists.RepublishStaleAsync(ct);
        if (result.Requests > 0)
        {
            LogRun(logger, result.Requests, result.Issued, result.Failed);
        }
        return result;
    }

    /// <summary>Enqueued as a node with an in-memory job queue (SQLite) starts: the runs its previous process left.</summary>
    public Task ResumeAfterRestartAsync(CancellationToken ct) => bulk.RunUnfinishedAfterRestartAsync(ct);

    /// <summary>One bulk run, enqueued when staff ask for it.</summary>
    public Task RunBulkAsync(int runId, CancellationToken ct) => bulk.RunAsync(runId, ct);

    [LoggerMessage(Level = LogLevel.Information, Message = "Issuing: {Requests} requests, {Issued} credentials issued, {Failed} failed")]
    private static partial void LogRun(ILogger logger, int requests, int issued, int failed);
}
