using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CtecSkills.IntegrationTests.Infrastructure;

namespace CtecSkills.IntegrationTests.Platform;

/// <summary>What anyone can reach without signing in: health, the open API, languages and error pages.</summary>
public sealed class PublicSurfaceTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    private const string ChineseHeadline = "学会用手机，多一门本事";
    private const string EnglishHeadline = "Learn to use your phone, gain a new skill";

    [Fact]
    public async Task Healthz_AppAndDatabaseUp_Returns200WithHealthyDatabaseAndJobs()
    {
        using var client = app.CreateBrowserClient();

        using var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        var checks = json.RootElement.GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("jobs").GetProperty("status").GetString());
    }

    [Fact]
    public async Task HealthzLive_ProcessUp_Returns200HealthyWithoutAskingTheDatabase()
    {
        using var client = app.CreateBrowserClient();

        using var response = await client.GetAsync("/healthz/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Localities_List_Returns44WithPopulation()
    {
        using var client = app.CreateBrowserClient();

        using var response = await client.GetAsync("/api/v1/localities");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var localities = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(44, localities.Count);
        var chengdu = localities.Single(l => l.GetProperty("code").GetString() == "510100");
        Assert.Equal("Chengdu", chengdu.GetProperty("nameEn").GetString());
        Assert.True(chengdu.GetProperty("urbanPopulation").GetInt64() > 0);
    }

    [Fact]
    public async Task Localities_UnknownCode_Returns404ProblemDetails()
    {
        using var client = app.CreateBrowserClient();

        using var response = await client.GetAsync("/api/v1/localities/999999");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(404, json.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Home_NoLanguagePreference_ShowsChinese()
    {
        using var client = app.CreateBrowserClient();

        var page = await CtecSkillsApp.GetPageAsync(client, "/");

        Assert.Contains(ChineseHeadline, page.Heading);
        Assert.Equal("zh-CN", page.Document.DocumentElement.GetAttribute("lang"));
    }

    [Fact]
    public async Task Home_AcceptLanguageEnglish_ShowsEnglish()
    {
        using var client = app.CreateBrowserClient();
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("en-US"));
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("en", 0.9));

        var page = await CtecSkillsApp.GetPageAsync(client, "/");

        Assert.Contains(EnglishHeadline, page.Heading);
    }

    [Fact]
    public async Task Culture_PostEnglish_SetsCookieSoLaterPagesAreEnglish()
    {
        using var client = app.CreateBrowserClient();
        var home = await CtecSkillsApp.GetPageAsync(client, "/privacy");
        var form = home.Form("/culture").Set("culture", "en");

        using var response = await CtecSkillsApp.SubmitAsync(client, form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/privacy", response.Headers.Location?.OriginalString);
        var page = await CtecSkillsApp.GetPageAsync(client, "/");
        Assert.Contains(EnglishHeadline, page.Heading);
    }

    [Fact]
    public async Task Culture_ExternalReturnUrl_StaysOnTheSite()
    {
        using var client = app.CreateBrowserClient();
        var home = await CtecSkillsApp.GetPageAsync(client, "/");
        var form = home.Form("/culture").Set("culture", "en").Set("returnUrl", "https://evil.example/");

        using var response = await CtecSkillsApp.SubmitAsync(client, form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task UnknownPage_Returns404FriendlyChinesePageWithoutStackTrace()
    {
        using var client = app.CreateBrowserClient();

        using var response = await client.GetAsync("/does-not-exist");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var page = await HtmlPage.LoadAsync(response);
        Assert.Contains("找不到这个页面", page.Heading);
        Assert.DoesNotContain("Exception", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(" at Microsoft.", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyPage_CarriesSecurityHeaders()
    {
        using var client = app.CreateBrowserClient();

        using var response = await client.GetAsync("/");

        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }
}
