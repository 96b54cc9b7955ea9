using CtecSkills.Core.Accounts;
using CtecSkills.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.Core.Maintenance;

public sealed record HousekeepingResult(int CodesDeleted, int OutboxMessagesDeleted);

/// <summary>
/// Recurring job: deletes SMS codes once they no longer count for throttling, and development outbox messages after
/// a week. Both hold phone numbers, which PIPL says not to keep longer than needed. Safe to run twice.
/// </summary>
public sealed class SmsHousekeepingJob(AppDbContext db, TimeProvider clock)
{
    public const string RecurringJobId = "sms-housekeeping";
    public static readonly TimeSpan OutboxRetention = TimeSpan.FromDays(7);

    public async Task<HousekeepingResult> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var codesBefore = now - SmsCodeThrottle.Window;
        var outboxBefore = now - OutboxRetention;
        var codes = await db.SmsCodes.Where(c => c.CreatedAt < codesBefore && c.ExpiresAt < now).ExecuteDeleteAsync(ct);
        var outbox = await db.SmsOutbox.Where(m => m.CreatedAt < outboxBefore).ExecuteDeleteAsync(ct);
        return new(codes, outbox);
    }
}
