using System.Text.RegularExpressions;
using CtecSkills.Core.Seeding;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CtecSkills.E2E;

/// <summary>A learner sends a 7-day link to an employer, who opens it on a phone; the learner then sees the visit.</summary>
public sealed partial class PortfolioShareTests(CtecSkillsSite site) : IClassFixture<CtecSkillsSite>
{
    [Fact]
    public async Task Learner_Makes7DayLinkAndAStrangerOpensIt_TheLearnerSeesOneVisit()
    {
        // Demo learners 21–30 are in no demo cohort; this one holds a credential.
        var phone = DemoSeeder.LearnerPhone(25);
        await site.IssuedCredentialCodeAsync(phone);
        await using var learnerPhone = await site.NewPhoneAsync();
        var page = await learnerPhone.NewPageAsync();
        await site.SignInWithSmsCodeAsync(page, phone);

        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "我的证书", Exact = true }).TapAsync();
        var achievement = (await page.GetByRole(AriaRole.Heading, new() { Level = 2 }).First.InnerTextAsync()).Trim();
        await page.GetByRole(AriaRole.Link, new() { Name = "生成分享链接，发给用人单位" }).TapAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "分享我的证书", Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Checkbox, new() { Name = achievement }).CheckAsync();
        await page.GetByRole(AriaRole.Radio, new() { Name = "7 天" }).CheckAsync();
        await page.GetByLabel("备注（只有您自己能看到，可不填）").FillAsync("给永川人社局");
        await page.GetByRole(AriaRole.Button, new() { Name = "生成链接" }).TapAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("链接已生成");
        await Expect(page.GetByText("这个链接只显示这一次，请现在复制或分享；丢了可以再建一个")).ToBeVisibleAsync();
        var link = await page.GetByLabel("链接（复制后发给对方）").First.InputValueAsync();
        Assert.Matches(TokenLink(), link);
        await CtecSkillsSite.ScreenshotAsync(page, "share-created");

        await using (var stranger = await site.NewPhoneAsync(javaScript: false))
        {
            var opened = await stranger.NewPageAsync();
            // The link names the configured public address; the test site listens on a port of its own.
            await opened.GotoAsync(new Uri(link).PathAndQuery);
            await Expect(opened.GetByRole(AriaRole.Heading, new() { Name = "的证书与课程", Level = 1 })).ToBeVisibleAsync();
            await Expect(opened.GetByRole(AriaRole.Heading, new() { Name = achievement, Level = 3 })).ToBeVisibleAsync();
            await Expect(opened.GetByText("有效", new() { Exact = true })).ToBeVisibleAsync();
            await CtecSkillsSite.ScreenshotAsync(opened, "share-opened");
        }

        await page.ReloadAsync();
        // Only its hash is stored: the link is not shown again.
        await Expect(page.GetByLabel("链接（复制后发给对方）")).ToHaveCountAsync(0);
        var share = page.Locator("section.card").Filter(new() { HasText = "给永川人社局" });
        await Expect(share).ToContainTextAsync("被查看 1 次");
        await Expect(share.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "匿名访问者" })).ToHaveCountAsync(1);
        var width = await page.EvaluateAsync<int>("document.scrollingElement.scrollWidth");
        Assert.True(width <= 390, $"/me/shares is {width}px wide on a 390px phone.");
    }

    [GeneratedRegex("/p/[A-Za-z0-9_-]{22}$")]
    private static partial Regex TokenLink();
}
