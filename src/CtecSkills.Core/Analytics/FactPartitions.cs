using System.Globalization;
using CtecSkills.Core.Data;
using CtecSkills.Core.Regions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CtecSkills.Core.Analytics;

/// <summary>What one <see cref="FactPartitions.EnsureAsync(CancellationToken)"/> did: the months it made a partition for, the facts it moved there.</summary>
public sealed record PartitionResult(IReadOnlyList<int> Created, long MovedFromDefault, bool LockTimedOut);

/// <summary>
/// On PostgreSQL the learning facts live in one partition per Beijing month, <c>LearningFacts_yyyyMM</c>, plus a default
/// partition for a month that has none (docs/decisions/0031). At startup and before every nightly release this makes the
/// partitions of the current month and the <see cref="MonthsAhead"/> next ones, so facts never wait for one; a month
/// whose facts went to the default partition (a late fact of an old month, or a lost run) gets its partition and its
/// facts moved there. SQLite has one plain table: nothing to do.
/// </summary>
public sealed partial class FactPartitions(AppDbContext db, TimeProvider clock, ILogger<FactPartitions> logger)
{
    public const string Table = "LearningFacts";
    public const string DefaultPartition = Table + "_default";
    public const int MonthsAhead = 3;

    /// <summary>
    /// How long a run waits for the table's lock (creating a partition takes an exclusive lock on the parent, which
    /// queues behind a running release and makes new queries queue behind it): short, as the months ahead leave
    /// plenty of later runs to try again.
    /// </summary>
    public const string LockTimeout = "5s";

    // Serializes runs across processes (several nodes start at once); any constant the app uses nowhere else.
    private const long AdvisoryLock = 0x43_74_65_63_46_61_63_74; // "CtecFact"

    public static string PartitionOf(int month) => string.Create(CultureInfo.InvariantCulture, $"{Table}_{month}");

    /// <summary>The yyyyMM after <paramref name="month"/>: 202612 → 202701.</summary>
    public static int NextMonth(int month) => month % 100 == 12 ? ((month / 100) + 1) * 100 + 1 : month + 1;

    /// <summary>Whether a yyyyMM names a month (a partition is made only for those; anything else stays in the default).</summary>
    public static bool IsMonth(int month) => month % 100 is >= 1 and <= 12 && month / 100 is >= 2000 and <= 2100;

    /// <summary>The current Beijing month's partition and the <see cref="MonthsAhead"/> next, and those of stranded facts.</summary>
    public Task<PartitionResult> EnsureAsync(CancellationToken ct)
    {
        var month = LearningFacts.Period(clock.GetUtcNow().ToOffset(BeijingTime.Offset));
        var last = month;
        for (var i = 0; i < MonthsAhead; i++)
        {
            last = NextMonth(last);
        }
        return EnsureAsync(month, last, ct);
    }

    /// <summary>
    /// As <see cref="EnsureAsync(CancellationToken)"/> for the months <paramref name="first"/>…<paramref name="last"/>
    /// (yyyyMM): before loading past facts in bulk (an import, the benchmarks), so they go straight to their months.
    /// </summary>
    public async Task<PartitionResult> EnsureAsync(int first, int last, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql())
        {
            return new([], 0, false);
        }
        var wanted = new SortedSet<int>();
        for (var month = first; month <= last && IsMonth(month); month = NextMonth(month))
        {
            wanted.Add(month);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.Database.ExecuteSqlRawAsync($"SET LOCAL lock_timeout = '{LockTimeout}'", ct);
            await db.Database.ExecuteSqlRawAsync(string.Create(CultureInfo.InvariantCulture, $"SELECT pg_advisory_xact_lock({AdvisoryLock})"), ct);
            var existing = (await db.Database.SqlQueryRaw<string>($"""
                SELECT c.relname AS "Value" FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                WHERE i.inhparent = '"{Table}"'::regclass
                """).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
            var stranded = await db.Database.SqlQueryRaw<int>($"""SELECT DISTINCT "Period" AS "Value" FROM "{DefaultPartition}" """).ToListAsync(ct);
            wanted.UnionWith(stranded.Where(IsMonth));

            var created = new List<int>();
            var moved = 0L;
            foreach (var month in wanted.Where(m => !existing.Contains(PartitionOf(m))))
            {
                moved += stranded.Contains(month) ? await CreateMovingAsync(month, ct) : await CreateAsync(month, ct);
                created.Add(month);
            }
            await tx.CommitAsync(ct);
            if (created.Count > 0)
            {
                LogCreated(created, moved);
            }
            return new(created, moved, false);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            // Another transaction held the table longer than the timeout (a long release): nothing changed, the next
            // run (the nightly job, or the next start) tries again, well before the month arrives.
            LogLockTimedOut(LockTimeout);
            return new([], 0, true);
        }
    }

    private async Task<long> CreateAsync(int month, CancellationToken ct)
    {
        await db.Database.ExecuteSqlRawAsync(CreateSql(month), ct);
        return 0;
    }

    /// <summary>
    /// The month's facts leave the default partition for their own, in this transaction, under an exclusive lock on
    /// the table (writers and readers wait, for as long as copying that month's stranded facts takes; normally none).
    /// </summary>
    private async Task<long> CreateMovingAsync(int month, CancellationToken ct)
    {
        var (from, to) = (month.ToString(CultureInfo.InvariantCulture), NextMonth(month).ToString(CultureInfo.InvariantCulture));
        var range = $"\"Period\" >= {from} AND \"Period\" < {to}";
        // Names and bounds are ours (constants and yyyyMM numbers), never input.
        var take = $"""
            LOCK TABLE "{Table}" IN ACCESS EXCLUSIVE MODE;
            CREATE TEMP TABLE ctec_moving_facts ON COMMIT DROP AS SELECT * FROM "{DefaultPartition}" WHERE {range};
            DELETE FROM "{DefaultPartition}" WHERE {range};
            {CreateSql(month)};
            """;
        var put = $"""INSERT INTO "{PartitionOf(month)}" SELECT * FROM ctec_moving_facts""";
        await db.Database.ExecuteSqlRawAsync(take, ct);
        var moved = await db.Database.ExecuteSqlRawAsync(put, ct);
        await db.Database.ExecuteSqlRawAsync("DROP TABLE ctec_moving_facts", ct);
        return moved;
    }

    /// <summary>The statement that makes a month's partition (the migration makes the first ones the same way).</summary>
    public static string CreateSql(int month) => string.Create(CultureInfo.InvariantCulture,
        $"""CREATE TABLE "{PartitionOf(month)}" PARTITION OF "{Table}" FOR VALUES FROM ({month}) TO ({NextMonth(month)})""");

    [LoggerMessage(Level = LogLevel.Information, Message = "Learning fact partitions made for {Months}; {Moved} facts moved out of the default partition.")]
    private partial void LogCreated(IReadOnlyList<int> months, long moved);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Learning fact partitions not made: the table stayed locked longer than {Timeout}; the next run tries again.")]
    private partial void LogLockTimedOut(string timeout);
}
