namespace CtecSkills.Core.Sms;

/// <summary>A message the development sender kept instead of sending.</summary>
public sealed class SmsOutboxMessage
{
    public long Id { get; set; }
    public required string Phone { get; set; }
    public required string Text { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
