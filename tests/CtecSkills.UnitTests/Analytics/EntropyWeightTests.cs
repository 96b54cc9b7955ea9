using CtecSkills.Core.Analytics;

namespace CtecSkills.UnitTests.Analytics;

public sealed class EntropyWeightTests
{
    private const double Precision = 1e-13;

    [Fact]
    public void Score_ThreeLocalitiesTwoIndicators_MatchesHandCalculation()
    {
        // Indicator 1, positive: 10, 20, 30 → x' = 0, 1/2, 1 → p = 0, 1/3, 2/3
        //   e1 = −(1/ln 3)(0 + 1/3 ln(1/3) + 2/3 ln(2/3)) = 1 − (2/3) ln 2 / ln 3 = 0.5793802
        // Indicator 2, negative: 9, 1, 1 → x' = (9 − x)/8 = 0, 1, 1 → p = 0, 1/2, 1/2
        //   e2 = −(1/ln 3)(2 · 1/2 ln(1/2)) = ln 2 / ln 3 = 0.6309298
        // With a = ln 2 / ln 3: 1 − e1 = 2a/3, 1 − e2 = 1 − a, so w1 = (2a/3) / (1 − a/3) = 2a/(3 − a) = 0.5326391
        // and w2 = 1 − w1 = 0.4673609. Scores: (0, 0) → 0; (1/2, 1) → w1/2 + w2 = 0.7336804; (1, 1) → 1.
        var a = Math.Log(2) / Math.Log(3);
        var w1 = 2 * a / (3 - a);
        LocalityIndicators[] table =
        [
            new("绵阳", [10, 9]),
            new("德阳", [20, 1]),
            new("遂宁", [30, 1]),
        ];

        var result = EntropyWeight.Score(table, [IndicatorDirection.Positive, IndicatorDirection.Negative]);

        Assert.Equal(1 - (2 * a / 3), result.Entropies[0], Precision);
        Assert.Equal(a, result.Entropies[1], Precision);
        Assert.Equal(w1, result.Weights[0], Precision);
        Assert.Equal(1 - w1, result.Weights[1], Precision);
        Assert.Equal(0.5326391267, result.Weights[0], 1e-9);
        Assert.Equal(["绵阳", "德阳", "遂宁"], result.Scores.Select(s => s.Locality));
        Assert.Equal([0.5, 1.0], result.Scores[1].Normalized);
        Assert.Equal(0, result.Scores[0].Score, Precision);
        Assert.Equal((w1 / 2) + (1 - w1), result.Scores[1].Score, Precision);
        Assert.Equal(1, result.Scores[2].Score, Precision);
    }

    [Fact]
    public void Score_ConstantIndicator_GetsWeightZeroAndNormalizedOne()
    {
        LocalityIndicators[] table = [new("a", [1, 7]), new("b", [2, 7]), new("c", [4, 7])];

        var result = EntropyWeight.Score(table, [IndicatorDirection.Positive, IndicatorDirection.Negative]);

        Assert.Equal(1, result.Entropies[1]);
        Assert.Equal(0, result.Weights[1]);
        Assert.Equal(1, result.Weights[0], Precision);
        Assert.All(result.Scores, s => Assert.Equal(1, s.Normalized[1]));
        Assert.All(result.Scores, s => Assert.True(double.IsFinite(s.Score)));
    }

    [Fact]
    public void Score_NoIndicatorVaries_GivesEqualWeightsAndEqualScores()
    {
        LocalityIndicators[] table = [new("a", [3, 5, 0]), new("b", [3, 5, 0])];

        var result = EntropyWeight.Score(table, [IndicatorDirection.Positive, IndicatorDirection.Negative, IndicatorDirection.Positive]);

        Assert.All(result.Weights, w => Assert.Equal(1.0 / 3, w, Precision));
        Assert.All(result.Scores, s => Assert.Equal(1, s.Score, Precision));
    }

    [Fact]
    public void Score_SingleLocality_HasNoNaN()
    {
        var result = EntropyWeight.Score([new("a", [3, 5])], [IndicatorDirection.Positive, IndicatorDirection.Negative]);

        Assert.Equal([0.5, 0.5], result.Weights);
        Assert.Equal(1, result.Scores[0].Score, Precision);
    }

    [Fact]
    public void Score_RowOfTheWrongLength_Throws()
    {
        LocalityIndicators[] table = [new("a", [1, 2]), new("b", [1])];

        Assert.Throws<ArgumentException>(() => EntropyWeight.Score(table, [IndicatorDirection.Positive, IndicatorDirection.Positive]));
    }
}
