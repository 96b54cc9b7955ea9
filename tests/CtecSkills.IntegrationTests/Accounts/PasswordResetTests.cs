using System.Net;
using CtecSkills.Core.Accounts;
using CtecSkills.Core.Audit;
using CtecSkills.Core.Seeding;
using CtecSkills.IntegrationTests.Infrastructure;
using CtecSkills.TestHost;

namespace CtecSkills.IntegrationTests.Accounts;

/// <summary>
/// 忘记密码: email accounts get a one-time link by email, and the answer never tells a stranger whether an address has an
/// account.
/// </summary>
public sealed class PasswordResetTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    [Fact]
    public async Task ForgotPassword_KnownAndUnknownEmail_GetTheSameAnswerAndOnlyTheAccountGetsMail()
    {
        var known = DemoSeeder.Bases[4].StaffEmail;
        const string unknown = "nobody.here@ctecskills.demo";
        using var browser = app.CreateBrowserClient();

        var forKnown = await CtecSkillsApp.ForgotPasswordAsync(browser, known);
        var forUnknown = await CtecSkillsApp.ForgotPasswordAsync(browser, unknown);

        Assert.Equal("/account/signin", forKnown.Path);
        Assert.Equal(forKnown.Path, forUnknown.Path);
        Assert.Equal(forKnown.Status, forUnknown.Status);
        Assert.Contains("如果这个邮箱有账号", forKnown.Text);
        Assert.Equal(forKnown.Text, forUnknown.Text);
        Assert.Single(await app.ReadMailAsync(known));
        Assert.Empty(await app.ReadMailAsync(unknown));
    }

    [Fact]
    public async Task ResetLink_UsedOnce_SetsTheNewPasswordAndThenStopsWorking()
    {
        var email = DemoSeeder.Bases[5].StaffEmail;
        using var browser = app.CreateBrowserClient();
        await CtecSkillsApp.ForgotPasswordAsync(browser, email);
        var link = await app.ReadResetLinkAsync(email);

        var done = await CtecSkillsApp.ResetWithLinkAsync(browser, link, "wanzhou-2027");
        var again = await CtecSkillsApp.ResetWithLinkAsync(browser, link, "someone-else-2027");

        Assert.Equal("/account/signin", done.Path);
        Assert.Contains("密码已重设", done.Text);
        Assert.Contains("链接已失效", again.Text);
        Assert.False(again.HasField("Password"));
        Assert.Equal(1, await app.CountAuditAsync(AuditActions.ResetPasswordByEmail, email));
        Assert.Equal(1, await app.CountAuditAsync(AuditActions.SendPasswordResetLink, email));
        using var later = app.CreateBrowserClient();
        Assert.Equal("/account/signin", (await CtecSkillsApp.SignInWithPasswordAsync(later, email, "someone-else-2027")).Path);
        Assert.Equal("/account/signin", (await CtecSkillsApp.SignInWithPasswordAsync(later, email, CtecSkillsApp.DemoPassword)).Path);
        Assert.Equal("/me", (await CtecSkillsApp.SignInWithPasswordAsync(later, email, "wanzhou-2027")).Path);
    }

    [Fact]
    public async Task ResetLink_ReplayedAgainstTheFormAfterUse_ChangesNothing()
    {
        var email = DemoSeeder.Bases[6].StaffEmail;
        using var browser = app.CreateBrowserClient();
        await CtecSkillsApp.ForgotPasswordAsync(browser, email);
        var link = await app.ReadResetLinkAsync(email);
        var form = (await CtecSkillsApp.GetPageAsync(browser, link.PathAndQuery)).Form("/account/reset");
        await CtecSkillsApp.SubmitAndFollowAsync(browser, form.Set("Password", "tongnan-2027").Set("ConfirmPassword", "tongnan-2027"));
        var hash = await app.PasswordHashOfAsync(email);

        var replay = await CtecSkillsApp.SubmitAndFollowAsync(browser, form.Set("Password", "attacker-2027").Set("ConfirmPassword", "attacker-2027"));

        Assert.Contains("链接已失效", replay.Text);
        Assert.Equal(hash, await app.PasswordHashOfAsync(email));
    }

    [Fact]
    public async Task ResetLink_WeakNewPassword_KeepsTheOldPasswordAndTheLinkStillWorks()
    {
        var email = DemoSeeder.VerifierEmail;
        using var browser = app.CreateBrowserClient();
        await CtecSkillsApp.ForgotPasswordAsync(browser, email);
        var link = await app.ReadResetLinkAsync(email);

        var weak = await CtecSkillsApp.ResetWithLinkAsync(browser, link, "abcdefgh");

        Assert.Contains("密码里要有数字", weak.Text);
        using var later = app.CreateBrowserClient();
        Assert.Equal("/me", (await CtecSkillsApp.SignInWithPasswordAsync(later, email, CtecSkillsApp.DemoPassword)).Path);
        Assert.True((await CtecSkillsApp.GetPageAsync(browser, link.PathAndQuery)).HasField("Password"));
    }

    [Fact]
    public async Task ResetLink_TamperedToken_IsRefused()
    {
        var email = DemoSeeder.AdminEmail;
        using var browser = app.CreateBrowserClient();
        await CtecSkillsApp.ForgotPasswordAsync(browser, email);
        var link = await app.ReadResetLinkAsync(email);
        var otherUser = await app.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions
            .SingleAsync(db.Users.Where(u => u.Email == DemoSeeder.AnalystEmail).Select(u => u.Id)));
        var query = System.Web.HttpUtility.ParseQueryString(link.Query);

        var forOtherAccount = await CtecSkillsApp.GetPageAsync(browser, $"/account/reset?user={otherUser}&token={Uri.EscapeDataString(query["token"]!)}");
        var garbled = await CtecSkillsApp.GetPageAsync(browser, $"/account/reset?user={query["user"]}&token=AAAA{Uri.EscapeDataString(query["token"]!)}");

        Assert.Contains("链接已失效", forOtherAccount.Text);
        Assert.Contains("链接已失效", garbled.Text);
        Assert.Equal(HttpStatusCode.OK, garbled.Status);
    }

    [Fact]
    public async Task ForgotPassword_RequestedWithAForgedHost_LinkStillPointsAtTheSite()
    {
        var email = DemoSeeder.Bases[0].StaffEmail;
        using var browser = app.CreateBrowserClient();
        var page = await CtecSkillsApp.GetPageAsync(browser, "/account/forgot");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/forgot") { Content = page.Form("/account/forgot").Set("Login", email).ToContent() };
        request.Headers.Host = "evil.example";

        using var response = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var link = await app.ReadResetLinkAsync(email);
        Assert.NotEqual("evil.example", link.Host);
    }

    [Fact]
    public async Task ForgotPassword_ManyRequestsForOneAccount_SendsAtMostThreeLinksAnHour()
    {
        var email = DemoSeeder.Bases[3].StaffEmail;
        using var browser = app.CreateBrowserClient();
        for (var i = 0; i < PasswordService.LinksPerHour + 2; i++)
        {
            var page = await CtecSkillsApp.ForgotPasswordAsync(browser, email);
            Assert.Contains("如果这个邮箱有账号", page.Text);
        }

        Assert.Equal(PasswordService.LinksPerHour, (await app.ReadMailAsync(email)).Count);
    }

    [Theory]
    [InlineData("", "请填写邮箱或手机号")]
    [InlineData("not an address", "请填写正确的邮箱或 11 位手机号")]
    [InlineData("12345", "请填写正确的邮箱或 11 位手机号")]
    public async Task ForgotPassword_NeitherEmailNorPhone_SaysSoAndSendsNothing(string login, string message)
    {
        using var browser = app.CreateBrowserClient();
        var page = await CtecSkillsApp.GetPageAsync(browser, "/account/forgot");

        var answer = await CtecSkillsApp.SubmitAndFollowAsync(browser, page.Form("/account/forgot").Set("Login", login));

        Assert.Equal("/account/forgot", answer.Path);
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Contains(message, answer.Text);
    }
}

