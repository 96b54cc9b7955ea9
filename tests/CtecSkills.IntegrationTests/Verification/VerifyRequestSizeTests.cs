using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CtecSkills.Core.Seeding;
using CtecSkills.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.IntegrationTests.Verification;

/// <summary>The app behind real Kestrel: the in-memory test server does not enforce request size limits.</summary>
public sealed class KestrelServedApp : CtecSkillsApp
{
    protected override Task BeforeStartAsync()
    {
        UseKestrel(0);
        return Task.CompletedTask;
    }
}

/// <summary>Both public verification APIs refuse a body over their limit as problem details, and verify and log nothing.</summary>
public sealed class VerifyRequestSizeTests(KestrelServedApp app) : IClassFixture<KestrelServedApp>
{
    [Theory]
    [InlineData("/credentials/verify")]
    [InlineData("/api/v1/verify")]
    public async Task VerifyApis_CredentialOverTheSizeLimit_413ProblemDetailsAndNothingLogged(string path)
    {
        var credential = await app.IssuedCredentialAsync(DemoSeeder.Bases[0]);
        var huge = JsonNode.Parse(credential.CredentialJson)!.AsObject();
        huge["description"] = new string('长', 400_000);
        var logged = await app.QueryAsync(db => db.VerificationLogs.CountAsync());
        using var client = app.CreateClient();

        using var response = await client.PostAsJsonAsync(path, path == "/api/v1/verify" ? (object)huge : new { verifiableCredential = huge });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(logged, await app.QueryAsync(db => db.VerificationLogs.CountAsync()));
    }
}
