using CtecSkills.Core.Seeding;
using CtecSkills.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.IntegrationTests.Platform;

/// <summary>
/// The app host starts on an empty database of this run's kind, applies the migrations and seeds the demo on top: a
/// model change without a migration, or a migration the demo data breaks, would break the next deployment.
/// </summary>
public sealed class MigrationsTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    [Fact]
    public async Task Model_ForThisDatabase_HasNoChangesWithoutAMigration()
    {
        Assert.False(await app.QueryAsync(db => Task.FromResult(db.Database.HasPendingModelChanges())));
        Assert.Empty(await app.QueryAsync(db => db.Database.GetPendingMigrationsAsync()));
    }

    [Fact]
    public async Task Migrations_OnAnEmptyDatabase_AreOneBaselineAndTheDemoSeedsOnTop()
    {
        var applied = await app.QueryAsync(db => db.Database.GetAppliedMigrationsAsync());

        Assert.EndsWith("_Baseline", Assert.Single(applied), StringComparison.Ordinal);
        Assert.True(await app.QueryAsync(db => db.Users.AnyAsync(u => u.Email == DemoSeeder.AdminEmail)));
        var phones = Enumerable.Range(0, DemoSeeder.LearnerNames.Count).Select(DemoSeeder.LearnerPhone).ToList();
        Assert.Equal(phones.Count, await app.QueryAsync(db => db.Users.CountAsync(u => phones.Contains(u.PhoneNumber!))));
        Assert.True(await app.QueryAsync(db => db.Cohorts.AnyAsync()));
    }
}
