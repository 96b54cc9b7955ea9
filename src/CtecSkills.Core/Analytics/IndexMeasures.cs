using CtecSkills.Core.Regions;

namespace CtecSkills.Core.Analytics;

/// <summary>
/// The indicators of one locality (<see cref="Area"/> null) or one locality × urban/rural cell of a release. A
/// value is null when a count it needs is suppressed or its denominator is 0.
/// </summary>
public sealed record CellIndicators(
    string ProvinceCode,
    string LocalityCode,
    Area? Area,
    long Population,
    double? CompletionsPer10k,
    double? CredentialedPer10k,
    double? CompletionRate,
    double? PriorityShare);

/// <summary>
/// Inequality of one table of population cells: Theil T and L with the nested decomposition, CV and Gini, Theil by
/// tier (null when a cell's tier is unknown) and by urban/rural. <see cref="CellsWithheld"/> populated cells were
/// left out because their value was suppressed.
/// </summary>
public sealed record InequalityReport(
    NestedTheil TheilT,
    NestedTheil TheilL,
    InequalitySummary Summary,
    GroupedTheil? TierT,
    GroupedTheil? TierL,
    GroupedTheil AreaT,
    GroupedTheil AreaL,
    int CellsUsed,
    int CellsWithheld);

/// <summary>Two subsystems' scores U (population-weighted means of composite scores) and their coupling coordination.</summary>
public sealed record CoordinationPair(string First, double FirstScore, string Second, double SecondScore, CouplingCoordinationResult Result);

/// <summary>Completions per 10,000 residents in all urban and all rural cells that are published.</summary>
public sealed record UrbanRuralGap(double? Urban, double? Rural)
{
    public double? Ratio => Urban is { } u && Rural is > 0 ? u / Rural.Value : null;
}

/// <summary>Every measure of a release (or of an analyst's own table, where only one indicator exists).</summary>
public sealed record IndexReport(
    IReadOnlyList<CellIndicators> Localities,
    IReadOnlyList<CellIndicators> Areas,
    InequalityReport Inequality,
    IReadOnlyList<string> CompositeIndicators,
    EntropyWeightResult? Composite,
    CoordinationPair? Provinces,
    CoordinationPair? UrbanRural,
    UrbanRuralGap Gap);

/// <summary>
/// Computes the index from a release with the maths of this folder; reads only published counts, so every figure
/// can be reproduced from the open data. The inequality measures use completions per 10,000 residents of the
/// locality × urban/rural cells.
/// </summary>
public static class IndexMeasures
{
    public const string Urban = "urban";
    public const string Rural = "rural";

    /// <summary>The composite score's indicators, in order; the last one is negative (a wider urban–rural gap is worse).</summary>
    public static readonly IReadOnlyList<string> LocalityIndicators =
        ["completionsPer10k", "credentialedPer10k", "completionRate", "priorityShare", "urbanRuralGap"];

    public static readonly IReadOnlyList<string> AreaIndicators =
        ["completionsPer10k", "credentialedPer10k", "completionRate", "priorityShare"];

