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

public enum KeyedStepKind
{
    LessonRead,
    QuizSubmit,
}

/// <summary>
/// A learning step sent with a key the learner's phone made (an offline queue sends a step again until it hears back):
/// one row per learner and key, written in the same transaction as the step, so the step applies once and a replay
/// answers what the first one did (docs/decisions/0027).
/// </summary>
public sealed class KeyedStep
{
    public const int KeyMinLength = 16;
    public const int KeyMaxLength = 64;

    public long Id { get; set; }
    public required string UserId { get; set; }
    public required string Key { get; set; }
    public KeyedStepKind Kind { get; set; }

    /// <summary>The lesson read, or the course whose quiz was answered.</summary>
    public int TargetId { get; set; }

    /// <summary>For a lesson: whether this step was the first read (it counted towards the course).</summary>
    public bool Counted { get; set; }

    /// <summary>For a quiz: the attempt the answers were graded as; null when no attempt was left.</summary>
    public long? QuizAttemptId { get; set; }

    public DateTimeOffset AppliedAt { get; set; }

    /// <summary>Letters, digits and dashes (a UUID from the browser), 16 to 64 of them.</summary>
    public static bool IsWellFormed(string? key) =>
        key is { Length: >= KeyMinLength and <= KeyMaxLength } && key.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
