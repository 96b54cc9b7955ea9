using System.ComponentModel.DataAnnotations;
using System.Globalization;
using CsvHelper;
using CtecSkills.Core.Accounts;
using CtecSkills.Core.Audit;
using CtecSkills.Core.Data;
using CtecSkills.Core.Regions;
using CtecSkills.Core.Text;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.Core.Analytics;

/// <summary>
/// Release settings (section <c>Index</c>): k, whether the nightly release adds noise with which ε, and how many synthetic
/// facts the demo seeds.
/// </summary>
public sealed class IndexOptions
{
    public const string Section = "Index";

    [Range(IndexReleaseService.MinK, IndexReleaseService.MaxK)]
    public int K { get; set; } = 10;

    public bool Noise { get; set; }

    [Range(IndexReleaseService.MinEpsilon, IndexReleaseService.MaxEpsilon)]
    public double Epsilon { get; set; } = 1.0;

    [Range(0, 10_000_000)]
    public int DemoFacts { get; set; }
}

/// <summary>What to release. <see cref="Epsilon"/> null means no noise.</summary>
public sealed record ReleaseRequest(ReleasePeriod Period, ReleaseBreakdown Breakdown, int K, double? Epsilon, string CreatedBy);

public enum ReleaseProblem
{
    InvalidPeriod,
    InvalidK,

    /// <summary>k below <see cref="IndexReleaseService.MinK"/>.</summary>
    KBelowFloor,

    /// <summary>k below <see cref="IndexReleaseService.MinKByGroup"/> for a release broken down by target group or gender.</summary>
    KBelowGroupFloor,
    InvalidEpsilon,
    NoPopulationReference,
}

public sealed record ReleaseResult(IndexRelease? Release, ReleaseProblem? Problem);

/// <summary>Which releases a reader may see: the public only published ones, analysts and admins drafts too.</summary>
public enum ReleaseScope
{
    Published,
    All,
}

public enum PublishOutcome
{
    Published,
    AlreadyPublished,
    NotFound,

    /// <summary>A draft from before the floor on k; it can never be published (a new release can).</summary>
    BelowFloor,
}

/// <summary>The admin who publishes: the user id for the audit log, the sign-in name shown beside the release.</summary>
public sealed record ReleasePublisher(string UserId, string Name);

/// <summary>A release with every measure computed on it, and the localities that name its cells.</summary>
public sealed record ReleaseView(IndexRelease Release, IndexReport Report, IReadOnlyDictionary<string, Locality> Localities);

/// <summary>One release's nested Theil T, for the chart of the components over time.</summary>
public sealed record TheilPoint(int ReleaseId, string Period, DateTimeOffset CreatedAt, NestedTheil TheilT, NestedTheil TheilL);

/// <summary>An analyst's table: the validation result and, when it is valid, every measure of it.</summary>
public sealed record DecomposeResult(IndexTableResult Table, IndexReport? Report);

/// <summary>Builds releases from the facts (aggregated in SQL) and reads them back; nothing else reads the facts.</summary>
public sealed class IndexReleaseService(AppDbContext db, TimeProvider clock)
{
    /// <summary>No release, drafts included, may use a smaller k: a cell of 1–4 people is too easy to single out.</summary>
    public const int MinK = 5;

    /// <summary>The floor for releases split by target group or gender, whose cells are much thinner.</summary>
    public const int MinKByGroup = 10;

    /// <summary>The database's copy of the floor, for published rows (drafts from before the floor may be below it).</summary>
    public static readonly string PublishedKConstraint = string.Create(CultureInfo.InvariantCulture,
        $"\"PublishedAt\" IS NULL OR (\"K\" >= {MinK} AND (\"Breakdown\" = '{nameof(ReleaseBreakdown.None)}' OR \"K\" >= {MinKByGroup}))");

    public const int MaxK = 1000;
    public const double MinEpsilon = 0.01;
    public const double MaxEpsilon = 10;

    public static readonly string[] CsvColumns =
    [
        "level", "province_code", "province", "locality_code", "locality", "locality_en", "tier", "area", "group",
        "population", "enrollments", "completions", "completers", "credentialed_learners", "priority_completions",
    ];

