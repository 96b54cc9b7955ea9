using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace CtecSkills.E2E;

/// <summary>Learner pages on what learners really have: cheap narrow phones, sometimes with JavaScript off.</summary>
public sealed class LearnerPhoneTests(CtecSkillsSite site, ITestOutputHelper output) : IClassFixture<CtecSkillsSite>
{
    [Fact]
    public async Task PhoneSignIn_WithJavaScriptOff_PostsTheFormAndShowsTheCodePage()
    {
        await using var phone = await site.NewPhoneAsync("zh-CN", javaScript: false);
        var page = await phone.NewPageAsync();

        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "用手机号开始" }).TapAsync();
        await page.GetByLabel("手机号").FillAsync(CtecSkillsSite.NewPhoneNumber());
        await page.GetByRole(AriaRole.Button, new() { Name = "获取验证码" }).TapAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "输入验证码" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("验证码已发送到");
        await Expect(page.GetByLabel("验证码", new() { Exact = true })).ToBeEditableAsync();
    }

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en-US")]
    public async Task HomePage_At360PixelsWide_HasNoHorizontalScroll(string locale)
    {
        await using var phone = await site.NewPhoneAsync(locale, width: 360, height: 740);
        var page = await phone.NewPageAsync();

        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();

        var scrollWidth = await page.EvaluateAsync<int>("document.scrollingElement.scrollWidth");
        output.WriteLine($"{locale}: scrollWidth {scrollWidth}");
        Assert.True(scrollWidth <= 360, $"The home page is {scrollWidth}px wide at 360px ({locale}): people would scroll sideways.");
    }
}
