using CsvHelper;
using CtecSkills.Core.Text;

namespace CtecSkills.Core.Verification;

/// <summary>Why a whole batch file was refused; nothing in it is verified then.</summary>
public enum BatchFileProblem
{
    Empty,
    TooLarge,
    NotText,
    Unreadable,
    NoCodes,
    TooManyCodes,
}

/// <summary>One code as the verifier typed it, with its line in the file (what Excel shows as the row number).</summary>
public sealed record BatchCodeRow(int Line, string Typed);

public sealed record BatchCodeFileResult(IReadOnlyList<BatchCodeRow> Rows, BatchFileProblem? Problem);

/// <summary>
/// Reads the list of codes an HR clerk keeps in Excel: one code a row, in the first column or under a header
/// <c>code</c> / 核验码 / 验证码, UTF-8 (with or without BOM) or GB18030, blank lines ignored. A row that is not a
/// valid code is not a problem of the file: it is verified, and its result says why it failed.
/// </summary>
public static class BatchCodeFile
{
    public const int MaxCodes = 1_000;
    public const int MaxBytes = 1_000_000;

    /// <summary>Header words (lower case) that name the code column.</summary>
    public static readonly IReadOnlyList<string> HeaderWords = ["code", "核验码", "验证码", "verification code"];

    private static readonly CsvReaderOptions Options = CsvFiles.ReaderOptions with { HasHeader = false };

    public static BatchCodeFileResult Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0)
        {
            return Refused(BatchFileProblem.Empty);
        }
        if (bytes.Length > MaxBytes)
        {
            return Refused(BatchFileProblem.TooLarge);
        }
        var text = CsvTextDecoder.Decode(bytes);
        if (!LooksLikeText(text))
        {
            return Refused(BatchFileProblem.NotText);
        }

        var rows = new List<BatchCodeRow>();
        var column = 0;
        var first = true;
        using var csv = CsvReader.FromText(text, Options);
        try
        {
            while (csv.Read())
            {
                if (first && HeaderColumn(csv) is { } header)
                {
                    column = header;
                    first = false;
                    continue;
                }
                if (Enumerable.Range(0, csv.FieldCount).All(i => CsvFiles.Field(csv, i).Length == 0))
                {
                    continue;
                }
                first = false;
                if (rows.Count == MaxCodes)
                {
                    return Refused(BatchFileProblem.TooManyCodes);
                }
                rows.Add(new BatchCodeRow((int)csv.LineNumber, CsvFiles.Field(csv, column)));
            }
        }
        catch (CsvFormatException)
        {
            return Refused(BatchFileProblem.Unreadable);
        }
        return rows.Count == 0 ? Refused(BatchFileProblem.NoCodes) : new BatchCodeFileResult(rows, null);
    }

    private static int? HeaderColumn(CsvReader csv)
    {
        for (var i = 0; i < csv.FieldCount; i++)
        {
            var name = CsvFiles.Field(csv, i).TrimStart('\uFEFF').ToLowerInvariant();
            if (HeaderWords.Contains(name))
            {
                return i;
            }
        }
        return null;
    }

    // A spreadsheet saved as .xlsx, a photo or a PDF decodes to text full of control characters (or, as GB18030,
    // replacement characters); a CSV of codes has none.
    private static bool LooksLikeText(string text) =>
        !text.Any(c => c == '\uFFFD' || (char.IsControl(c) && c is not ('\r' or '\n' or '\t')));

    private static BatchCodeFileResult Refused(BatchFileProblem problem) => new([], problem);
}
