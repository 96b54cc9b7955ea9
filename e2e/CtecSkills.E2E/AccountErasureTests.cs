using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CtecSkills.E2E;

/// <summary>A learner deletes their account from /me, keeping one credential and revoking another; the phone starts again.</summary>
public sealed class AccountErasureTests(CtecSkillsSite site) : IClassFixture<CtecSkillsSite>
{
    private const string Keep = "保留，仍可核验（持证人显示为“—”）";

    [Fact]
    public async Task Learner_DeletesAccountKeepingOneCredential_KeptVerifiesWithDashRevokedIsRevokedPhoneSignsUpAnew()
    {
        var number = CtecSkillsSite.NewPhoneNumber();
        await using var phone = await site.NewPhoneAsync();
        var page = await phone.NewPageAsync();
        await SignUpAsync(page, number, "赵删除");
        var codes = await site.IssuedCredentialCodesAsync(number, 2);
        Assert.Equal(2, codes.Count);
        var (kept, revoked) = (codes[0], codes[1]);

        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "我的", Exact = true }).TapAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "删除账户", Exact = true }).TapAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "删除我的账户", Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Radio, new() { Name = Keep }).Nth(0).CheckAsync();
        await page.GetByRole(AriaRole.Radio, new() { Name = "撤销", Exact = true }).Nth(1).CheckAsync();
        await CtecSkillsSite.ScreenshotAsync(page, "erasure-choices");
        var width = await page.EvaluateAsync<int>("document.scrollingElement.scrollWidth");
        Assert.True(width <= 390, $"/me/delete is {width}px wide on a 390px phone.");
        await site.LetAMinutePassForCodesAsync(number);
        await page.GetByRole(AriaRole.Button, new() { Name = "发送验证码" }).TapAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "确认删除账户", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText("保留 1 张证书，撤销 1 张。")).ToBeVisibleAsync();
        await page.GetByLabel("验证码", new() { Exact = true }).FillAsync(await site.ReadSmsCodeAsAdminAsync(number));
        await page.GetByRole(AriaRole.Button, new() { Name = "删除账户", Exact = true }).TapAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/$"));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("您的账户已删除");
        await page.GotoAsync("/me");
        await Expect(page).ToHaveURLAsync(new Regex("/account/phone"));

        await using (var employer = await site.NewPhoneAsync())
        {
            var verify = await employer.NewPageAsync();
            await verify.GotoAsync($"/verify/{kept}");
            await Expect(verify.GetByRole(AriaRole.Heading, new() { Name = "有效", Level = 1 })).ToBeVisibleAsync();
            await Expect(verify.GetByRole(AriaRole.Definition).Filter(new() { HasText = "—" }).First).ToBeVisibleAsync();
            await Expect(verify.GetByText("赵删除")).ToHaveCountAsync(0);
            await verify.GotoAsync($"/verify/{revoked}");
            await Expect(verify.GetByRole(AriaRole.Heading, new() { Name = "已撤销", Level = 1 })).ToBeVisibleAsync();
        }

        await using var again = await site.NewPhoneAsync();
        var fresh = await again.NewPageAsync();
        await SignUpAsync(fresh, number, "赵新");
        await Expect(fresh.GetByRole(AriaRole.Heading, new() { Name = "您好，赵新" })).ToBeVisibleAsync();
        await fresh.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "我的证书", Exact = true }).TapAsync();
        await Expect(fresh.GetByText(kept)).ToHaveCountAsync(0);
    }

    private async Task SignUpAsync(IPage page, string number, string name)
    {
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "用手机号开始" }).TapAsync();
        await page.GetByLabel("手机号").FillAsync(number);
        await page.GetByRole(AriaRole.Button, new() { Name = "获取验证码" }).TapAsync();
        await page.GetByLabel("验证码", new() { Exact = true }).FillAsync(await site.ReadSmsCodeAsAdminAsync(number));
        await page.GetByLabel("怎么称呼您").FillAsync(name);
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "我已阅读并同意" }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "注册并登录" }).TapAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/me$"));
    }
}
