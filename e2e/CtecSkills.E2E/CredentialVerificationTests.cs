using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CtecSkills.E2E;

/// <summary>An HR officer scans the QR on a paper certificate with a phone, signed in nowhere.</summary>
public sealed class CredentialVerificationTests(CtecSkillsSite site) : IClassFixture<CtecSkillsSite>
{
    [Fact]
    public async Task HrVerifier_OpensQrLinkOnAPhoneWithoutJavaScript_SeesValidAndUnfoldsEveryCheck()
    {
        var code = await site.IssuedCredentialCodeAsync();
        await using var context = await site.NewPhoneAsync(javaScript: false);
        var page = await context.NewPageAsync();

        await page.GotoAsync($"/verify/{code}");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "有效", Level = 1, Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "地区互认" })).ToBeVisibleAsync();
        await Expect(page.GetByText("签名: 通过")).ToBeHiddenAsync();
        await page.GetByText("技术细节（逐项检查）").TapAsync();
        await Expect(page.GetByText("签名: 通过")).ToBeVisibleAsync();
        await Expect(page.GetByText("撤销状态: 通过")).ToBeVisibleAsync();
        await CtecSkillsSite.ScreenshotAsync(page, "verify-valid");

        await page.GetByLabel("核验码", new() { Exact = true }).FillAsync(code[..^1] + (code[^1] == '0' ? "1" : "0"));
        await page.GetByRole(AriaRole.Button, new() { Name = "验证", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "无效", Level = 1, Exact = true })).ToBeVisibleAsync();
        // Why, without unfolding anything: the reason a person can act on stands under the verdict.
        await Expect(page.GetByText("请核对核验码——有一个字符看起来不对。").First).ToBeVisibleAsync();
    }
}
