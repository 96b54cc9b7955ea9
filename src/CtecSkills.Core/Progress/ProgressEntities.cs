using CtecSkills.Core.Cohorts;

namespace CtecSkills.Core.Progress;

public enum AttendanceMethod
{
    QrCode,
    Manual,
}

/// <summary>A learner was at a session; one row per enrollment and session (a unique index keeps it one).</summary>
public sealed class AttendanceRecord
{
    public long Id { get; set; }
    public int SessionId { get; set; }
    public CohortSession? Session { get; set; }
    public int EnrollmentId { get; set; }
    public Enrollment? Enrollment { get; set; }
    public AttendanceMethod Method { get; set; }
    public DateTimeOffset RecordedAt { get; set; }

    /// <summary>The staff member who marked it by hand; null for a QR check-in.</summary>
    public string? RecordedByUserId { get; set; }
}

/// <summary>
/// Staff struck a learner's check-in at a session (the learner was not in the room): the attendance is gone and the
/// learner cannot check in to that session by QR code again. One row per enrollment and session.
/// </summary>
public sealed class AttendanceStrike
{
    public long Id { get; set; }
    public int SessionId { get; set; }
    public CohortSession? Session { get; set; }
    public int EnrollmentId { get; set; }
    public Enrollment? Enrollment { get; set; }
    public DateTimeOffset StruckAt { get; set; }
    public required string StruckByUserId { get; set; }
}

public enum ReminderKind
{
    SessionTomorrow,
    Inactive,
}

/// <summary>A reminder SMS sent; unique per learner and Beijing day, so that nobody gets two in one day.</summary>
public sealed class ReminderSent
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public DateOnly Day { get; set; }
    public ReminderKind Kind { get; set; }
    public DateTimeOffset SentAt { get; set; }
}
