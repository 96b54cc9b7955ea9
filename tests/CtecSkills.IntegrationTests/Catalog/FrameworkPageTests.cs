using System.Net;
using System.Text.Json.Nodes;
using CtecSkills.Core.Seeding;
using CtecSkills.IntegrationTests.Infrastructure;

namespace CtecSkills.IntegrationTests.Catalog;

/// <summary>The framework alignment URLs a credential names answer with a page an HR officer can read.</summary>
public sealed class FrameworkPageTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    [Fact]
    public async Task AlignmentUrls_OfAnIssuedCredential_AnswerWithThePageOfTheirCategoryAndLevelListingTheCourse()
    {
        var credential = await app.IssuedCredentialAsync(DemoSeeder.Bases[0]);
        var alignments = JsonNode.Parse(credential.CredentialJson)!["credentialSubject"]!["achievement"]!["alignment"]!.AsArray();
        using var browser = app.CreateBrowserClient();

        var urls = alignments.Select(a => new Uri(a!["targetUrl"]!.GetValue<string>())).ToList();
        Assert.Contains(urls, u => u.AbsolutePath.StartsWith("/framework/categories/", StringComparison.Ordinal));
        Assert.Contains(urls, u => u.AbsolutePath.StartsWith("/framework/levels/", StringComparison.Ordinal));
        foreach (var alignment in alignments)
        {
            var path = new Uri(alignment!["targetUrl"]!.GetValue<string>()).AbsolutePath;
            var page = await CtecSkillsApp.GetPageAsync(browser, path);

            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Equal("川渝数字技能框架：" + alignment["targetName"]!.GetValue<string>(), page.Heading);
            Assert.NotNull(page.Document.QuerySelector($"main a[href='/courses/{CtecSkillsApp.TestCourseSlug}']"));
        }
    }

    [Fact]
    public async Task CoursePage_LinksItsCategoryAndLevelPages()
    {
        await app.EnsureCourseAsync();
        using var browser = app.CreateBrowserClient();

        var course = await CtecSkillsApp.GetPageAsync(browser, $"/courses/{CtecSkillsApp.TestCourseSlug}");

        var link = course.Document.QuerySelector("a[href^='/framework/categories/']")!.GetAttribute("href")!;
        Assert.Equal(HttpStatusCode.OK, (await CtecSkillsApp.GetPageAsync(browser, link)).Status);
        Assert.NotNull(course.Document.QuerySelector("a[href^='/framework/levels/']"));
    }

    [Theory]
    [InlineData("/framework/categories/Nothing")]
    [InlineData("/framework/categories/1")]
    [InlineData("/framework/categories/safepayment")]
    [InlineData("/framework/levels/99")]
    [InlineData("/framework/levels/Master")]
    public async Task FrameworkPage_UnknownNode_NotFound(string path)
    {
        using var browser = app.CreateBrowserClient();

        using var response = await browser.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