    public static IndexReport ForRelease(IndexRelease release, IReadOnlyDictionary<string, Locality> localities)
    {
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(localities);
        var areas = release.Cells.Where(c => c.Level == CellLevel.Area && c.LocalityCode is not null).Select(Indicators).ToList();
        var byLocality = release.Cells.Where(c => c.Level == CellLevel.Locality && c.LocalityCode is not null).Select(Indicators).ToList();

        var cells = AreaCells(release, out var withheld);
        var inequality = Inequality(cells, c => localities.TryGetValue(c.Locality, out var l) ? l.Tier.ToString() : null, withheld);

        var areaLookup = areas.ToLookup(a => a.LocalityCode);
        var localityRows = new List<(CellIndicators Cell, double[] Values)>();
        foreach (var l in byLocality.Where(l => l.Population > 0))
        {
            var urban = areaLookup[l.LocalityCode].FirstOrDefault(a => a.Area == Area.Urban)?.CompletionsPer10k;
            var rural = areaLookup[l.LocalityCode].FirstOrDefault(a => a.Area == Area.Rural)?.CompletionsPer10k;
            if (l is { CompletionsPer10k: { } c, CredentialedPer10k: { } cr, CompletionRate: { } rate, PriorityShare: { } share }
                && urban is { } u && rural is { } r)
            {
                var top = Math.Max(u, r);
                localityRows.Add((l, [c, cr, rate, share, top > 0 ? Math.Abs(u - r) / top : 0]));
            }
        }
        var composite = localityRows.Count == 0 ? null : EntropyWeight.Score(
            [.. localityRows.Select(x => new LocalityIndicators(x.Cell.LocalityCode, x.Values))],
            [IndicatorDirection.Positive, IndicatorDirection.Positive, IndicatorDirection.Positive, IndicatorDirection.Positive, IndicatorDirection.Negative]);
        var provinces = composite is null ? null : ProvinceCoordination(
            composite.Scores.Select((s, i) => (localityRows[i].Cell.ProvinceCode, (double)localityRows[i].Cell.Population, s.Score)).ToList(),
            code => localities.Values.FirstOrDefault(l => l.ProvinceCode == code)?.ProvinceName ?? code);

        var areaRows = areas.Where(a => a is { Population: > 0, CompletionsPer10k: not null, CredentialedPer10k: not null, CompletionRate: not null, PriorityShare: not null }).ToList();
        CoordinationPair? urbanRural = null;
        if (areaRows.Count > 0)
        {
            var scores = EntropyWeight.Score(
                [.. areaRows.Select(a => new LocalityIndicators(a.LocalityCode + "/" + a.Area, [a.CompletionsPer10k!.Value, a.CredentialedPer10k!.Value, a.CompletionRate!.Value, a.PriorityShare!.Value]))],
                [IndicatorDirection.Positive, IndicatorDirection.Positive, IndicatorDirection.Positive, IndicatorDirection.Positive]);
            urbanRural = UrbanRuralCoordination(areaRows.Select((a, i) => (a.Area!.Value, (double)a.Population, scores.Scores[i].Score)).ToList());
        }

        return new(byLocality, areas, inequality, LocalityIndicators, composite, provinces, urbanRural, Gap(cells));
    }

    /// <summary>
    /// The locality × urban/rural cells with completions per 10,000 residents as value; populated cells whose
    /// completions are suppressed are left out and counted in <paramref name="withheld"/>.
    /// </summary>
    public static List<PopulationCell> AreaCells(IndexRelease release, out int withheld)
    {
        ArgumentNullException.ThrowIfNull(release);
        var cells = new List<PopulationCell>();
        withheld = 0;
        foreach (var a in release.Cells.Where(c => c is { Level: CellLevel.Area, LocalityCode: not null, Population: > 0 }).Select(Indicators))
        {
            if (a.CompletionsPer10k is { } value)
            {
                cells.Add(new(a.ProvinceCode, a.LocalityCode, a.Area!.Value, a.Population, value));
            }
            else
            {
                withheld++;
            }
        }
        return cells;
    }

