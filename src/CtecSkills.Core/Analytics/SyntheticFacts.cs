using System.Data.Common;
using System.Globalization;
using CtecSkills.Core.Accounts;
using CtecSkills.Core.Catalog;
using CtecSkills.Core.Data;
using CtecSkills.Core.Regions;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace CtecSkills.Core.Analytics;

/// <summary>
/// Seeded, plausible synthetic facts for the demo dashboard and the benchmarks — never for real statistics. Learners
/// are spread over the real localities by urban/rural population, with more participation in cities and core
/// localities; each enrolls, about 60 % complete (more in cities), and most completers earn a credential. Their
/// pseudonyms start with <see cref="PseudonymPrefix"/>, so a release knows and says how many of its facts are synthetic.
/// </summary>
public static class SyntheticFacts
{
    public const string PseudonymPrefix = "synthetic:";

    private static readonly CourseCategory[] Categories = Enum.GetValues<CourseCategory>();
    private static readonly CourseLevel[] Levels = Enum.GetValues<CourseLevel>();

    /// <summary>About <paramref name="count"/> facts (whole learners, so up to two more) in the months first…last (yyyyMM).</summary>
    public static IEnumerable<LearningFact> Generate(
        IReadOnlyList<Locality> localities, IReadOnlyList<PopulationFigure> figures, int count, int firstMonth, int lastMonth, int seed)
    {
        ArgumentNullException.ThrowIfNull(localities);
        ArgumentNullException.ThrowIfNull(figures);
        var random = new Random(seed);
        var tiers = localities.ToDictionary(l => l.Code, l => l.Tier);
        var cells = figures.Where(f => tiers.ContainsKey(f.LocalityCode) && f.Population > 0).OrderBy(f => f.LocalityCode).ThenBy(f => f.Area).ToList();
        if (cells.Count == 0)
        {
            yield break;
        }
        var cumulative = new double[cells.Count];
        var sum = 0.0;
        for (var i = 0; i < cells.Count; i++)
        {
            var tierFactor = tiers[cells[i].LocalityCode] switch { LocalityTier.Core => 1.4, LocalityTier.Regional => 1.0, _ => 0.75 };
            var areaFactor = cells[i].Area == Area.Urban ? 1.0 : 0.55;
            sum += cells[i].Population * tierFactor * areaFactor;
            cumulative[i] = sum;
        }
        var months = MonthsBetween(firstMonth, lastMonth);
        var produced = 0;
        var id = new byte[27];
        while (produced < count)
        {
            var at = Array.BinarySearch(cumulative, random.NextDouble() * sum);
            var cell = cells[at < 0 ? ~at : at];
            random.NextBytes(id);
            var pseudonym = PseudonymPrefix + Convert.ToHexStringLower(id);
            var gender = random.NextDouble() < 0.52 ? Gender.Female : Gender.Male;
            var rural = cell.Area == Area.Rural;
            var roll = random.NextDouble();
            LearnerGroup group = roll < 0.3 ? LearnerGroup.MigrantWorker
                : roll < 0.3 + (rural && gender == Gender.Female ? 0.35 : 0.05) ? LearnerGroup.RuralWoman
                : roll < 0.5 ? LearnerGroup.ReturneeEntrepreneur
                : LearnerGroup.Other;
            var age = (AgeBand)random.Next(0, 5);
            var category = Categories[random.Next(Categories.Length)];
            var level = Levels[random.Next(Levels.Length)];
            var month = random.Next(months.Count);
            LearningFact Fact(FactKind kind, int m) => new()
            {
                Kind = kind,
                Period = months[m],
                LocalityCode = cell.LocalityCode,
                Area = cell.Area,
                TargetGroup = group,
                Gender = gender,
                AgeBand = age,
                Category = category,
                Level = level,
                Pseudonym = pseudonym,
            };
            yield return Fact(FactKind.Enrollment, month);
            produced++;
            if (random.NextDouble() < (rural ? 0.52 : 0.66))
            {
                var done = Math.Min(months.Count - 1, month + random.Next(0, 2));
                yield return Fact(FactKind.Completion, done);
                produced++;
                if (random.NextDouble() < 0.85)
                {
                    yield return Fact(FactKind.Credential, done);
                    produced++;
                }
            }
        }
    }

