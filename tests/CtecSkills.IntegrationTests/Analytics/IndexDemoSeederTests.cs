using System.Net.Http.Json;
using System.Text.Json;
using CtecSkills.Core.Seeding;
using CtecSkills.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.IntegrationTests.Analytics;

/// <summary>The demo's index releases are published by the demo admin, so the open data of a demo site is not empty.</summary>
public sealed class IndexDemoSeederTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    [Fact]
    public async Task SeedAsync_DemoFacts_EveryDemoReleaseIsPublishedAndServedByTheOpenData()
    {
        await app.WithServiceAsync<IndexDemoSeeder, bool>(async s =>
        {
            await s.SeedAsync(3_000, default);
            return true;
        });

        var releases = await app.QueryAsync(db => db.IndexReleases.Where(r => r.CreatedBy == "demo").ToListAsync());
        Assert.Equal(7, releases.Count);
        Assert.All(releases, r => Assert.Equal(CtecSkillsApp.AdminEmail, r.PublishedBy));
        using var api = app.CreateClient();
        var list = await api.GetFromJsonAsync<JsonElement>("/api/v1/index/releases");
        Assert.Equal(releases.Select(r => r.Id).Order(), list.EnumerateArray().Select(r => r.GetProperty("id").GetInt32()).Order());
        var latest = await api.GetFromJsonAsync<JsonElement>("/api/v1/index/releases/latest");
        Assert.True(latest.GetProperty("release").GetProperty("syntheticFactCount").GetInt32() > 0);
    }
}
