using CtecSkills.Core.Audit;
using CtecSkills.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CtecSkills.Core.Privacy;

public enum ExportRequestResult
{
    Started,

    /// <summary>One is already being prepared for this person.</summary>
    InProgress,

    /// <summary>Asked for too often in the last day.</summary>
    TooMany,
    ReasonRequired,
    ReasonTooLong,
    NotFound,
}

public sealed record ExportRequestOutcome(ExportRequestResult Result, long? ExportId = null);

/// <summary>An export as its page lists it (no zip).</summary>
public sealed record DataExportStatus(
    long Id, DataExportState State, DateTimeOffset RequestedAt, DateTimeOffset? FinishedAt, DateTimeOffset? ExpiresAt, long? Bytes, string? Reason,
    bool IsExpired)
{
    public bool CanDownload => State == DataExportState.Ready && !IsExpired;
    public bool IsPreparing => State is DataExportState.Pending or DataExportState.Running;
}

public enum DownloadResult
{
    Ready,
    NotFound,
    NotReady,
    Expired,
}

public sealed record DataExportDownload(DownloadResult Result, byte[]? Zip = null, DateTimeOffset? RequestedAt = null);

/// <summary>
/// How long a finished export's link works: the host sets it from the retention settings
/// (<c>Retention:DataExportHours</c>), which sit above this folder.
/// </summary>
public sealed record DataExportLifetime(TimeSpan Value);

