using System.Text;
using CtecSkills.Core.Text;

namespace CtecSkills.UnitTests.Text;

public sealed class CsvTextDecoderTests
{
    private const string Roster = "姓名,手机号\n王秀英,13812345678\n";

    [Fact]
    public void Decode_Utf8_KeepsChineseNames() =>
        Assert.Equal(Roster, CsvTextDecoder.Decode(Encoding.UTF8.GetBytes(Roster)));

    [Fact]
    public void Decode_Utf8WithBom_DropsTheBom() =>
        Assert.Equal(Roster, CsvTextDecoder.Decode([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Roster)]));

    [Fact]
    public void Decode_Gb18030AsExcelSavesIt_KeepsChineseNames() =>
        Assert.Equal(Roster, CsvTextDecoder.Decode(CsvTextDecoder.Gb18030.GetBytes(Roster)));
}
