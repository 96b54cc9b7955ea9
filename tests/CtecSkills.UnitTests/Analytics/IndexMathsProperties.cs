using CtecSkills.Core.Analytics;
using CtecSkills.Core.Regions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CtecSkills.UnitTests.Analytics;

/// <summary>Tables of cells over up to 3 provinces × 4 localities × urban/rural, with positive values (so Theil L is defined).</summary>
public sealed record CellTable(PopulationCell[] Cells)
{
    public WeightedValue[] Weighted => [.. Cells.Select(c => c.AsWeighted())];

    public override string ToString() => string.Join("; ", Cells.Select(c => $"{c.Province}/{c.Locality}/{c.Area}: {c.Population} × {c.Value}"));
}

/// <summary>A scale factor c &gt; 0 between 10⁻³ and 10⁶.</summary>
public sealed record ScaleFactor(double Value);

/// <summary>A table of localities × indicators with random directions.</summary>
public sealed record IndicatorTable(LocalityIndicators[] Localities, IndicatorDirection[] Directions);

public static class IndexMathsArbitraries
{
    private static Gen<PopulationCell> Cell(int minValue) =>
        from province in Gen.Elements("四川", "重庆", "X")
        from locality in Gen.Elements("1", "2", "3", "4")
        from area in Gen.Elements(Area.Urban, Area.Rural)
        from population in Gen.Choose(1, 5_000_000)
        from value in Gen.Choose(minValue, 1_000_000)
        select new PopulationCell(province, province + locality, area, population, value / 100.0);

    public static Arbitrary<CellTable> CellTables() =>
        Cell(1).NonEmptyListOf().Select(cells => new CellTable([.. cells])).ToArbitrary();

    public static Arbitrary<ScaleFactor> ScaleFactors() =>
        (from mantissa in Gen.Choose(1, 9999)
         from exponent in Gen.Choose(-3, 6)
         select new ScaleFactor(mantissa / 1000.0 * Math.Pow(10, exponent))).ToArbitrary();

    public static Arbitrary<IndicatorTable> IndicatorTables() =>
        (from m in Gen.Choose(1, 5)
         from n in Gen.Choose(1, 12)
         from directions in Gen.Elements(IndicatorDirection.Positive, IndicatorDirection.Negative).ArrayOf(m)
         from rows in Gen.Choose(-1000, 1000).Select(v => v / 10.0).ArrayOf(m).ArrayOf(n)
         select new IndicatorTable(
             [.. rows.Select((values, i) => new LocalityIndicators($"L{i}", values))],
             directions)).ToArbitrary();
}

[Properties(Arbitrary = [typeof(IndexMathsArbitraries)], MaxTest = 300)]
public sealed class IndexMathsProperties
{
    private const double Tolerance = 1e-12;

    private static bool Close(double a, double b) => Math.Abs(a - b) <= Tolerance + (1e-9 * Math.Max(Math.Abs(a), Math.Abs(b)));

    [Property]
    public bool NestedTheilT_PartsSumToTotal(CellTable table)
    {
        var d = TheilDecomposition.Nested(table.Cells, TheilIndex.T);
        return Math.Abs(d.Total.Value - (d.BetweenProvinces.Value + d.BetweenLocalitiesWithinProvinces.Value + d.WithinLocalities.Value)) <= Tolerance;
    }

    [Property]
    public bool NestedTheilL_PartsSumToTotal(CellTable table)
    {
        var d = TheilDecomposition.Nested(table.Cells, TheilIndex.L);
        return Math.Abs(d.Total.Value - (d.BetweenProvinces.Value + d.BetweenLocalitiesWithinProvinces.Value + d.WithinLocalities.Value)) <= Tolerance;
    }

    [Property]
    public bool NestedTheilT_WithZeroValues_PartsSumToTotal(CellTable table)
    {
        // Every third cell holds nothing: 0·ln 0 = 0 must keep the identity.
        var cells = table.Cells.Select((c, i) => i % 3 == 0 ? c with { Value = 0 } : c).ToArray();
        var d = TheilDecomposition.Nested(cells, TheilIndex.T);
        return Math.Abs(d.Total.Value - (d.BetweenProvinces.Value + d.BetweenLocalitiesWithinProvinces.Value + d.WithinLocalities.Value)) <= Tolerance;
    }

    [Property]
    public bool GroupedTheil_PartsSumToTotal(CellTable table)
    {
        var t = TheilDecomposition.ByGroup(table.Cells, c => c.Area.ToString(), TheilIndex.T);
        var l = TheilDecomposition.ByGroup(table.Cells, c => c.Locality, TheilIndex.L);
        return Math.Abs(t.Total.Value - (t.BetweenGroups.Value + t.WithinGroups.Value)) <= Tolerance
            && Math.Abs(l.Total.Value - (l.BetweenGroups.Value + l.WithinGroups.Value)) <= Tolerance;
    }

    [Property]
    public bool NestedTotal_EqualsTheilOfTheCells(CellTable table) =>
        Close(TheilDecomposition.Nested(table.Cells, TheilIndex.L).Total.Value, Inequality.TheilL(table.Weighted).Value);

    [Property]
    public bool Theil_AndEveryPart_AreNotNegative(CellTable table)
    {
        var t = TheilDecomposition.Nested(table.Cells, TheilIndex.T);
        var l = TheilDecomposition.Nested(table.Cells, TheilIndex.L);
        return new[] { t.Total, t.BetweenProvinces, t.BetweenLocalitiesWithinProvinces, t.WithinLocalities, l.Total, l.BetweenProvinces, l.BetweenLocalitiesWithinProvinces, l.WithinLocalities }
            .All(m => m.Value >= 0);
    }

    [Property]
    public bool Measures_ScalingEveryValue_ChangesNothing(CellTable table, ScaleFactor c)
    {
        var before = Inequality.Summarize(table.Cells);
        var after = Inequality.Summarize([.. table.Cells.Select(cell => cell with { Value = cell.Value * c.Value })]);
        return Close(before.TheilT.Value, after.TheilT.Value)
            && Close(before.TheilL.Value, after.TheilL.Value)
            && Close(before.Gini.Value, after.Gini.Value)
            && Close(before.CoefficientOfVariation.Value, after.CoefficientOfVariation.Value);
    }

    [Property]
    public bool Measures_EqualPerCapitaValues_AreZero(CellTable table, ScaleFactor c)
    {
        var cells = table.Cells.Select(cell => cell with { Value = c.Value }).ToArray();
        var summary = Inequality.Summarize(cells);
        var nested = TheilDecomposition.Nested(cells, TheilIndex.T);
        return summary.TheilT.Value == 0 && summary.TheilL.Value == 0 && summary.Gini.Value == 0
            && summary.CoefficientOfVariation.Value == 0
            && nested.BetweenProvinces.Value == 0 && nested.WithinLocalities.Value == 0;
    }

    [Property]
    public bool Gini_IsInZeroToOne(CellTable table)
    {
        var gini = Inequality.Gini(table.Weighted).Value;
        return gini >= 0 && gini < 1;
    }

    [Property]
    public bool EntropyWeights_SumToOne(IndicatorTable table)
    {
        var result = EntropyWeight.Score(table.Localities, table.Directions);
        return Math.Abs(result.Weights.Sum() - 1) <= Tolerance
            && result.Weights.All(w => w >= 0)
            && result.Scores.All(s => s.Score >= -Tolerance && s.Score <= 1 + Tolerance);
    }
}
