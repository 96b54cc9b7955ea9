namespace CtecSkills.Core.Analytics;

/// <summary>
/// Theil T or L split in two stages (Akita 2003): <see cref="Total"/> = <see cref="BetweenProvinces"/> +
/// <see cref="BetweenLocalitiesWithinProvinces"/> + <see cref="WithinLocalities"/> (urban vs rural), up to rounding.
/// Either every part is defined or none is, for the same reason.
/// </summary>
public sealed record NestedTheil(
    TheilIndex Index,
    Measure Total,
    Measure BetweenProvinces,
    Measure BetweenLocalitiesWithinProvinces,
    Measure WithinLocalities);

/// <summary>
/// Theil T or L split by one grouping: <see cref="Total"/> = <see cref="BetweenGroups"/> + <see cref="WithinGroups"/>.
/// When the index is not defined, no group is listed.
/// </summary>
public sealed record GroupedTheil(
    TheilIndex Index,
    Measure Total,
    Measure BetweenGroups,
    Measure WithinGroups,
    IReadOnlyList<TheilGroup> Groups);

/// <summary>
/// One group of a <see cref="GroupedTheil"/>: its population share, its share of the total value (Σ p·y; equal to
/// the population share when every value is 0), its mean, its own Theil index, and what it adds to
/// <see cref="GroupedTheil.WithinGroups"/> (its own index weighted by value share for T, population share for L).
/// </summary>
public sealed record TheilGroup(string Key, double PopulationShare, double ValueShare, double Mean, Measure Theil, Measure WithinContribution);

/// <summary>
/// Exact additive decompositions of the population-weighted Theil indices. The rules on inputs are those of
/// <see cref="Inequality"/>: values and populations finite and ≥ 0, cells with population 0 ignored, no population →
/// <see cref="MeasureStatus.NoPopulation"/>, Theil L with a populated zero value →
/// <see cref="MeasureStatus.UndefinedForZeroValue"/>, all values equal → every part 0.
/// </summary>
public static class TheilDecomposition
{
    /// <summary>
    /// Two-stage nested decomposition (Akita 2003). With P, μ for the whole, P_i, μ_i for province i, P_ij, μ_ij for
    /// locality j of province i, and cells k with p_k, y_k:
    /// T: between provinces Σ_i (Y_i/Y) ln(μ_i/μ); between localities Σ_ij (Y_ij/Y) ln(μ_ij/μ_i); within localities
    /// Σ_k (Y_k/Y) ln(y_k/μ_ij), where Y = Σ p·y.
    /// L: the same with population shares P·/P for weights and ln(parent mean / child mean).
    /// They sum to the total because ln(y_k/μ) = ln(μ_i/μ) + ln(μ_ij/μ_i) + ln(y_k/μ_ij).
    /// A locality is identified by province and locality together.
    /// </summary>
    public static NestedTheil Nested(IReadOnlyList<PopulationCell> cells, TheilIndex index)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var totals = Aggregate(cells);
        var undefined = Undefined(totals, index);
        if (undefined is { } status)
        {
            return new(index, status, status, status, status);
        }
        if (totals.AllEqual)
        {
            // Exactly 0 rather than the 1e-32 that means computed from the same value could leave.
            var zero = Measure.Of(0);
            return new(index, zero, zero, zero, zero);
        }

        var provinces = new Dictionary<string, int>(StringComparer.Ordinal);
        var localities = new Dictionary<(string Province, string Locality), int>();
        var provinceOf = new int[cells.Count];
        var localityOf = new int[cells.Count];
        var provinceSums = new List<Sums>();
        var localitySums = new List<Sums>();
        var localityProvince = new List<int>();
        for (var k = 0; k < cells.Count; k++)
        {
            var cell = cells[k];
            if (cell.Population == 0)
            {
                continue;
            }
            if (!provinces.TryGetValue(cell.Province, out var p))
            {
                p = provinces[cell.Province] = provinceSums.Count;
                provinceSums.Add(default);
            }
            if (!localities.TryGetValue((cell.Province, cell.Locality), out var l))
            {
                l = localities[(cell.Province, cell.Locality)] = localitySums.Count;
                localitySums.Add(default);
                localityProvince.Add(p);
            }
            provinceOf[k] = p;
            localityOf[k] = l;
            provinceSums[p] = provinceSums[p].Add(cell);
            localitySums[l] = localitySums[l].Add(cell);
        }

