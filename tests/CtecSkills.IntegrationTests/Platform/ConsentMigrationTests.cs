using CtecSkills.Core.Accounts;
using CtecSkills.Core.Data;
using CtecSkills.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CtecSkills.IntegrationTests.Platform;

/// <summary>The migration that starts the consent history carries every acceptance stored before it as a first step.</summary>
public sealed class ConsentMigrationTests
{
    [Fact]
    public async Task ConsentMigration_OnADatabaseWithAcceptances_TurnsEachIntoAFirstGivenStep()
    {
        await using var database = TestDatabase.FromEnvironment();
        await database.CreateAsync();
        var options = new DbContextOptionsBuilder<AppDbContext>();
        DatabaseSetup.Configure(options, Enum.Parse<DatabaseProvider>(database.Provider), database.ConnectionString, Path.GetTempPath());
        await using var db = new AppDbContext(options.Options);
        var migrations = db.Database.GetMigrations().ToList();
        var consent = migrations.FindIndex(m => m.EndsWith("_PersonalData", StringComparison.Ordinal));
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(migrations[consent - 1]);
        var acceptedAt = new DateTimeOffset(2026, 11, 20, 8, 30, 0, TimeSpan.Zero);
        var accepted = new AppUser { UserName = "13700000001", PhoneNumber = "13700000001", DisplayName = "早同意", PrivacyNoticeVersion = "2026-11", PrivacyAcceptedAt = acceptedAt };
        var rostered = new AppUser { UserName = "13700000002", PhoneNumber = "13700000002", DisplayName = "未登录" };
        db.Users.AddRange(accepted, rostered);
        await db.SaveChangesAsync();

        await DatabaseSetup.MigrateAsync(db, CancellationToken.None);

        var steps = await db.ConsentRecords.AsNoTracking().ToListAsync();
        var step = Assert.Single(steps);
        Assert.Equal((accepted.Id, "2026-11", acceptedAt, true, ConsentWay.BeforeHistory), (step.UserId, step.NoticeVersion, step.At, step.Given, step.Way));
    }
}
