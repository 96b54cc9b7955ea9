using System.Diagnostics;
using System.Globalization;
using CtecSkills.Core.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.Benchmarks;

/// <summary>
/// <c>sqlite-writers</c>: what waiting for SQLite's one write lock costs, with and without <see cref="Core.Data.SqliteConnectionSettings"/>'s busy_timeout
/// (docs/decisions/0038). <c>CTEC_WRITERS</c> (default 8,32) concurrent writers on one WAL file, each running
/// <c>CTEC_WRITES</c> (default 100) short write transactions the way EF runs a save (BEGIN IMMEDIATE, one insert, commit),
/// on connections the app's <see cref="DatabaseSetup"/> configures; "without" turns SQLite's own wait off again on each
/// connection, which leaves the waiting to Microsoft.Data.Sqlite's retry. Reports p50/p95/p99/max per transaction.
/// </summary>
public static class SqliteWritersBenchmark
{
    public static async Task<int> RunAsync()
    {
        var writerCounts = Setting("CTEC_WRITERS", "8,32").Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToArray();
        var writes = int.Parse(Setting("CTEC_WRITES", "100"), CultureInfo.InvariantCulture);
        var folder = Directory.CreateTempSubdirectory("ctec-writers-");
        try
        {
            var options = new DbContextOptionsBuilder<AppDbContext>();
            DatabaseSetup.Configure(options, DatabaseProvider.Sqlite, $"Data Source={Path.Combine(folder.FullName, "writers.db")}", folder.FullName);
            await using (var db = new AppDbContext(options.Options))
            {
                await DatabaseSetup.MigrateAsync(db, CancellationToken.None);
                await db.Database.ExecuteSqlRawAsync("CREATE TABLE BenchWrites (Id INTEGER PRIMARY KEY, Writer INTEGER NOT NULL, Payload TEXT NOT NULL)");
            }
            Console.WriteLine($"load average before: {MachineLoad.Average()}");
            Console.WriteLine("| writers | busy wait | transactions | per second | p50 ms | p95 ms | p99 ms | max ms | load average at the end |");
            Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---|");
            foreach (var writers in writerCounts)
            {
                // Each measured twice, alternating, so that what else the machine runs meanwhile falls on both.
                foreach (var sqliteWaits in new[] { false, true, false, true })
                {
                    var (tally, seconds) = await RunAsync(options.Options, writers, writes, sqliteWaits);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {writers} | {(sqliteWaits ? "SQLite busy_timeout" : "Microsoft.Data.Sqlite retry (150 ms)")} | {tally.Count:N0} | {tally.Count / seconds:F0} | {tally.PercentileCells()} | {tally.Percentile(1.0):F1} | {MachineLoad.Average()} |"));
                    if (tally.Errors > 0)
                    {
                        tally.PrintErrors("write");
                        return 1;
                    }
                }
            }
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    private static async Task<(RequestTally Tally, double Seconds)> RunAsync(DbContextOptions<AppDbContext> options, int writers, int writes, bool sqliteWaits)
    {
        var tally = new RequestTally();
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < writes; i++)
            {
                await using var db = new AppDbContext(options);
                await db.Database.OpenConnectionAsync();
                if (!sqliteWaits)
                {
                    await db.Database.ExecuteSqlRawAsync("PRAGMA busy_timeout = 0;");
                }
                var sent = Stopwatch.GetTimestamp();
                string? error = null;
                try
                {
                    await using var tx = await db.Database.BeginTransactionAsync();
                    await db.Database.ExecuteSqlAsync($"INSERT INTO BenchWrites (Writer, Payload) VALUES ({writer}, {new string('x', 200)})");
                    await tx.CommitAsync();
                }
                catch (SqliteException e)
                {
                    error = e.Message;
                }
                tally.Record(Stopwatch.GetTimestamp() - sent, error);
            }
        })));
        return (tally, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    private static string Setting(string name, string fallback) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : fallback;
}
