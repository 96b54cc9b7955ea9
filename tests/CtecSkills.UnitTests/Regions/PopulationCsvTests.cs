using CtecSkills.Core.Regions;

namespace CtecSkills.UnitTests.Regions;

public sealed class PopulationCsvTests
{
    private static readonly HashSet<string> Localities = ["510100", "500103"];

    private static (List<PopulationFigure> Figures, List<PopulationImportError> Errors) Parse(string csv)
    {
        var errors = new List<PopulationImportError>();
        return (PopulationReferenceService.Parse(csv, Localities, errors), errors);
    }

    [Fact]
    public void Parse_CompleteFile_ReadsEveryFigure()
    {
        var (figures, errors) = Parse("locality_code,area,population\n510100,urban,16500000\n510100,rural,4437757\n500103,城镇,588717\n500103,乡村,0\n");

        Assert.Empty(errors);
        Assert.Equal(4, figures.Count);
        Assert.Equal(16_500_000, figures.Single(f => f.LocalityCode == "510100" && f.Area == Area.Urban).Population);
        Assert.Equal(0, figures.Single(f => f.LocalityCode == "500103" && f.Area == Area.Rural).Population);
    }

    [Fact]
    public void Parse_ColumnsInAnotherOrderWithThousandSeparators_AreRead()
    {
        var (figures, errors) = Parse("population,area,locality_code\n\"16,500,000\",urban,510100\n1,rural,510100\n2,urban,500103\n3,rural,500103\n");

        Assert.Empty(errors);
        Assert.Equal(16_500_000, figures[0].Population);
    }

    [Fact]
    public void Parse_BadRows_NamesEachLineAndReason()
    {
        var (_, errors) = Parse("locality_code,area,population\n510100,urban,-5\n999999,rural,10\n500103,suburb,10\n510100,urban,7\n510100,urban,8\n");

        Assert.Contains(new PopulationImportError(2, PopulationImportProblem.BadPopulation, "-5"), errors);
        Assert.Contains(new PopulationImportError(3, PopulationImportProblem.UnknownLocality, "999999"), errors);
        Assert.Contains(new PopulationImportError(4, PopulationImportProblem.BadArea, "suburb"), errors);
        Assert.Contains(errors, e => e.Line == 6 && e.Problem == PopulationImportProblem.Duplicate);
    }

    [Fact]
    public void Parse_LocalityWithoutRuralRow_IsReportedMissing()
    {
        var (_, errors) = Parse("locality_code,area,population\n510100,urban,1\n510100,rural,1\n500103,urban,1\n");

        var missing = Assert.Single(errors);
        Assert.Equal(PopulationImportProblem.MissingFigure, missing.Problem);
        Assert.Equal("500103 rural", missing.Value);
    }

    [Fact]
    public void Parse_MissingColumn_IsNamed()
    {
        var (_, errors) = Parse("locality_code,population\n510100,1\n");

        Assert.Equal([new PopulationImportError(1, PopulationImportProblem.MissingColumn, "area")], errors);
    }

    [Fact]
    public void Parse_UnclosedQuote_IsUnreadableNotAnException()
    {
        var (_, errors) = Parse("locality_code,area,population\n510100,\"urban,1\n");

        Assert.Contains(errors, e => e.Problem == PopulationImportProblem.Unreadable);
    }

    [Fact]
    public void Parse_EmptyFile_SaysSo()
    {
        var (_, errors) = Parse("");

        Assert.Equal(PopulationImportProblem.Empty, Assert.Single(errors).Problem);
    }
}
