using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CtecSkills.E2E;

/// <summary>Staff change their password from 我的, and reset a forgotten one with the link from their email.</summary>
public sealed partial class PasswordTests(CtecSkillsSite site) : IClassFixture<CtecSkillsSite>
{
    private const string StaffPassword = CtecSkillsSite.AdminPassword;

    [Fact]
    public async Task StaffChangesPassword_FromTheMeMenu_WeakOneRefusedThenNewOneSignsIn()
    {
        const string email = "staff.chengdu@ctecskills.demo";
        await using var phone = await site.NewPhoneAsync();
        var page = await phone.NewPageAsync();
        await ArriveAtPasswordSignInAsync(page);
        await SignInAsync(page, email, StaffPassword);

        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "我的", Exact = true }).TapAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "修改密码" }).TapAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "修改密码" })).ToBeVisibleAsync();
        await FillNewPasswordAsync(page, "abcdefgh", current: StaffPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).TapAsync();
        await Expect(page.GetByText("密码里要有数字")).ToBeVisibleAsync();

        await FillNewPasswordAsync(page, "chengdu-2027", current: StaffPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).TapAsync();
        await Expect(page.GetByText("密码已保存")).ToBeVisibleAsync();
        await CtecSkillsSite.ScreenshotAsync(page, "password-changed-zh-CN");

        await page.GetByRole(AriaRole.Button, new() { Name = "退出" }).TapAsync();
        await Expect(page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "登录 / 注册" })).ToBeVisibleAsync();
        await ArriveAtPasswordSignInAsync(page);
        await SignInAsync(page, email, "chengdu-2027");
        await Expect(page).ToHaveURLAsync(new Regex("/me$"));
    }

    [Fact]
    public async Task StaffForgotPassword_ResetsItWithTheEmailedLinkOnce()
    {
        const string email = "staff.yubei@ctecskills.demo";
        await using var phone = await site.NewPhoneAsync();
        var page = await phone.NewPageAsync();
        await ArriveAtPasswordSignInAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "忘记密码" }).TapAsync();
        await page.GetByLabel("邮箱或手机号").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "下一步" }).TapAsync();
        await Expect(page.GetByText("如果这个邮箱有账号")).ToBeVisibleAsync();

        // The person taps the link in their email; the test reads it where a tester does, in the mail outbox.
        var link = await ReadResetLinkAsAdminAsync(email);
        await page.GotoAsync(link.PathAndQuery);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "设置新密码" })).ToBeVisibleAsync();
        await FillNewPasswordAsync(page, "yubei-2027");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存新密码" }).TapAsync();
        await Expect(page.GetByText("密码已重设")).ToBeVisibleAsync();
        await CtecSkillsSite.ScreenshotAsync(page, "password-reset-zh-CN");

        await SignInAsync(page, email, "yubei-2027");
        await Expect(page).ToHaveURLAsync(new Regex("/me$"));

        await page.GotoAsync(link.PathAndQuery);
        await Expect(page.GetByText("这个链接已失效")).ToBeVisibleAsync();
    }

    /// <summary>Home → 登录 / 注册 → 用密码登录（工作人员）.</summary>
    private static async Task ArriveAtPasswordSignInAsync(IPage page)
    {
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "登录 / 注册" }).TapAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "用密码登录（工作人员）" }).TapAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "密码登录" })).ToBeVisibleAsync();
    }

    private static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GetByLabel("邮箱或手机号").FillAsync(email);
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).TapAsync();
        await page.WaitForURLAsync("**/me");
    }

    private static async Task FillNewPasswordAsync(IPage page, string password, string? current = null)
    {
        if (current is not null)
        {
            await page.GetByLabel("当前密码").FillAsync(current);
        }
        await page.GetByLabel("新密码（至少 8 位）").FillAsync(password);
        await page.GetByLabel("再输入一次").FillAsync(password);
    }

    /// <summary>An admin in a browser of their own: 管理 → 邮件发件箱, filtered by the address, reads the newest email.</summary>
    private async Task<Uri> ReadResetLinkAsAdminAsync(string email)
    {
        await using var admin = await site.NewPhoneAsync();
        var page = await admin.NewPageAsync();
        await ArriveAtPasswordSignInAsync(page);
        await SignInAsync(page, CtecSkillsSite.AdminEmail, CtecSkillsSite.AdminPassword);
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "管理", Exact = true }).TapAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "邮件发件箱", Exact = true }).TapAsync();
        await page.GetByLabel("邮箱").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "查找" }).TapAsync();
        var text = await page.GetByRole(AriaRole.Article).First.InnerTextAsync();
        var link = ResetLink().Match(text);
        return link.Success ? new Uri(link.Value) : throw new InvalidOperationException($"No reset link in the newest email: {text}");
    }

    [GeneratedRegex(@"https?://\S+/account/reset\?\S+")]
    private static partial Regex ResetLink();
}
