using System.Linq.Expressions;
using CtecSkills.Core.Accounts;
using CtecSkills.Core.Data;
using CtecSkills.Core.Sms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CtecSkills.Core.Maintenance;

/// <summary>What one run removed, by kind (<see cref="RetentionJob"/>'s constants); a kind with nothing to do counts 0.</summary>
public sealed record RetentionResult(IReadOnlyDictionary<string, int> Counts)
{
    public int this[string kind] => Counts.GetValueOrDefault(kind);
}

/// <summary>
/// Recurring job (daily): deletes what holds or points at personal data once its period in <see cref="RetentionOptions"/>
/// has passed (docs/decisions/0023), and empties the free text of old audit entries while keeping who did what and when.
/// Works in batches of <see cref="BatchSize"/> rows, each its own short statement, so a year of logs never holds a long
/// lock; every statement is conditional, so two runs at once (or twice in a row) only find less to do.
/// </summary>
public sealed partial class RetentionJob(
    AppDbContext db, TimeProvider clock, IOptions<RetentionOptions> options, ILogger<RetentionJob> logger)
{
    public const string RecurringJobId = "retention";
    public const int BatchSize = 1000;

    public const string VerificationLogs = "verification-logs";
    public const string ShareViews = "share-views";
    public const string SentMessages = "sent-messages";
    public const string SignInCodes = "sign-in-codes";
    public const string SmsOutbox = "sms-outbox";
    public const string MailOutbox = "mail-outbox";
    public const string AuditDetails = "audit-details";
    public const string OfflineStepKeys = "offline-step-keys";
    public const string WalletOffers = "wallet-offers";

    public async Task<RetentionResult> RunAsync(CancellationToken ct)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var verifiedBefore = now.AddDays(-settings.VerificationLogDays);
        var viewedBefore = now.AddDays(-settings.ShareViewDays);
        var messagesBefore = now.AddDays(-settings.SentMessageDays);
        // A code counts towards the per-phone limit for the throttle window, whatever the setting says.
        var codesBefore = now - Max(TimeSpan.FromDays(settings.SignInCodeDays), SmsCodeThrottle.Window);
        var outboxBefore = now.AddDays(-settings.DevelopmentOutboxDays);
        var auditBefore = now.AddDays(-settings.AuditDetailDays);
        var stepKeysBefore = now.AddDays(-settings.OfflineStepKeyDays);

        // One line per kind. Prepared data downloads are not here: their own minute sweep deletes them when they expire.
        (string Kind, Func<Task<int>> Run)[] steps =
        [
            (VerificationLogs, () => DeleteAsync(db.VerificationLogs.Where(l => l.At < verifiedBefore), l => l.Id, ct)),
            (ShareViews, () => DeleteAsync(db.PortfolioShareViews.Where(v => v.At < viewedBefore), v => v.Id, ct)),
            // A message still on its way is kept however old: it has not been sent yet.
            (SentMessages, () => DeleteAsync(db.OutboundMessages.Where(m =>
                (m.State == MessageState.Sent || m.State == MessageState.Failed) && m.CreatedAt < messagesBefore), m => m.Id, ct)),
            (SignInCodes, () => DeleteAsync(db.SmsCodes.Where(c => c.CreatedAt < codesBefore && c.ExpiresAt < now), c => c.Id, ct)),
            (SmsOutbox, () => DeleteAsync(db.SmsOutbox.Where(m => m.CreatedAt < outboxBefore), m => m.Id, ct)),
            (MailOutbox, () => DeleteAsync(db.MailOutbox.Where(m => m.CreatedAt < outboxBefore), m => m.Id, ct)),
            (AuditDetails, () => EmptyAuditDetailsAsync(auditBefore, ct)),
            (OfflineStepKeys, () => DeleteAsync(db.KeyedSteps.Where(k => k.AppliedAt < stepKeysBefore), k => k.Id, ct)),
            // An expired offer opens nothing any more (a cancelled one expires too): nothing to keep it for.
            (WalletOffers, () => DeleteAsync(db.WalletOffers.Where(o => o.ExpiresAt < now), o => o.Id, ct)),
        ];

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (kind, run) in steps)
        {
            counts[kind] = await run();
            LogRemoved(kind, counts[kind]);
        }
        return new RetentionResult(counts);
    }

    private static async Task<int> DeleteAsync<T>(IQueryable<T> expired, Expression<Func<T, long>> id, CancellationToken ct)
    {
        var total = 0;
        // Until a batch finds nothing: another run deleting the same rows at once can make a batch come back short.
        for (int deleted; (deleted = await expired.OrderBy(id).Take(BatchSize).ExecuteDeleteAsync(ct)) > 0;)
        {
            total += deleted;
        }
        return total;
    }

    private async Task<int> EmptyAuditDetailsAsync(DateTimeOffset before, CancellationToken ct)
    {
        var total = 0;
        for (int emptied; (emptied = await db.AuditLog.Where(a => a.At < before && a.Reason != null).OrderBy(a => a.Id).Take(BatchSize)
                 .ExecuteUpdateAsync(s => s.SetProperty(a => a.Reason, (string?)null), ct)) > 0;)
        {
            total += emptied;
        }
        return total;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: {Kind} {Count} removed")]
    private partial void LogRemoved(string kind, int count);
}
