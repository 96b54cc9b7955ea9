using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CtecSkills.E2E;

/// <summary>An analyst reads the index the way they would at the joint conference office.</summary>
public sealed class IndexDashboardTests(CtecSkillsSite site) : IClassFixture<CtecSkillsSite>
{
    [Fact]
    public async Task Analyst_BuildsAReleaseOpensTheChartsAndDownloadsTheCsv()
    {
        await site.AddSyntheticFactsAsync(20_000, 202507, 202509);
        var (context, page) = await site.SignedInWithPasswordAsync("analyst@ctecskills.demo");
        await using var _ = context;

        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "指数", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "人力资本指数", Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel("时段").SelectOptionAsync(new SelectOptionValue { Label = "季度" });
        await page.GetByLabel("年份").FillAsync("2025");
        await page.GetByLabel("月份或季度（年度填 1）").FillAsync("3");
        await page.GetByRole(AriaRole.Button, new() { Name = "生成发布" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "2025-Q3 发布", Exact = false })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Note)).ToContainTextAsync("演示数据");
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "泰尔 T 指数各组成部分（按发布）" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "各地区每万人结业人次" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "城乡差距：每万人结业人次" })).ToBeVisibleAsync();
        await Expect(page.GetByText("中级协调").Or(page.GetByText("初级协调")).Or(page.GetByText("良好协调")).Or(page.GetByText("勉强协调")).First).ToBeVisibleAsync();
        await CtecSkillsSite.ScreenshotAsync(page, "index-dashboard");

        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Link, new() { Name = "下载 CSV（Excel 可直接打开）" }).ClickAsync());
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!, Encoding.UTF8);

        Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);
        Assert.StartsWith("level,province_code,province,locality_code", csv, StringComparison.Ordinal);
        Assert.Contains("\ntotal,", csv, StringComparison.Ordinal);
        Assert.Contains("成都市", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("synthetic:", csv, StringComparison.Ordinal);

        // What the analyst built is a draft: the open data does not have it until an admin publishes it.
        await Expect(page.GetByText("草稿：管理员发布之前")).ToBeVisibleAsync();
        var id = page.Url.Split('/')[^1];
        var before = await page.APIRequest.GetAsync($"/api/v1/index/releases/{id}");
        Assert.Equal(404, before.Status);
    }

    [Fact]
    public async Task Admin_PublishesAnAnalystsDraftFromTheAdminMenu_AndTheOpenDataHasIt()
    {
        await site.AddSyntheticFactsAsync(5_000, 202504, 202504);
        string id;
        var (analystContext, analyst) = await site.SignedInWithPasswordAsync("analyst@ctecskills.demo");
        await using (analystContext)
        {
            await analyst.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "指数", Exact = true }).ClickAsync();
            await analyst.GetByLabel("年份").FillAsync("2025");
            await analyst.GetByLabel("月份或季度（年度填 1）").FillAsync("4");
            await analyst.GetByRole(AriaRole.Button, new() { Name = "生成发布" }).ClickAsync();
            await Expect(analyst.GetByRole(AriaRole.Heading, new() { Name = "2025-04 发布", Exact = false })).ToBeVisibleAsync();
            id = analyst.Url.Split('/')[^1];
        }
        var (adminContext, admin) = await site.SignedInWithPasswordAsync("admin@ctecskills.demo");
        await using var _ = adminContext;
        Assert.Equal(404, (await admin.APIRequest.GetAsync($"/api/v1/index/releases/{id}")).Status);

        await admin.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "管理", Exact = true }).ClickAsync();
        await admin.GetByRole(AriaRole.Link, new() { Name = "指数发布", Exact = true }).ClickAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = $"发布 2025-04 #{id}" }).ClickAsync();

        await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync($"已发布 #{id}");
        await Expect(admin.GetByRole(AriaRole.Button, new() { Name = $"发布 2025-04 #{id}" })).ToHaveCountAsync(0);
        var published = await admin.APIRequest.GetAsync($"/api/v1/index/releases/{id}");
        Assert.Equal(200, published.Status);
    }
}
