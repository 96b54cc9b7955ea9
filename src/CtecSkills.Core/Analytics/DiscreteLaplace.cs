using System.Security.Cryptography;

namespace CtecSkills.Core.Analytics;

/// <summary>
/// Discrete Laplace (two-sided geometric) noise: P(X = x) ∝ exp(−ε|x|), drawn as the difference of two geometric
/// variables with success probability 1 − e^−ε, from the operating system's cryptographically secure generator —
/// a seeded or predictable generator would let anyone who guesses the seed subtract the noise again.
/// </summary>
public static class DiscreteLaplace
{
    public static long Sample(double epsilon)
    {
        if (!(epsilon > 0 && double.IsFinite(epsilon)))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "ε is a finite number > 0.");
        }
        var logQ = -epsilon;
        return Geometric(logQ) - Geometric(logQ);
    }

    /// <summary>The variance 2q/(1 − q)² with q = e^−ε, for tests and the methodology page.</summary>
    public static double Variance(double epsilon)
    {
        var q = Math.Exp(-epsilon);
        return 2 * q / ((1 - q) * (1 - q));
    }

    // Number of failures before the first success: floor(ln U / ln q) with U uniform on (0, 1].
    private static long Geometric(double logQ) => (long)Math.Floor(Math.Log(Uniform()) / logQ);

    private static double Uniform()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        var bits = BitConverter.ToUInt64(bytes) >> 11;
        return (bits + 1) / 9007199254740992.0;
    }
}
