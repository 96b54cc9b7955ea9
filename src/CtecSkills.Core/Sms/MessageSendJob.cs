using CtecSkills.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CtecSkills.Core.Sms;

/// <param name="Sent">Messages the sender accepted in this run.</param>
/// <param name="Retrying">Messages that failed and wait for their back-off.</param>
/// <param name="Failed">Messages given up for good (refused by the gateway, out of attempts, or expired).</param>
public sealed record MessageRunResult(int Sent, int Retrying, int Failed);

/// <summary>
/// Sends what the durable outbox holds (docs/decisions/0019). Enqueued right after a commit that queued a message and
/// run every minute as a sweep. Each message is claimed by one conditional update, so two runs at once never both
/// send it; a run that died holding one gives it back when its lease ends. A failure backs the message off
/// exponentially and ends the run: while the gateway is down, each run costs it one call, not one per message. A
/// message the gateway refuses (<see cref="SmsDeliveryException.Refused"/>) fails at once.
/// </summary>
public sealed partial class MessageSendJob(AppDbContext db, ISmsSender sender, TimeProvider clock, ILogger<MessageSendJob> logger)
{
    public const string RecurringJobId = "sms-messages";

    /// <summary>The Hangfire queue of message work, apart from the slow jobs so that a code never waits behind them.</summary>
    public const string Queue = "messages";

    public const int MaxAttempts = 10;
    public static readonly TimeSpan FirstRetryAfter = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan LongestRetryAfter = TimeSpan.FromHours(1);

    /// <summary>Longer than a batch of gateway calls at their timeout, so that a live run never loses its claim.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private const int BatchSize = 20;

    private enum Outcome
    {
        Sent,
        Retrying,
        Failed,
    }

    /// <summary>Sends every message that is due; returns what happened, for the log and the tests.</summary>
    public async Task<MessageRunResult> SendDueAsync(CancellationToken ct)
    {
        var run = Guid.NewGuid();
        int sent = 0, retrying = 0, failed = 0;
        while (true)
        {
            var claimed = await ClaimAsync(run, ct);
            if (claimed.Count == 0)
            {
                return new(sent, retrying, failed);
            }
            for (var i = 0; i < claimed.Count; i++)
            {
                switch (await SendAsync(claimed[i], run, ct))
                {
                    case Outcome.Sent:
                        sent++;
                        break;
                    case Outcome.Failed:
                        failed++;
                        break;
                    default:
                        retrying++;
                        await ReleaseAsync([.. claimed.Skip(i + 1).Select(m => m.Id)], run);
                        return new(sent, retrying, failed);
                }
            }
        }
    }

    /// <summary>The next few due messages, claimed for this run; a message another run claimed first is not among them.</summary>
    private async Task<List<OutboundMessage>> ClaimAsync(Guid run, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var due = await db.OutboundMessages.AsNoTracking()
            .Where(m => (m.State == MessageState.Queued && m.NextAttemptAt <= now) || (m.State == MessageState.Sending && m.LeaseUntil < now))
            .OrderBy(m => m.Id)
            .Select(m => m.Id)
            .Take(BatchSize)
            .ToListAsync(ct);
        if (due.Count == 0)
        {
            return [];
        }
        // The condition is checked again by the update itself: of two runs that read the same ids, PostgreSQL lets the
        // second update re-read each row after the first commits (and skip it), SQLite runs the updates one after the other.
        var leaseUntil = now + Lease;
        await db.OutboundMessages
            .Where(m => due.Contains(m.Id)
                && ((m.State == MessageState.Queued && m.NextAttemptAt <= now) || (m.State == MessageState.Sending && m.LeaseUntil < now)))
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.State, MessageState.Sending)
                .SetProperty(m => m.LeaseUntil, leaseUntil)
                .SetProperty(m => m.ClaimedBy, run)
                .SetProperty(m => m.Attempts, m => m.Attempts + 1), ct);
        return await db.OutboundMessages.AsNoTracking()
            .Where(m => due.Contains(m.Id) && m.ClaimedBy == run && m.State == MessageState.Sending)
            .OrderBy(m => m.Id)
            .ToListAsync(ct);
    }

    private async Task<Outcome> SendAsync(OutboundMessage message, Guid run, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (message.ExpiresAt <= now)
        {
            await FinishAsync(message.Id, run, MessageState.Failed, now, "Expired before it could be sent.");
            return Outcome.Failed;
        }
        try
        {
            await sender.SendAsync(message.Phone, message.Text, message.Key, ct);
        }
        catch (SmsDeliveryException e)
        {
            LogFailed(logger, message.Id, message.Attempts, e.Message);
            // A refused message fails at once and the run goes on: the gateway is up, the next message may be fine.
            if (e.Refused || message.Attempts >= MaxAttempts)
            {
                await FinishAsync(message.Id, run, MessageState.Failed, now, e.Message);
                return Outcome.Failed;
            }
            var next = now + RetryAfter(message.Attempts);
            await db.OutboundMessages
                .Where(m => m.Id == message.Id && m.ClaimedBy == run && m.State == MessageState.Sending)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.State, MessageState.Queued)
                    .SetProperty(m => m.NextAttemptAt, next)
                    .SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null)
                    .SetProperty(m => m.LastError, Truncate(e.Message)), CancellationToken.None);
            return Outcome.Retrying;
        }
        // Not cancellable: once the gateway has the message, stopping here would send it again after the lease.
        await FinishAsync(message.Id, run, MessageState.Sent, now, null);
        return Outcome.Sent;
    }

    /// <summary>Back-off after the given number of failed attempts: 30 s, 1 min, 2 min, … at most an hour.</summary>
    public static TimeSpan RetryAfter(int attempts) =>
        TimeSpan.FromTicks(Math.Min(LongestRetryAfter.Ticks, FirstRetryAfter.Ticks << Math.Clamp(attempts - 1, 0, 20)));

    private Task<int> FinishAsync(long id, Guid run, MessageState state, DateTimeOffset now, string? error) =>
        db.OutboundMessages
            .Where(m => m.Id == id && m.ClaimedBy == run && m.State == MessageState.Sending)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.State, state)
                .SetProperty(m => m.SentAt, state == MessageState.Sent ? now : (DateTimeOffset?)null)
                .SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null)
                .SetProperty(m => m.LastError, Truncate(error))
                .SetProperty(m => m.Text, m => m.Secret ? "" : m.Text), CancellationToken.None);

    /// <summary>Gives claimed messages back untried (the gateway just failed); their attempt is not counted.</summary>
    private Task ReleaseAsync(List<long> ids, Guid run) =>
        ids.Count == 0
            ? Task.CompletedTask
            : db.OutboundMessages
                .Where(m => ids.Contains(m.Id) && m.ClaimedBy == run && m.State == MessageState.Sending)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.State, MessageState.Queued)
                    .SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null)
                    .SetProperty(m => m.Attempts, m => m.Attempts - 1), CancellationToken.None);

    private static string? Truncate(string? error) => error is { Length: > 500 } ? error[..500] : error;

    [LoggerMessage(Level = LogLevel.Warning, Message = "SMS message {Id} failed on attempt {Attempt}: {Reason}")]
    private static partial void LogFailed(ILogger logger, long id, int attempt, string reason);
}
