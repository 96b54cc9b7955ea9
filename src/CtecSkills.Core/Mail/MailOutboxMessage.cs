namespace CtecSkills.Core.Mail;

/// <summary>An email the development sender kept instead of sending.</summary>
public sealed class MailOutboxMessage
{
    public long Id { get; set; }
    public required string To { get; set; }
    public required string Subject { get; set; }
    public required string Body { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
