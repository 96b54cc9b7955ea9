using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using CtecSkills.Core.Sms;
using CtecSkills.IntegrationTests.Infrastructure;
using CtecSkills.TestHost;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.IntegrationTests.Sms;

/// <summary>The app configured with the Http SMS sender, talking to a gateway on a real local port.</summary>
public sealed class SmsGatewayApp : CtecSkillsApp
{
    public const string Secret = "gateway-secret-for-tests";

    public FakeSmsGateway Gateway { get; } = new();

    protected override Task BeforeStartAsync() => Gateway.StartAsync();

    protected override void AddSettings(IDictionary<string, string?> settings)
    {
        settings[SettingKeys.SmsSender] = SmsOptions.HttpSender;
        settings[SettingKeys.SmsGatewayUrl] = Gateway.Url.ToString();
        settings[SettingKeys.SmsGatewaySecret] = Secret;
        // A gateway that hangs is given up on sooner, so a test of it does not wait ten seconds (the fake one hangs longer).
        settings[SettingKeys.SmsGatewayTimeoutSeconds] = "3";
    }

    protected override async Task AfterStopAsync() => await Gateway.DisposeAsync();

    /// <summary>What the gateway was sent for the phone, in order.</summary>
    public List<ReceivedSms> ReceivedFor(string phone) => [.. Gateway.Received.Where(m => m.Phone == phone)];

    /// <summary>What reached the phone (the gateway drops a repeated idempotency key).</summary>
    public List<ReceivedSms> DeliveredTo(string phone) => [.. Gateway.Delivered.Where(m => m.Phone == phone)];
}

public sealed partial class HttpSmsSenderTests(SmsGatewayApp app) : IClassFixture<SmsGatewayApp>
{
    [Fact]
    public async Task RequestCode_GatewayAccepts_PostsPhoneAndCodeWithSecretAndKeyAndTheCodeSignsUp()
    {
        const string phone = "13812349901";
        app.Gateway.Reset();
        using var browser = app.CreateBrowserClient();

        var codePage = await CtecSkillsApp.RequestSmsCodeAsync(browser, phone);
        await app.DeliverMessagesAsync();

        Assert.Equal("/account/code", codePage.Path);
        var sms = Assert.Single(app.ReceivedFor(phone));
        Assert.Equal(SmsGatewayApp.Secret, sms.Secret);
        Assert.StartsWith("sign-in-code:", sms.IdempotencyKey, StringComparison.Ordinal);
        Assert.StartsWith("application/json", sms.ContentType, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(sms.Body);
        var code = SixDigits().Match(json.RootElement.GetProperty("text").GetString() ?? "");
        Assert.True(code.Success, $"The message has no code: {sms.Body}");
        Assert.Equal(0, await app.QueryAsync(db => db.SmsOutbox.CountAsync(m => m.Phone == phone)));
        // Sent: the code is no longer in the database for anyone who copies it.
        Assert.Equal((MessageState.Sent, ""), (await app.MessagesToAsync(phone)) is [var m] ? (m.State, m.Text) : default);

        var me = await CtecSkillsApp.SubmitAndFollowAsync(browser,
            codePage.Form("/account/code").Set("Code", code.Value).Set("DisplayName", "网关用户").Check("AcceptPrivacy"));
        Assert.Equal("/me", me.Path);
    }

    [Fact]
    public async Task RequestCode_GatewayAnswers500_ShowsTheCodePageAndTheCodeArrivesOnceTheGatewayRecovers()
    {
        const string phone = "13812349902";
        app.Gateway.Reset();
        app.Gateway.Answer = HttpStatusCode.InternalServerError;
        using var browser = app.CreateBrowserClient();

        var codePage = await CtecSkillsApp.RequestSmsCodeAsync(browser, phone);
        var failed = await app.DeliverMessagesAsync();

        Assert.Equal("/account/code", codePage.Path);
        Assert.Contains("验证码已发送到 138****9902", codePage.Text);
        Assert.True(failed.Retrying >= 1);
        Assert.Empty(app.DeliveredTo(phone));

        app.Gateway.Answer = HttpStatusCode.OK;
        await app.DeliverMessagesAsync(TimeProvider.System.GetUtcNow() + MessageSendJob.FirstRetryAfter);

        var sms = Assert.Single(app.DeliveredTo(phone));
        var code = SixDigits().Match(sms.Text).Value;
        var me = await CtecSkillsApp.SubmitAndFollowAsync(browser,
            codePage.Form("/account/code").Set("Code", code).Set("DisplayName", "网关恢复").Check("AcceptPrivacy"));
        Assert.Equal("/me", me.Path);
    }

    [Fact]
    public async Task RequestCode_GatewayDownUntilTheCodeExpired_NeverSendsTheStaleCodeAndForgetsIt()
    {
        const string phone = "13812349903";
        app.Gateway.Reset();
        app.Gateway.Answer = HttpStatusCode.ServiceUnavailable;
        using var browser = app.CreateBrowserClient();
        await CtecSkillsApp.RequestSmsCodeAsync(browser, phone);
        await app.DeliverMessagesAsync();

        app.Gateway.Answer = HttpStatusCode.OK;
        await app.DeliverMessagesAsync(TimeProvider.System.GetUtcNow() + TimeSpan.FromMinutes(6));

        Assert.Empty(app.DeliveredTo(phone));
        var message = Assert.Single(await app.MessagesToAsync(phone));
        Assert.Equal((MessageState.Failed, ""), (message.State, message.Text));
    }

    [Fact]
    public async Task RequestCode_GatewayRefusesTheMessageWith400_FailsItAtOnceAndNeverAsksAgain()
    {
        string[] phones = ["13812349904", "13812349905"];
        app.Gateway.Reset();
        app.Gateway.Answer = HttpStatusCode.BadRequest;
        foreach (var phone in phones)
        {
            using var browser = app.CreateBrowserClient();
            await CtecSkillsApp.RequestSmsCodeAsync(browser, phone);
        }

        // The gateway is up and said no to each message: both are tried in the same run and given up, none retried.
        var run = await app.DeliverMessagesAsync();
        Assert.Equal((0, 0), (run.Sent, run.Retrying));
        app.Gateway.Answer = HttpStatusCode.OK;
        await app.DeliverMessagesAsync(TimeProvider.System.GetUtcNow() + MessageSendJob.LongestRetryAfter);

        foreach (var phone in phones)
        {
            Assert.Equal(400, Assert.Single(app.ReceivedFor(phone)).Status);
            Assert.Empty(app.DeliveredTo(phone));
            var message = Assert.Single(await app.MessagesToAsync(phone));
            Assert.Equal((MessageState.Failed, 1, ""), (message.State, message.Attempts, message.Text));
        }
    }

    [GeneratedRegex(@"(?<!\d)\d{6}(?!\d)")]
    private static partial Regex SixDigits();
}
