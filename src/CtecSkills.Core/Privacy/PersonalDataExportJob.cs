namespace CtecSkills.Core.Privacy;

/// <summary>
/// Builds a requested export (enqueued once the request is committed) and, every minute, carries on exports whose job
/// was lost and deletes expired zips. All state is in the DataExports table: a lost or doubled run changes nothing.
/// </summary>
public sealed class PersonalDataExportJob(PersonalDataExportService exports)
{
    public const string RecurringJobId = "data-exports";

    public Task RunAsync(long exportId, CancellationToken ct) => exports.RunAsync(exportId, ct);

    public async Task SweepAsync(CancellationToken ct)
    {
        await exports.RunPendingAsync(ct);
        await exports.PurgeExpiredAsync(ct);
    }
}
