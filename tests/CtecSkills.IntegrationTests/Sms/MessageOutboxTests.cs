using System.Text;
using CtecSkills.Core.Seeding;
using CtecSkills.Core.Sms;
using CtecSkills.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CtecSkills.IntegrationTests.Sms;

/// <summary>
/// The durable outbox against a gateway on a real local port that fails, hangs, is raced and is left mid-send:
/// every text arrives, once, and the request that caused it never notices (docs/decisions/0019).
/// </summary>
public sealed class MessageOutboxTests(SmsGatewayApp app) : IClassFixture<SmsGatewayApp>
{
    private static readonly DemoBase Chengdu = DemoSeeder.Bases[0];

    [Fact]
    public async Task ImportRoster_GatewayHangsThenFailsThenRecovers_ImportSucceedsAndEveryInvitationArrivesExactlyOnce()
    {
        var cohort = await app.CreateCohortAsync(Chengdu, capacity: 30, name: "网关故障班");
        using var staff = await app.SignedInAsStaffAsync(Chengdu.StaffEmail);
        var phones = Enumerable.Range(0, 5).Select(_ => app.NewPhone()).ToList();
        app.Gateway.Reset();
        app.Gateway.HangNext = 1;
        app.Gateway.FailNext = 3;

        var page = await CtecSkillsApp.ImportRosterAsync(staff, cohort, CtecSkillsApp.RosterCsv(new UTF8Encoding(false),
            [.. phones.Select((p, i) => $"学员{i},{p},女,1985,510100,乡村,农村妇女")]));

        Assert.Contains("新邀请 5 名学员", page.Text);
        Assert.Equal(5, Count(page.Text, "邀请短信：排队待发"));
        var at = TimeProvider.System.GetUtcNow();
        for (var run = 0; run < 12 && (await PendingAsync(phones)) > 0; run++)
        {
            await app.DeliverMessagesAsync(at);
            at += MessageSendJob.LongestRetryAfter;
        }
        foreach (var phone in phones)
        {
            Assert.Contains(Chengdu.Name, Assert.Single(app.DeliveredTo(phone)).Text);
            // Sent once: the failed calls were retried, the accepted one never repeated.
            Assert.Single(app.ReceivedFor(phone), m => m.Status == 200);
        }
        Assert.Contains(app.Gateway.Received, m => m.Status == 0);
        Assert.Contains(app.Gateway.Received, m => m.Status == 503);
        var after = await CtecSkillsApp.GetPageAsync(staff, $"/cohorts/{cohort}");
        Assert.Equal(5, Count(after.Text, "邀请短信：已发送"));
        Assert.DoesNotContain("排队待发", after.Text);
    }

    [Fact]
    public async Task ImportRoster_GatewayNeverAccepts_StaffSeeTheInvitationFailedAfterTheLastAttempt()
    {
        var cohort = await app.CreateCohortAsync(Chengdu, capacity: 30, name: "网关停用班");
        using var staff = await app.SignedInAsStaffAsync(Chengdu.StaffEmail);
        var phone = app.NewPhone();
        app.Gateway.Reset();
        app.Gateway.Answer = System.Net.HttpStatusCode.BadGateway;

        await CtecSkillsApp.ImportRosterAsync(staff, cohort, CtecSkillsApp.RosterCsv(new UTF8Encoding(false), $"王秀兰,{phone},女,1982,510100,乡村,农村妇女"));
        // While the gateway is down each run makes one call and stops, so other queued messages take turns.
        var at = TimeProvider.System.GetUtcNow();
        for (var run = 0; run < 100 && (await app.MessagesToAsync(phone))[0].State != MessageState.Failed; run++)
        {
            await app.DeliverMessagesAsync(at);
            at += MessageSendJob.LongestRetryAfter;
        }

        Assert.Equal(MessageSendJob.MaxAttempts, app.ReceivedFor(phone).Count);
        var message = Assert.Single(await app.MessagesToAsync(phone));
        Assert.Equal((MessageState.Failed, MessageSendJob.MaxAttempts), (message.State, message.Attempts));
        var roster = await CtecSkillsApp.GetPageAsync(staff, $"/cohorts/{cohort}");
        Assert.Contains("邀请短信：发送失败", roster.Text);
        app.Gateway.Reset();
    }

    [Fact]
    public async Task SendDueAsync_FourWorkersAtOnce_SendEachMessageExactlyOnce()
    {
        var phones = Enumerable.Range(0, 40).Select(_ => app.NewPhone()).ToList();
        var now = TimeProvider.System.GetUtcNow();
        await app.QueryAsync(db =>
        {
            foreach (var phone in phones)
            {
                db.QueueSms("race:" + phone, phone, "并发测试", now);
            }
            return db.SaveChangesAsync();
        });
        app.Gateway.Reset();
        app.Gateway.Delay = TimeSpan.FromMilliseconds(10);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            return await app.DeliverMessagesAsync();
        })).ToList();

        start.SetResult();
        var results = await Task.WhenAll(workers);

        foreach (var phone in phones)
        {
            // Not merely deduplicated by the gateway: no second request was made at all.
            Assert.Single(app.ReceivedFor(phone));
        }
        Assert.True(results.Sum(r => r.Sent) >= phones.Count);
        Assert.Equal(phones.Count, await app.QueryAsync(db => db.OutboundMessages.CountAsync(m => phones.Contains(m.Phone) && m.State == MessageState.Sent && m.Attempts == 1)));
    }

    [Fact]
    public async Task SendDueAsync_WorkerDiedAfterTheGatewayAccepted_ResendsUnderTheSameKeySoThePhoneGetsItOnce()
    {
        var phone = app.NewPhone();
        var key = "crash:" + phone;
        var now = TimeProvider.System.GetUtcNow();
        app.Gateway.Reset();
        await app.QueryAsync(db =>
        {
            db.QueueSms(key, phone, "崩溃测试", now);
            return db.SaveChangesAsync();
        });
        // A worker claimed the message, handed it to the gateway and died before it could mark it sent.
        await app.QueryAsync(db => db.OutboundMessages.Where(m => m.Key == key).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.State, MessageState.Sending)
            .SetProperty(m => m.LeaseUntil, now + MessageSendJob.Lease)
            .SetProperty(m => m.ClaimedBy, Guid.NewGuid())
            .SetProperty(m => m.Attempts, 1)));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ISmsSender>().SendAsync(phone, "崩溃测试", key, default);
        }

        await app.DeliverMessagesAsync(now + TimeSpan.FromMinutes(1));
        Assert.Single(app.ReceivedFor(phone));
        await app.DeliverMessagesAsync(now + MessageSendJob.Lease + TimeSpan.FromSeconds(1));

        // At least once towards the gateway, exactly once to the phone: the copy carried the same idempotency key.
        var received = app.ReceivedFor(phone);
        Assert.Equal(2, received.Count);
        Assert.All(received, m => Assert.Equal(key, m.IdempotencyKey));
        Assert.Single(app.DeliveredTo(phone));
        var message = Assert.Single(await app.MessagesToAsync(phone));
        Assert.Equal((MessageState.Sent, 2), (message.State, message.Attempts));
    }

    private Task<int> PendingAsync(List<string> phones) =>
        app.QueryAsync(db => db.OutboundMessages.CountAsync(m => phones.Contains(m.Phone) && m.State != MessageState.Sent));

    private static int Count(string text, string part) =>
        (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
