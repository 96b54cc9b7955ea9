using CtecSkills.Core.Analytics;
using CtecSkills.Core.Regions;

namespace CtecSkills.UnitTests.Analytics;

public sealed class TheilDecompositionTests
{
    private const double Precision = 1e-13;

    // Two provinces × two localities × urban/rural (population, value per capita):
    //   A1: urban (1, 6), rural (1, 2) → P 2, Y 8,  μ 4
    //   A2: urban (1, 3), rural (1, 1) → P 2, Y 4,  μ 2
    //   B1: urban (1, 2), rural (3, 2) → P 4, Y 8,  μ 2   (no urban–rural gap)
    //   B2: urban (2, 4), rural (2, 2) → P 4, Y 12, μ 3
    //   A: P 4, Y 12, μ 3;  B: P 8, Y 20, μ 5/2;  whole: P 12, Y 32, μ 8/3.
    private static readonly PopulationCell[] TwoProvinces =
    [
        new("A", "A1", Area.Urban, 1, 6),
        new("A", "A1", Area.Rural, 1, 2),
        new("A", "A2", Area.Urban, 1, 3),
        new("A", "A2", Area.Rural, 1, 1),
        new("B", "B1", Area.Urban, 1, 2),
        new("B", "B1", Area.Rural, 3, 2),
        new("B", "B2", Area.Urban, 2, 4),
        new("B", "B2", Area.Rural, 2, 2),
    ];

    private static double Ln(double x) => Math.Log(x);

    [Fact]
    public void Nested_TheilT_TwoProvincesTwoLocalitiesUrbanRural_MatchesHandCalculation()
    {
        // Weights are value shares Y·/Y = Y·/32.
        // Between provinces:  12/32 ln(3 / (8/3)) + 20/32 ln((5/2) / (8/3)) = 3/8 ln(9/8) + 5/8 ln(15/16) = 0.0038321
        var betweenProvinces = (3.0 / 8 * Ln(9.0 / 8)) + (5.0 / 8 * Ln(15.0 / 16));
        // Between localities: 8/32 ln(4/3) + 4/32 ln(2/3)   [A1, A2 around μ_A = 3]
        //                   + 8/32 ln(2/(5/2)) + 12/32 ln(3/(5/2))   [B1, B2 around μ_B = 5/2]   = 0.0338221
        var betweenLocalities = (8.0 / 32 * Ln(4.0 / 3)) + (4.0 / 32 * Ln(2.0 / 3)) + (8.0 / 32 * Ln(0.8)) + (12.0 / 32 * Ln(1.2));
        // Within localities (cells around their locality mean):
        //   A1: 6/32 ln(6/4) + 2/32 ln(2/4);  A2: 3/32 ln(3/2) + 1/32 ln(1/2);  B1: 0;  B2: 8/32 ln(4/3) + 4/32 ln(2/3)
        //   = 0.0702919
        var withinLocalities = (6.0 / 32 * Ln(1.5)) + (2.0 / 32 * Ln(0.5)) + (3.0 / 32 * Ln(1.5)) + (1.0 / 32 * Ln(0.5))
            + (8.0 / 32 * Ln(4.0 / 3)) + (4.0 / 32 * Ln(2.0 / 3));
        // Total, straight from the cells: Σ (p·y/32) ln(y / (8/3)) = 0.1079460 = 0.0038321 + 0.0338221 + 0.0702919
        var total = TwoProvinces.Sum(c => c.Population * c.Value / 32 * Ln(c.Value / (8.0 / 3)));

        var result = TheilDecomposition.Nested(TwoProvinces, TheilIndex.T);

        Assert.Equal(betweenProvinces, result.BetweenProvinces.Value, Precision);
        Assert.Equal(betweenLocalities, result.BetweenLocalitiesWithinProvinces.Value, Precision);
        Assert.Equal(withinLocalities, result.WithinLocalities.Value, Precision);
        Assert.Equal(total, result.Total.Value, Precision);
        Assert.Equal(0.1079460313, result.Total.Value, 1e-9);
        Assert.Equal(result.Total.Value, result.BetweenProvinces.Value + result.BetweenLocalitiesWithinProvinces.Value + result.WithinLocalities.Value, Precision);
    }

