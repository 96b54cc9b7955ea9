namespace CtecSkills.Core.Analytics;

/// <summary>Whether more of an indicator is better (positive) or worse (negative).</summary>
public enum IndicatorDirection
{
    Positive,
    Negative,
}

/// <summary>One locality's raw indicator values, in the order of the directions passed to <see cref="EntropyWeight.Score"/>.</summary>
public sealed record LocalityIndicators(string Locality, IReadOnlyList<double> Values);

/// <summary>A locality's min-max normalized indicators x'_ij and its composite score Σ_j w_j x'_ij, in [0, 1].</summary>
public sealed record LocalityScore(string Locality, IReadOnlyList<double> Normalized, double Score);

/// <summary>Entropy e_j and weight w_j per indicator, and the scores in the order the localities were given.</summary>
public sealed record EntropyWeightResult(IReadOnlyList<double> Entropies, IReadOnlyList<double> Weights, IReadOnlyList<LocalityScore> Scores);

/// <summary>
/// The entropy-weight composite score: indicators that spread the localities more get more weight.
/// <list type="number">
/// <item>Min-max normalization: x' = (x − min)/(max − min) for positive, (max − x)/(max − min) for negative indicators.</item>
/// <item>Proportions p_ij = x'_ij / Σ_i x'_ij.</item>
/// <item>Entropy e_j = −k Σ_i p_ij ln p_ij with k = 1/ln n and 0·ln 0 = 0 (no shift of the data to avoid zeros).</item>
/// <item>Weights w_j = (1 − e_j) / Σ_j (1 − e_j); score_i = Σ_j w_j x'_ij.</item>
/// </list>
/// A constant indicator (max = min, which includes a single locality) tells the localities nothing: every x' is 1
/// (each locality is at the best observed value), so p = 1/n and e = 1, and its weight is 0 — what the formulas give in
/// the limit, without dividing by zero. When no indicator varies, Σ(1 − e) = 0 and every indicator gets 1/m, so
/// the weights still sum to 1 and every score is 1.
/// </summary>
public static class EntropyWeight
{
    /// <summary>Weights and scores; throws <see cref="ArgumentException"/> for no indicator, a row of the wrong length or a non-finite value.</summary>
    public static EntropyWeightResult Score(IReadOnlyList<LocalityIndicators> localities, IReadOnlyList<IndicatorDirection> directions)
    {
        ArgumentNullException.ThrowIfNull(localities);
        ArgumentNullException.ThrowIfNull(directions);
        var m = directions.Count;
        var n = localities.Count;
        if (m == 0)
        {
            throw new ArgumentException("At least one indicator is needed.", nameof(directions));
        }
        for (var i = 0; i < n; i++)
        {
            var values = localities[i].Values;
            if (values.Count != m)
            {
                throw new ArgumentException($"Locality {localities[i].Locality} has {values.Count} values for {m} indicators.", nameof(localities));
            }
            for (var j = 0; j < m; j++)
            {
                if (!double.IsFinite(values[j]))
                {
                    throw new ArgumentException($"Locality {localities[i].Locality}, indicator {j}: {values[j]} is not a number.", nameof(localities));
                }
            }
        }

        var normalized = new double[n][];
        for (var i = 0; i < n; i++)
        {
            normalized[i] = new double[m];
        }
        var entropies = new double[m];
        var divergence = new double[m];
        var k = n > 1 ? 1 / Math.Log(n) : 0;
        for (var j = 0; j < m; j++)
        {
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            for (var i = 0; i < n; i++)
            {
                min = Math.Min(min, localities[i].Values[j]);
                max = Math.Max(max, localities[i].Values[j]);
            }
            if (!(max > min))
            {
                for (var i = 0; i < n; i++)
                {
                    normalized[i][j] = 1;
                }
                entropies[j] = 1;
                continue;
            }

            var range = max - min;
            var column = 0.0;
            for (var i = 0; i < n; i++)
            {
                var x = localities[i].Values[j];
                var scaled = directions[j] == IndicatorDirection.Positive ? (x - min) / range : (max - x) / range;
                normalized[i][j] = scaled;
                column += scaled;
            }
            var sum = 0.0;
            for (var i = 0; i < n; i++)
            {
                var p = normalized[i][j] / column;
                if (p > 0)
                {
                    sum += p * Math.Log(p);
                }
            }
            entropies[j] = -k * sum;
            // e ≤ 1 in exact arithmetic; rounding must not give a weight below 0.
            divergence[j] = Math.Max(0, 1 - entropies[j]);
        }

        var totalDivergence = divergence.Sum();
        var weights = new double[m];
        for (var j = 0; j < m; j++)
        {
            weights[j] = totalDivergence > 0 ? divergence[j] / totalDivergence : 1.0 / m;
        }

        var scores = new LocalityScore[n];
        for (var i = 0; i < n; i++)
        {
            var score = 0.0;
            for (var j = 0; j < m; j++)
            {
                score += weights[j] * normalized[i][j];
            }
            scores[i] = new(localities[i].Locality, normalized[i], score);
        }
        return new(entropies, weights, scores);
    }
}
