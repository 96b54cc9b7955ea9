using CtecSkills.Core.Accounts;
using CtecSkills.Core.Audit;
using CtecSkills.Core.Data;
using CtecSkills.Core.Mail;
using CtecSkills.Core.Maintenance;
using CtecSkills.Core.Portfolio;
using CtecSkills.Core.Progress;
using CtecSkills.Core.Seeding;
using CtecSkills.Core.Sms;
using CtecSkills.Core.Verification;
using CtecSkills.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CtecSkills.IntegrationTests.Maintenance;

/// <summary>
/// The retention job on the real database (SQLite or PostgreSQL): each kind of record goes a minute after its period
/// and stays a minute before it; two workers running it at once both finish (docs/decisions/0023).
/// </summary>
public sealed class RetentionJobTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly RetentionOptions Defaults = new();

    // Later than anything the demo data or another test wrote, so their rows are all young; whole seconds, as both
    // databases store them exactly.
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().AddHours(1).ToUnixTimeSeconds()));

    [Fact]
    public async Task RunAsync_RowsJustOlderThanTheirPeriodGoAndRowsJustYoungerStay_ForEveryKind()
    {
        var now = _clock.GetUtcNow();
        var marker = Guid.NewGuid().ToString("N")[..8];
        var shareId = await NewShareAsync();
        var phone = app.NewPhone();
        var learner = (await app.CreateLearnersAsync(1))[0];
        await WithDbAsync(async db =>
        {
            foreach (var (age, tag) in new[] { (Minute, "old"), (-Minute, "young") })
            {
                db.KeyedSteps.Add(new KeyedStep
                {
                    UserId = learner,
                    Key = $"{marker}-{tag}-0000000000",
                    Kind = KeyedStepKind.LessonRead,
                    TargetId = 1,
                    AppliedAt = now.AddDays(-Defaults.OfflineStepKeyDays) - age,
                });
                var verified = now.AddDays(-Defaults.VerificationLogDays) - age;
                db.VerificationLogs.Add(new VerificationLog { At = verified, Channel = "page", CredentialCode = $"{marker}-{tag}" });
                db.PortfolioShareViews.Add(new PortfolioShareView { PortfolioShareId = shareId, At = now.AddDays(-Defaults.ShareViewDays) - age, ViewerOrganization = $"{marker}-{tag}" });
                var sentAt = now.AddDays(-Defaults.SentMessageDays) - age;
                db.QueueSms($"{marker}-{tag}-sent", "13800000001", "a", sentAt).State = MessageState.Sent;
                db.QueueSms($"{marker}-{tag}-failed", "13800000001", "b", sentAt).State = MessageState.Failed;
                db.SmsCodes.Add(SmsCode.Create(phone, now.AddDays(-Defaults.SignInCodeDays) - age).Entity);
                var outboxAt = now.AddDays(-Defaults.DevelopmentOutboxDays) - age;
                db.SmsOutbox.Add(new SmsOutboxMessage { Phone = "13800000001", Text = $"{marker}-{tag}", CreatedAt = outboxAt });
                db.MailOutbox.Add(new MailOutboxMessage { To = "a@example.org", Subject = $"{marker}-{tag}", Body = "b", CreatedAt = outboxAt });
                db.Audit(now.AddDays(-Defaults.AuditDetailDays) - age, "actor-" + marker, AuditActions.RevokeCredential,
                    $"credential:{marker}-{tag}", reason: $"{marker}-{tag} 学员本人申请");
            }
            // Sent long ago but still on its way: never deleted, however old.
            db.QueueSms($"{marker}-old-queued", "13800000001", "c", now.AddYears(-2));
            await db.SaveChangesAsync();
        });

        var result = await RunJobAsync();

        Assert.Equal(1, result[RetentionJob.VerificationLogs]);
        Assert.Equal(1, result[RetentionJob.ShareViews]);
        Assert.Equal(2, result[RetentionJob.SentMessages]);
        Assert.Equal(1, result[RetentionJob.SignInCodes]);
        Assert.Equal(1, result[RetentionJob.SmsOutbox]);
        Assert.Equal(1, result[RetentionJob.MailOutbox]);
        Assert.Equal(1, result[RetentionJob.AuditDetails]);
        Assert.Equal(1, result[RetentionJob.OfflineStepKeys]);
        await WithDbAsync(async db =>
        {
            Assert.Equal([$"{marker}-young"], await db.VerificationLogs.Where(l => l.CredentialCode!.StartsWith(marker)).Select(l => l.CredentialCode).ToListAsync());
            Assert.Equal([$"{marker}-young"], await db.PortfolioShareViews.Where(v => v.PortfolioShareId == shareId).Select(v => v.ViewerOrganization).ToListAsync());
            Assert.Equal([$"{marker}-old-queued", $"{marker}-young-failed", $"{marker}-young-sent"],
                await db.OutboundMessages.Where(m => m.Key.StartsWith(marker)).OrderBy(m => m.Key).Select(m => m.Key).ToListAsync());
            Assert.Equal([now.AddDays(-Defaults.SignInCodeDays) + Minute], await db.SmsCodes.Where(c => c.Phone == phone).Select(c => c.CreatedAt).ToListAsync());
            Assert.Equal([$"{marker}-young"], await db.SmsOutbox.Where(m => m.Text.StartsWith(marker)).Select(m => m.Text).ToListAsync());
            Assert.Equal([$"{marker}-young"], await db.MailOutbox.Where(m => m.Subject.StartsWith(marker)).Select(m => m.Subject).ToListAsync());
            var audit = await db.AuditLog.Where(a => a.ActorUserId == "actor-" + marker).OrderBy(a => a.Subject).ToListAsync();
            // Who, what, to which record and when stay; only the words go.
            Assert.Equal(2, audit.Count);
            Assert.Equal(($"credential:{marker}-old", AuditActions.RevokeCredential, (string?)null), (audit[0].Subject, audit[0].Action, audit[0].Reason));
            Assert.Equal(now.AddDays(-Defaults.AuditDetailDays) - Minute, audit[0].At);
            Assert.Equal($"{marker}-young 学员本人申请", audit[1].Reason);
            Assert.Equal([$"{marker}-young-0000000000"], await db.KeyedSteps.Where(k => k.UserId == learner).Select(k => k.Key).ToListAsync());
        });
    }

    [Fact]
    public async Task RunAsync_SignInCodes_GoOnlyOnceTheyNoLongerCountTowardsTheDailyLimit()
    {
        var now = _clock.GetUtcNow();
        var phone = app.NewPhone();
        await WithDbAsync(async db =>
        {
            db.SmsCodes.Add(SmsCode.Create(phone, now - SmsCodeThrottle.Window - Minute).Entity);
            db.SmsCodes.Add(SmsCode.Create(phone, now - SmsCodeThrottle.Window + Minute).Entity);
            await db.SaveChangesAsync();
        });

        // Even a setting shorter than the throttle window (below the allowed minimum) keeps the codes that count.
        await RunJobAsync(new RetentionOptions { SignInCodeDays = 0 });

        var left = await app.QueryAsync(db => db.SmsCodes.Where(c => c.Phone == phone).Select(c => c.CreatedAt).ToListAsync());
        Assert.Equal([now - SmsCodeThrottle.Window + Minute], left);
    }

    [Fact]
    public async Task RunAsync_TwoWorkersAtOnceOverMoreThanABatch_BothFinishAndEveryOldRowIsGoneOnce()
    {
        var now = _clock.GetUtcNow();
        var marker = Guid.NewGuid().ToString("N")[..8];
        var rows = RetentionJob.BatchSize * 2 + 17;
        await WithDbAsync(async db =>
        {
            db.VerificationLogs.AddRange(Enumerable.Range(0, rows).Select(i => new VerificationLog
            {
                At = now.AddDays(-Defaults.VerificationLogDays - 1).AddSeconds(-i),
                Channel = "api",
                CredentialCode = marker,
            }));
            db.Audit(now.AddDays(-Defaults.AuditDetailDays - 1), "actor-" + marker, AuditActions.RevokeCredential, "credential:" + marker, reason: "理由");
            await db.SaveChangesAsync();
        });

        var results = await Task.WhenAll(RunJobAsync(), RunJobAsync());

        Assert.Equal(rows, results.Sum(r => r[RetentionJob.VerificationLogs]));
        Assert.Equal(1, results.Sum(r => r[RetentionJob.AuditDetails]));
        Assert.Equal(0, await app.QueryAsync(db => db.VerificationLogs.CountAsync(l => l.CredentialCode == marker)));
        Assert.Equal(0, (await RunJobAsync())[RetentionJob.VerificationLogs]);
    }

    private async Task<RetentionResult> RunJobAsync(RetentionOptions? options = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var job = new RetentionJob(scope.ServiceProvider.GetRequiredService<AppDbContext>(), _clock, Options.Create(options ?? new RetentionOptions()),
            NullLogger<RetentionJob>.Instance);
        return await job.RunAsync(CancellationToken.None);
    }

    private async Task<int> NewShareAsync() => await app.QueryAsync(async db =>
    {
        var learner = await db.Users.Where(u => u.PhoneNumber == DemoSeeder.LearnerPhone(0)).Select(u => u.Id).SingleAsync();
        var share = new PortfolioShare
        {
            UserId = learner,
            TokenHash = PortfolioShareService.HashToken(Guid.NewGuid().ToString("N")),
            LifetimeDays = 7,
            CreatedAt = _clock.GetUtcNow(),
            ExpiresAt = _clock.GetUtcNow().AddDays(7),
        };
        db.PortfolioShares.Add(share);
        await db.SaveChangesAsync();
        return share.Id;
    });

    private Task<int> WithDbAsync(Func<AppDbContext, Task> work) => app.QueryAsync(async db =>
    {
        await work(db);
        return 0;
    });
}
