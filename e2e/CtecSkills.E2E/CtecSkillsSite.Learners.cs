using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CtecSkills.E2E;

public sealed partial class CtecSkillsSite
{
    /// <summary>A newcomer signs up on the phone page with the code from the outbox and lands on /me.</summary>
    public async Task SignUpAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        var number = NewPhoneNumber();
        await page.GotoAsync("/account/phone");
        await page.GetByLabel("手机号").FillAsync(number);
        await page.GetByRole(AriaRole.Button, new() { Name = "获取验证码" }).TapAsync();
        var code = await ReadSmsCodeAsAdminAsync(number);
        await page.GetByLabel("验证码", new() { Exact = true }).FillAsync(code);
        await page.GetByLabel("怎么称呼您").FillAsync(name);
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "我已阅读并同意" }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "注册并登录" }).TapAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/me$"));
    }
}
