using System.Net;
using CtecSkills.Core.Audit;
using CtecSkills.Core.Seeding;
using CtecSkills.IntegrationTests.Infrastructure;

namespace CtecSkills.IntegrationTests.Accounts;

/// <summary>
/// Changing a password proves the current one first and checks the new one before anything is stored: a stolen session
/// cannot take the account over, and a weak new password never leaves the account without one.
/// </summary>
public sealed class PasswordChangeTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    [Fact]
    public async Task ChangePassword_WrongCurrentPassword_RefusedAndTheOldPasswordStillWorks()
    {
        var email = DemoSeeder.Bases[0].StaffEmail;
        using var session = await app.SignedInAsStaffAsync(email);
        var hashBefore = await app.PasswordHashOfAsync(email);

        var page = await CtecSkillsApp.ChangePasswordAsync(session, "not-my-password-1", "taken-over-2026");

        Assert.Equal("/account/password", page.Path);
        Assert.Contains("当前密码不对", page.Text);
        Assert.Equal(hashBefore, await app.PasswordHashOfAsync(email));
        Assert.Equal(0, await app.CountAuditAsync(AuditActions.ChangePassword, email));
        using var later = app.CreateBrowserClient();
        Assert.Equal("/me", (await CtecSkillsApp.SignInWithPasswordAsync(later, email, CtecSkillsApp.DemoPassword)).Path);
    }

    [Fact]
    public async Task ChangePassword_NoCurrentPassword_RefusedWithMessage()
    {
        var email = DemoSeeder.Bases[1].StaffEmail;
        using var session = await app.SignedInAsStaffAsync(email);
        var hashBefore = await app.PasswordHashOfAsync(email);

        var page = await CtecSkillsApp.ChangePasswordAsync(session, "", "taken-over-2026");

        Assert.Contains("请填写当前密码", page.Text);
        Assert.Equal(hashBefore, await app.PasswordHashOfAsync(email));
    }

    [Theory]
    [InlineData("abcdefgh", "密码里要有数字")]
    [InlineData("12345678", "密码里要有小写字母")]
    [InlineData("abc123", "密码至少 8 位")]
    public async Task ChangePassword_NewPasswordBreaksTheRules_SaysWhichAndTheOldPasswordStillWorks(string weak, string message)
    {
        var email = DemoSeeder.AnalystEmail;
        using var session = await app.SignedInAsStaffAsync(email);

        var page = await CtecSkillsApp.ChangePasswordAsync(session, CtecSkillsApp.DemoPassword, weak);

        Assert.Equal("/account/password", page.Path);
        Assert.Contains(message, page.Text);
        Assert.NotNull(await app.PasswordHashOfAsync(email));
        using var later = app.CreateBrowserClient();
        Assert.Equal("/me", (await CtecSkillsApp.SignInWithPasswordAsync(later, email, CtecSkillsApp.DemoPassword)).Path);
        Assert.Equal("/account/signin", (await CtecSkillsApp.SignInWithPasswordAsync(later, email, weak)).Path);
    }

    [Fact]
    public async Task ChangePassword_RightCurrentPassword_NewWorksOldRefusedAndAudited()
    {
        var email = DemoSeeder.Bases[2].StaffEmail;
        using var session = await app.SignedInAsStaffAsync(email);

        var saved = await CtecSkillsApp.ChangePasswordAsync(session, CtecSkillsApp.DemoPassword, "nanchong-2027");

        Assert.Equal("/me", saved.Path);
        Assert.Contains("密码已保存", saved.Text);
        Assert.Equal(1, await app.CountAuditAsync(AuditActions.ChangePassword, email));
        using var later = app.CreateBrowserClient();
        Assert.Equal("/account/signin", (await CtecSkillsApp.SignInWithPasswordAsync(later, email, CtecSkillsApp.DemoPassword)).Path);
        Assert.Equal("/me", (await CtecSkillsApp.SignInWithPasswordAsync(later, email, "nanchong-2027")).Path);
    }

    [Fact]
    public async Task ChangePassword_GuessingTheCurrentPasswordFromAStolenSession_LocksTheAccount()
    {
        var email = DemoSeeder.Bases[3].StaffEmail;
        using var stolen = await app.SignedInAsStaffAsync(email);
        for (var i = 0; i < 5; i++)
        {
            await CtecSkillsApp.ChangePasswordAsync(stolen, $"guess-{i}-2026", "taken-over-2026");
        }

        var page = await CtecSkillsApp.ChangePasswordAsync(stolen, CtecSkillsApp.DemoPassword, "taken-over-2026");

        Assert.Contains("账户已暂时锁定", page.Text);
        using var thief = app.CreateBrowserClient();
        Assert.Equal("/account/signin", (await CtecSkillsApp.SignInWithPasswordAsync(thief, email, "taken-over-2026")).Path);
    }

    [Fact]
    public async Task SetPassword_LearnerWithoutPasswordAndWithoutCode_RefusedAndNoPasswordStored()
    {
        const string phone = "13812360001";
        using var session = app.CreateBrowserClient();
        await app.SignUpWithPhoneAsync(session, phone, "赵无码");
        var page = await CtecSkillsApp.GetPageAsync(session, "/account/password");
        Assert.True(page.HasField("Code"));
        Assert.False(page.HasField("CurrentPassword"));

        var refused = await CtecSkillsApp.SubmitAndFollowAsync(session, page.Form("/account/password")
            .Set("Password", "chengdu-2026").Set("ConfirmPassword", "chengdu-2026"));
        var wrongCode = await CtecSkillsApp.SubmitAndFollowAsync(session, page.Form("/account/password")
            .Set("Code", "000000").Set("Password", "chengdu-2026").Set("ConfirmPassword", "chengdu-2026"));

        Assert.Contains("请填写验证码", refused.Text);
        Assert.Contains("验证码", wrongCode.Text);
        Assert.Null(await app.PasswordHashOfAsync(phone));
        Assert.Equal(0, await app.CountAuditAsync(AuditActions.SetPassword, phone));
    }

    [Fact]
    public async Task ChangePasswordPage_SignedOut_SendsToSignIn()
    {
        using var browser = app.CreateBrowserClient();
        using var response = await browser.GetAsync("/account/password");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/phone", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }
}
