using CtecSkills.Core.Analytics;
using CtecSkills.Core.Regions;

namespace CtecSkills.UnitTests.Analytics;

public sealed class InequalityTests
{
    private const double Precision = 1e-13;

    // Three cells: populations 1, 1, 2 with per-capita values 2, 6, 4.
    private static readonly WeightedValue[] ThreeCells = [new(2, 1), new(6, 1), new(4, 2)];

    private static WeightedValue[] EqualWeights(params double[] values) => [.. values.Select(v => new WeightedValue(v, 1))];

    [Fact]
    public void TheilT_ThreeWeightedCells_MatchesHandCalculation()
    {
        // s = (1/4, 1/4, 1/2); μ = (1·2 + 1·6 + 2·4) / 4 = 16/4 = 4; y/μ = (1/2, 3/2, 1).
        // T = Σ s (y/μ) ln(y/μ) = 1/4·1/2·ln(1/2) + 1/4·3/2·ln(3/2) + 1/2·1·ln 1
        //   = −1/8 ln 2 + 3/8 (ln 3 − ln 2) = 3/8 ln 3 − 1/2 ln 2 = 0.411979608 − 0.346573590 = 0.065406018
        var expected = (3.0 / 8 * Math.Log(3)) - (0.5 * Math.Log(2));

        var theil = Inequality.TheilT(ThreeCells);

        Assert.Equal(expected, theil.Value, Precision);
        Assert.Equal(0.0654060180, theil.Value, 1e-9);
    }

    [Fact]
    public void TheilL_ThreeWeightedCells_MatchesHandCalculation()
    {
        // L = Σ s ln(μ/y) = 1/4 ln(4/2) + 1/4 ln(4/6) + 1/2 ln(4/4)
        //   = 1/4 ln 2 + 1/4 (ln 2 − ln 3) = 1/2 ln 2 − 1/4 ln 3 = 0.346573590 − 0.274653072 = 0.071920518
        var expected = (0.5 * Math.Log(2)) - (0.25 * Math.Log(3));

        var theil = Inequality.TheilL(ThreeCells);

        Assert.Equal(expected, theil.Value, Precision);
        Assert.Equal(0.0719205181, theil.Value, 1e-9);
    }

    [Fact]
    public void CoefficientOfVariation_ThreeWeightedCells_IsPopulationStandardDeviationOverMean()
    {
        // σ² = Σ s (y − μ)² = 1/4·(2−4)² + 1/4·(6−4)² + 1/2·0 = 1 + 1 = 2; CV = √2 / 4 = 0.353553391
        var cv = Inequality.CoefficientOfVariation(ThreeCells);

        Assert.Equal(Math.Sqrt(2) / 4, cv.Value, Precision);
    }

    [Fact]
    public void Gini_ThreeWeightedCells_IsHalfTheMeanAbsoluteDifferenceOverTheMean()
    {
        // Σ_i Σ_j s_i s_j |y_i − y_j| = 2 (1/4·1/4·|2−6| + 1/4·1/2·|2−4| + 1/4·1/2·|6−4|) = 2 (1/4 + 1/4 + 1/4) = 3/2;
        // G = (3/2) / (2·4) = 3/16 = 0.1875
        var gini = Inequality.Gini(ThreeCells);

        Assert.Equal(3.0 / 16, gini.Value, Precision);
    }

    [Fact]
    public void Gini_IneqReferenceVectorWithEqualWeights_MatchesRIneqDefault()
    {
        // R: ineq::Gini(c(541, 1463, 2445, 3438, 4437, 5401, 6392, 8304, 11904, 22261)) = 0.4620911
        // (the default corr = FALSE; the corrected Gini would be 0.5134346).
        var data = EqualWeights(541, 1463, 2445, 3438, 4437, 5401, 6392, 8304, 11904, 22261);

        var gini = Inequality.Gini(data);

        Assert.Equal(0.4620911, Math.Round(gini.Value, 7));
    }

    [Fact]
    public void Gini_IntegerWeights_EqualTheSameDataWithRepeatedCells()
    {
        WeightedValue[] weighted = [new(5, 3), new(1, 1), new(10, 2)];
        var repeated = EqualWeights(5, 5, 5, 1, 10, 10);

        Assert.Equal(Inequality.Gini(repeated).Value, Inequality.Gini(weighted).Value, Precision);
        Assert.Equal(Inequality.TheilT(repeated).Value, Inequality.TheilT(weighted).Value, Precision);
        Assert.Equal(Inequality.TheilL(repeated).Value, Inequality.TheilL(weighted).Value, Precision);
        Assert.Equal(Inequality.CoefficientOfVariation(repeated).Value, Inequality.CoefficientOfVariation(weighted).Value, Precision);
    }

