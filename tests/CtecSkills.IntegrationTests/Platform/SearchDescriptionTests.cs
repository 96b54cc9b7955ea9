using System.Net;
using System.Net.Http.Headers;
using CtecSkills.IntegrationTests.Infrastructure;

namespace CtecSkills.IntegrationTests.Platform;

/// <summary>
/// What a search result or a shared link's preview shows: each public page describes itself in its own words, in the
/// reader's language, and robots.txt lets search engines reach the public pages.
/// </summary>
public sealed class SearchDescriptionTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    [Fact]
    public async Task PublicPages_EachDescribeThemselvesInTheirOwnWords()
    {
        var slug = await app.EnsureCourseAsync();
        using var visitor = app.CreateBrowserClient();
        var (learner, _) = await app.SignedInLearnerAsync();
        string[] paths =
        [
            "/", "/account/phone", "/account/signin", "/courses", $"/courses/{slug}", $"/courses/{slug}/lessons/1",
            "/verify", "/index/methodology", "/privacy",
        ];

        var descriptions = new Dictionary<string, string>();
        foreach (var path in paths)
        {
            descriptions[path] = Description(await CtecSkillsApp.GetPageAsync(visitor, path));
        }
        var quiz = await CtecSkillsApp.GetPageAsync(learner, $"/courses/{slug}/quiz");
        descriptions["quiz"] = Description(quiz);
        var lesson = await CtecSkillsApp.GetPageAsync(visitor, $"/courses/{slug}/lessons/1");

        Assert.All(descriptions, d => Assert.True(d.Value.Length >= 20, $"{d.Key} is described as \"{d.Value}\"."));
        Assert.Equal(descriptions.Count, descriptions.Values.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains(lesson.Heading, descriptions[$"/courses/{slug}/lessons/1"], StringComparison.Ordinal);
        Assert.Contains("结业测验", descriptions["quiz"], StringComparison.Ordinal);
        Assert.Equal("zh-CN", lesson.Document.DocumentElement.GetAttribute("lang"));
        Assert.False(string.IsNullOrWhiteSpace(lesson.Document.Title));
    }

    [Fact]
    public async Task Home_InEnglish_IsDescribedInEnglish()
    {
        using var client = app.CreateBrowserClient();
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("en"));

        var page = await CtecSkillsApp.GetPageAsync(client, "/");

        Assert.Equal("en", page.Document.DocumentElement.GetAttribute("lang"));
        Assert.StartsWith("Free digital-skills courses", Description(page), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RobotsTxt_LetsSearchEnginesReachPublicPagesButNotAdminOrApi()
    {
        using var client = app.CreateBrowserClient();

        using var response = await client.GetAsync("/robots.txt");
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("User-agent: *", lines);
        Assert.Contains("Disallow: /admin/", lines);
        Assert.Contains("Disallow: /api/", lines);
        Assert.DoesNotContain("Disallow: /", lines);
    }

    private static string Description(HtmlPage page) =>
        page.Document.QuerySelector("meta[name=description]")?.GetAttribute("content") ?? "";
}
