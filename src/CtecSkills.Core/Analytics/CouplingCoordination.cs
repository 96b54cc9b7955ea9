using System.Globalization;

namespace CtecSkills.Core.Analytics;

/// <summary>The ten usual bands of the coupling coordination degree D, each 0.1 wide, lower bound included.</summary>
public enum CoordinationBand
{
    /// <summary>[0, 0.1) 极度失调.</summary>
    ExtremeImbalance,

    /// <summary>[0.1, 0.2) 严重失调.</summary>
    SeriousImbalance,

    /// <summary>[0.2, 0.3) 中度失调.</summary>
    ModerateImbalance,

    /// <summary>[0.3, 0.4) 轻度失调.</summary>
    MildImbalance,

    /// <summary>[0.4, 0.5) 濒临失调.</summary>
    VergeOfImbalance,

    /// <summary>[0.5, 0.6) 勉强协调.</summary>
    BarelyCoordinated,

    /// <summary>[0.6, 0.7) 初级协调.</summary>
    PrimaryCoordination,

    /// <summary>[0.7, 0.8) 中级协调.</summary>
    IntermediateCoordination,

    /// <summary>[0.8, 0.9) 良好协调.</summary>
    GoodCoordination,

    /// <summary>[0.9, 1.0] 优质协调 — the only band that includes its upper bound.</summary>
    HighQualityCoordination,
}

/// <summary>
/// Coupling degree C, comprehensive development index T, coordination degree D and its band.
/// </summary>
public sealed record CouplingCoordinationResult(double Coupling, double Development, double Degree, CoordinationBand Band);

/// <summary>
/// Coupling coordination degree of n ≥ 2 subsystems with scores U_i in [0, 1] (e.g. entropy-weight scores of Sichuan
/// and Chongqing, or of urban and rural): C = n·(Π U_i)^(1/n) / Σ U_i (geometric over arithmetic mean, in [0, 1]),
/// T = Σ α_i U_i with α_i ≥ 0 summing to 1, D = √(C·T).
/// When Σ U = 0 nothing is developed: C is defined as 0 (0/0 has no limit — it depends on how the scores approach
/// 0 — and "coupled" would misread an empty region), so D = 0 and the band is <see cref="CoordinationBand.ExtremeImbalance"/>.
/// </summary>
public static class CouplingCoordination
{
    private static readonly string[] ChineseNames =
        ["极度失调", "严重失调", "中度失调", "轻度失调", "濒临失调", "勉强协调", "初级协调", "中级协调", "良好协调", "优质协调"];

    private static readonly string[] EnglishNames =
    [
        "Extreme imbalance", "Serious imbalance", "Moderate imbalance", "Mild imbalance", "On the verge of imbalance",
        "Barely coordinated", "Primary coordination", "Intermediate coordination", "Good coordination",
        "High-quality coordination",
    ];

    // The literals a reader compares D with, so D = 0.1 (the double written 0.1) is in the second band.
    private static readonly double[] LowerBounds = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

    /// <summary>Two subsystems with equal weight, α = (0.5, 0.5) — the usual case.</summary>
    public static CouplingCoordinationResult Compute(double u1, double u2) => Compute([u1, u2], [0.5, 0.5]);

    /// <summary>
    /// C, T, D and band; throws <see cref="ArgumentException"/> for fewer than two scores, a score outside [0, 1],
    /// a negative α, α of another length, or α not summing to 1 (within 1e-9).
    /// </summary>
    public static CouplingCoordinationResult Compute(ReadOnlySpan<double> scores, ReadOnlySpan<double> weights)
    {
        var n = scores.Length;
        if (n < 2)
        {
            throw new ArgumentException("Coupling needs at least two subsystems.", nameof(scores));
        }
        if (weights.Length != n)
        {
            throw new ArgumentException($"{weights.Length} weights for {n} subsystems.", nameof(weights));
        }
        double sum = 0, logSum = 0, product = 1, development = 0, weightSum = 0;
        var anyZero = false;
        var allEqual = true;
        for (var i = 0; i < n; i++)
        {
            var u = scores[i];
            var alpha = weights[i];
            if (!(u >= 0 && u <= 1))
            {
                throw new ArgumentException($"Score {u} is not in [0, 1].", nameof(scores));
            }
            if (!(alpha >= 0 && double.IsFinite(alpha)))
            {
                throw new ArgumentException($"Weight {alpha} is not a number ≥ 0.", nameof(weights));
            }
            sum += u;
            product *= u;
            allEqual &= u == scores[0];
            development += alpha * u;
            weightSum += alpha;
            if (u == 0)
            {
                anyZero = true;
            }
            else
            {
                logSum += Math.Log(u);
            }
        }
        if (Math.Abs(weightSum - 1) > 1e-9)
        {
            throw new ArgumentException($"The weights sum to {weightSum}, not 1.", nameof(weights));
        }

        // Equal scores are perfectly coupled; computing 1 through a root could give 0.9999999999999998 and drop
        // a D that lies exactly on a band edge into the band below.
        var coupling = anyZero || sum == 0 ? 0
            : allEqual ? 1
            : n * GeometricMean(product, logSum, n) / sum;
        // C ≤ 1 and T ≤ 1 in exact arithmetic; rounding can overshoot by an ulp, which would leave the top band.
        coupling = Math.Clamp(coupling, 0, 1);
        development = Math.Clamp(development, 0, 1);
        var degree = Math.Sqrt(coupling * development);
        return new(coupling, development, degree, Classify(degree));
    }

    private static double GeometricMean(double product, double logSum, int n) =>
        n == 2 ? Math.Sqrt(product)
        // Through logarithms only when the product of many small scores underflowed.
        : product > 1e-290 ? Math.Pow(product, 1.0 / n)
        : Math.Exp(logSum / n);

    /// <summary>The band of a coordination degree D in [0, 1]; lower bounds included, 1.0 in the top band.</summary>
    public static CoordinationBand Classify(double degree)
    {
        if (!(degree >= 0 && degree <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(degree), degree, "D lies in [0, 1].");
        }
        var band = LowerBounds.Length - 1;
        while (degree < LowerBounds[band])
        {
            band--;
        }
        return (CoordinationBand)band;
    }

    /// <summary>The lower bound of a band (0, 0.1, …, 0.9).</summary>
    public static double LowerBound(CoordinationBand band) => LowerBounds[(int)band];

    /// <summary>The band's Chinese name, e.g. 优质协调.</summary>
    public static string ChineseName(CoordinationBand band) => ChineseNames[(int)band];

    /// <summary>The band's English name, e.g. High-quality coordination.</summary>
    public static string EnglishName(CoordinationBand band) => EnglishNames[(int)band];

    /// <summary>The Chinese name for any Chinese culture, the English name otherwise (zh-CN is the site's default).</summary>
    public static string Name(CoordinationBand band, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        return culture.TwoLetterISOLanguageName == "zh" ? ChineseName(band) : EnglishName(band);
    }
}
