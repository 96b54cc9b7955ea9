using System.Net;
using CtecSkills.Core.Seeding;
using CtecSkills.IntegrationTests.Infrastructure;

namespace CtecSkills.IntegrationTests.Accounts;

/// <summary>Staff, analysts, verifiers and admins sign in with email and password; guessing locks the account.</summary>
public sealed class PasswordSignInTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    [Fact]
    public async Task SignIn_StaffWithRightPassword_LandsOnMeShowingTheirBase()
    {
        using var browser = app.CreateBrowserClient();

        var me = await CtecSkillsApp.SignInWithPasswordAsync(browser, DemoSeeder.Bases[0].StaffEmail, CtecSkillsApp.DemoPassword);

        Assert.Equal("/me", me.Path);
        Assert.Contains(DemoSeeder.Bases[0].Contact, me.Heading);
        Assert.Contains(DemoSeeder.Bases[0].Name, me.Text);
    }

    [Fact]
    public async Task SignIn_WrongPassword_StaysOnSignInWithError()
    {
        using var browser = app.CreateBrowserClient();

        var page = await CtecSkillsApp.SignInWithPasswordAsync(browser, DemoSeeder.AnalystEmail, "not-the-password");

        Assert.Equal("/account/signin", page.Path);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        using var me = await browser.GetAsync("/me");
        Assert.Equal(HttpStatusCode.Redirect, me.StatusCode);
    }

    [Fact]
    public async Task SignIn_RightPasswordAfterFiveWrongOnes_IsRefusedAsLockedOut()
    {
        var email = DemoSeeder.Bases[1].StaffEmail;
        using var browser = app.CreateBrowserClient();
        for (var i = 0; i < 5; i++)
        {
            await CtecSkillsApp.SignInWithPasswordAsync(browser, email, $"wrong-password-{i}");
        }

        var page = await CtecSkillsApp.SignInWithPasswordAsync(browser, email, CtecSkillsApp.DemoPassword);

        Assert.Equal("/account/signin", page.Path);
        Assert.Contains("账户已暂时锁定", page.Text);
        using var me = await browser.GetAsync("/me");
        Assert.Equal(HttpStatusCode.Redirect, me.StatusCode);
    }

    [Fact]
    public async Task SignIn_SentFromAProtectedPage_ReturnsToThatPage()
    {
        using var browser = app.CreateBrowserClient();
        using var challenge = await browser.GetAsync("/admin/organizations");
        var phonePage = await CtecSkillsApp.FollowAsync(browser, challenge);
        var passwordLink = phonePage.Document.QuerySelectorAll("a")
            .Select(a => a.GetAttribute("href") ?? "")
            .Single(href => href.StartsWith("/account/signin?", StringComparison.Ordinal));

        var signInPage = await CtecSkillsApp.GetPageAsync(browser, passwordLink);
        var landed = await CtecSkillsApp.SubmitAndFollowAsync(browser, signInPage.Form("/account/signin")
            .Set("Login", DemoSeeder.AdminEmail)
            .Set("Password", CtecSkillsApp.DemoPassword));

        Assert.Equal("/admin/organizations", landed.Path);
        Assert.Equal(HttpStatusCode.OK, landed.Status);
    }

    [Fact]
    public async Task SignIn_WithExternalReturnUrl_StaysOnTheSite()
    {
        using var browser = app.CreateBrowserClient();
        var page = await CtecSkillsApp.GetPageAsync(browser, "/account/signin?returnUrl=" + Uri.EscapeDataString("https://evil.example/phish"));

        using var response = await CtecSkillsApp.SubmitAsync(browser, page.Form("/account/signin")
            .Set("Login", DemoSeeder.AnalystEmail)
            .Set("Password", CtecSkillsApp.DemoPassword));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/me", response.Headers.Location?.OriginalString);
    }
}
