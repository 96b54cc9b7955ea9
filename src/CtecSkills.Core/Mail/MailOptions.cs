using System.ComponentModel.DataAnnotations;
using MimeKit;

namespace CtecSkills.Core.Mail;

/// <summary>Section <c>Mail</c>: where email goes (the development outbox, or an SMTP server).</summary>
public sealed class MailOptions : IValidatableObject
{
    public const string Section = "Mail";
    public const string OutboxSender = "Outbox";
    public const string SmtpSender = "Smtp";

    /// <summary><c>Outbox</c> (development: stored and listed for admins) or <c>Smtp</c> (a real mail server).</summary>
    public string Sender { get; set; } = OutboxSender;

    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    /// <summary>
    /// <c>StartTls</c> (port 587, the default), <c>SslOnConnect</c> (port 465) or <c>None</c> (a relay on the same
    /// machine or network only: the password and the reset links would cross the wire in clear).
    /// </summary>
    public string Security { get; set; } = "StartTls";

    /// <summary>Empty: the server takes mail without signing in (a local relay).</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>The sender address every message carries, e.g. <c>noreply@ctecskills.cn</c>.</summary>
    public string From { get; set; } = "noreply@ctecskills.cn";

    /// <summary>The name shown beside <see cref="From"/>.</summary>
    public string FromName { get; set; } = "川渝数字技能";

    public bool UsesSmtp => string.Equals(Sender, SmtpSender, StringComparison.OrdinalIgnoreCase);

    public static readonly string[] SecurityChoices = ["StartTls", "SslOnConnect", "None"];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!UsesSmtp && !string.Equals(Sender, OutboxSender, StringComparison.OrdinalIgnoreCase))
        {
            yield return new($"must be {OutboxSender} or {SmtpSender}, not '{Sender}'.", [nameof(Sender)]);
        }
        if (UsesSmtp && string.IsNullOrWhiteSpace(Host))
        {
            yield return new("is required when Mail:Sender is Smtp.", [nameof(Host)]);
        }
        if (!SecurityChoices.Contains(Security, StringComparer.OrdinalIgnoreCase))
        {
            yield return new($"must be one of {string.Join(", ", SecurityChoices)}, not '{Security}'.", [nameof(Security)]);
        }
        if (!string.IsNullOrEmpty(UserName) && string.IsNullOrEmpty(Password))
        {
            yield return new("is required when Mail:UserName is set.", [nameof(Password)]);
        }
        if (!MailboxAddress.TryParse(From, out var from) || !from.Address.Contains('@', StringComparison.Ordinal))
        {
            yield return new($"must be an email address, not '{From}'.", [nameof(From)]);
        }
    }
}
