using System.ComponentModel.DataAnnotations;

namespace CtecSkills.Core.Maintenance;

/// <summary>
/// Section <c>Retention</c>: how long records that hold or point at personal data are kept before the retention job
/// deletes them (or, for the audit log, empties their details). The privacy notice states these periods.
/// </summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Who verified which credential and with what outcome (an HR department's history).</summary>
    [Range(1, 3650)]
    public int VerificationLogDays { get; set; } = 365;

    /// <summary>When a learner's share link was opened, and by which organization.</summary>
    [Range(1, 3650)]
    public int ShareViewDays { get; set; } = 365;

    /// <summary>Texts that were sent or given up (invitations, reminders, credential notices).</summary>
    [Range(1, 3650)]
    public int SentMessageDays { get; set; } = 30;

    /// <summary>Sign-in codes, kept only as long as they count towards the per-phone limit.</summary>
    [Range(1, 3650)]
    public int SignInCodeDays { get; set; } = 1;

    /// <summary>The reason text staff wrote in an audit entry; the entry itself (who, what, when) stays.</summary>
    [Range(1, 3650)]
    public int AuditDetailDays { get; set; } = 1095;

    /// <summary>A prepared download of a person's data ("我的数据"): its link works this long, then the file is deleted.</summary>
    [Range(1, 720)]
    public int DataExportHours { get; set; } = 72;

    /// <summary>
    /// The keys of learning steps sent from a phone's offline queue (docs/decisions/0027): kept so that a step sent again
    /// counts once. A queue sends again within minutes of its first try; only a phone that went offline right after a
    /// send whose answer was lost, and stayed offline this long, could have a quiz graded twice.
    /// </summary>
    [Range(7, 3650)]
    public int OfflineStepKeyDays { get; set; } = 90;

    /// <summary>The development outboxes (SMS and mail) that stand in for the gateways.</summary>
    [Range(1, 3650)]
    public int DevelopmentOutboxDays { get; set; } = 7;
}
