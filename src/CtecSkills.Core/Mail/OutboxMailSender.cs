using CtecSkills.Core.Data;

namespace CtecSkills.Core.Mail;

/// <summary>
/// Development sender: keeps every email in the database for the admin mail outbox page. Nothing is logged: a reset
/// link in a log file would be a way into the account for whoever reads the log.
/// </summary>
public sealed class OutboxMailSender(AppDbContext db, TimeProvider clock) : IMailSender
{
    public async Task SendAsync(MailMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        db.MailOutbox.Add(new MailOutboxMessage
        {
            To = message.To,
            Subject = message.Subject,
            Body = message.Body,
            CreatedAt = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(ct);
    }
}
