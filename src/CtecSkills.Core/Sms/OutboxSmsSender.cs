using CtecSkills.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CtecSkills.Core.Sms;

/// <summary>Development sender: keeps every message in the database for the admin outbox page and logs it.</summary>
public sealed partial class OutboxSmsSender(AppDbContext db, TimeProvider clock, ILogger<OutboxSmsSender> logger) : ISmsSender
{
    public async Task SendAsync(string phone, string text, CancellationToken ct)
    {
        db.SmsOutbox.Add(new SmsOutboxMessage { Phone = phone, Text = text, CreatedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(ct);
        LogStored(logger, phone, text);
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
        LogStoredMany(logger, phones.Count, text);
        return [];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SMS outbox: {Count} messages: {Text}")]
    private static partial void LogStoredMany(ILogger logger, int count, string text);

    [LoggerMessage(Level = LogLevel.Information, Message = "SMS outbox: to {Phone}: {Text}")]
    private static partial void LogStored(ILogger logger, string phone, string text);
}
