using System.Net;
using CtecSkills.IntegrationTests.Infrastructure;
using CtecSkills.TestHost;

namespace CtecSkills.IntegrationTests.Accounts;

/// <summary>The app with the production-like low SMS limit, so that a flood of code requests is stopped.</summary>
public sealed class LowSmsLimitApp : CtecSkillsApp
{
    public const int SmsPerMinute = 3;

    protected override void AddSettings(IDictionary<string, string?> settings) =>
        settings[SettingKeys.SmsPerMinute] = Number(SmsPerMinute);
}

public sealed class RateLimitTests(LowSmsLimitApp app) : IClassFixture<LowSmsLimitApp>
{
    [Fact]
    public async Task RequestCode_FourthPostWithinAMinute_Gets429FriendlyPage()
    {
        using var browser = app.CreateBrowserClient();
        var form = (await CtecSkillsApp.GetPageAsync(browser, "/account/phone")).Form("/account/phone");
        for (var i = 1; i <= LowSmsLimitApp.SmsPerMinute; i++)
        {
            using var allowed = await CtecSkillsApp.SubmitAsync(browser, form.Set("Phone", $"1381234800{i}"));
            Assert.Equal(HttpStatusCode.Redirect, allowed.StatusCode);
        }

        using var refused = await CtecSkillsApp.SubmitAsync(browser, form.Set("Phone", "13812348009"));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.Contains("Retry-After"));
        var page = await HtmlPage.LoadAsync(refused);
        Assert.Contains("操作太频繁", page.Heading);
        Assert.Equal(0, await app.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.OutboundMessages, m => m.Phone == "13812348009")));
    }
}
