using CtecSkills.Core.Sms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CtecSkills.IntegrationTests.Infrastructure;

public partial class CtecSkillsApp
{
    /// <summary>
    /// The message job as Hangfire runs it after a commit or in its minute sweep (tests have no job server), in its
    /// own scope; with <paramref name="now"/>, on a clock showing that moment (to get past a back-off or a lease).
    /// </summary>
    public async Task<MessageRunResult> DeliverMessagesAsync(DateTimeOffset? now = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var job = now is { } at
            ? ActivatorUtilities.CreateInstance<MessageSendJob>(scope.ServiceProvider, new FakeTimeProvider(at.ToUniversalTime()))
            : scope.ServiceProvider.GetRequiredService<MessageSendJob>();
        return await job.SendDueAsync(default);
    }

    /// <summary>The durable outbox's messages to the phone, oldest first.</summary>
    public Task<List<OutboundMessage>> MessagesToAsync(string phone) =>
        QueryAsync(db => db.OutboundMessages.AsNoTracking().Where(m => m.Phone == phone).OrderBy(m => m.Id).ToListAsync());
}