/// <summary>
/// The download of a person's data: asked for by the person ("我的数据") or by an admin on their written request,
/// built by <see cref="PersonalDataExportJob"/>, stored with its row so that any node serves it, downloadable only by
/// whoever asked, until it expires (<see cref="DataExportLifetime"/>).
/// </summary>
public sealed partial class PersonalDataExportService(
    AppDbContext db, PersonalDataExportBuilder builder, DataExportLifetime lifetime, TimeProvider clock,
    ILogger<PersonalDataExportService> logger)
{
    /// <summary>Requests one person may make in a day (self and admin together): each builds a whole zip.</summary>
    public const int MaxPerDay = 5;

    /// <summary>A job that holds an export this long without finishing died; the sweep builds it again.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

    /// <summary>An expired export's row (without its zip) stays this long, so its link says "expired" rather than "not found".</summary>
    public static readonly TimeSpan ExpiredRowKept = TimeSpan.FromDays(30);

    /// <summary>The person asks for their own data.</summary>
    public Task<ExportRequestOutcome> RequestForSelfAsync(string userId, CancellationToken ct) => RequestAsync(userId, userId, null, ct);

    /// <summary>An admin carries out a person's written request; the reason is required and goes to the audit log.</summary>
    public async Task<ExportRequestOutcome> RequestOnWrittenRequestAsync(string userId, string adminUserId, string? reason, CancellationToken ct)
    {
        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason))
        {
            return new(ExportRequestResult.ReasonRequired);
        }
        if (reason.Length > AuditEntry.ReasonLength)
        {
            return new(ExportRequestResult.ReasonTooLong);
        }
        return await RequestAsync(userId, adminUserId, reason, ct);
    }

    private async Task<ExportRequestOutcome> RequestAsync(string userId, string requestedBy, string? reason, CancellationToken ct)
    {
        if (!await db.Users.AnyAsync(u => u.Id == userId, ct))
        {
            return new(ExportRequestResult.NotFound);
        }
        var now = clock.GetUtcNow();
        if (await db.DataExports.AnyAsync(x => x.UserId == userId && x.FinishedAt == null, ct))
        {
            return new(ExportRequestResult.InProgress);
        }
        var since = now.AddDays(-1);
        if (await db.DataExports.CountAsync(x => x.UserId == userId && x.RequestedAt > since, ct) >= MaxPerDay)
        {
            return new(ExportRequestResult.TooMany);
        }
        var export = new DataExport
        {
            UserId = userId,
            RequestedByUserId = requestedBy,
            Reason = reason,
            State = DataExportState.Pending,
            RequestedAt = now,
        };
        db.DataExports.Add(export);
        if (requestedBy != userId)
        {
            db.Audit(now, requestedBy, AuditActions.ExportPersonalData, AuditActions.UserSubject(userId), reason: reason);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is<DataExport>(e, nameof(DataExport.UserId)))
        {
            // Two taps at once: the other one is being prepared.
            db.ChangeTracker.Clear();
            return new(ExportRequestResult.InProgress);
        }
        return new(ExportRequestResult.Started, export.Id);
    }

    /// <summary>The exports of the person that this requester asked for, newest first.</summary>
    public async Task<List<DataExportStatus>> ListAsync(string userId, string requestedBy, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return await db.DataExports.AsNoTracking()
            .Where(x => x.UserId == userId && x.RequestedByUserId == requestedBy)
            .OrderByDescending(x => x.Id)
            .Take(10)
            .Select(x => new DataExportStatus(x.Id, x.State, x.RequestedAt, x.FinishedAt, x.ExpiresAt, x.Bytes, x.Reason,
                x.ExpiresAt != null && x.ExpiresAt <= now))
            .ToListAsync(ct);
    }

    /// <summary>The zip, for whoever asked for it; anyone else gets <see cref="DownloadResult.NotFound"/>.</summary>
    public async Task<DataExportDownload> DownloadAsync(long exportId, string userId, string requestedBy, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var export = await db.DataExports.AsNoTracking()
            .Where(x => x.Id == exportId && x.UserId == userId && x.RequestedByUserId == requestedBy)
            .Select(x => new { x.State, x.ExpiresAt, x.RequestedAt })
            .FirstOrDefaultAsync(ct);
        if (export is null)
        {
            return new(DownloadResult.NotFound);
        }
        if (export.ExpiresAt is { } expires && expires <= now)
        {
            return new(DownloadResult.Expired);
        }
        if (export.State != DataExportState.Ready)
        {
            return new(DownloadResult.NotReady);
        }
        // The zip is read only now, and only for the one export asked for (it may be megabytes).
        var zip = await db.DataExports.AsNoTracking().Where(x => x.Id == exportId).Select(x => x.Zip).FirstOrDefaultAsync(ct);
        return zip is null ? new(DownloadResult.Expired) : new(DownloadResult.Ready, zip, export.RequestedAt);
    }

    /// <summary>
    /// Builds one export. The zip and the Ready state are written in one update, by the run holding the lease, so a
    /// run killed half way leaves the export Running (taken again after <see cref="Lease"/>), never Ready without a zip.
    /// </summary>
    public async Task RunAsync(long exportId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var claim = Guid.NewGuid();
        var lease = now + Lease;
        var claimed = await db.DataExports
            .Where(x => x.Id == exportId && x.FinishedAt == null
                && (x.State == DataExportState.Pending || (x.State == DataExportState.Running && x.LeaseUntil < now)))
            .ExecuteUpdateAsync(s => s
                .SetProperty(x => x.State, DataExportState.Running)
                .SetProperty(x => x.StartedAt, now)
                .SetProperty(x => x.LeaseUntil, lease)
                .SetProperty(x => x.ClaimedBy, claim), ct);
        if (claimed == 0)
        {
            return;
        }
        var userId = await db.DataExports.AsNoTracking().Where(x => x.Id == exportId).Select(x => x.UserId).SingleAsync(ct);
        byte[]? zip;
        string? error = null;
        try
        {
            zip = await builder.BuildAsync(userId, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(logger, exportId, e);
            zip = null;
            error = e.GetType().Name;
        }
        var finished = clock.GetUtcNow();
        var expires = finished + lifetime.Value;
        var state = zip is null ? DataExportState.Failed : DataExportState.Ready;
        long? bytes = zip?.LongLength;
        await db.DataExports.Where(x => x.Id == exportId && x.ClaimedBy == claim && x.FinishedAt == null)
            .ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Zip, zip)
                .SetProperty(x => x.Bytes, bytes)
                .SetProperty(x => x.State, state)
                .SetProperty(x => x.Error, error ?? (zip is null ? "account not found" : null))
                .SetProperty(x => x.FinishedAt, finished)
                .SetProperty(x => x.ExpiresAt, expires)
                .SetProperty(x => x.LeaseUntil, (DateTimeOffset?)null), ct);
    }

    /// <summary>Builds exports whose job was lost: never taken (the queue is in memory on SQLite) or taken by a run that died.</summary>
    public async Task RunPendingAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var lost = now - TimeSpan.FromMinutes(1);
        var ids = await db.DataExports.AsNoTracking()
            .Where(x => x.FinishedAt == null
                && ((x.State == DataExportState.Pending && x.RequestedAt < lost) || (x.State == DataExportState.Running && x.LeaseUntil < now)))
            .OrderBy(x => x.Id)
            .Select(x => x.Id)
            .ToListAsync(ct);
        foreach (var id in ids)
        {
            await RunAsync(id, ct);
        }
    }

    /// <summary>
    /// Deletes the zip of every export past its expiry, and the rows themselves <see cref="ExpiredRowKept"/> later;
    /// returns how many zips were deleted.
    /// </summary>
    public async Task<int> PurgeExpiredAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var forgotten = now - ExpiredRowKept;
        await db.DataExports.Where(x => x.ExpiresAt != null && x.ExpiresAt <= forgotten).ExecuteDeleteAsync(ct);
        return await db.DataExports.Where(x => x.ExpiresAt != null && x.ExpiresAt <= now && x.Zip != null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Zip, (byte[]?)null), ct);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Building data export {ExportId} failed")]
    private static partial void LogFailed(ILogger logger, long exportId, Exception e);
}
