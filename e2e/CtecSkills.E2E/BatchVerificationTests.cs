using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CtecSkills.E2E;

/// <summary>An HR clerk checks a list of certificate codes at once and saves the result for Excel.</summary>
public sealed class BatchVerificationTests(CtecSkillsSite site) : IClassFixture<CtecSkillsSite>
{
    [Fact]
    public async Task DemoVerifier_UploadsACsvOfCodes_DownloadsTheResultWithEachOutcome()
    {
        var code = await site.IssuedCredentialCodeAsync();
        var (context, page) = await site.SignedInWithPasswordAsync("hr.yongchuan@ctecskills.demo");
        await using var _ = context;

        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "批量核验", Exact = true }).ClickAsync();
        await page.GetByLabel("核验码文件（CSV）").SetInputFilesAsync(new FilePayload
        {
            Name = "应聘者证书.csv",
            MimeType = "text/csv",
            Buffer = Encoding.UTF8.GetBytes($"核验码\n{code.ToLowerInvariant()}\n\n不是核验码\n"),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "开始核验" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "批量核验结果", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText("共核验 2 行。")).ToBeVisibleAsync();
        await CtecSkillsSite.ScreenshotAsync(page, "verify-batch-result");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "下载结果（CSV，可用 Excel 打开）" }).ClickAsync());
        var path = await download.PathAsync();
        var lines = (await File.ReadAllTextAsync(path, Encoding.UTF8)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("行号,核验码,结果,原因", lines[0], StringComparison.Ordinal);
        Assert.StartsWith($"2,{code.ToLowerInvariant()},有效,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("4,不是核验码,无效,", lines[2], StringComparison.Ordinal);
    }
}
