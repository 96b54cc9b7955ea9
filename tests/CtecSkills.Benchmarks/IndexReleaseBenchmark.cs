using System.Diagnostics;
using System.Globalization;
using CtecSkills.Core.Analytics;
using CtecSkills.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CtecSkills.Benchmarks;

/// <summary>
/// Budget: a release plus every measure over 1,000,000 facts in ≤ 5 s and ≤ 3× one SQL GROUP BY over the same facts,
/// side by side on SQLite and — when <c>CTEC_BENCH_POSTGRES</c> names a server — on PostgreSQL. The facts come from
/// the seeded synthetic generator, one year of them over the real localities.
/// </summary>
public static class IndexReleaseBenchmark
{
    public const int Facts = 1_000_000;
    private const int Runs = 3;
    private static readonly ReleasePeriod Year = new(ReleasePeriodKind.Year, 2025, 1);

    public static async Task<int> RunAsync()
    {
        var rows = new List<string>();
        var within = true;
        await using (var host = await BenchmarkHost.StartAsync("index"))
        {
            within &= await MeasureAsync(host, "SQLite", rows);
        }
        var server = Environment.GetEnvironmentVariable("CTEC_BENCH_POSTGRES");
        if (!string.IsNullOrEmpty(server))
        {
            var database = $"ctec_bench_{Guid.NewGuid():N}"[..24];
            await ExecuteAsync(server, $"CREATE DATABASE {database}");
            try
            {
                var connection = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
                await using var host = await BenchmarkHost.StartAsync("index", "Postgres", connection);
                within &= await MeasureAsync(host, "PostgreSQL", rows);
            }
            finally
            {
                NpgsqlConnection.ClearAllPools();
                await ExecuteAsync(server, $"DROP DATABASE {database} WITH (FORCE)");
            }
        }
        else
        {
            Console.WriteLine("(set CTEC_BENCH_POSTGRES to a server connection string to measure PostgreSQL too)");
        }

        Console.WriteLine("| database | facts | insert s | one GROUP BY s | release s | measures s | release + measures s | ratio to GROUP BY |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        rows.ForEach(Console.WriteLine);
        Console.WriteLine(within ? "within budget" : "OVER budget (5 s, 3× GROUP BY)");
        return within ? 0 : 1;
    }

    private static async Task<bool> MeasureAsync(BenchmarkHost host, string name, List<string> rows)
    {
        await using var scope = host.App.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<AppDbContext>();
        var insert = Stopwatch.StartNew();
        var written = await SyntheticFacts.GenerateAndInsertAsync(db, Facts, Year.FirstMonth, Year.LastMonth, seed: 7, CancellationToken.None);
        insert.Stop();
        // What autovacuum does after a bulk load anyway: statistics, and the visibility map that lets PostgreSQL answer
        // from an index alone. Both sides of the comparison read the same table after it.
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE \"LearningFacts\"");
        }

        // Best of three, after one warm-up each, so that both sides read from a warm cache.
        await GroupByAsync(db);
        var groupBy = double.MaxValue;
        for (var i = 0; i < Runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await GroupByAsync(db);
            groupBy = Math.Min(groupBy, watch.Elapsed.TotalSeconds);
        }

        double best = double.MaxValue, bestRelease = 0, bestMeasures = 0;
        for (var i = 0; i <= Runs; i++)
        {
            await using var run = host.App.Services.CreateAsyncScope();
            var releases = run.ServiceProvider.GetRequiredService<IndexReleaseService>();
            var watch = Stopwatch.StartNew();
            var built = await releases.BuildAsync(new ReleaseRequest(Year, ReleaseBreakdown.None, 10, 1.0, "benchmark"), CancellationToken.None);
            var release = watch.Elapsed.TotalSeconds;
            var view = await releases.ViewAsync(built.Release!.Id, ReleaseScope.All, CancellationToken.None);
            var total = watch.Elapsed.TotalSeconds;
            _ = view!.Report.Inequality.TheilT.Total;
            if (i > 0 && total < best)
            {
                (best, bestRelease, bestMeasures) = (total, release, total - release);
            }
        }
        var ratio = best / groupBy;
        rows.Add(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {written:N0} | {insert.Elapsed.TotalSeconds:F1} | {groupBy:F2} | {bestRelease:F2} | {bestMeasures:F3} | {best:F2} | {ratio:F2} |"));
        return best <= 5 && ratio <= 3;
    }

    private static Task<int> GroupByAsync(AppDbContext db) => GroupByAsync(db, Year);

    // The reference: the period's facts counted per locality, urban/rural and kind, with nothing else.
    internal static async Task<int> GroupByAsync(AppDbContext db, ReleasePeriod period)
    {
        var (first, last) = (period.FirstMonth, period.LastMonth);
        var groups = await db.LearningFacts.AsNoTracking()
            .Where(f => f.Period >= first && f.Period <= last)
            .GroupBy(f => new { f.LocalityCode, f.Area, f.Kind })
            .Select(g => new { g.Key, Count = g.Count() })
            .ToListAsync();
        return groups.Count;
    }

    internal static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
