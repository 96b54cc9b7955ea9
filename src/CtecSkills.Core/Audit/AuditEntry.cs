namespace CtecSkills.Core.Audit;

/// <summary>Who did what to which record, and why: manual completions, revocations and other decisions staff answer for.</summary>
public sealed class AuditEntry
{
    /// <summary>Longest reason a person may give (a sentence or two, not a document).</summary>
    public const int ReasonLength = 500;

    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public required string ActorUserId { get; set; }
    public required string Action { get; set; }
    public required string Subject { get; set; }
    public int? TrainingBaseId { get; set; }
    public string? Reason { get; set; }
}
