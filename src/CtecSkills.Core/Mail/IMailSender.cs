namespace CtecSkills.Core.Mail;

/// <summary>An email: one recipient, a subject and a plain-text body.</summary>
public sealed record MailMessage(string To, string Subject, string Body);

/// <summary>The one seam through which every email leaves the platform.</summary>
public interface IMailSender
{
    Task SendAsync(MailMessage message, CancellationToken ct);
}

public sealed class MailDeliveryException(string message, Exception? inner = null) : Exception(message, inner);
