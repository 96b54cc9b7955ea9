using System.Text;
using CsvHelper;

namespace CtecSkills.Core.Text;

/// <summary>The CSV dialect of every file people upload or download here.</summary>
public static class CsvFiles
{
    public static readonly CsvReaderOptions ReaderOptions = new()
    {
        TrackLineNumbers = true,
        TrimWhitespace = true,
        SkipEmptyLines = true,
        MalformedData = CsvMalformedDataHandling.Throw,
        FieldCountMismatch = CsvFieldCountHandling.Allow,
        MissingField = CsvMissingFieldHandling.ReturnEmpty,
    };

    /// <summary>Cells starting with = + - @ are escaped so that Excel does not run them as formulas.</summary>
    public static readonly CsvWriterOptions WriterOptions = new()
    {
        NewLine = "\r\n",
        Injection = CsvInjection.Escape,
    };

    /// <summary>UTF-8 with a BOM: without it, Excel on Chinese Windows opens the file as GB18030 and garbles it.</summary>
    public static byte[] ForExcel(string csv) => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)];

    /// <summary>Header name (trimmed, lower case) → column index; empty when the file has no header.</summary>
    public static Dictionary<string, int> HeaderIndex(CsvReader csv)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var headers = csv.Headers ?? [];
        for (var i = 0; i < headers.Count; i++)
        {
            var name = headers[i].Trim().TrimStart('\uFEFF').ToLowerInvariant();
            if (name.Length > 0)
            {
                index.TryAdd(name, i);
            }
        }
        return index;
    }

    public static string Field(CsvReader csv, int index) => index < csv.FieldCount ? csv.GetString(index).Trim() : "";
}