    /// <summary>
    /// Every measure of an analyst's table of per-capita values. With one indicator the composite score of a locality
    /// is its min-max normalized, population-weighted mean value; tiers are known when the localities are ours.
    /// </summary>
    public static IndexReport ForTable(IReadOnlyList<PopulationCell> cells, Func<PopulationCell, string?> tierOf)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var inequality = Inequality(cells, tierOf, 0);
        var localities = cells.GroupBy(c => (c.Province, c.Locality))
            .Select(g => (g.Key.Province, g.Key.Locality, Population: g.Sum(c => c.Population), Mean: g.Sum(c => c.Population * c.Value) / g.Sum(c => c.Population)))
            .ToList();
        var composite = EntropyWeight.Score([.. localities.Select(l => new LocalityIndicators(l.Locality, [l.Mean]))], [IndicatorDirection.Positive]);
        var provinces = ProvinceCoordination(composite.Scores.Select((s, i) => (localities[i].Province, localities[i].Population, s.Score)).ToList(), p => p);
        var cellScores = EntropyWeight.Score([.. cells.Select(c => new LocalityIndicators(c.Locality, [c.Value]))], [IndicatorDirection.Positive]);
        var urbanRural = UrbanRuralCoordination(cells.Select((c, i) => (c.Area, c.Population, cellScores.Scores[i].Score)).ToList());
        var localityRows = localities.Select(l => new CellIndicators(l.Province, l.Locality, null, (long)l.Population, l.Mean, null, null, null)).ToList();
        var areaRows = cells.Select(c => new CellIndicators(c.Province, c.Locality, c.Area, (long)c.Population, c.Value, null, null, null)).ToList();
        return new(localityRows, areaRows, inequality, ["value"], composite, provinces, urbanRural, Gap(cells));
    }

    public static InequalityReport Inequality(IReadOnlyList<PopulationCell> cells, Func<PopulationCell, string?> tierOf, int withheld)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(tierOf);
        var tiersKnown = cells.Count > 0 && cells.All(c => tierOf(c) is not null);
        string AreaOf(PopulationCell c) => c.Area == Area.Urban ? Urban : Rural;
        return new(
            TheilDecomposition.Nested(cells, TheilIndex.T),
            TheilDecomposition.Nested(cells, TheilIndex.L),
            Analytics.Inequality.Summarize(cells),
            tiersKnown ? TheilDecomposition.ByGroup(cells, c => tierOf(c)!, TheilIndex.T) : null,
            tiersKnown ? TheilDecomposition.ByGroup(cells, c => tierOf(c)!, TheilIndex.L) : null,
            TheilDecomposition.ByGroup(cells, AreaOf, TheilIndex.T),
            TheilDecomposition.ByGroup(cells, AreaOf, TheilIndex.L),
            cells.Count,
            withheld);
    }

    public static CellIndicators Indicators(IndexReleaseCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        var population = cell.Population ?? 0;
        double? Per10k(int? count) => count is { } n && population > 0 ? n * 10_000.0 / population : null;
        double? Ratio(int? part, int? whole) => part is { } p && whole is > 0 ? Math.Min(1, (double)p / whole.Value) : null;
        return new(
            cell.ProvinceCode,
            cell.LocalityCode ?? "",
            cell.Area,
            population,
            Per10k(cell.Completions),
            Per10k(cell.CredentialedLearners),
            Ratio(cell.Completions, cell.Enrollments),
            Ratio(cell.PriorityCompletions, cell.Completions));
    }

    private static CoordinationPair? ProvinceCoordination(List<(string Province, double Population, double Score)> scores, Func<string, string> nameOf)
    {
        var provinces = scores.GroupBy(s => s.Province).OrderByDescending(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Name: nameOf(g.Key), U: WeightedMean(g.Select(x => (x.Population, x.Score)))))
            .ToList();
        return provinces.Count == 2 ? Pair(provinces[0], provinces[1]) : null;
    }

    private static CoordinationPair? UrbanRuralCoordination(List<(Area Area, double Population, double Score)> scores)
    {
        var urban = scores.Where(s => s.Area == Area.Urban).ToList();
        var rural = scores.Where(s => s.Area == Area.Rural).ToList();
        return urban.Count == 0 || rural.Count == 0 ? null : Pair(
            (Urban, WeightedMean(urban.Select(x => (x.Population, x.Score)))),
            (Rural, WeightedMean(rural.Select(x => (x.Population, x.Score)))));
    }

    private static CoordinationPair Pair((string Name, double U) first, (string Name, double U) second) =>
        new(first.Name, first.U, second.Name, second.U, CouplingCoordination.Compute(first.U, second.U));

    private static double WeightedMean(IEnumerable<(double Weight, double Value)> items)
    {
        double weight = 0, sum = 0;
        foreach (var (w, v) in items)
        {
            weight += w;
            sum += w * v;
        }
        // Scores lie in [0, 1]; rounding must not push a mean of ones above 1, which CouplingCoordination refuses.
        return weight > 0 ? Math.Clamp(sum / weight, 0, 1) : 0;
    }

    private static UrbanRuralGap Gap(IReadOnlyList<PopulationCell> cells)
    {
        double? Mean(Area area)
        {
            var part = cells.Where(c => c.Area == area && c.Population > 0).ToList();
            var population = part.Sum(c => c.Population);
            return population > 0 ? part.Sum(c => c.Population * c.Value) / population : null;
        }
        return new(Mean(Area.Urban), Mean(Area.Rural));
    }
}
