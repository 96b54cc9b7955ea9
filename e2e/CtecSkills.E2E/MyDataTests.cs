using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using CtecSkills.Core.Seeding;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CtecSkills.E2E;

/// <summary>我的数据: a learner downloads everything held about them; an admin exports a person's data on a written request.</summary>
public sealed partial class MyDataTests(CtecSkillsSite site) : IClassFixture<CtecSkillsSite>
{
    [Fact]
    public async Task Learner_TapsMyDataAndDownloads_TheZipHoldsTheirPhoneNameClassAndCredential()
    {
        // Demo learners 21–30 are in no demo cohort; this one completes one and holds its credential.
        var phone = DemoSeeder.LearnerPhone(26);
        var name = DemoSeeder.LearnerNames[26];
        var code = await site.IssuedCredentialCodeAsync(phone);
        await using var learnerPhone = await site.NewPhoneAsync();
        var page = await learnerPhone.NewPageAsync();
        await site.SignInWithSmsCodeAsync(page, phone);

        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "我的", Exact = true }).TapAsync();
        var myData = page.GetByRole(AriaRole.Link, new() { Name = "我的数据", Exact = true });
        var box = await myData.BoundingBoxAsync();
        Assert.True(box is { Height: >= 44 }, $"The 我的数据 button is {box?.Height}px high; a thumb needs 44.");
        await myData.TapAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "我的数据", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("#kind-credentials")).ToContainTextAsync("1 条");
        await Expect(page.Locator("#kind-enrollments")).ToContainTextAsync("报名的班");
        await page.GetByRole(AriaRole.Button, new() { Name = "准备下载文件" }).TapAsync();
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("已开始准备");
        await Expect(page.GetByText("正在准备，请稍等")).ToBeVisibleAsync();
        await CtecSkillsSite.ScreenshotAsync(page, "my-data-preparing");
        Assert.Empty(await Axe.ViolationsAsync(page, "learner", "/me/data (preparing)"));
        await page.EvaluateAsync("window.ctecSamePage = true");

        Assert.Equal(1, await site.BuildRequestedExportsAsync());
        // The list refreshes by itself while the file is prepared, in place: the learner only waits, and a screen
        // reader keeps its place (the page is not reloaded).
        var download = page.GetByRole(AriaRole.Link, new() { NameRegex = DownloadName() });
        await Expect(download).ToBeVisibleAsync(new() { Timeout = 15_000 });
        Assert.True(await page.EvaluateAsync<bool>("window.ctecSamePage === true"), "/me/data reloaded itself instead of refreshing the list in place.");
        await CtecSkillsSite.ScreenshotAsync(page, "my-data-ready");
        var width = await page.EvaluateAsync<int>("document.scrollingElement.scrollWidth");
        Assert.True(width <= 390, $"/me/data is {width}px wide on a 390px phone.");
        var file = await page.RunAndWaitForDownloadAsync(() => download.TapAsync());
        var path = await file.PathAsync();

        using var zip = ZipFile.OpenRead(path);
        var data = Read(zip, "data.json");
        Assert.Contains(phone, data, StringComparison.Ordinal);
        Assert.Contains(name, data, StringComparison.Ordinal);
        Assert.Contains(code, data, StringComparison.Ordinal);
        var enrollments = Read(zip, "csv/enrollments.csv");
        Assert.StartsWith("\uFEFF", enrollments, StringComparison.Ordinal);
        Assert.True(enrollments.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length >= 2, "No class in enrollments.csv.");
        Assert.NotNull(zip.GetEntry($"credentials/{code}/certificate.pdf"));
        Assert.NotNull(zip.GetEntry("说明.txt"));
    }

    [Fact]
    public async Task Admin_FindsALearnerByPhoneFromTheMenu_AndExportsOnAWrittenRequest()
    {
        var phone = DemoSeeder.LearnerPhone(27);
        var (admin, page) = await site.SignedInWithPasswordAsync(CtecSkillsSite.AdminEmail);
        await using var _ = admin;

        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "管理", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "个人信息请求", Exact = true }).ClickAsync();
        await page.GetByLabel("手机号").FillAsync(phone[..3] + " " + phone[3..7] + " " + phone[7..]);
        await page.GetByRole(AriaRole.Button, new() { Name = "查找" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "账户信息", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText(phone[..3] + "****" + phone[7..])).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "导出数据" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "请写明原因" })).ToBeVisibleAsync();
        await page.GetByLabel("原因（书面申请）").FillAsync("2026-12-01 本人书面申请，编号 SQ-0008");
        await page.GetByRole(AriaRole.Button, new() { Name = "导出数据" }).ClickAsync();
        await Expect(page.GetByText("正在准备，请稍等")).ToBeVisibleAsync();
        Assert.Empty(await Axe.ViolationsAsync(page, "admin", "/admin/people/{id} (preparing)"));

        Assert.Equal(1, await site.BuildRequestedExportsAsync());
        var download = page.GetByRole(AriaRole.Link, new() { NameRegex = DownloadName() });
        await Expect(download).ToBeVisibleAsync(new() { Timeout = 15_000 });
        var file = await page.RunAndWaitForDownloadAsync(() => download.ClickAsync());
        using var zip = ZipFile.OpenRead(await file.PathAsync());
        Assert.Contains(phone, Read(zip, "data.json"), StringComparison.Ordinal);
    }

    private static string Read(ZipArchive zip, string name)
    {
        var entry = zip.GetEntry(name) ?? throw new InvalidOperationException($"{name} is not in the zip.");
        using var reader = new StreamReader(entry.Open(), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false);
        return reader.ReadToEnd();
    }

    [GeneratedRegex("^下载（")]
    private static partial Regex DownloadName();
}
