using CtecSkills.IntegrationTests.Infrastructure;

namespace CtecSkills.IntegrationTests.Platform;

/// <summary>A deployment that keeps sent messages 45 days and verification logs two years.</summary>
public sealed class LongerRetentionApp : CtecSkillsApp
{
    protected override void AddSettings(IDictionary<string, string?> settings)
    {
        settings["Retention:SentMessageDays"] = "45";
        settings["Retention:VerificationLogDays"] = "730";
        settings["Retention:OfflineStepKeyDays"] = "120";
    }
}

/// <summary>The privacy notice states the periods this deployment keeps data and says where each right is exercised.</summary>
public sealed class PrivacyNoticeTests(LongerRetentionApp app) : IClassFixture<LongerRetentionApp>
{
    [Fact]
    public async Task PrivacyPage_StatesTheConfiguredPeriodsAndHowToExerciseEachRight()
    {
        var home = await CtecSkillsApp.GetPageAsync(app.CreateBrowserClient(), "/");
        Assert.NotNull(home.Document.QuerySelector("a[href='/privacy']"));

        var page = await CtecSkillsApp.GetPageAsync(app.CreateBrowserClient(), "/privacy");

        Assert.Contains("发给您的短信：45 天。", page.Text, StringComparison.Ordinal);
        Assert.Contains("证书被核验的记录：730 天。", page.Text, StringComparison.Ordinal);
        Assert.Contains("防止同一步记两次）：120 天。", page.Text, StringComparison.Ordinal);
        Assert.Contains("添加到数字钱包的领取链接：15 分钟内有效", page.Text, StringComparison.Ordinal);
        Assert.Contains("在您第一次登录并点“同意”之前，您的信息只用来办好这个培训班", page.Text, StringComparison.Ordinal);
        Assert.Contains("持证人显示“—”", page.Text, StringComparison.Ordinal);
        Assert.Contains("已经计入的匿名数字会保留", page.Text, StringComparison.Ordinal);
        foreach (var right in new[] { "/me/data", "/me/profile", "/me/consent", "/me/delete" })
        {
            Assert.NotNull(page.Document.QuerySelector($"a[href='{right}']"));
        }
    }

    [Fact]
    public async Task PrivacyPage_InEnglish_IsTheSameNoticeInEnglish()
    {
        using var browser = app.CreateBrowserClient();
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");

        var page = await CtecSkillsApp.GetPageAsync(browser, "/privacy");

        Assert.Contains("Text messages sent to you: 45 days.", page.Text, StringComparison.Ordinal);
        Assert.Contains("Until you sign in and agree, your information is used only to run that class", page.Text, StringComparison.Ordinal);
    }
}
