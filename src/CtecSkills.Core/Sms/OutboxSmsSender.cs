using CtecSkills.Core.Data;
using Microsoft.Extensions.Logging;

namespace CtecSkills.Core.Sms;

/// <summary>
/// Development sender, in the gateway's place: keeps every message it is given for the admin page "sent messages"
/// (<c>/admin/sms-outbox</c>) and logs it.
/// </summary>
public sealed partial class OutboxSmsSender(AppDbContext db, TimeProvider clock, ILogger<OutboxSmsSender> logger) : ISmsSender
{
    public async Task SendAsync(string phone, string text, string messageKey, CancellationToken ct)
    {
        var message = db.SmsOutbox.Add(new SmsOutboxMessage { Phone = phone, Text = text, CreatedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(ct);
        // The send job runs many messages through one context: let each go once stored.
        message.State = Microsoft.EntityFrameworkCore.EntityState.Detached;
        LogStored(logger, phone, text);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SMS outbox: to {Phone}: {Text}")]
    private static partial void LogStored(ILogger logger, string phone, string text);
}
