using CtecSkills.Core.Accounts;
using CtecSkills.Core.Cohorts;
using CtecSkills.Core.Regions;
using CtecSkills.Core.Text;

namespace CtecSkills.UnitTests.Cohorts;

public sealed class RosterCsvParserTests
{
    private const int ThisYear = 2026;
    private static readonly HashSet<string> Localities = ["511600", "500152"];
    private const string ChineseHeader = "姓名,手机号,性别,出生年份,地区代码,城乡,人群\n";

    private static RosterParseResult Parse(string text) => RosterCsvParser.Parse(text, Localities, ThisYear);

    [Fact]
    public void Parse_Gb18030FileWithChineseHeaders_ReadsEveryLearner()
    {
        var bytes = CsvTextDecoder.Gb18030.GetBytes(ChineseHeader +
            "陈秀英,138 1234 5678,女,1982,511600,乡村,农村妇女\n" +
            "黄志强,13912345678,男,1995,500152,城镇,返乡创业青年\n");

        var result = Parse(CsvTextDecoder.Decode(bytes));

        Assert.True(result.Succeeded);
        Assert.Equal(
            [
                new RosterRow(2, "陈秀英", "13812345678", Gender.Female, 1982, "511600", Area.Rural, LearnerGroup.RuralWoman),
                new RosterRow(3, "黄志强", "13912345678", Gender.Male, 1995, "500152", Area.Urban, LearnerGroup.ReturneeEntrepreneur),
            ],
            result.Rows);
    }

    [Fact]
    public void Parse_EnglishHeadersInAnotherOrder_AreRead()
    {
        var result = Parse("phone,name,group,area,locality_code,birth_year,gender\n13812345678,Li Na,migrant,urban,511600,1990,F\n");

        Assert.Equal(LearnerGroup.MigrantWorker, Assert.Single(result.Rows).Group);
    }

    [Fact]
    public void Parse_OneBadRowAmongGoodOnes_ImportsNothingAndNamesEveryProblemOfThatRow()
    {
        var result = Parse(ChineseHeader +
            "陈秀英,13812345678,女,1982,511600,乡村,农村妇女\n" +
            ",1381234,未知,2020,999999,郊区,学生\n");

        Assert.Empty(result.Rows);
        Assert.Equal(
            [
                new RosterError(3, RosterProblem.NameRequired),
                new RosterError(3, RosterProblem.BadPhone, "1381234"),
                new RosterError(3, RosterProblem.BadGender, "未知"),
                new RosterError(3, RosterProblem.BadBirthYear, "2020"),
                new RosterError(3, RosterProblem.UnknownLocality, "999999"),
                new RosterError(3, RosterProblem.BadArea, "郊区"),
                new RosterError(3, RosterProblem.BadGroup, "学生"),
            ],
            result.Errors);
    }

    [Fact]
    public void Parse_SamePhoneTwiceInTheFile_NamesTheSecondLineAndTheFirst()
    {
        var result = Parse(ChineseHeader +
            "陈秀英,13812345678,女,1982,511600,乡村,农村妇女\n" +
            "陈秀英,138-1234-5678,女,1982,511600,乡村,农村妇女\n");

        Assert.Equal([new RosterError(3, RosterProblem.DuplicatePhone, "13812345678 (2)")], result.Errors);
    }

    [Theory]
    [InlineData("1925")] // 101 years old
    [InlineData("2013")] // 13 years old
    [InlineData("82")]
    [InlineData("一九八二")]
    public void Parse_ImpossibleBirthYear_IsRefused(string year)
    {
        var result = Parse(ChineseHeader + $"陈秀英,13812345678,女,{year},511600,乡村,农村妇女\n");

        Assert.Equal(RosterProblem.BadBirthYear, Assert.Single(result.Errors).Problem);
    }

    [Fact]
    public void Parse_MissingColumns_AreAllNamed()
    {
        var result = Parse("姓名,手机号\n陈秀英,13812345678\n");

        Assert.Equal(
            ["性别", "出生年", "行政区划代码", "城乡", "人群类别"],
            result.Errors.Select(e => e.Value));
    }

    [Fact]
    public void Parse_OnlyAHeader_SaysTheFileIsEmpty()
    {
        Assert.Equal(RosterProblem.Empty, Assert.Single(Parse(ChineseHeader).Errors).Problem);
    }

    [Fact]
    public void Parse_MoreRowsThanAllowed_IsRefusedWhole()
    {
        var rows = string.Concat(Enumerable.Range(0, RosterCsvParser.MaxRows + 1)
            .Select(i => $"学员{i},13{i:D9},女,1990,511600,乡村,农村妇女\n"));

        var result = Parse(ChineseHeader + rows);

        Assert.Empty(result.Rows);
        Assert.Equal(RosterProblem.TooManyRows, Assert.Single(result.Errors).Problem);
    }
}