    [Fact]
    public void Nested_TheilL_TwoProvincesTwoLocalitiesUrbanRural_MatchesHandCalculation()
    {
        // Weights are population shares P·/12, logs of parent mean over child mean.
        // Between provinces:  4/12 ln((8/3)/3) + 8/12 ln((8/3)/(5/2)) = 1/3 ln(8/9) + 2/3 ln(16/15) = 0.0037647
        var betweenProvinces = (1.0 / 3 * Ln(8.0 / 9)) + (2.0 / 3 * Ln(16.0 / 15));
        // Between localities: 2/12 ln(3/4) + 2/12 ln(3/2) + 4/12 ln((5/2)/2) + 4/12 ln((5/2)/3) = 0.0332378
        var betweenLocalities = (2.0 / 12 * Ln(0.75)) + (2.0 / 12 * Ln(1.5)) + (4.0 / 12 * Ln(1.25)) + (4.0 / 12 * Ln(2.5 / 3));
        // Within localities: A1: 1/12 ln(4/6) + 1/12 ln(4/2); A2: 1/12 ln(2/3) + 1/12 ln(2/1); B1: 0;
        //                    B2: 2/12 ln(3/4) + 2/12 ln(3/2)   = 0.0675775
        var withinLocalities = (1.0 / 12 * Ln(4.0 / 6)) + (1.0 / 12 * Ln(2)) + (1.0 / 12 * Ln(2.0 / 3)) + (1.0 / 12 * Ln(2))
            + (2.0 / 12 * Ln(0.75)) + (2.0 / 12 * Ln(1.5));
        // Total: Σ (p/12) ln((8/3) / y) = 0.1045800 = 0.0037647 + 0.0332378 + 0.0675775
        var total = TwoProvinces.Sum(c => c.Population / 12 * Ln(8.0 / 3 / c.Value));

        var result = TheilDecomposition.Nested(TwoProvinces, TheilIndex.L);

        Assert.Equal(betweenProvinces, result.BetweenProvinces.Value, Precision);
        Assert.Equal(betweenLocalities, result.BetweenLocalitiesWithinProvinces.Value, Precision);
        Assert.Equal(withinLocalities, result.WithinLocalities.Value, Precision);
        Assert.Equal(total, result.Total.Value, Precision);
        Assert.Equal(0.1045800243, result.Total.Value, 1e-9);
    }

    [Fact]
    public void Nested_Total_EqualsTheUndecomposedIndex()
    {
        var weighted = TwoProvinces.Select(c => c.AsWeighted()).ToArray();

        Assert.Equal(Inequality.TheilT(weighted), TheilDecomposition.Nested(TwoProvinces, TheilIndex.T).Total);
        Assert.Equal(Inequality.TheilL(weighted).Value, TheilDecomposition.Nested(TwoProvinces, TheilIndex.L).Total.Value, Precision);
    }

    [Fact]
    public void Nested_SameLocalityNameInTwoProvinces_AreTwoLocalities()
    {
        PopulationCell[] cells =
        [
            new("A", "X", Area.Urban, 1, 2),
            new("B", "X", Area.Urban, 1, 4),
        ];

        var result = TheilDecomposition.Nested(cells, TheilIndex.T);

        Assert.Equal(result.Total.Value, result.BetweenProvinces.Value, Precision);
        Assert.Equal(0, result.BetweenLocalitiesWithinProvinces.Value, Precision);
        Assert.Equal(0, result.WithinLocalities.Value, Precision);
    }

    [Fact]
    public void Nested_TheilLWithAZeroValue_IsUndefinedInEveryPart()
    {
        var cells = TwoProvinces.Append(new("B", "B3", Area.Rural, 5, 0)).ToArray();

        var result = TheilDecomposition.Nested(cells, TheilIndex.L);

        Assert.All(
            [result.Total, result.BetweenProvinces, result.BetweenLocalitiesWithinProvinces, result.WithinLocalities],
            m => Assert.Equal(MeasureStatus.UndefinedForZeroValue, m.Status));
    }

