using CtecSkills.Core.Accounts;
using CtecSkills.Core.Data;
using CtecSkills.IntegrationTests.Cluster;
using CtecSkills.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.IntegrationTests.Platform;

/// <summary>
/// One SQLite file, many requests writing at once (docs/decisions/0038): a writer that finds the write lock taken waits
/// inside SQLite for it (<c>busy_timeout</c>, as long as the command timeout) and then succeeds, instead of failing or
/// sleeping in Microsoft.Data.Sqlite's fixed 150 ms steps. Real files, connections configured as the app configures them.
/// </summary>
public sealed class SqliteBusyTimeoutTests
{
    [SqliteFact]
    public async Task SaveChanges_SecondWriterWhileTheFirstHoldsTheLock_BothRowsAreStored()
    {
        await using var database = new SqliteTestDatabase();
        var options = await MigratedAsync(database, database.ConnectionString);
        await using var first = new AppDbContext(options);
        await using var second = new AppDbContext(options);

        Task<int> secondSave;
        await using (var holding = await first.Database.BeginTransactionAsync())
        {
            first.Users.Add(Learner("13900990001"));
            await first.SaveChangesAsync();
            second.Users.Add(Learner("13900990002"));
            secondSave = Task.Run(() => second.SaveChangesAsync());
            await Task.Delay(TimeSpan.FromMilliseconds(300));
            Assert.False(secondSave.IsCompleted, "The second writer finished while the first held the write lock.");
            await holding.CommitAsync();
        }

        Assert.Equal(1, await secondSave);
        await using var reader = new AppDbContext(options);
        Assert.Equal(2, await reader.Users.CountAsync(u => u.PhoneNumber == "13900990001" || u.PhoneNumber == "13900990002"));
    }

    [SqliteFact]
    public async Task ConnectionOpened_ByTheApp_WaitsInSqliteAsLongAsTheCommandTimeout()
    {
        await using var database = new SqliteTestDatabase();
        var defaults = await MigratedAsync(database, database.ConnectionString);
        var shorter = await MigratedAsync(database, database.ConnectionString + ";Default Timeout=5");

        Assert.Equal(30_000, await BusyTimeoutAsync(defaults));
        Assert.Equal(5_000, await BusyTimeoutAsync(shorter));
    }

    private static async Task<DbContextOptions<AppDbContext>> MigratedAsync(SqliteTestDatabase database, string connection)
    {
        await database.CreateAsync();
        var options = new DbContextOptionsBuilder<AppDbContext>();
        DatabaseSetup.Configure(options, DatabaseProvider.Sqlite, connection, Path.GetTempPath());
        await using var db = new AppDbContext(options.Options);
        await DatabaseSetup.MigrateAsync(db, CancellationToken.None);
        return options.Options;
    }

    private static async Task<long> BusyTimeoutAsync(DbContextOptions<AppDbContext> options)
    {
        await using var db = new AppDbContext(options);
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA busy_timeout;";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static AppUser Learner(string phone) => new()
    {
        UserName = phone,
        PhoneNumber = phone,
        DisplayName = "并发写入",
        CreatedAt = TimeProvider.System.GetUtcNow(),
    };
}
