using System.Text;
using CtecSkills.Core.Text;
using CtecSkills.Core.Verification;

namespace CtecSkills.UnitTests.Verification;

public sealed class BatchCodeFileTests
{
    private static BatchCodeFileResult Parse(string text) => BatchCodeFile.Parse(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void Parse_Gb18030WithChineseHeaderAndBlankLines_KeepsEveryCodeAsTypedWithItsLine()
    {
        var bytes = CsvTextDecoder.Gb18030.GetBytes("核验码\r\n7k3m-9qxd-2th\r\n\r\n  0000 0000 00A \r\n,\r\n乱写的\r\n");

        var result = BatchCodeFile.Parse(bytes);

        Assert.Null(result.Problem);
        Assert.Equal([new BatchCodeRow(2, "7k3m-9qxd-2th"), new BatchCodeRow(4, "0000 0000 00A"), new BatchCodeRow(6, "乱写的")], result.Rows);
    }

    [Fact]
    public void Parse_Utf8WithBomAndNoHeader_FirstRowIsACode()
    {
        var result = BatchCodeFile.Parse([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes("0000000000A\n1111111111B\n")]);

        Assert.Equal(["0000000000A", "1111111111B"], result.Rows.Select(r => r.Typed));
        Assert.Equal(1, result.Rows[0].Line);
    }

    [Fact]
    public void Parse_HeaderNamesTheCodeColumnAmongOthers_ReadsThatColumnAndKeepsARowWithoutACode()
    {
        var result = Parse("姓名,Code,备注\n张三,0000000000A,\n李四,,忘了写\n");

        Assert.Equal([new BatchCodeRow(2, "0000000000A"), new BatchCodeRow(3, "")], result.Rows);
    }

    [Theory]
    [InlineData("", BatchFileProblem.Empty)]
    [InlineData("code\n\n\n", BatchFileProblem.NoCodes)]
    [InlineData("\n \n,,\n", BatchFileProblem.NoCodes)]
    [InlineData("\"0000000000A\n", BatchFileProblem.Unreadable)]
    public void Parse_FileWithoutCodes_IsRefusedWithItsReason(string text, BatchFileProblem problem)
    {
        var result = Parse(text);

        Assert.Equal(problem, result.Problem);
        Assert.Empty(result.Rows);
    }

    [Fact]
    public void Parse_ZipOfAnExcelWorkbook_IsNotText()
    {
        byte[] xlsx = [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00, 0x62, 0xEE, 0x9D, 0x68];

        Assert.Equal(BatchFileProblem.NotText, BatchCodeFile.Parse(xlsx).Problem);
    }

    [Fact]
    public void Parse_OneCodeOverTheLimit_RefusesTheWholeFile()
    {
        var atLimit = string.Concat(Enumerable.Repeat("0000000000A\n", BatchCodeFile.MaxCodes));

        Assert.Equal(BatchCodeFile.MaxCodes, Parse(atLimit).Rows.Count);
        Assert.Equal(BatchFileProblem.TooManyCodes, Parse(atLimit + "1111111111B\n").Problem);
    }

    [Fact]
    public void Parse_OverOneMegabyte_RefusedBeforeReading()
    {
        Assert.Equal(BatchFileProblem.TooLarge, BatchCodeFile.Parse(new byte[BatchCodeFile.MaxBytes + 1]).Problem);
    }
}
