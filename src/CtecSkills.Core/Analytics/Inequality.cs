using System.Buffers;

namespace CtecSkills.Core.Analytics;

/// <summary>Theil T, Theil L, coefficient of variation and Gini of one table, all population-weighted.</summary>
public sealed record InequalitySummary(Measure TheilT, Measure TheilL, Measure CoefficientOfVariation, Measure Gini);

/// <summary>
/// Population-weighted inequality of per-capita values y_i with population weights p_i, shares s_i = p_i / Σp and
/// weighted mean μ = Σ s_i y_i. Every function is pure and deterministic for a given input order.
/// <para>Shared rules: values must be finite and ≥ 0 and weights finite and ≥ 0, otherwise
/// <see cref="ArgumentException"/>. Cells with weight 0 stand for nobody and are ignored. With no positive weight
/// (including empty input) every measure is <see cref="MeasureStatus.NoPopulation"/>. When all populated cells
/// have the same value — all zero included — every measure is exactly 0: nobody has more than anybody else.</para>
/// </summary>
public static class Inequality
{
    /// <summary>Theil T = Σ s_i (y_i/μ) ln(y_i/μ), with 0·ln 0 = 0, so zero values are allowed.</summary>
    public static Measure TheilT(ReadOnlySpan<WeightedValue> data) => Theil(data, TheilIndex.T);

    /// <summary>
    /// Theil L (mean log deviation) = Σ s_i ln(μ/y_i). A populated cell with y = 0 makes it infinite, so the result is
    /// then <see cref="MeasureStatus.UndefinedForZeroValue"/> (unless every value is 0, which is perfect equality).
    /// </summary>
    public static Measure TheilL(ReadOnlySpan<WeightedValue> data) => Theil(data, TheilIndex.L);

    /// <summary>Theil T or Theil L.</summary>
    public static Measure Theil(ReadOnlySpan<WeightedValue> data, TheilIndex index)
    {
        var totals = Totals.Of(data);
        if (totals.Weight == 0)
        {
            return Measure.NoPopulation;
        }
        if (totals.AllEqual)
        {
            return Measure.Of(0);
        }
        if (index == TheilIndex.L && totals.HasZeroValue)
        {
            return Measure.UndefinedForZeroValue;
        }
        var mean = totals.Mean;
        var sum = 0.0;
        foreach (var (value, weight) in data)
        {
            if (weight > 0)
            {
                sum += TheilTerms.Term(index, weight / totals.Weight, value, mean, mean);
            }
        }
        return Measure.Of(sum);
    }

    /// <summary>
    /// Population-weighted coefficient of variation (Williamson): √(Σ s_i (y_i − μ)²) / μ — the population variance,
    /// divided by Σp and not Σp − 1, because the cells are the whole population rather than a sample of it.
    /// </summary>
    public static Measure CoefficientOfVariation(ReadOnlySpan<WeightedValue> data)
    {
        var totals = Totals.Of(data);
        if (totals.Weight == 0)
        {
            return Measure.NoPopulation;
        }
        if (totals.AllEqual)
        {
            return Measure.Of(0);
        }
        var mean = totals.Mean;
        var variance = 0.0;
        foreach (var (value, weight) in data)
        {
            var deviation = value - mean;
            variance += weight / totals.Weight * deviation * deviation;
        }
        return Measure.Of(Math.Sqrt(variance) / mean);
    }

    /// <summary>
    /// Population-weighted Gini: G = Σ_i Σ_j s_i s_j |y_i − y_j| / (2μ), computed exactly in O(n log n) over the cells
    /// sorted by value as G = Σ_i s_i (y_i/μ) (2·S_&lt;i + s_i − 1), where S_&lt;i is the population share of the cells
    /// before i. With equal weights this is G = 2 Σ i·y_(i) / (n Σy) − (n + 1)/n, the default (corr = FALSE) Gini of
    /// R's ineq package — e.g. 0.4620911 for 541, 1463, 2445, 3438, 4437, 5401, 6392, 8304, 11904, 22261 — and not
    /// the small-sample corrected one (× n/(n − 1)). It lies in [0, 1): the largest cell's own share keeps it below 1.
    /// </summary>
    public static Measure Gini(ReadOnlySpan<WeightedValue> data)
    {
        var totals = Totals.Of(data);
        if (totals.Weight == 0)
        {
            return Measure.NoPopulation;
        }
        if (totals.AllEqual)
        {
            return Measure.Of(0);
        }
        var buffer = ArrayPool<WeightedValue>.Shared.Rent(data.Length);
        try
        {
            var count = 0;
            foreach (var cell in data)
            {
                if (cell.Weight > 0)
                {
                    buffer[count++] = cell;
                }
            }
            var sorted = buffer.AsSpan(0, count);
            sorted.Sort(static (a, b) => a.Value.CompareTo(b.Value));

            var mean = totals.Mean;
            var before = 0.0;
            var sum = 0.0;
            foreach (var (value, weight) in sorted)
            {
                var share = weight / totals.Weight;
                sum += share * (value / mean) * (2 * before + share - 1);
                before += share;
            }
            // Rounding can leave −1e-17 where values are nearly equal; a negative Gini would only confuse a reader.
            return Measure.Of(Math.Max(0, sum));
        }
        finally
        {
            ArrayPool<WeightedValue>.Shared.Return(buffer);
        }
    }

    /// <summary>Every measure of one table of cells (value per capita, weighted by population).</summary>
    public static InequalitySummary Summarize(IReadOnlyList<PopulationCell> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var buffer = ArrayPool<WeightedValue>.Shared.Rent(cells.Count);
        try
        {
            for (var i = 0; i < cells.Count; i++)
            {
                buffer[i] = cells[i].AsWeighted();
            }
            var data = new ReadOnlySpan<WeightedValue>(buffer, 0, cells.Count);
            return new(TheilT(data), TheilL(data), CoefficientOfVariation(data), Gini(data));
        }
        finally
        {
            ArrayPool<WeightedValue>.Shared.Return(buffer);
        }
    }

    private readonly record struct Totals(double Weight, double WeightedSum, bool AllEqual, bool HasZeroValue)
    {
        public double Mean => WeightedSum / Weight;

        public static Totals Of(ReadOnlySpan<WeightedValue> data)
        {
            double weightSum = 0, weightedSum = 0;
            double? first = null;
            bool allEqual = true, hasZero = false;
            for (var i = 0; i < data.Length; i++)
            {
                var (value, weight) = data[i];
                TheilTerms.Check(value, weight, i);
                if (weight == 0)
                {
                    continue;
                }
                weightSum += weight;
                weightedSum += weight * value;
                first ??= value;
                allEqual &= value == first;
                hasZero |= value == 0;
            }
            return new(weightSum, weightedSum, allEqual, hasZero);
        }
    }
}
