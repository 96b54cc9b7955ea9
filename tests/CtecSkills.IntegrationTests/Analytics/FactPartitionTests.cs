using System.Data.Common;
using System.Text.Json;
using CtecSkills.Core.Analytics;
using CtecSkills.Core.Catalog;
using CtecSkills.Core.Data;
using CtecSkills.Core.Regions;
using CtecSkills.IntegrationTests.Infrastructure;
using CtecSkills.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace CtecSkills.IntegrationTests.Analytics;

/// <summary>
/// Learning facts partitioned by month on PostgreSQL (docs/decisions/0031): the migration keeps every fact, facts of a
/// month without a partition wait in the default one and are still counted, the coming months' partitions are made
/// ahead (once, whoever runs at the same moment), and a release's queries name only its period's partitions. On
/// SQLite the table stays one plain table and the partition step does nothing.
/// </summary>
public sealed class FactPartitionTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    private bool Partitioned => app.DatabaseProvider == "Postgres";

    [Fact]
    public async Task BuildRelease_MonthAndQuarter_QueriesNameOnlyThePeriodsPartitions()
    {
        // 20 learners a month from 2024-10 to 2025-02: months long before the ones the app made partitions for.
        var months = new[] { 202410, 202411, 202412, 202501, 202502 };
        await app.QueryAsync(db => SyntheticFacts.InsertAsync(db, months.SelectMany(m => Facts(m, 20, "explain")), CancellationToken.None));
        if (Partitioned)
        {
            Assert.All(await PlacementAsync("explain"), p => Assert.Equal(FactPartitions.DefaultPartition, p.Partition));
        }
        var january = new ReleasePeriod(ReleasePeriodKind.Month, 2025, 1);
        var waiting = await BuildAsync(january);

        var result = await EnsureAsync(TimeProvider.System);

        // Waiting in the default partition, the facts were counted all the same; now each is in its month's partition.
        Assert.Equal(50, waiting.FactCount);
        Assert.Equal(50, (await BuildAsync(january)).FactCount);
        if (!Partitioned)
        {
            Assert.Empty(result.Created);
            Assert.Empty(await app.QueryAsync(db => db.Database.SqlQueryRaw<string>(
                "SELECT name AS \"Value\" FROM sqlite_master WHERE name LIKE 'LearningFacts\\_%' ESCAPE '\\'").ToListAsync()));
            return;
        }
        Assert.Equal(months, result.Created);
        Assert.All(await PlacementAsync("explain"), p => Assert.Equal(FactPartitions.PartitionOf(p.Period), p.Partition));

        var monthPlans = await PlannedRelationsAsync(january);
        var quarterPlans = await PlannedRelationsAsync(new ReleasePeriod(ReleasePeriodKind.Quarter, 2024, 4));

        // Each release asks twice (is it current? then the one GROUP BY), and each plan reads its months alone.
        Assert.True(monthPlans.Count >= 2, $"{monthPlans.Count} queries on the facts.");
        Assert.All(monthPlans, plan => Assert.Equal(["LearningFacts_202501"], plan));
        Assert.True(quarterPlans.Count >= 2, $"{quarterPlans.Count} queries on the facts.");
        Assert.All(quarterPlans, plan => Assert.Equal(["LearningFacts_202410", "LearningFacts_202411", "LearningFacts_202412"], plan));
    }

    [Fact]
    public async Task EnsurePartitions_TwoNodesAtOnce_MakeTheComingMonthsOnceAndFactsLandInThem()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2031, 12, 15, 12, 0, 0, BeijingTime.Offset));

        var both = await Task.WhenAll(EnsureAsync(clock), EnsureAsync(clock));

        if (!Partitioned)
        {
            Assert.All(both, r => Assert.Empty(r.Created));
            return;
        }
        // December 2031 and the three months after it, across the new year; each made by one of the two runs.
        Assert.Equal([203112, 203201, 203202, 203203], both.SelectMany(r => r.Created).Order());
        Assert.All(both, r => Assert.False(r.LockTimedOut));
        await app.QueryAsync(db => SyntheticFacts.InsertAsync(db, Facts(203201, 3, "ahead").Concat(Facts(203112, 2, "ahead")), CancellationToken.None));
        var placed = await PlacementAsync("ahead");
        Assert.Equal(8, placed.Count(p => p.Partition == "LearningFacts_203201"));
        Assert.Equal(5, placed.Count(p => p.Partition == "LearningFacts_203112"));
        Assert.Equal(13, placed.Count);
    }

    [Fact]
    public async Task EnsurePartitions_TableHeldByALongQuery_GivesUpAfterTheTimeoutChangingNothingAndTheNextRunMakesThem()
    {
        if (!Partitioned)
        {
            return;
        }
        var clock = new FakeTimeProvider(new DateTimeOffset(2034, 3, 1, 9, 0, 0, BeijingTime.Offset));
        var reader = new NpgsqlConnection(app.Settings[SettingKeys.ConnectionString]);
        await using (reader)
        {
            await reader.OpenAsync();
            await using var longRead = await reader.BeginTransactionAsync();
            // A release in the middle of its GROUP BY holds this lock until it ends.
            await using (var read = new NpgsqlCommand("SELECT count(*) FROM \"LearningFacts\"", reader, longRead))
            {
                await read.ExecuteScalarAsync();
            }

            var blocked = await EnsureAsync(clock);

            Assert.True(blocked.LockTimedOut);
            Assert.Empty(blocked.Created);
            Assert.DoesNotContain("LearningFacts_203403", await PartitionNamesAsync());
        }

        var next = await EnsureAsync(clock);

        Assert.Equal([203403, 203404, 203405, 203406], next.Created);
        Assert.Contains("LearningFacts_203403", await PartitionNamesAsync());
    }

    [Fact]
    public async Task ScaleOut_DatabaseWithFactsAtThePreviousMigration_KeepsEveryFactWithItsId()
    {
        await using var database = TestDatabase.FromEnvironment();
        await database.CreateAsync();
        var options = new DbContextOptionsBuilder<AppDbContext>();
        DatabaseSetup.Configure(options, Enum.Parse<DatabaseProvider>(database.Provider), database.ConnectionString, Path.GetTempPath());
        await using var db = new AppDbContext(options.Options);
        var migrations = db.Database.GetMigrations().ToList();
        var scaleOut = migrations.FindIndex(m => m.EndsWith("_ScaleOut", StringComparison.Ordinal));
        // SQLite's table does not change (it has no ScaleOut): its facts must come through every migration since the
        // baseline all the same.
        Assert.Equal(Partitioned, scaleOut >= 0);
        await db.GetService<IMigrator>().MigrateAsync(scaleOut >= 0 ? migrations[scaleOut - 1] : migrations[0]);
        // Months with facts, one December (its partition runs to the next January), and a period that names no month.
        var facts = new[] { 202411, 202412, 202501, 202606, 202513 }.SelectMany(m => Facts(m, 7, "migrated")).ToList();
        await SyntheticFacts.InsertAsync(db, facts, CancellationToken.None);
        var before = await db.LearningFacts.AsNoTracking().OrderBy(f => f.Id)
            .Select(f => new { f.Id, f.Period, f.Kind, f.LocalityCode, f.Pseudonym, f.LearnerKey }).ToListAsync();

        await DatabaseSetup.MigrateAsync(db, CancellationToken.None);

        var after = await db.LearningFacts.AsNoTracking().OrderBy(f => f.Id)
            .Select(f => new { f.Id, f.Period, f.Kind, f.LocalityCode, f.Pseudonym, f.LearnerKey }).ToListAsync();
        Assert.Equal(facts.Count, after.Count);
        Assert.Equal(before, after);
        // The ids carry on after the old ones.
        var next = Facts(202606, 1, "after").First();
        db.LearningFacts.Add(next);
        await db.SaveChangesAsync();
        Assert.True(next.Id > before.Max(f => f.Id));
        if (Partitioned)
        {
            var placed = await db.Database.SqlQueryRaw<Placed>(
                "SELECT \"Period\", \"Pseudonym\", trim(both '\"' from tableoid::regclass::text) AS \"Partition\" FROM \"LearningFacts\"").ToListAsync();
            Assert.All(placed, p => Assert.Equal(p.Period == 202513 ? FactPartitions.DefaultPartition : FactPartitions.PartitionOf(p.Period), p.Partition));

            // Going back (Down) puts the same facts in one plain table again.
            await db.GetService<IMigrator>().MigrateAsync(migrations[scaleOut - 1]);
            var back = await db.LearningFacts.AsNoTracking().OrderBy(f => f.Id)
                .Select(f => new { f.Id, f.Period, f.Kind, f.LocalityCode, f.Pseudonym, f.LearnerKey }).ToListAsync();
            Assert.Equal([.. after, new { next.Id, next.Period, next.Kind, next.LocalityCode, next.Pseudonym, next.LearnerKey }], back);
            Assert.Empty(await db.Database.SqlQueryRaw<string>(
                "SELECT c.relname AS \"Value\" FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = '\"LearningFacts\"'::regclass").ToListAsync());
        }
    }

    /// <summary>Per learner an enrollment and a completion (and for every other learner a credential) in the month.</summary>
    private static IEnumerable<LearningFact> Facts(int month, int learners, string tag)
    {
        for (var i = 0; i < learners; i++)
        {
            LearningFact Fact(FactKind kind) => new()
            {
                Kind = kind,
                Period = month,
                LocalityCode = "510100",
                Area = Area.Urban,
                AgeBand = AgeBand.Unknown,
                Category = CourseCategory.SafePayment,
                Level = CourseLevel.Beginner,
                Pseudonym = $"test:{tag}:{month}:{i}",
            };
            yield return Fact(FactKind.Enrollment);
            yield return Fact(FactKind.Completion);
            if (i % 2 == 0)
            {
                yield return Fact(FactKind.Credential);
            }
        }
    }

    private async Task<IndexRelease> BuildAsync(ReleasePeriod period)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<IndexReleaseService>()
            .BuildAsync(new ReleaseRequest(period, ReleaseBreakdown.None, 10, null, "test"), CancellationToken.None);
        return result.Release!;
    }

    private async Task<PartitionResult> EnsureAsync(TimeProvider clock)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await ActivatorUtilities.CreateInstance<FactPartitions>(scope.ServiceProvider, clock).EnsureAsync(CancellationToken.None);
    }

    private Task<List<Placed>> PlacementAsync(string tag) => app.QueryAsync(db => db.Database.SqlQueryRaw<Placed>(
        "SELECT \"Period\", \"Pseudonym\", trim(both '\"' from tableoid::regclass::text) AS \"Partition\" FROM \"LearningFacts\" WHERE \"Pseudonym\" LIKE {0}",
        $"test:{tag}:%").ToListAsync());

    private Task<List<string>> PartitionNamesAsync() => app.QueryAsync(db => db.Database.SqlQueryRaw<string>(
        "SELECT c.relname AS \"Value\" FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = '\"LearningFacts\"'::regclass").ToListAsync());

    /// <summary>
    /// Builds a release through the real service while recording every command it sends, then asks PostgreSQL for the
    /// plan of each command that reads the facts, with the same parameters: the tables each plan reads.
    /// </summary>
    private async Task<List<List<string>>> PlannedRelationsAsync(ReleasePeriod period)
    {
        var recorder = new CommandRecorder();
        var options = new DbContextOptionsBuilder<AppDbContext>();
        DatabaseSetup.Configure(options, DatabaseProvider.Postgres, app.Settings[SettingKeys.ConnectionString], Path.GetTempPath());
        options.AddInterceptors(recorder);
        await using (var db = new AppDbContext(options.Options))
        {
            var releases = new IndexReleaseService(db, TimeProvider.System);
            await releases.IsCurrentAsync(period, ReleaseBreakdown.None, CancellationToken.None);
            Assert.NotNull((await releases.BuildAsync(new ReleaseRequest(period, ReleaseBreakdown.None, 10, 1.0, "test"), CancellationToken.None)).Release);
        }
        var plans = new List<List<string>>();
        await using var connection = new NpgsqlConnection(app.Settings[SettingKeys.ConnectionString]);
        await connection.OpenAsync();
        foreach (var (sql, parameters) in recorder.Commands.Where(c => c.Sql.Contains("FROM \"LearningFacts\"", StringComparison.Ordinal)))
        {
            await using var explain = new NpgsqlCommand("EXPLAIN (FORMAT JSON) " + sql, connection);
            explain.Parameters.AddRange(parameters);
            using var plan = JsonDocument.Parse((string)(await explain.ExecuteScalarAsync())!);
            plans.Add([.. Relations(plan.RootElement).Distinct().Order(StringComparer.Ordinal)]);
        }
        return plans;
    }

    private static IEnumerable<string> Relations(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p =>
            p.Name == "Relation Name" ? [p.Value.GetString()!] : Relations(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Relations),
        _ => [],
    };

    private sealed class Placed
    {
        public int Period { get; init; }
        public required string Pseudonym { get; init; }
        public required string Partition { get; init; }
    }

    private sealed class CommandRecorder : DbCommandInterceptor
    {
        public List<(string Sql, NpgsqlParameter[] Parameters)> Commands { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Record(command);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Record(command);
            return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
        }

        private void Record(DbCommand command) =>
            Commands.Add((command.CommandText, [.. command.Parameters.Cast<NpgsqlParameter>().Select(p => p.Clone())]));
    }
}
