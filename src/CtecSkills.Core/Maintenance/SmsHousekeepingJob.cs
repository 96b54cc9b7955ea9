using CtecSkills.Core.Accounts;
using CtecSkills.Core.Data;
using CtecSkills.Core.Sms;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.Core.Maintenance;

public sealed record HousekeepingResult(int CodesDeleted, int OutboxMessagesDeleted, int MessagesDeleted);

/// <summary>
/// Recurring job: deletes SMS codes once they no longer count for throttling, development outbox messages after a
/// week, and sent or failed messages of the durable outbox after <see cref="MessageRetention"/> (staff read a
/// roster's invitation states in that time). All hold phone numbers, which PIPL says not to keep longer than needed.
/// Safe to run twice.
/// </summary>
public sealed class SmsHousekeepingJob(AppDbContext db, TimeProvider clock)
{
    public const string RecurringJobId = "sms-housekeeping";
    public static readonly TimeSpan OutboxRetention = TimeSpan.FromDays(7);
    public static readonly TimeSpan MessageRetention = TimeSpan.FromDays(30);

    public async Task<HousekeepingResult> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var codesBefore = now - SmsCodeThrottle.Window;
        var outboxBefore = now - OutboxRetention;
        var codes = await db.SmsCodes.Where(c => c.CreatedAt < codesBefore && c.ExpiresAt < now).ExecuteDeleteAsync(ct);
        var outbox = await db.SmsOutbox.Where(m => m.CreatedAt < outboxBefore).ExecuteDeleteAsync(ct);
        var messagesBefore = now - MessageRetention;
        var messages = await db.OutboundMessages
            .Where(m => (m.State == MessageState.Sent || m.State == MessageState.Failed) && m.CreatedAt < messagesBefore)
            .ExecuteDeleteAsync(ct);
        return new(codes, outbox, messages);
    }
}
