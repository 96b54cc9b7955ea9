using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CtecSkills.E2E;

/// <summary>A newcomer's first visit: from the home page to their own page, signed up with a phone and an SMS code.</summary>
public sealed class PhoneSignUpTests(CtecSkillsSite site) : IClassFixture<CtecSkillsSite>
{
    [Fact]
    public async Task NewcomerSignsUpWithPhone_InChinese_ArrivesSignedInOnTheirPage()
    {
        await using var phone = await site.NewPhoneAsync("zh-CN");
        var page = await phone.NewPageAsync();
        var number = CtecSkillsSite.NewPhoneNumber();

        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "学会用手机，多一门本事" })).ToBeVisibleAsync();
        await CtecSkillsSite.ScreenshotAsync(page, "home-zh-CN");
        await page.GetByRole(AriaRole.Link, new() { Name = "用手机号开始" }).TapAsync();

        await page.GetByLabel("手机号").FillAsync(number);
        await page.GetByRole(AriaRole.Button, new() { Name = "获取验证码" }).TapAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "输入验证码" })).ToBeVisibleAsync();

        var code = await site.ReadSmsCodeAsAdminAsync(number);

        await page.GetByLabel("验证码", new() { Exact = true }).FillAsync(code);
        await page.GetByLabel("怎么称呼您").FillAsync("王小梅");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "我已阅读并同意" }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "注册并登录" }).TapAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/me$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "您好，王小梅" })).ToBeVisibleAsync();
        await CtecSkillsSite.ScreenshotAsync(page, "me-zh-CN");
    }

    [Fact]
    public async Task NewcomerSignsUpWithPhone_InEnglish_ArrivesSignedInOnTheirPage()
    {
        await using var phone = await site.NewPhoneAsync("zh-CN");
        var page = await phone.NewPageAsync();
        var number = CtecSkillsSite.NewPhoneNumber();

        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).TapAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Learn to use your phone, gain a new skill" })).ToBeVisibleAsync();
        await CtecSkillsSite.ScreenshotAsync(page, "home-en");
        await page.GetByRole(AriaRole.Link, new() { Name = "Start with your phone number" }).TapAsync();

        await page.GetByLabel("Mobile number").FillAsync(number);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send me a code" }).TapAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Enter the code" })).ToBeVisibleAsync();

        var code = await site.ReadSmsCodeAsAdminAsync(number);

        await page.GetByLabel("Code", new() { Exact = true }).FillAsync(code);
        await page.GetByLabel("Your name").FillAsync("Li Lei");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "I have read and agree to" }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign up and sign in" }).TapAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/me$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Hello, Li Lei" })).ToBeVisibleAsync();
        await CtecSkillsSite.ScreenshotAsync(page, "me-en");
    }
}
