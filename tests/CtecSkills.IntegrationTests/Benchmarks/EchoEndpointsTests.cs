using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CtecSkills.IntegrationTests.Infrastructure;
using CtecSkills.TestHost;

namespace CtecSkills.IntegrationTests.Benchmarks;

/// <summary>The app as installed: no benchmark setting.</summary>
public sealed class EchoEndpointsOffTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    [Fact]
    public async Task EchoApiAndPage_SettingOff_AreNotFound()
    {
        using var client = app.CreateClient();

        using var api = await client.PostAsJsonAsync("/api/v1/echo?bytes=1000", new { code = "0000-0000-00A" });
        using var page = await client.GetAsync("/echo/0000000000A?bytes=1000");

        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
    }
}

/// <summary>The app with <c>Benchmarks:EchoEndpoints</c> on, as the verification benchmark starts it.</summary>
public class EchoApp : CtecSkillsApp
{
    protected override void AddSettings(IDictionary<string, string?> settings) =>
        settings[SettingKeys.EchoEndpoints] = "true";
}

public sealed class EchoEndpointsOnTests(EchoApp app) : IClassFixture<EchoApp>
{
    [Theory]
    [InlineData(130)]
    [InlineData(131)]
    [InlineData(175)]
    [InlineData(1_234)]
    [InlineData(20_000)]
    public async Task EchoApi_AskedForBytes_AnswersVerifyShapedJsonOfExactlyThatSize(int bytes)
    {
        using var client = app.CreateClient();

        using var response = await client.PostAsJsonAsync($"/api/v1/echo?bytes={bytes}", new { code = "0000-0000-00A" });
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes, body.Length);
        using var json = JsonDocument.Parse(body);
        Assert.True(json.RootElement.GetProperty("verified").GetBoolean());
        Assert.Equal("valid", json.RootElement.GetProperty("status").GetString());
        Assert.NotEqual(0, json.RootElement.GetProperty("checks").GetArrayLength());
    }

    [Fact]
    public async Task EchoApi_BodyNotAnObject_IsAProblem400LikeVerify()
    {
        using var client = app.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/v1/echo?bytes=1000", "a string");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task EchoPage_AskedForMoreBytes_GrowsByExactlyThoseBytesInsideTheSiteLayout()
    {
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");

        var small = await client.GetStringAsync("/echo/0000000000A?bytes=1000");
        var large = await client.GetByteArrayAsync("/echo/0000000000A?bytes=9000");
        var smallBytes = System.Text.Encoding.UTF8.GetByteCount(small);

        Assert.Equal(smallBytes + 8_000, large.Length);
        Assert.Contains("回声页（性能测量基线）", small, StringComparison.Ordinal);
        // The layout's navigation and stylesheet, as on /verify/{code}.
        Assert.Contains("<nav", small, StringComparison.Ordinal);
        Assert.Contains(".css", small, StringComparison.Ordinal);
    }
}

/// <summary>The echo endpoints with a low verification limit: they count in the verify policy, as the API they stand in for.</summary>
public sealed class LowLimitEchoApp : EchoApp
{
    public const int VerifyPerMinute = 3;

    protected override void AddSettings(IDictionary<string, string?> settings)
    {
        base.AddSettings(settings);
        settings[SettingKeys.VerifyPerMinute] = Number(VerifyPerMinute);
    }
}

public sealed class EchoEndpointsRateLimitTests(LowLimitEchoApp app) : IClassFixture<LowLimitEchoApp>
{
    [Fact]
    public async Task EchoApiAndPage_OneMoreThanTheVerifyLimitAtOnce_ExactlyOneRefusedThenThePageToo()
    {
        using var client = app.CreateClient();

        var answers = await Task.WhenAll(Enumerable.Range(0, LowLimitEchoApp.VerifyPerMinute + 1).Select(async _ =>
        {
            using var response = await client.PostAsJsonAsync("/api/v1/echo?bytes=1000", new { code = "0000-0000-00A" });
            return (response.StatusCode, RetryAfter: response.Headers.Contains("Retry-After"));
        }));
        using var page = await client.GetAsync("/echo/0000000000A?bytes=1000");

        Assert.Equal(LowLimitEchoApp.VerifyPerMinute, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.TooManyRequests && a.RetryAfter);
        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);
    }
}
