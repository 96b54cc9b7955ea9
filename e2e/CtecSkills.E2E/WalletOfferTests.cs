using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Web;
using CtecSkills.Core.Seeding;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CtecSkills.E2E;

/// <summary>A learner adds a credential to a digital wallet from their phone: the wallet link and QR code, and what a wallet then collects.</summary>
public sealed class WalletOfferTests(CtecSkillsSite site) : IClassFixture<CtecSkillsSite>
{
    [Fact]
    public async Task Learner_TapsAddToDigitalWallet_SeesLinkAndQrAndTheWalletCollectsTheCredential()
    {
        var phone = DemoSeeder.LearnerPhone(24);
        var code = await site.IssuedCredentialCodeAsync(phone);
        await using var learnerPhone = await site.NewPhoneAsync();
        var page = await learnerPhone.NewPageAsync();
        await site.SignInWithSmsCodeAsync(page, phone);

        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "我的证书", Exact = true }).TapAsync();
        await page.Locator($"#c-{code}").GetByRole(AriaRole.Button, new() { Name = "添加到数字钱包" }).TapAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "添加到数字钱包", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "添加到数字钱包的二维码：用钱包扫一扫" })).ToBeVisibleAsync();
        var open = page.GetByRole(AriaRole.Link, new() { Name = "打开钱包，添加这张证书" });
        await Expect(open).ToBeVisibleAsync();
        await Expect(page.GetByText("这个链接到北京时间")).ToBeVisibleAsync();
        var href = (await open.GetAttributeAsync("href"))!;
        Assert.StartsWith("https://lcw.app/request?request=", href, StringComparison.Ordinal);
        await CtecSkillsSite.ScreenshotAsync(page, "wallet-offer");
        var width = await page.EvaluateAsync<int>("document.scrollingElement.scrollWidth");
        Assert.True(width <= 390, $"The wallet offer page is {width}px wide on a 390px phone.");
        var box = await open.BoundingBoxAsync();
        Assert.True(box is { Height: >= 44, Width: >= 44 }, $"The wallet button is {box?.Width}×{box?.Height}.");
        Assert.Empty(await Axe.ViolationsAsync(page, "learner", new Uri(page.Url).AbsolutePath));

        // What the wallet does with the link: the request's vcapi exchange, POSTed with {} — and a plain GET for other wallets.
        var request = JsonNode.Parse(HttpUtility.ParseQueryString(new Uri(href).Query)["request"]!)!;
        // The link names the configured public address; the test site listens on a port of its own.
        var exchange = new Uri(request["protocols"]!["vcapi"]!.GetValue<string>()).PathAndQuery;
        Assert.Matches(new Regex("^/api/v1/exchanges/[A-Za-z0-9_-]{22}$"), exchange);
        var issued = JsonNode.Parse(await site.IssuedCredentialJsonAsync(code));
        var posted = await page.APIRequest.PostAsync(exchange, new() { DataObject = new { } });
        Assert.Equal(200, posted.Status);
        var handed = (await posted.JsonAsync())!.Value.GetProperty("verifiablePresentation").GetProperty("verifiableCredential")[0].GetRawText();
        Assert.True(JsonNode.DeepEquals(issued, JsonNode.Parse(handed)), handed);
        var fetched = await page.APIRequest.GetAsync(exchange);
        Assert.Equal(200, fetched.Status);
        Assert.True(JsonNode.DeepEquals(issued, JsonNode.Parse(await fetched.TextAsync())));

        // Back on the page (the browser reloads it after the wallet app), it says the credential arrived; then cancel.
        await page.ReloadAsync();
        await Expect(page.GetByText("钱包已经取走了这张证书（2 次")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "取消这个链接" }).TapAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("链接已取消");
        Assert.Equal(404, (await page.APIRequest.PostAsync(exchange, new() { DataObject = new { } })).Status);
    }
}
