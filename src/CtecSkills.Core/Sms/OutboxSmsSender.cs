using CtecSkills.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CtecSkills.Core.Sms;

/// <summary>
/// Development sender, in the gateway's place: keeps every message it is given for the admin page "sent messages"
/// (<c>/admin/sms-outbox</c>). Only in Development is the text logged too (a sign-in code in the console is handy
/// there); anywhere else a log file must never hold a code.
/// </summary>
public sealed partial class OutboxSmsSender(AppDbContext db, TimeProvider clock, IHostEnvironment environment, ILogger<OutboxSmsSender> logger)
    : ISmsSender
{
    public async Task SendAsync(string phone, string text, string messageKey, CancellationToken ct)
    {
        var message = new SmsOutboxMessage { Phone = phone, Text = text, CreatedAt = clock.GetUtcNow() };
        db.SmsOutbox.Add(message);
        await db.SaveChangesAsync(ct);
        // The send job runs many messages through one context: let each go once stored.
        db.Entry(message).State = EntityState.Detached;
        if (environment.IsDevelopment())
        {
            LogStored(logger, phone, text);
        }
        else
        {
            LogKept(logger, message.Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SMS outbox: to {Phone}: {Text}")]
    private static partial void LogStored(ILogger logger, string phone, string text);

    [LoggerMessage(Level = LogLevel.Information, Message = "SMS outbox: message {MessageId} kept (text on the admin outbox page)")]
    private static partial void LogKept(ILogger logger, long messageId);
}
