using System.Net;
using CtecSkills.IntegrationTests.Infrastructure;

namespace CtecSkills.IntegrationTests.Accounts;

/// <summary>What a signed-up learner does with their account: resend a code, add a password, sign out.</summary>
public sealed class LearnerAccountTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    [Fact]
    public async Task Resend_RightAfterTheFirstCode_AsksToWaitAndSendsNothing()
    {
        const string phone = "13812350001";
        using var browser = app.CreateBrowserClient();
        var codePage = await CtecSkillsApp.RequestSmsCodeAsync(browser, phone);
        Assert.Contains("验证码已发送到 138****0001", codePage.Text);

        var page = await CtecSkillsApp.SubmitAndFollowAsync(browser, codePage.Form("/account/code/resend"));

        Assert.Equal("/account/code", page.Path);
        Assert.Contains("验证码刚发过，请", page.Text);
        await app.DeliverMessagesAsync();
        Assert.Equal(1, await app.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.SmsOutbox, m => m.Phone == phone)));
    }

    [Fact]
    public async Task CodePage_WithoutAPhoneFirst_RedirectsToPhonePage()
    {
        using var browser = app.CreateBrowserClient();

        using var response = await browser.GetAsync("/account/code");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/phone", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetPassword_ConfirmationDiffers_ShowsErrorAndStoresNoPassword()
    {
        const string phone = "13812350003";
        using var browser = app.CreateBrowserClient();
        await app.SignUpWithPhoneAsync(browser, phone, "刘不同");
        var passwordPage = await CtecSkillsApp.GetPageAsync(browser, "/account/password");

        var page = await CtecSkillsApp.SubmitAndFollowAsync(browser, passwordPage.Form("/account/password")
            .Set("Password", "chengdu-2026")
            .Set("ConfirmPassword", "chongqing-2026"));

        Assert.Equal("/account/password", page.Path);
        Assert.Contains("两次输入的密码不一样", page.Text);
        Assert.Null(await app.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions
            .SingleAsync(db.Users.Where(u => u.PhoneNumber == phone).Select(u => u.PasswordHash))));
    }

    [Fact]
    public async Task SignOut_SignedInLearner_EndsTheSession()
    {
        using var browser = await app.SignedInAsLearnerAsync();
        var me = await CtecSkillsApp.GetPageAsync(browser, "/me");

        using var response = await CtecSkillsApp.SubmitAsync(browser, me.Form("/account/signout"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        using var after = await browser.GetAsync("/me");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }
}
