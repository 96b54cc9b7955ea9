using System.Text.RegularExpressions;
using CtecSkills.TestHost;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CtecSkills.E2E;

/// <summary>The site as Development starts it, with the demo's showcase (agreements and credentials of every kind).</summary>
public sealed class ShowcaseSite : CtecSkillsSite
{
    protected override void AddSettings(IDictionary<string, string?> settings) => settings[SettingKeys.SeedShowcase] = "true";
}

/// <summary>An HR officer in Chongqing tries the demo on a phone with a code printed at start-up.</summary>
public sealed partial class DemoShowcaseTests(ShowcaseSite site) : IClassFixture<ShowcaseSite>
{
    [Fact]
    public async Task HrOnAPhone_TapsFromHomeToVerifyAndPastesThePrintedValidCode_SeesValidAndTheRecognition()
    {
        var line = await site.DemoCodesLineAsync();
        var valid = ValidCode().Match(line).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(valid), line);
        await using var phone = await site.NewPhoneAsync(width: 390, height: 844);
        var page = await phone.NewPageAsync();
        await CtecSkillsSite.SignInWithPasswordAsync(page, "hr.yongchuan@ctecskills.demo");

        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "核验证书", Exact = true }).TapAsync();
        await page.GetByLabel("核验码", new() { Exact = true }).FillAsync(valid);
        await page.GetByRole(AriaRole.Button, new() { Name = "验证", Exact = true }).TapAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "有效", Level = 1, Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByText(new Regex("在重庆市认可，等同于"))).ToBeVisibleAsync();
        await Expect(page.GetByText(new Regex("演示1号"))).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
        await CtecSkillsSite.ScreenshotAsync(page, "demo-verify-valid-recognized");
    }

    [GeneratedRegex(@"(?<![-\w])valid (\S+)")]
    private static partial Regex ValidCode();
}
