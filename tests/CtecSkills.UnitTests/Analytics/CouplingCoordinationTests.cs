using System.Globalization;
using CtecSkills.Core.Analytics;

namespace CtecSkills.UnitTests.Analytics;

public sealed class CouplingCoordinationTests
{
    private const double Precision = 1e-13;

    [Fact]
    public void Compute_TwoSubsystems_MatchesHandCalculation()
    {
        // C = 2·√(0.64 · 0.36) / (0.64 + 0.36) = 2 · 0.48 / 1 = 0.96; T = 0.5·0.64 + 0.5·0.36 = 0.5;
        // D = √(0.96 · 0.5) = √0.48 = 0.6928203 → [0.6, 0.7) 初级协调
        var result = CouplingCoordination.Compute(0.64, 0.36);

        Assert.Equal(0.96, result.Coupling, Precision);
        Assert.Equal(0.5, result.Development, Precision);
        Assert.Equal(Math.Sqrt(0.48), result.Degree, Precision);
        Assert.Equal(CoordinationBand.PrimaryCoordination, result.Band);
    }

    [Fact]
    public void Compute_ThreeSubsystemsWithUnequalWeights_MatchesHandCalculation()
    {
        // U = (0.2, 0.4, 0.8): Π = 0.064, ∛0.064 = 0.4, Σ = 1.4 → C = 3 · 0.4 / 1.4 = 6/7;
        // T = 0.5·0.2 + 0.3·0.4 + 0.2·0.8 = 0.38; D = √(6/7 · 0.38) = 0.5707138 → 勉强协调
        var result = CouplingCoordination.Compute([0.2, 0.4, 0.8], [0.5, 0.3, 0.2]);

        Assert.Equal(6.0 / 7, result.Coupling, Precision);
        Assert.Equal(0.38, result.Development, Precision);
        Assert.Equal(Math.Sqrt(6.0 / 7 * 0.38), result.Degree, Precision);
        Assert.Equal(CoordinationBand.BarelyCoordinated, result.Band);
    }

    [Fact]
    public void Compute_EqualScores_AreFullyCoupledAndLandOnTheBandEdge()
    {
        // C = 1, T = 0.25, D = √0.25 = 0.5 exactly: the lower edge of 勉强协调.
        var result = CouplingCoordination.Compute(0.25, 0.25);

        Assert.Equal(1, result.Coupling);
        Assert.Equal(0.5, result.Degree);
        Assert.Equal(CoordinationBand.BarelyCoordinated, result.Band);
    }

    [Fact]
    public void Compute_AllScoresZero_IsZeroAndExtremeImbalance()
    {
        var result = CouplingCoordination.Compute(0, 0);

        Assert.Equal(new CouplingCoordinationResult(0, 0, 0, CoordinationBand.ExtremeImbalance), result);
    }

    [Fact]
    public void Compute_OneScoreZero_HasNoCoupling()
    {
        var result = CouplingCoordination.Compute(0, 0.9);

        Assert.Equal(0, result.Coupling);
        Assert.Equal(0, result.Degree);
    }

    [Fact]
    public void Compute_BothScoresOne_IsHighQualityCoordination()
    {
        var result = CouplingCoordination.Compute(1, 1);

        Assert.Equal(1, result.Degree);
        Assert.Equal(CoordinationBand.HighQualityCoordination, result.Band);
    }

    [Theory]
    [InlineData(0.0, CoordinationBand.ExtremeImbalance)]
    [InlineData(0.0999999999, CoordinationBand.ExtremeImbalance)]
    [InlineData(0.1, CoordinationBand.SeriousImbalance)]
    [InlineData(0.2, CoordinationBand.ModerateImbalance)]
    [InlineData(0.3, CoordinationBand.MildImbalance)]
    [InlineData(0.4, CoordinationBand.VergeOfImbalance)]
    [InlineData(0.5, CoordinationBand.BarelyCoordinated)]
    [InlineData(0.6, CoordinationBand.PrimaryCoordination)]
    [InlineData(0.7, CoordinationBand.IntermediateCoordination)]
    [InlineData(0.8, CoordinationBand.GoodCoordination)]
    [InlineData(0.8999999999, CoordinationBand.GoodCoordination)]
    [InlineData(0.9, CoordinationBand.HighQualityCoordination)]
    [InlineData(1.0, CoordinationBand.HighQualityCoordination)]
    public void Classify_BandEdges_IncludeTheLowerBound(double degree, CoordinationBand expected)
    {
        Assert.Equal(expected, CouplingCoordination.Classify(degree));
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void Classify_OutsideZeroToOne_Throws(double degree)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CouplingCoordination.Classify(degree));
    }

    [Fact]
    public void Names_EveryBand_HasChineseAndEnglishName()
    {
        Assert.Equal("极度失调", CouplingCoordination.ChineseName(CoordinationBand.ExtremeImbalance));
        Assert.Equal("On the verge of imbalance", CouplingCoordination.EnglishName(CoordinationBand.VergeOfImbalance));
        Assert.Equal("优质协调", CouplingCoordination.Name(CoordinationBand.HighQualityCoordination, CultureInfo.GetCultureInfo("zh-CN")));
        Assert.Equal("High-quality coordination", CouplingCoordination.Name(CoordinationBand.HighQualityCoordination, CultureInfo.GetCultureInfo("en")));
        Assert.Equal(10, Enum.GetValues<CoordinationBand>().Select(CouplingCoordination.ChineseName).Distinct().Count());
        Assert.Equal(0.9, CouplingCoordination.LowerBound(CoordinationBand.HighQualityCoordination));
    }

    [Theory]
    [InlineData(1.2, 0.5)]
    [InlineData(0.5, -0.1)]
    public void Compute_ScoreOutsideZeroToOne_Throws(double u1, double u2)
    {
        Assert.Throws<ArgumentException>(() => CouplingCoordination.Compute(u1, u2));
    }

    [Fact]
    public void Compute_WeightsNotSummingToOne_Throw()
    {
        Assert.Throws<ArgumentException>(() => CouplingCoordination.Compute([0.5, 0.5], [0.5, 0.6]));
    }
}