    /// <summary>
    /// Aggregates the period's facts with one GROUP BY, adds noise to the leaves when ε is given (totals are sums of
    /// the noisy leaves, all clamped at 0), suppresses cells below k with their complements, and stores the release.
    /// </summary>
    public async Task<ReleaseResult> BuildAsync(ReleaseRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Period.IsValid)
        {
            return new(null, ReleaseProblem.InvalidPeriod);
        }
        if (request.K > MaxK)
        {
            return new(null, ReleaseProblem.InvalidK);
        }
        if (FloorProblem(request.Breakdown, request.K) is { } floor)
        {
            return new(null, floor);
        }
        if (request.Epsilon is { } e && !(e >= MinEpsilon && e <= MaxEpsilon))
        {
            return new(null, ReleaseProblem.InvalidEpsilon);
        }
        var reference = await db.PopulationReferences.AsNoTracking().Include(p => p.Figures).FirstOrDefaultAsync(p => p.IsCurrent, ct);
        if (reference is null)
        {
            return new(null, ReleaseProblem.NoPopulationReference);
        }
        var localities = await db.Localities.AsNoTracking().OrderBy(l => l.ProvinceCode).ThenBy(l => l.Code).ToListAsync(ct);
        var counts = await AggregateAsync(request.Period, request.Breakdown, ct);

        var tree = ReleaseTree.Build(localities, reference.Figures, GroupsOf(request.Breakdown));
        var placed = 0L;
        foreach (var row in counts)
        {
            var group = request.Breakdown == ReleaseBreakdown.None ? null : row.GroupName ?? UnknownGroup;
            if (row.LocalityCode is null || !Enum.TryParse<Area>(row.Area, out var area) || !tree.TryGetLeaf(row.LocalityCode, area, group, out var leaf))
            {
                continue;
            }
            placed += row.Facts;
            switch (Enum.Parse<FactKind>(row.Kind))
            {
                case FactKind.Enrollment:
                    tree.Values[ReleaseTree.Enrollments][leaf] += row.Facts;
                    break;
                case FactKind.Completion:
                    tree.Values[ReleaseTree.Completions][leaf] += row.Facts;
                    tree.Values[ReleaseTree.Completers][leaf] += row.Learners;
                    tree.Values[ReleaseTree.Priority][leaf] += row.Priority;
                    break;
                case FactKind.Credential:
                    tree.Values[ReleaseTree.Credentialed][leaf] += row.Learners;
                    break;
            }
        }
        if (request.Epsilon is { } epsilon)
        {
            tree.AddNoise(() => DiscreteLaplace.Sample(epsilon));
        }
        tree.SumUp();

