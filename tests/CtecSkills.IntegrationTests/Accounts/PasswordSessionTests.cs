using System.Net;
using CtecSkills.Core.Accounts;
using CtecSkills.Core.Audit;
using CtecSkills.Core.Seeding;
using CtecSkills.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CtecSkills.IntegrationTests.Accounts;

/// <summary>The app on a clock the test moves: sessions are re-checked, links expire and SMS resends wait for real.</summary>
public sealed class ClockedApp : CtecSkillsApp
{
    public FakeTimeProvider Clock { get; } = new(TimeProvider.System.GetUtcNow());

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}

/// <summary>
/// A password change or reset signs out every other session of the account, links expire, and learners set and reset
/// their password with SMS codes sent to their own phone.
/// </summary>
public sealed class PasswordSessionTests(ClockedApp app) : IClassFixture<ClockedApp>
{
    // Longer than the security stamp check interval (one minute) and the SMS resend wait.
    private static readonly TimeSpan AFewMinutes = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task ChangePassword_InSessionA_SignsOutSessionBButKeepsA()
    {
        var email = DemoSeeder.Bases[0].StaffEmail;
        using var sessionA = await app.SignedInAsStaffAsync(email);
        using var sessionB = await app.SignedInAsStaffAsync(email);

        var saved = await CtecSkillsApp.ChangePasswordAsync(sessionA, CtecSkillsApp.DemoPassword, "chengdu-2027");
        Assert.Equal("/me", saved.Path);
        app.Clock.Advance(AFewMinutes);

        using var b = await sessionB.GetAsync("/me");
        using var a = await sessionA.GetAsync("/me");
        Assert.Equal(HttpStatusCode.Redirect, b.StatusCode);
        Assert.Contains("/account/phone", b.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, a.StatusCode);
    }

    [Fact]
    public async Task ResetByLink_SignsOutTheSessionThatWasAlreadySignedIn()
    {
        var email = DemoSeeder.Bases[1].StaffEmail;
        using var thief = await app.SignedInAsStaffAsync(email);
        using var owner = app.CreateBrowserClient();
        await CtecSkillsApp.ForgotPasswordAsync(owner, email);

        await CtecSkillsApp.ResetWithLinkAsync(owner, await app.ReadResetLinkAsync(email), "mianyang-2027");
        app.Clock.Advance(AFewMinutes);

        using var stolen = await thief.GetAsync("/me");
        Assert.Equal(HttpStatusCode.Redirect, stolen.StatusCode);
    }

    [Fact]
    public async Task ResetLink_OpenedAfterAnHour_IsRefusedAndThePasswordStays()
    {
        var email = DemoSeeder.Bases[2].StaffEmail;
        using var browser = app.CreateBrowserClient();
        await CtecSkillsApp.ForgotPasswordAsync(browser, email);
        var link = await app.ReadResetLinkAsync(email);
        var form = (await CtecSkillsApp.GetPageAsync(browser, link.PathAndQuery)).Form("/account/reset");
        var hash = await app.PasswordHashOfAsync(email);

        app.Clock.Advance(PasswordResetTokenProvider.Lifetime + TimeSpan.FromMinutes(1));
        var opened = await CtecSkillsApp.GetPageAsync(browser, link.PathAndQuery);
        var submitted = await CtecSkillsApp.SubmitAndFollowAsync(browser, form.Set("Password", "nanchong-2027").Set("ConfirmPassword", "nanchong-2027"));

        Assert.Contains("链接已失效", opened.Text);
        Assert.Contains("链接已失效", submitted.Text);
        Assert.Equal(hash, await app.PasswordHashOfAsync(email));
    }

    [Fact]
    public async Task SetPassword_LearnerWithCodeFromOwnPhone_SavesAuditsAndSignsInWithPhoneAndPassword()
    {
        const string phone = "13812370001";
        using var session = app.CreateBrowserClient();
        await app.SignUpWithPhoneAsync(session, phone, "陈有才");
        app.Clock.Advance(AFewMinutes);

        var saved = await app.SetFirstPasswordAsync(session, phone, "chengdu-2026");

        Assert.Equal("/me", saved.Path);
        Assert.Contains("密码已保存", saved.Text);
        Assert.Equal(1, await app.CountAuditAsync(AuditActions.SetPassword, phone));
        using var later = app.CreateBrowserClient();
        Assert.Equal("/me", (await CtecSkillsApp.SignInWithPasswordAsync(later, "138-1237-0001", "chengdu-2026")).Path);
    }

    [Fact]
    public async Task ResetByCode_LearnerWithPassword_SetsNewPasswordAndAudits()
    {
        const string phone = "13812370002";
        using var session = app.CreateBrowserClient();
        await app.SignUpWithPhoneAsync(session, phone, "王会忘");
        app.Clock.Advance(AFewMinutes);
        await app.SetFirstPasswordAsync(session, phone, "chengdu-2026");
        app.Clock.Advance(AFewMinutes);
        using var browser = app.CreateBrowserClient();

        var codePage = await CtecSkillsApp.ForgotPasswordAsync(browser, phone);
        Assert.Equal("/account/reset/code", codePage.Path);
        var weak = await CtecSkillsApp.SubmitAndFollowAsync(browser, codePage.Form("/account/reset/code")
            .Set("Code", await app.ReadLatestSmsCodeAsync(phone)).Set("Password", "abcdefgh").Set("ConfirmPassword", "abcdefgh"));
        var done = await CtecSkillsApp.SubmitAndFollowAsync(browser, codePage.Form("/account/reset/code")
            .Set("Code", await app.ReadLatestSmsCodeAsync(phone)).Set("Password", "chongqing-2027").Set("ConfirmPassword", "chongqing-2027"));

        Assert.Contains("密码里要有数字", weak.Text);
        Assert.Equal("/account/signin", done.Path);
        Assert.Contains("密码已重设", done.Text);
        Assert.Equal(1, await app.CountAuditAsync(AuditActions.ResetPasswordBySms, phone));
        using var later = app.CreateBrowserClient();
        Assert.Equal("/account/signin", (await CtecSkillsApp.SignInWithPasswordAsync(later, phone, "chengdu-2026")).Path);
        Assert.Equal("/me", (await CtecSkillsApp.SignInWithPasswordAsync(later, phone, "chongqing-2027")).Path);
    }

    [Fact]
    public async Task ResetByCode_WrongCode_ChangesNothing()
    {
        const string phone = "13812370003";
        using var session = app.CreateBrowserClient();
        await app.SignUpWithPhoneAsync(session, phone, "李猜码");
        app.Clock.Advance(AFewMinutes);
        await app.SetFirstPasswordAsync(session, phone, "chengdu-2026");
        app.Clock.Advance(AFewMinutes);
        var hash = await app.PasswordHashOfAsync(phone);
        using var attacker = app.CreateBrowserClient();

        var codePage = await CtecSkillsApp.ForgotPasswordAsync(attacker, phone);
        var guessed = await CtecSkillsApp.SubmitAndFollowAsync(attacker, codePage.Form("/account/reset/code")
            .Set("Code", "000000").Set("Password", "attacker-2027").Set("ConfirmPassword", "attacker-2027"));

        Assert.Contains("验证码不对", guessed.Text);
        Assert.Equal(hash, await app.PasswordHashOfAsync(phone));
    }
}
