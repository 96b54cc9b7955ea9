namespace CtecSkills.Core.Analytics;

/// <summary>Which member of the Theil family: T (GE(1)) or L (GE(0), mean log deviation).</summary>
public enum TheilIndex
{
    /// <summary>Theil T = Σ s_i (y_i/μ) ln(y_i/μ): weighted by value, most sensitive at the top.</summary>
    T,

    /// <summary>Theil L = Σ s_i ln(μ/y_i): weighted by population, most sensitive at the bottom.</summary>
    L,
}

/// <summary>The one term every Theil sum and every part of a decomposition is built from.</summary>
internal static class TheilTerms
{
    /// <summary>
    /// Contribution of a child (a cell or a group) with population share <paramref name="share"/> of the whole and
    /// mean <paramref name="childMean"/>, inside a parent with mean <paramref name="parentMean"/>, when the whole has
    /// mean <paramref name="totalMean"/>. With r = childMean / parentMean:
    /// T: share · (parentMean/totalMean) · (r ln r − r + 1);  L: share · (r − 1 − ln r).
    /// The "− r + 1" parts sum to zero over the children of a parent (Σ s r = 1), so they change nothing in exact
    /// arithmetic; they make every term ≥ 0 on its own, so rounding cannot make a Theil index or a part negative.
    /// </summary>
    public static double Term(TheilIndex index, double share, double childMean, double parentMean, double totalMean)
    {
        if (index == TheilIndex.T)
        {
            if (parentMean == 0)
            {
                // The whole parent holds no value, so its value share, which weights the term, is 0.
                return 0;
            }
            var r = childMean / parentMean;
            // 0·ln 0 = 0, so a child holding nothing contributes share · parent weight · 1.
            var f = r == 0 ? 1 : (r * Math.Log(r)) - r + 1;
            return share * (parentMean / totalMean) * Math.Max(0, f);
        }
        var ratio = childMean / parentMean;
        return share * Math.Max(0, ratio - 1 - Math.Log(ratio));
    }

    public static void Check(double value, double weight, int index)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new ArgumentException($"Value {value} at {index} is not a finite number ≥ 0.", nameof(value));
        }
        if (!double.IsFinite(weight) || weight < 0)
        {
            throw new ArgumentException($"Population {weight} at {index} is not a finite number ≥ 0.", nameof(weight));
        }
    }
}