        var factCount = checked((int)counts.Sum(c => c.Facts));
        var release = new IndexRelease
        {
            PeriodKind = request.Period.Kind,
            Year = request.Period.Year,
            PeriodNumber = request.Period.Number,
            FirstMonth = request.Period.FirstMonth,
            LastMonth = request.Period.LastMonth,
            Breakdown = request.Breakdown,
            K = request.K,
            Epsilon = request.Epsilon,
            Method = request.Epsilon is null ? MethodSuppression : MethodSuppressionAndNoise,
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = request.CreatedBy,
            FactCount = factCount,
            UnplacedFactCount = factCount - (int)placed,
            SyntheticFactCount = (int)counts.Where(c => c.IsSynthetic).Sum(c => c.Facts),
            PopulationReferenceId = reference.Id,
            PopulationSource = reference.Source,
            PopulationYear = reference.Year,
            Cells = tree.ToCells(request.K),
        };
        db.IndexReleases.Add(release);
        await db.SaveChangesAsync(ct);
        return new(release, null);
    }

    public const string MethodSuppression = "k-suppression";
    public const string MethodSuppressionAndNoise = "k-suppression+discrete-laplace";
    public const string UnknownGroup = "Unknown";

    public static IReadOnlyList<string> GroupsOf(ReleaseBreakdown breakdown) => breakdown switch
    {
        ReleaseBreakdown.TargetGroup => [.. Enum.GetNames<LearnerGroup>(), UnknownGroup],
        ReleaseBreakdown.Gender => [.. Enum.GetNames<Gender>(), UnknownGroup],
        _ => [],
    };

    /// <summary>The problem with k for this breakdown, or null when k is at or above its floor.</summary>
    public static ReleaseProblem? FloorProblem(ReleaseBreakdown breakdown, int k) =>
        k < MinK ? ReleaseProblem.KBelowFloor
        : breakdown != ReleaseBreakdown.None && k < MinKByGroup ? ReleaseProblem.KBelowGroupFloor
        : null;

    /// <summary>Releases in the scope, newest first, without their cells.</summary>
    public Task<List<IndexRelease>> ListAsync(ReleaseScope scope, CancellationToken ct) =>
        In(scope).AsNoTracking().OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).ToListAsync(ct);

    public Task<IndexRelease?> GetAsync(int id, ReleaseScope scope, CancellationToken ct) =>
        In(scope).AsNoTracking().Include(r => r.Cells).AsSplitQuery().FirstOrDefaultAsync(r => r.Id == id, ct);

    public async Task<IndexRelease?> LatestAsync(ReleaseScope scope, CancellationToken ct)
    {
        var id = await In(scope).OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Select(r => (int?)r.Id).FirstOrDefaultAsync(ct);
        return id is { } found ? await GetAsync(found, scope, ct) : null;
    }

    /// <summary>The release in the scope (the latest when <paramref name="id"/> is null) with every measure, or null.</summary>
    public async Task<ReleaseView?> ViewAsync(int? id, ReleaseScope scope, CancellationToken ct)
    {
        var release = id is { } found ? await GetAsync(found, scope, ct) : await LatestAsync(scope, ct);
        if (release is null)
        {
            return null;
        }
        var localities = await LocalitiesAsync(ct);
        return new(release, IndexMeasures.ForRelease(release, localities), localities);
    }

    /// <summary>
    /// Makes a draft public, once: two admins pressing at the same moment publish it once and leave one audit entry.
    /// A draft below the floor on k (from before there was one) is refused.
    /// </summary>
    public async Task<PublishOutcome> PublishAsync(int id, ReleasePublisher publisher, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        var release = await db.IndexReleases.AsNoTracking().Where(r => r.Id == id)
            .Select(r => new { r.K, r.Breakdown, r.PublishedAt }).FirstOrDefaultAsync(ct);
        if (release is null)
        {
            return PublishOutcome.NotFound;
        }
        if (release.PublishedAt is not null)
        {
            return PublishOutcome.AlreadyPublished;
        }
        if (FloorProblem(release.Breakdown, release.K) is not null)
        {
            return PublishOutcome.BelowFloor;
        }
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Conditional on still being a draft, so of two admins at once only one changes a row and audits it.
        var changed = await db.IndexReleases.Where(r => r.Id == id && r.PublishedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.PublishedAt, now).SetProperty(r => r.PublishedBy, publisher.Name), ct);
        if (changed == 0)
        {
            return PublishOutcome.AlreadyPublished;
        }
        db.Audit(now, publisher.UserId, AuditActions.PublishIndexRelease, AuditActions.IndexReleaseSubject(id));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return PublishOutcome.Published;
    }

    /// <summary>Nested Theil T and L of the newest <paramref name="count"/> releases in the scope, oldest first.</summary>
    public async Task<List<TheilPoint>> TheilHistoryAsync(int count, ReleaseScope scope, CancellationToken ct)
    {
        var releases = await In(scope).AsNoTracking()
            .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Take(count)
            .Include(r => r.Cells.Where(c => c.Level == CellLevel.Area))
            .AsSplitQuery()
            .ToListAsync(ct);
        return [.. releases.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).Select(r =>
        {
            var cells = IndexMeasures.AreaCells(r, out _);
            return new TheilPoint(r.Id, r.Period.Label, r.CreatedAt, TheilDecomposition.Nested(cells, TheilIndex.T), TheilDecomposition.Nested(cells, TheilIndex.L));
        })];
    }

    /// <summary>Every measure of an analyst's CSV table (see <see cref="IndexTableCsv"/>); tiers where the localities are ours.</summary>
    public async Task<DecomposeResult> DecomposeAsync(Stream csv, CancellationToken ct)
    {
        string text;
        try
        {
            text = await CsvTextDecoder.ReadAllTextAsync(csv, ct);
        }
        catch (System.Text.DecoderFallbackException)
        {
            return new(new([], [new(0, IndexTableProblem.Unreadable)]), null);
        }
        return await DecomposeAsync(IndexTableCsv.Parse(text), ct);
    }

    /// <summary>Every measure of rows sent as JSON.</summary>
    public Task<DecomposeResult> DecomposeAsync(IEnumerable<IndexTableRow> rows, CancellationToken ct)
    {
        var list = rows.ToList();
        return list.Count > IndexTableCsv.MaxRows
            ? Task.FromResult(new DecomposeResult(new([], [new(0, IndexTableProblem.TooManyRows, IndexTableCsv.MaxRows.ToString(CultureInfo.InvariantCulture))]), null))
            : DecomposeAsync(IndexTableValidator.Validate(list), ct);
    }

    private async Task<DecomposeResult> DecomposeAsync(IndexTableResult table, CancellationToken ct)
    {
        if (!table.Succeeded)
        {
            return new(table, null);
        }
        var tiers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var l in (await LocalitiesAsync(ct)).Values)
        {
            tiers[l.Code] = tiers[l.Name] = tiers[l.NameEn] = l.Tier.ToString();
        }
        return new(table, IndexMeasures.ForTable(table.Cells, c => tiers.GetValueOrDefault(c.Locality)));
    }

    public async Task<IReadOnlyDictionary<string, Locality>> LocalitiesAsync(CancellationToken ct) =>
        await db.Localities.AsNoTracking().ToDictionaryAsync(l => l.Code, StringComparer.Ordinal, ct);

    /// <summary>Whether a release of this period and breakdown already saw exactly this many facts (the nightly job skips it then).</summary>
    public async Task<bool> IsCurrentAsync(ReleasePeriod period, ReleaseBreakdown breakdown, CancellationToken ct)
    {
        var facts = await db.LearningFacts.CountAsync(f => f.Period >= period.FirstMonth && f.Period <= period.LastMonth, ct);
        return await db.IndexReleases.AnyAsync(
            r => r.PeriodKind == period.Kind && r.Year == period.Year && r.PeriodNumber == period.Number
                && r.Breakdown == breakdown && r.FactCount == facts, ct);
    }

    /// <summary>The release as CSV, one row per cell, suppressed counts empty; names from the locality table.</summary>
    public static string ToCsv(IndexRelease release, IReadOnlyDictionary<string, Locality> localities)
    {
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(localities);
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(writer, CsvFiles.WriterOptions, leaveOpen: true))
        {
            csv.WriteRecord(CsvColumns);
            foreach (var c in release.Cells.OrderBy(c => c.Id))
            {
                var locality = c.LocalityCode is null ? null : localities.GetValueOrDefault(c.LocalityCode);
                var province = localities.Values.FirstOrDefault(l => l.ProvinceCode == c.ProvinceCode)?.ProvinceName ?? "";
                csv.WriteRecord([
                    c.Level.ToString().ToLowerInvariant(), c.ProvinceCode, province, c.LocalityCode ?? "", locality?.Name ?? "",
                    locality?.NameEn ?? "", locality?.Tier.ToString().ToLowerInvariant() ?? "",
                    c.Area is { } a ? PopulationReferenceService.AreaName(a) : "", c.Group ?? "",
                    Text(c.Population), Text(c.Enrollments), Text(c.Completions), Text(c.Completers),
                    Text(c.CredentialedLearners), Text(c.PriorityCompletions),
                ]);
            }
        }
        return writer.ToString();
    }

    private IQueryable<IndexRelease> In(ReleaseScope scope) =>
        scope == ReleaseScope.Published ? db.IndexReleases.Where(r => r.PublishedAt != null) : db.IndexReleases;

    private static string Text(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private async Task<List<FactCount>> AggregateAsync(ReleasePeriod period, ReleaseBreakdown breakdown, CancellationToken ct)
    {
        var group = breakdown switch
        {
            ReleaseBreakdown.TargetGroup => "\"TargetGroup\"",
            ReleaseBreakdown.Gender => "\"Gender\"",
            _ => null,
        };
        // One GROUP BY in the order of IX_LearningFacts_Release (kind, locality, area, synthetic, learner key), so the
        // database reads the index alone and meets each cell's learners already in order: no sort, no table lookup, no
        // pseudonym compared. Synthetic and real facts come in separate rows (cheaper than counting them apart); their
        // learners add up exactly, as a pseudonym is either synthetic or not. Enrollments need no learner count.
        // Written as SQL because a LINQ key that leaves out the breakdown still groups by a NULL column, and SQLite then
        // sorts every fact. Pseudonyms and keys never leave the database.
        var sql = $$"""
            SELECT "Kind", "LocalityCode", "Area", "IsSynthetic", {{group ?? "NULL"}} AS "GroupName",
                COUNT(*) AS "Facts",
                COUNT(DISTINCT CASE WHEN "Kind" <> '{{nameof(FactKind.Enrollment)}}' THEN "LearnerKey" END) AS "Learners",
                COUNT(CASE WHEN "TargetGroup" IN ('{{nameof(LearnerGroup.MigrantWorker)}}', '{{nameof(LearnerGroup.RuralWoman)}}', '{{nameof(LearnerGroup.ReturneeEntrepreneur)}}') THEN 1 END) AS "Priority"
            FROM "LearningFacts"
            WHERE "Period" >= {0} AND "Period" <= {1}
            GROUP BY "Kind", "LocalityCode", "Area", "IsSynthetic"{{(group is null ? "" : ", " + group)}}
            """;
        return await db.Database.SqlQueryRaw<FactCount>(sql, period.FirstMonth, period.LastMonth).ToListAsync(ct);
    }

    /// <summary>One row of the aggregation: a kind of fact in one leaf cell, as the database names them.</summary>
    private sealed class FactCount
    {
        public required string Kind { get; init; }
        public string? LocalityCode { get; init; }
        public string? Area { get; init; }
        public bool IsSynthetic { get; init; }
        public string? GroupName { get; init; }
        public long Facts { get; init; }
        public long Learners { get; init; }
        public long Priority { get; init; }
    }
}
