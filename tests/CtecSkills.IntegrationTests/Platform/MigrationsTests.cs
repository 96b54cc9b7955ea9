using CtecSkills.Core.Data;
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
    public async Task Migrations_OnAnEmptyDatabase_StartAtTheOneBaselineAndTheDemoSeedsOnTop()
    {
        var applied = (await app.QueryAsync(db => db.Database.GetAppliedMigrationsAsync())).ToList();

        Assert.EndsWith("_Baseline", applied[0], StringComparison.Ordinal);
        Assert.Single(applied, id => id.EndsWith("_Baseline", StringComparison.Ordinal));
        Assert.Equal(await app.QueryAsync(db => Task.FromResult(db.Database.GetMigrations().ToList())), applied);
        Assert.True(await app.QueryAsync(db => db.Users.AnyAsync(u => u.Email == DemoSeeder.AdminEmail)));
        var phones = Enumerable.Range(0, DemoSeeder.LearnerNames.Count).Select(DemoSeeder.LearnerPhone).ToList();
        Assert.Equal(phones.Count, await app.QueryAsync(db => db.Users.CountAsync(u => phones.Contains(u.PhoneNumber!))));
        Assert.True(await app.QueryAsync(db => db.Cohorts.AnyAsync()));
    }

    [Fact]
    public async Task Migrate_DatabaseMadeBeforeTheBaseline_RefusesAndSaysToDeleteIt()
    {
        await using var database = TestDatabase.FromEnvironment();
        await database.CreateAsync();
        var options = new DbContextOptionsBuilder<AppDbContext>();
        var provider = Enum.Parse<DatabaseProvider>(database.Provider);
        DatabaseSetup.Configure(options, provider, database.ConnectionString, Path.GetTempPath());
        await using (var old = new AppDbContext(options.Options))
        {
            // What a database from before the squash holds: a history of migrations this version no longer has.
            await DatabaseSetup.MigrateAsync(old, CancellationToken.None);
            await old.Database.ExecuteSqlRawAsync("""
                DELETE FROM "__EFMigrationsHistory" WHERE "MigrationId" NOT LIKE '%_Baseline';
                UPDATE "__EFMigrationsHistory" SET "MigrationId" = '20261130050005_Foundation';
                """);
        }

        await using var db = new AppDbContext(options.Options);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => DatabaseSetup.MigrateAsync(db, CancellationToken.None));

        Assert.Contains("20261130050005_Foundation", refused.Message, StringComparison.Ordinal);
        Assert.Contains("delete it", refused.Message, StringComparison.Ordinal);
    }
}
