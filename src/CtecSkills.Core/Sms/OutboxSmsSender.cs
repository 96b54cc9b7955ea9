using CtecSkills.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CtecSkills.Core.Sms;

/// <summary>
/// Development sender: keeps every message in the database for the admin outbox page. Only in Development is the text
/// logged too (a sign-in code in the console is handy there); anywhere else a log file must never hold a code.
/// </summary>
public sealed partial class OutboxSmsSender(AppDbContext db, TimeProvider clock, IHostEnvironment environment, ILogger<OutboxSmsSender> logger)
    : ISmsSender
{
    public async Task SendAsync(string phone, string text, CancellationToken ct)
    {
        var message = new SmsOutboxMessage { Phone = phone, Text = text, CreatedAt = clock.GetUtcNow() };
        db.SmsOutbox.Add(message);
        await db.SaveChangesAsync(ct);
        if (environment.IsDevelopment())
        {
            LogStored(logger, phone, text);
        }
        else
        {
            LogKept(logger, message.Id);
        }
    }

    /// <summary>
    /// A few saves for the whole batch (a 10,000-learner roster must not mean 10,000 commits), each chunk let go after
    /// its save so that the messages of a big roster are not all held in memory at once.
    /// </summary>
    public async Task<IReadOnlyList<string>> SendToManyAsync(IReadOnlyCollection<string> phones, string text, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        foreach (var chunk in phones.Chunk(1_000))
        {
            var messages = chunk.Select(phone => new SmsOutboxMessage { Phone = phone, Text = text, CreatedAt = now }).ToList();
            db.SmsOutbox.AddRange(messages);
            await db.SaveChangesAsync(ct);
            foreach (var message in messages)
            {
                db.Entry(message).State = EntityState.Detached;
            }
        }
        if (environment.IsDevelopment())
        {
            LogStoredMany(logger, phones.Count, text);
        }
        else
        {
            LogKeptMany(logger, phones.Count);
        }
        return [];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SMS outbox: {Count} messages: {Text}")]
    private static partial void LogStoredMany(ILogger logger, int count, string text);

    [LoggerMessage(Level = LogLevel.Information, Message = "SMS outbox: to {Phone}: {Text}")]
    private static partial void LogStored(ILogger logger, string phone, string text);

    [LoggerMessage(Level = LogLevel.Information, Message = "SMS outbox: {Count} messages kept (text on the admin outbox page)")]
    private static partial void LogKeptMany(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "SMS outbox: message {MessageId} kept (text on the admin outbox page)")]
    private static partial void LogKept(ILogger logger, long messageId);
}
