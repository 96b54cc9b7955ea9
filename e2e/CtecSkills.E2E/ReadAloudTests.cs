using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CtecSkills.E2E;

/// <summary>
/// The "listen" button on lessons: shown only where the phone can speak Chinese, reads the lesson in a zh-CN voice,
/// stops on a second tap, and leaves the lesson readable when JavaScript is off.
/// </summary>
public sealed class ReadAloudTests(CtecSkillsSite site) : IClassFixture<CtecSkillsSite>
{
    private const string LessonUrl = "/courses/smartphone-basics/lessons/1";
    private const string LessonTitle = "开机、关机和主屏幕";

    // A phone with one Chinese voice: speechSynthesis lists it, and speak/cancel are recorded instead of sounding.
    private const string FakeChineseVoice = """
        (() => {
            const voice = { name: '测试普通话', lang: 'zh-CN', default: true, localService: true, voiceURI: 'test-zh-CN' };
            window.__spoken = [];
            window.__cancelled = 0;
            window.SpeechSynthesisUtterance = function (text) { this.text = text; this.lang = ''; this.voice = null; this.rate = 1; };
            speechSynthesis.getVoices = () => [voice];
            speechSynthesis.speak = u => window.__spoken.push({ text: u.text, lang: u.lang, voice: u.voice && u.voice.lang });
            speechSynthesis.cancel = () => { window.__cancelled++; };
        })();
        """;

    [Fact]
    public async Task Lesson_BrowserWithoutChineseVoice_ShowsNoListenButton()
    {
        await using var phone = await site.NewPhoneAsync("zh-CN");
        var page = await phone.NewPageAsync();

        await page.GotoAsync(LessonUrl, new() { WaitUntil = WaitUntilState.NetworkIdle });
        // Chrome fills its voice list asynchronously; give it the moment it takes on a real phone.
        await page.WaitForTimeoutAsync(1000);

        var hasChineseVoice = await page.EvaluateAsync<bool>("speechSynthesis.getVoices().some(v => /^(zh|cmn)/i.test(v.lang))");
        var listen = ListenButton(page);
        Assert.False(hasChineseVoice, "This Chromium has a Chinese voice; the test needs one without.");
        await Expect(listen).ToHaveCountAsync(1);
        await Expect(listen).ToBeHiddenAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = LessonTitle })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Lesson_PhoneWithChineseVoice_TapReadsTheLessonInChineseAndSecondTapStops()
    {
        await using var phone = await site.NewPhoneAsync("zh-CN");
        await phone.AddInitScriptAsync(FakeChineseVoice);
        var page = await phone.NewPageAsync();
        await page.GotoAsync(LessonUrl);

        var listen = page.GetByRole(AriaRole.Button, new() { Name = "朗读" });
        await Expect(listen).ToBeVisibleAsync();
        await listen.TapAsync();

        var spoken = await page.EvaluateAsync<Spoken[]>("window.__spoken");
        var said = Assert.Single(spoken);
        Assert.Equal("zh-CN", said.Lang);
        Assert.Equal("zh-CN", said.Voice);
        Assert.StartsWith(LessonTitle, said.Text, StringComparison.Ordinal);
        var firstParagraph = await page.Locator("article p").First.InnerTextAsync();
        Assert.Contains(firstParagraph.Trim(), said.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("朗读", said.Text, StringComparison.Ordinal);

        var stopButton = page.GetByRole(AriaRole.Button, new() { Name = "停止朗读" });
        await Expect(stopButton).ToHaveAttributeAsync("aria-pressed", "true");
        var cancelledBefore = await page.EvaluateAsync<int>("window.__cancelled");
        await stopButton.TapAsync();

        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "朗读" })).ToHaveAttributeAsync("aria-pressed", "false");
        Assert.True(await page.EvaluateAsync<int>("window.__cancelled") > cancelledBefore, "The second tap did not stop the speech.");
        Assert.Single(await page.EvaluateAsync<Spoken[]>("window.__spoken"));
    }

    [Fact]
    public async Task Lesson_EnglishPageOnPhoneWithChineseVoice_StillReadsTheChineseLessonInAChineseVoice()
    {
        await using var phone = await site.NewPhoneAsync("en-US");
        await phone.AddInitScriptAsync(FakeChineseVoice);
        var page = await phone.NewPageAsync();
        await page.GotoAsync(LessonUrl);

        await page.GetByRole(AriaRole.Button, new() { Name = "Listen" }).TapAsync();

        var said = Assert.Single(await page.EvaluateAsync<Spoken[]>("window.__spoken"));
        Assert.Equal("zh-CN", said.Lang);
        Assert.StartsWith(LessonTitle, said.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lesson_WithJavaScriptOff_IsReadableAndHasNoListenButton()
    {
        await using var phone = await site.NewPhoneAsync("zh-CN", javaScript: false);
        var page = await phone.NewPageAsync();

        await page.GotoAsync(LessonUrl);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = LessonTitle })).ToBeVisibleAsync();
        await Expect(page.GetByText("大多数安卓手机侧面有两个地方可以按")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "朗读" })).ToHaveCountAsync(0);
        await Expect(ListenButton(page)).ToBeHiddenAsync();
    }

    private static ILocator ListenButton(IPage page) =>
        page.GetByRole(AriaRole.Button, new() { Name = "朗读", IncludeHidden = true });

    // Filled by Playwright from the page's record of speak() calls.
    private sealed record Spoken
    {
        public string Text { get; init; } = "";
        public string Lang { get; init; } = "";
        public string? Voice { get; init; }
    }
}