    [Fact]
    public void Measures_OneCellHoldsEverything_GiveTheKnownExtremes()
    {
        // n equal-sized cells, one with everything: T = ln n, Gini = (n − 1)/n, CV = √(n − 1).
        var data = EqualWeights(0, 0, 0, 8);

        Assert.Equal(Math.Log(4), Inequality.TheilT(data).Value, Precision);
        Assert.Equal(0.75, Inequality.Gini(data).Value, Precision);
        Assert.Equal(Math.Sqrt(3), Inequality.CoefficientOfVariation(data).Value, Precision);
    }

    [Fact]
    public void TheilL_ZeroValueInPopulatedCell_IsUndefinedNotInfinite()
    {
        var data = EqualWeights(0, 3, 5);

        var theil = Inequality.TheilL(data);

        Assert.Equal(MeasureStatus.UndefinedForZeroValue, theil.Status);
        Assert.Null(theil.ValueOrNull);
        Assert.Throws<InvalidOperationException>(() => theil.Value);
        Assert.True(Inequality.TheilT(data).IsDefined);
    }

    [Fact]
    public void Measures_ZeroValueInCellWithoutPopulation_IsIgnored()
    {
        WeightedValue[] data = [new(0, 0), new(2, 1), new(6, 1), new(4, 2)];

        Assert.Equal(Inequality.TheilL(ThreeCells).Value, Inequality.TheilL(data).Value, Precision);
        Assert.Equal(Inequality.Gini(ThreeCells).Value, Inequality.Gini(data).Value, Precision);
    }

    [Fact]
    public void Measures_EmptyInput_HaveNoPopulation()
    {
        var summary = Inequality.Summarize([]);

        Assert.Equal(MeasureStatus.NoPopulation, summary.TheilT.Status);
        Assert.Equal(MeasureStatus.NoPopulation, summary.TheilL.Status);
        Assert.Equal(MeasureStatus.NoPopulation, summary.CoefficientOfVariation.Status);
        Assert.Equal(MeasureStatus.NoPopulation, summary.Gini.Status);
    }

    [Theory]
    [InlineData(7.3)]
    [InlineData(0)]
    public void Measures_AllValuesEqual_AreExactlyZero(double value)
    {
        WeightedValue[] data = [new(value, 3), new(value, 1_234_567), new(value, 0.5)];

        Assert.Equal(0, Inequality.TheilT(data).Value);
        Assert.Equal(0, Inequality.TheilL(data).Value);
        Assert.Equal(0, Inequality.CoefficientOfVariation(data).Value);
        Assert.Equal(0, Inequality.Gini(data).Value);
    }

    [Theory]
    [InlineData(-1, 1)]
    [InlineData(1, -1)]
    [InlineData(double.NaN, 1)]
    [InlineData(1, double.PositiveInfinity)]
    public void Measures_NegativeOrNonFiniteInput_Throw(double value, double weight)
    {
        WeightedValue[] data = [new(1, 1), new(value, weight)];

        Assert.Throws<ArgumentException>(() => Inequality.TheilT(data));
        Assert.Throws<ArgumentException>(() => Inequality.Gini(data));
    }

    [Fact]
    public void Summarize_Cells_UsesValuePerCapitaWeightedByPopulation()
    {
        PopulationCell[] cells =
        [
            new("四川", "成都", Area.Urban, 1, 2),
            new("四川", "成都", Area.Rural, 1, 6),
            new("重庆", "渝中", Area.Urban, 2, 4),
        ];

        var summary = Inequality.Summarize(cells);

        Assert.Equal(Inequality.TheilT(ThreeCells), summary.TheilT);
        Assert.Equal(Inequality.TheilL(ThreeCells), summary.TheilL);
        Assert.Equal(3.0 / 16, summary.Gini.Value, Precision);
    }

    [Fact]
    public void Measure_Default_IsNotAZero()
    {
        var measure = default(Measure);

        Assert.False(measure.IsDefined);
        Assert.Throws<InvalidOperationException>(() => measure.Value);
    }
}
