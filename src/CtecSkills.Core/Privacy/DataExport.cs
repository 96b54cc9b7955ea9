namespace CtecSkills.Core.Privacy;

public enum DataExportState
{
    /// <summary>Asked for; the job has not taken it yet (or lost it in a restart: the sweep takes it again).</summary>
    Pending,

    /// <summary>A job is building the zip; a run stuck past its lease is taken again by the sweep.</summary>
    Running,

    /// <summary>The zip is stored and can be downloaded until it expires.</summary>
    Ready,

    /// <summary>Building failed for good; the person can ask again.</summary>
    Failed,
}

/// <summary>
/// One download of everything the platform holds about a person ("我的数据"), asked for by the person or by an admin
/// on their written request. The zip is kept in the row, so any node serves it; it is deleted when it expires.
/// </summary>
public sealed class DataExport
{
    public const int ErrorLength = 500;

    public long Id { get; set; }

    /// <summary>Whose data.</summary>
    public required string UserId { get; set; }

    /// <summary>Who asked: the person themself, or the admin acting on their written request (only they may download).</summary>
    public required string RequestedByUserId { get; set; }

    /// <summary>The admin's reason (the written request); null when the person asked themself.</summary>
    public string? Reason { get; set; }

    public DataExportState State { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>Set once the export is Ready or Failed; an unfinished export is unique per person (a filtered index).</summary>
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Until when the running job owns the export; past it, the sweep builds it again.</summary>
    public DateTimeOffset? LeaseUntil { get; set; }

    /// <summary>Which job run holds the lease: only that run may store the zip.</summary>
    public Guid? ClaimedBy { get; set; }

    /// <summary>The link stops working after this; the purge then deletes the zip (and, later, the row).</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    public long? Bytes { get; set; }

    /// <summary>The finished zip; written in the same update that makes the export Ready.</summary>
    public byte[]? Zip { get; set; }

    public string? Error { get; set; }

    public bool RequestedBySelf => RequestedByUserId == UserId;
}
