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
    }

    protected override async Task AfterStopAsync() => await Gateway.DisposeAsync();
}

public sealed partial class HttpSmsSenderTests(SmsGatewayApp app) : IClassFixture<SmsGatewayApp>
{
    [Fact]
    public async Task RequestCode_GatewayAccepts_PostsPhoneAndCodeWithSecretAndTheCodeSignsUp()
    {
        const string phone = "13812349901";
        app.Gateway.Answer = HttpStatusCode.OK;
        app.Gateway.Received.Clear();
        using var browser = app.CreateBrowserClient();

        var codePage = await CtecSkillsApp.RequestSmsCodeAsync(browser, phone);

        Assert.Equal("/account/code", codePage.Path);
        var sms = Assert.Single(app.Gateway.Received);
        Assert.Equal(SmsGatewayApp.Secret, sms.Secret);
        Assert.StartsWith("application/json", sms.ContentType, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(sms.Body);
        Assert.Equal(phone, json.RootElement.GetProperty("phone").GetString());
        var code = SixDigits().Match(json.RootElement.GetProperty("text").GetString() ?? "");
        Assert.True(code.Success, $"The message has no code: {sms.Body}");
        Assert.Equal(0, await app.QueryAsync(db => db.SmsOutbox.CountAsync(m => m.Phone == phone)));

        var me = await CtecSkillsApp.SubmitAndFollowAsync(browser,
            codePage.Form("/account/code").Set("Code", code.Value).Set("DisplayName", "网关用户").Check("AcceptPrivacy"));
        Assert.Equal("/me", me.Path);
    }

    [Fact]
    public async Task RequestCode_GatewayAnswers500_ShowsSmsFailedAndKeepsNoCode()
    {
        const string phone = "13812349902";
        app.Gateway.Answer = HttpStatusCode.InternalServerError;
        using var browser = app.CreateBrowserClient();

        var page = await CtecSkillsApp.RequestSmsCodeAsync(browser, phone);

        Assert.Equal("/account/phone", page.Path);
        Assert.Contains("短信没有发出去", page.Text);
        Assert.Contains(app.Gateway.Received, m => m.Body.Contains(phone, StringComparison.Ordinal));
        Assert.Equal(0, await app.QueryAsync(db => db.SmsCodes.CountAsync(c => c.Phone == phone)));
    }

    [GeneratedRegex(@"(?<!\d)\d{6}(?!\d)")]
    private static partial Regex SixDigits();
}