    /// <summary>Generates over the current population reference and writes in bulk (COPY on PostgreSQL); returns how many.</summary>
    public static async Task<int> GenerateAndInsertAsync(AppDbContext db, int count, int firstMonth, int lastMonth, int seed, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var localities = await db.Localities.AsNoTracking().ToListAsync(ct);
        var figures = await db.PopulationFigures.AsNoTracking()
            .Where(f => db.PopulationReferences.Any(p => p.IsCurrent && p.Id == f.PopulationReferenceId)).ToListAsync(ct);
        return await InsertAsync(db, Generate(localities, figures, count, firstMonth, lastMonth, seed), ct);
    }

    /// <summary>Writes facts without the change tracker: a million tracked entities would take minutes and gigabytes.</summary>
    public static async Task<int> InsertAsync(AppDbContext db, IEnumerable<LearningFact> facts, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(facts);
        // EF counts opens: a connection the context already holds open stays open afterwards.
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = db.Database.GetDbConnection();
            return connection is NpgsqlConnection npgsql
                ? await CopyAsync(npgsql, facts, ct)
                : await InsertRowsAsync(connection, facts, ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static readonly string[] Columns =
        ["Kind", "Period", "LocalityCode", "Area", "TargetGroup", "Gender", "AgeBand", "Category", "Level", "Pseudonym", "LearnerKey", "IsSynthetic"];

    private static object?[] Row(LearningFact f) =>
    [
        f.Kind.ToString(), f.Period, f.LocalityCode, f.Area?.ToString(), f.TargetGroup?.ToString(), f.Gender?.ToString(),
        f.AgeBand.ToString(), f.Category.ToString(), f.Level.ToString(), f.Pseudonym, f.LearnerKey, f.IsSynthetic,
    ];

    private static async Task<int> CopyAsync(NpgsqlConnection connection, IEnumerable<LearningFact> facts, CancellationToken ct)
    {
        var columns = string.Join(", ", Columns.Select(c => $"\"{c}\""));
        await using var writer = await connection.BeginBinaryImportAsync($"COPY \"LearningFacts\" ({columns}) FROM STDIN (FORMAT BINARY)", ct);
        var count = 0;
        foreach (var fact in facts)
        {
            await writer.StartRowAsync(ct);
            foreach (var value in Row(fact))
            {
                if (value is null)
                {
                    await writer.WriteNullAsync(ct);
                }
                else if (value is int number)
                {
                    await writer.WriteAsync(number, NpgsqlDbType.Integer, ct);
                }
                else if (value is long key)
                {
                    await writer.WriteAsync(key, NpgsqlDbType.Bigint, ct);
                }
                else if (value is bool flag)
                {
                    await writer.WriteAsync(flag, NpgsqlDbType.Boolean, ct);
                }
                else
                {
                    await writer.WriteAsync((string)value, NpgsqlDbType.Varchar, ct);
                }
            }
            count++;
        }
        await writer.CompleteAsync(ct);
        return count;
    }

    private static async Task<int> InsertRowsAsync(DbConnection connection, IEnumerable<LearningFact> facts, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO \"LearningFacts\" ({string.Join(", ", Columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", Columns.Select((_, i) => "$p" + i.ToString(CultureInfo.InvariantCulture)))})";
        var parameters = Columns.Select((_, i) =>
        {
            var p = command.CreateParameter();
            p.ParameterName = "$p" + i.ToString(CultureInfo.InvariantCulture);
            command.Parameters.Add(p);
            return p;
        }).ToArray();
        var count = 0;
        foreach (var fact in facts)
        {
            var row = Row(fact);
            for (var i = 0; i < row.Length; i++)
            {
                parameters[i].Value = row[i] ?? DBNull.Value;
            }
            await command.ExecuteNonQueryAsync(ct);
            count++;
        }
        await transaction.CommitAsync(ct);
        return count;
    }

    private static List<int> MonthsBetween(int first, int last)
    {
        var months = new List<int>();
        for (var m = first; m <= last; m = FactPartitions.NextMonth(m))
        {
            months.Add(m);
        }
        return months.Count > 0 ? months : [first];
    }
}
