using CtecSkills.Core.Analytics;
using CtecSkills.Core.Regions;
using CtecSkills.Core.Text;

namespace CtecSkills.UnitTests.Analytics;

public sealed class IndexTableTests
{
    [Fact]
    public void Validate_GoodRows_GiveCells()
    {
        var result = IndexTableValidator.Validate(
        [
            new(2, "四川", "成都", "urban", "16500000", "12.5"),
            new(3, "四川", "成都", "乡村", "4437757", "0"),
        ]);

        Assert.True(result.Succeeded);
        Assert.Equal(
            [
                new PopulationCell("四川", "成都", Area.Urban, 16_500_000, 12.5),
                new PopulationCell("四川", "成都", Area.Rural, 4_437_757, 0),
            ],
            result.Cells);
    }

    [Fact]
    public void Validate_BadRows_NamesEachRowAndEveryProblem()
    {
        var result = IndexTableValidator.Validate(
        [
            new(2, "四川", "成都", "urban", "abc", "1"),
            new(3, "四川", "成都", "rural", "0", "1"),
            new(4, "四川", "德阳", "urban", "-5", "-1"),
            new(5, "四川", "德阳", "suburb", "10", "x"),
            new(6, "四川", "成都", "城镇", "10", "1"),
            new(7, "", "德阳", "rural", "NaN", "Infinity"),
        ]);

        Assert.False(result.Succeeded);
        Assert.Empty(result.Cells);
        Assert.Equal(
            [
                new IndexTableError(2, IndexTableProblem.PopulationNotNumber, "abc"),
                new IndexTableError(3, IndexTableProblem.PopulationNotPositive, "0"),
                new IndexTableError(4, IndexTableProblem.PopulationNotPositive, "-5"),
                new IndexTableError(4, IndexTableProblem.NegativeValue, "-1"),
                new IndexTableError(5, IndexTableProblem.UnknownArea, "suburb"),
                new IndexTableError(5, IndexTableProblem.ValueNotNumber, "x"),
                new IndexTableError(6, IndexTableProblem.DuplicateCell, "2"),
                new IndexTableError(7, IndexTableProblem.ProvinceRequired),
                new IndexTableError(7, IndexTableProblem.PopulationNotNumber, "NaN"),
                new IndexTableError(7, IndexTableProblem.ValueNotNumber, "Infinity"),
            ],
            result.Errors);
    }

    [Fact]
    public void Validate_NoRows_IsEmpty()
    {
        var result = IndexTableValidator.Validate([]);

        Assert.Equal([new IndexTableError(0, IndexTableProblem.Empty)], result.Errors);
    }

    [Fact]
    public void Parse_Gb18030FileWithChineseHeadersInAnotherOrder_ReadsCells()
    {
        var bytes = CsvTextDecoder.Gb18030.GetBytes("人口,数值,省份,地区,城乡\n\"1,200\",3.5,重庆,渝中区,城镇\n300,0,重庆,渝中区,乡村\n");

        var result = IndexTableCsv.Parse(CsvTextDecoder.Decode(bytes));

        Assert.True(result.Succeeded);
        Assert.Equal(new PopulationCell("重庆", "渝中区", Area.Urban, 1200, 3.5), result.Cells[0]);
        Assert.Equal(2, result.Cells.Count);
    }

    [Fact]
    public void Parse_MissingColumn_NamesIt()
    {
        var result = IndexTableCsv.Parse("province,locality,area,value\n四川,成都,urban,1\n");

        Assert.Equal([new IndexTableError(1, IndexTableProblem.MissingColumn, "population")], result.Errors);
    }

    [Fact]
    public void Parse_BadRow_IsNamedByItsLineInTheFile()
    {
        var result = IndexTableCsv.Parse("province,locality,area,population,value\n四川,成都,urban,10,1\n\n四川,成都,urban,10,2\n");

        Assert.Equal([new IndexTableError(4, IndexTableProblem.DuplicateCell, "2")], result.Errors);
    }

    [Fact]
    public void Parse_HeaderOnly_IsEmpty()
    {
        var result = IndexTableCsv.Parse("province,locality,area,population,value\n");

        Assert.Equal([new IndexTableError(0, IndexTableProblem.Empty)], result.Errors);
    }
}
