using System.Net;
using System.Net.Http.Json;
using CtecSkills.IntegrationTests.Infrastructure;
using CtecSkills.TestHost;

namespace CtecSkills.IntegrationTests.Verification;

/// <summary>The app with a low verification limit, so that a client walking the code space is stopped.</summary>
public sealed class LowVerifyLimitApp : CtecSkillsApp
{
    public const int VerifyPerMinute = 3;

    protected override void AddSettings(IDictionary<string, string?> settings) =>
        settings[SettingKeys.VerifyPerMinute] = Number(VerifyPerMinute);
}

public sealed class VerifyRateLimitTests(LowVerifyLimitApp app) : IClassFixture<LowVerifyLimitApp>
{
    [Fact]
    public async Task VerifyApisAndPage_MoreThanTheLimitWithinAMinute_Get429()
    {
        using var client = app.CreateClient();
        for (var i = 0; i < LowVerifyLimitApp.VerifyPerMinute; i++)
        {
            using var allowed = await client.PostAsJsonAsync("/api/v1/verify", new { code = "0000-0000-00A" });
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refusedApi = await client.PostAsJsonAsync("/api/v1/verify", new { code = "0000-0000-00A" });
        using var refusedPage = await client.GetAsync("/verify/0000000000A");
        // The W3C VC API verifier counts in the same bucket: a client cannot double its guesses by switching API.
        using var refusedVcApi = await client.PostAsJsonAsync("/credentials/verify", new { verifiableCredential = new { id = "urn:uuid:0" } });

        Assert.Equal(HttpStatusCode.TooManyRequests, refusedApi.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, refusedPage.StatusCode);
        Assert.True(refusedApi.Headers.Contains("Retry-After"));
        Assert.Equal(HttpStatusCode.TooManyRequests, refusedVcApi.StatusCode);
        Assert.True(refusedVcApi.Headers.Contains("Retry-After"));
        Assert.Equal("application/problem+json", refusedVcApi.Content.Headers.ContentType?.MediaType);
    }
}
