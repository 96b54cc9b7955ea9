using CtecSkills.Core.Data;
using CtecSkills.Core.Sms;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace CtecSkills.Web.Infrastructure;

/// <summary>
/// Starts the message job as soon as a save that queued a text is committed, so that a sign-in code arrives in
/// seconds rather than at the next minute's sweep. Only a hint: if enqueuing fails, the text is safe in its table and
/// the sweep sends it (docs/decisions/0019).
/// </summary>
public sealed partial class MessageDispatchOnCommit(IServiceProvider services, ILogger<MessageDispatchOnCommit> logger) : CommitWatcher
{
    protected override IEnumerable<string> NoticesOf(EntityEntry entry) =>
        entry is { Entity: OutboundMessage, State: EntityState.Added } ? [string.Empty] : [];

    protected override void OnCommitted(IReadOnlySet<string> notices)
    {
        try
        {
            // Resolved late: the job client opens the job storage, which must not happen while the context is built.
            services.GetRequiredService<IBackgroundJobClient>()
                .Enqueue<MessageSendJob>(MessageSendJob.Queue, job => job.SendDueAsync(CancellationToken.None));
        }
#pragma warning disable CA1031 // The change is committed; whatever the job storage does, the request succeeds.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogEnqueueFailed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not start the message job; the minute sweep will send the messages")]
    private static partial void LogEnqueueFailed(ILogger logger, Exception e);
}