        var mean = totals.Mean;
        double total = 0, within = 0, betweenLocalities = 0, betweenProvinces = 0;
        for (var k = 0; k < cells.Count; k++)
        {
            var cell = cells[k];
            if (cell.Population == 0)
            {
                continue;
            }
            var share = cell.Population / totals.Population;
            total += TheilTerms.Term(index, share, cell.Value, mean, mean);
            within += TheilTerms.Term(index, share, cell.Value, localitySums[localityOf[k]].Mean, mean);
        }
        for (var l = 0; l < localitySums.Count; l++)
        {
            var locality = localitySums[l];
            var province = provinceSums[localityProvince[l]];
            betweenLocalities += TheilTerms.Term(index, locality.Population / totals.Population, locality.Mean, province.Mean, mean);
        }
        foreach (var province in provinceSums)
        {
            betweenProvinces += TheilTerms.Term(index, province.Population / totals.Population, province.Mean, mean, mean);
        }
        return new(index, Measure.Of(total), Measure.Of(betweenProvinces), Measure.Of(betweenLocalities), Measure.Of(within));
    }

    /// <summary>
    /// One-stage decomposition by any grouping of the cells, e.g. tier (core / regional / county) or urban vs rural:
    /// between = Σ_g term(μ_g/μ), within = Σ_g w_g · Theil_g with w_g = Y_g/Y for T and P_g/P for L.
    /// Groups are listed in ordinal order of their keys.
    /// </summary>
    public static GroupedTheil ByGroup(IReadOnlyList<PopulationCell> cells, Func<PopulationCell, string> groupOf, TheilIndex index)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(groupOf);
        var totals = Aggregate(cells);
        var undefined = Undefined(totals, index);
        if (undefined is { } status)
        {
            return new(index, status, status, status, []);
        }

        var groups = new Dictionary<string, int>(StringComparer.Ordinal);
        var groupOfCell = new int[cells.Count];
        var sums = new List<Sums>();
        for (var k = 0; k < cells.Count; k++)
        {
            var cell = cells[k];
            if (cell.Population == 0)
            {
                continue;
            }
            var key = groupOf(cell) ?? throw new ArgumentException("The group of a cell cannot be null.", nameof(groupOf));
            if (!groups.TryGetValue(key, out var g))
            {
                g = groups[key] = sums.Count;
                sums.Add(default);
            }
            groupOfCell[k] = g;
            sums[g] = sums[g].Add(cell);
        }

        var mean = totals.Mean;
        var total = 0.0;
        // Each group's own index, with shares of the group rather than of the whole.
        var ownTheil = new double[sums.Count];
        for (var k = 0; k < cells.Count; k++)
        {
            var cell = cells[k];
            if (cell.Population == 0)
            {
                continue;
            }
            var group = sums[groupOfCell[k]];
            if (!totals.AllEqual)
            {
                total += TheilTerms.Term(index, cell.Population / totals.Population, cell.Value, mean, mean);
            }
            if (!group.AllEqual)
            {
                ownTheil[groupOfCell[k]] += TheilTerms.Term(index, cell.Population / group.Population, cell.Value, group.Mean, group.Mean);
            }
        }

        double between = 0, within = 0;
        var result = new List<TheilGroup>(sums.Count);
        foreach (var (key, g) in groups.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var group = sums[g];
            var populationShare = group.Population / totals.Population;
            var valueShare = totals.WeightedSum == 0 ? populationShare : group.WeightedSum / totals.WeightedSum;
            if (!totals.AllEqual)
            {
                between += TheilTerms.Term(index, populationShare, group.Mean, mean, mean);
            }
            var contribution = (index == TheilIndex.T ? valueShare : populationShare) * ownTheil[g];
            within += contribution;
            result.Add(new(key, populationShare, valueShare, group.Mean, Measure.Of(ownTheil[g]), Measure.Of(contribution)));
        }
        return new(index, Measure.Of(total), Measure.Of(between), Measure.Of(within), result);
    }

    private static Sums Aggregate(IReadOnlyList<PopulationCell> cells)
    {
        var sums = default(Sums);
        for (var k = 0; k < cells.Count; k++)
        {
            var cell = cells[k] ?? throw new ArgumentException($"Cell {k} is null.", nameof(cells));
            TheilTerms.Check(cell.Value, cell.Population, k);
            if (cell.Population > 0)
            {
                sums = sums.Add(cell);
            }
        }
        return sums;
    }

    private static Measure? Undefined(Sums totals, TheilIndex index) =>
        totals.Population == 0 ? Measure.NoPopulation
        : index == TheilIndex.L && totals.HasZeroValue && !totals.AllEqual ? Measure.UndefinedForZeroValue
        : null;

    private readonly record struct Sums(double Population, double WeightedSum, double First, int Count, bool AllEqual, bool HasZeroValue)
    {
        public double Mean => WeightedSum / Population;

        public Sums Add(PopulationCell cell) => new(
            Population + cell.Population,
            WeightedSum + (cell.Population * cell.Value),
            Count == 0 ? cell.Value : First,
            Count + 1,
            (Count == 0 || AllEqual) && cell.Value == (Count == 0 ? cell.Value : First),
            HasZeroValue || cell.Value == 0);
    }
}