    [Fact]
    public void Nested_TheilTWithALocalityHoldingNothing_StillSumsToTheTotal()
    {
        var cells = TwoProvinces.Append(new("B", "B3", Area.Urban, 5, 0)).Append(new("B", "B3", Area.Rural, 2, 0)).ToArray();

        var result = TheilDecomposition.Nested(cells, TheilIndex.T);

        Assert.Equal(
            Inequality.TheilT(cells.Select(c => c.AsWeighted()).ToArray()).Value,
            result.BetweenProvinces.Value + result.BetweenLocalitiesWithinProvinces.Value + result.WithinLocalities.Value,
            Precision);
    }

    [Fact]
    public void Nested_Empty_HasNoPopulation()
    {
        var result = TheilDecomposition.Nested([], TheilIndex.T);

        Assert.Equal(MeasureStatus.NoPopulation, result.Total.Status);
        Assert.Equal(MeasureStatus.NoPopulation, result.WithinLocalities.Status);
    }

    [Fact]
    public void ByGroup_UrbanVersusRural_MatchesHandCalculation()
    {
        // Urban: P 5, Y 6+3+2+8 = 19, μ 19/5;  rural: P 7, Y 2+1+6+4 = 13, μ 13/7;  whole μ 8/3.
        // T between = 19/32 ln((19/5)/(8/3)) + 13/32 ln((13/7)/(8/3))
        var between = (19.0 / 32 * Ln(19.0 / 5 / (8.0 / 3))) + (13.0 / 32 * Ln(13.0 / 7 / (8.0 / 3)));
        // Urban's own T: cells (1,6), (1,3), (1,2), (2,4) around 19/5, value-share weighted.
        var urban = (6.0 / 19 * Ln(6 / 3.8)) + (3.0 / 19 * Ln(3 / 3.8)) + (2.0 / 19 * Ln(2 / 3.8)) + (8.0 / 19 * Ln(4 / 3.8));

        var result = TheilDecomposition.ByGroup(TwoProvinces, c => c.Area.ToString(), TheilIndex.T);

        Assert.Equal(between, result.BetweenGroups.Value, Precision);
        Assert.Equal(["Rural", "Urban"], result.Groups.Select(g => g.Key));
        var urbanGroup = result.Groups[1];
        Assert.Equal(5.0 / 12, urbanGroup.PopulationShare, Precision);
        Assert.Equal(19.0 / 32, urbanGroup.ValueShare, Precision);
        Assert.Equal(3.8, urbanGroup.Mean, Precision);
        Assert.Equal(urban, urbanGroup.Theil.Value, Precision);
        Assert.Equal(19.0 / 32 * urban, urbanGroup.WithinContribution.Value, Precision);
        Assert.Equal(result.Total.Value, result.BetweenGroups.Value + result.WithinGroups.Value, Precision);
        Assert.Equal(result.WithinGroups.Value, result.Groups.Sum(g => g.WithinContribution.Value), Precision);
    }

    [Fact]
    public void ByGroup_Tier_WithinIsPopulationWeightedForTheilL()
    {
        var tiers = new Dictionary<string, string> { ["A1"] = "core", ["A2"] = "county", ["B1"] = "regional", ["B2"] = "county" };

        var result = TheilDecomposition.ByGroup(TwoProvinces, c => tiers[c.Locality], TheilIndex.L);

        Assert.Equal(["core", "county", "regional"], result.Groups.Select(g => g.Key));
        Assert.Equal(result.Total.Value, result.BetweenGroups.Value + result.WithinGroups.Value, Precision);
        Assert.All(result.Groups, g => Assert.Equal(g.PopulationShare * g.Theil.Value, g.WithinContribution.Value, Precision));
        // Regional is B1 alone, with one value: no inequality inside it.
        Assert.Equal(0, result.Groups[2].Theil.Value);
    }
}
