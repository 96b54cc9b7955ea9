using System.Text;
using CtecSkills.Core.Text;

namespace CtecSkills.Core.Cohorts;

/// <summary>The empty roster staff download and fill in Excel: Chinese headers, UTF-8 with BOM so Excel reads them.</summary>
public static class RosterTemplate
{
    public const string FileName = "roster-template.csv";

    public static byte[] Build()
    {
        // The first Chinese word the parser accepts for each column is its header (姓名, 手机号, …).
        var header = string.Join(',', RosterCsvParser.Columns.Values.Select(words => words.First(w => !Ascii.IsValid(w))));
        return CsvFiles.ForExcel(header + "\r\n");
    }
}
