using CtecSkills.Core.Analytics;

namespace CtecSkills.UnitTests.Analytics;

public sealed class DiscreteLaplaceTests
{
    [Theory]
    [InlineData(1.0)]
    [InlineData(0.5)]
    public void Sample_ManyDraws_HaveMeanZeroAndTheDiscreteLaplaceVariance(double epsilon)
    {
        const int n = 200_000;
        double sum = 0, squares = 0;
        for (var i = 0; i < n; i++)
        {
            var x = DiscreteLaplace.Sample(epsilon);
            sum += x;
            squares += (double)x * x;
        }
        var mean = sum / n;
        var variance = (squares / n) - (mean * mean);
        var expected = DiscreteLaplace.Variance(epsilon);

        Assert.InRange(mean, -0.05 * Math.Sqrt(expected), 0.05 * Math.Sqrt(expected));
        Assert.InRange(variance, expected * 0.95, expected * 1.05);
    }

    [Fact]
    public void Sample_EpsilonOne_ZeroIsTheMostLikelyValueAtTanhHalf()
    {
        // P(0) = (1 − q)/(1 + q) with q = e^−1 ≈ 0.4621.
        const int n = 100_000;
        var zeros = Enumerable.Range(0, n).Count(_ => DiscreteLaplace.Sample(1.0) == 0);

        Assert.InRange(zeros / (double)n, 0.4521, 0.4721);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void Sample_EpsilonNotPositive_Throws(double epsilon) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => DiscreteLaplace.Sample(epsilon));
}