/// <summary>The app with a low per-client limit on requests that send a message (SMS or email).</summary>
public sealed class LowMessageLimitApp : CtecSkillsApp
{
    public const int PerMinute = 2;

    protected override void AddSettings(IDictionary<string, string?> settings) =>
        settings[SettingKeys.SmsPerMinute] = Number(PerMinute);
}

public sealed class PasswordResetRateLimitTests(LowMessageLimitApp app) : IClassFixture<LowMessageLimitApp>
{
    [Fact]
    public async Task ForgotPassword_FloodFromOneClient_IsRefusedWith429AndSendsNothingMore()
    {
        using var browser = app.CreateBrowserClient();
        var form = (await CtecSkillsApp.GetPageAsync(browser, "/account/forgot")).Form("/account/forgot");
        for (var i = 0; i < LowMessageLimitApp.PerMinute; i++)
        {
            using var allowed = await CtecSkillsApp.SubmitAsync(browser, form.Set("Login", $"someone{i}@ctecskills.demo"));
            Assert.Equal(HttpStatusCode.Redirect, allowed.StatusCode);
        }

        using var refused = await CtecSkillsApp.SubmitAsync(browser, form.Set("Login", DemoSeeder.AdminEmail));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Empty(await app.ReadMailAsync(DemoSeeder.AdminEmail));
    }
}
