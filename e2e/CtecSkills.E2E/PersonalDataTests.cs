using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CtecSkills.E2E;

/// <summary>A learner uses their rights from /me by tapping: corrects their details, withdraws consent, gives it again.</summary>
public sealed class PersonalDataTests(CtecSkillsSite site) : IClassFixture<CtecSkillsSite>
{
    [Fact]
    public async Task Learner_CorrectsBirthYear_WithdrawsConsentSeeingWhatFollows_AndAgreesAgain()
    {
        await using var phone = await site.NewPhoneAsync("zh-CN");
        var page = await phone.NewPageAsync();
        await site.SignUpAsync(page, "邓春花");

        await page.GetByRole(AriaRole.Link, new() { Name = "更正我的资料" }).TapAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "更正我的资料" })).ToBeVisibleAsync();
        await Expect(page.GetByText("证书上写的是发证那天的姓名")).ToBeVisibleAsync();
        await page.GetByLabel("出生年份", new() { Exact = true }).FillAsync("1890");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).TapAsync();
        await Expect(page.GetByText(new Regex("出生年份要在 1930 到 \\d{4} 之间"))).ToBeVisibleAsync();
        await page.GetByLabel("出生年份", new() { Exact = true }).FillAsync("1986");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).TapAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("资料已保存");
        await Expect(page.GetByLabel("出生年份", new() { Exact = true })).ToHaveValueAsync("1986");
        await CtecSkillsSite.ScreenshotAsync(page, "profile-zh-CN");

        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "我的", Exact = true }).TapAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "隐私与同意" }).TapAsync();
        await Expect(page.GetByText("您不能再报名新的课程")).ToBeVisibleAsync();
        await Expect(page.GetByText("您仍然可以注销账号")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "撤回同意" }).TapAsync();
        await Expect(page.GetByText("请先勾选“我已看懂”，再撤回同意。")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "我已看懂上面写的后果" }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "撤回同意" }).TapAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已撤回同意");
        await CtecSkillsSite.ScreenshotAsync(page, "consent-withdrawn-zh-CN");

        // Withdrawn: the course list is not theirs to use until they agree again, and agreeing brings them back.
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "课程", Exact = true }).TapAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/me/consent"));
        await page.GetByRole(AriaRole.Button, new() { Name = "同意并继续" }).TapAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/courses$"));
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "已记下您的同意" })).ToBeVisibleAsync();
    }
}
