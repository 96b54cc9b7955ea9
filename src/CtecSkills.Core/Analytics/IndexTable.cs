using System.Globalization;
using CsvHelper;
using CtecSkills.Core.Regions;
using CtecSkills.Core.Text;

namespace CtecSkills.Core.Analytics;

public enum IndexTableProblem
{
    Unreadable,
    Empty,
    TooManyRows,
    MissingColumn,
    ProvinceRequired,
    LocalityRequired,
    UnknownArea,
    PopulationNotNumber,
    PopulationNotPositive,
    ValueNotNumber,
    NegativeValue,
    DuplicateCell,
}

/// <summary>One problem in an analyst's table: <see cref="Line"/> is the line in the file (0 = the whole file).</summary>
public sealed record IndexTableError(int Line, IndexTableProblem Problem, string? Value = null);

/// <summary>One row as read from the file, every field still text, with the line it came from.</summary>
public sealed record IndexTableRow(int Line, string Province, string Locality, string Area, string Population, string Value);

/// <summary>The cells of a table, all or none: when <see cref="Errors"/> is not empty, <see cref="Cells"/> is.</summary>
public sealed record IndexTableResult(IReadOnlyList<PopulationCell> Cells, IReadOnlyList<IndexTableError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// "Bring your own table": checks rows of (province, locality, area, population, value) before any measure is
/// computed. Value is per capita, as in <see cref="PopulationCell"/>. Every bad row is named, every problem of it,
/// so the analyst fixes the file in one go; one bad row refuses the whole table, because a measure over part of a
/// table would silently differ from the published one.
/// </summary>
public static class IndexTableValidator
{
    private const NumberStyles Number = NumberStyles.Float | NumberStyles.AllowThousands;

    /// <summary>
    /// Checks every row: province and locality present, area urban|rural (城镇/乡村 too), population a number &gt; 0,
    /// value a number ≥ 0, and no (province, locality, area) twice — the duplicate names the line it repeats.
    /// </summary>
    public static IndexTableResult Validate(IEnumerable<IndexTableRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var cells = new List<PopulationCell>();
        var errors = new List<IndexTableError>();
        var firstLine = new Dictionary<(string, string, Area), int>();
        foreach (var row in rows)
        {
            var before = errors.Count;
            var province = row.Province.Trim();
            var locality = row.Locality.Trim();
            if (province.Length == 0)
            {
                errors.Add(new(row.Line, IndexTableProblem.ProvinceRequired));
            }
            if (locality.Length == 0)
            {
                errors.Add(new(row.Line, IndexTableProblem.LocalityRequired));
            }
            var areaKnown = PopulationReferenceService.TryParseArea(row.Area, out var area);
            if (!areaKnown)
            {
                errors.Add(new(row.Line, IndexTableProblem.UnknownArea, row.Area));
            }
            if (!TryParse(row.Population, out var population))
            {
                errors.Add(new(row.Line, IndexTableProblem.PopulationNotNumber, row.Population));
            }
            else if (population <= 0)
            {
                errors.Add(new(row.Line, IndexTableProblem.PopulationNotPositive, row.Population));
            }
            if (!TryParse(row.Value, out var value))
            {
                errors.Add(new(row.Line, IndexTableProblem.ValueNotNumber, row.Value));
            }
            else if (value < 0)
            {
                errors.Add(new(row.Line, IndexTableProblem.NegativeValue, row.Value));
            }
            if (province.Length > 0 && locality.Length > 0 && areaKnown)
            {
                if (firstLine.TryGetValue((province, locality, area), out var first))
                {
                    errors.Add(new(row.Line, IndexTableProblem.DuplicateCell, first.ToString(CultureInfo.InvariantCulture)));
                }
                else
                {
                    firstLine[(province, locality, area)] = row.Line;
                }
            }
            if (errors.Count == before)
            {
                // + 0.0 turns a "-0" into 0, so that no negative zero reaches a published table.
                cells.Add(new(province, locality, area, population, value + 0.0));
            }
        }
        if (errors.Count == 0 && cells.Count == 0)
        {
            errors.Add(new(0, IndexTableProblem.Empty));
        }
        return new(errors.Count == 0 ? cells : [], errors);
    }

    // Invariant culture only: "1,5" is one and a half in half of Europe and fifteen in China.
    private static bool TryParse(string text, out double number) =>
        double.TryParse(text.Trim(), Number, CultureInfo.InvariantCulture, out number) && double.IsFinite(number);
}

/// <summary>Reads an analyst's CSV table (columns province, locality, area, population, value, English or Chinese headers, any order).</summary>
public static class IndexTableCsv
{
    public const int MaxRows = 100_000;

    /// <summary>Column → the header words accepted for it (lower case).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Columns = new Dictionary<string, string[]>
    {
        ["province"] = ["province", "省份", "省市"],
        ["locality"] = ["locality", "地区", "区县"],
        ["area"] = ["area", "城乡"],
        ["population"] = ["population", "人口"],
        ["value"] = ["value", "数值", "值"],
    };

    /// <summary>Parses decoded text (see <see cref="CsvTextDecoder"/>) and validates it with <see cref="IndexTableValidator"/>.</summary>
    public static IndexTableResult Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rows = new List<IndexTableRow>();
        using var csv = CsvReader.FromText(text, CsvFiles.ReaderOptions);
        try
        {
            var header = CsvFiles.HeaderIndex(csv);
            if (header.Count == 0)
            {
                return new([], [new(0, IndexTableProblem.Empty)]);
            }
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            var missing = new List<IndexTableError>();
            foreach (var (column, words) in Columns)
            {
                var found = words.Select(w => header.TryGetValue(w, out var i) ? i : -1).FirstOrDefault(i => i >= 0, -1);
                if (found < 0)
                {
                    missing.Add(new(1, IndexTableProblem.MissingColumn, column));
                }
                index[column] = found;
            }
            if (missing.Count > 0)
            {
                return new([], missing);
            }

            while (csv.Read())
            {
                var line = (int)csv.LineNumber;
                string Get(string column) => CsvFiles.Field(csv, index[column]);
                var row = new IndexTableRow(line, Get("province"), Get("locality"), Get("area"), Get("population"), Get("value"));
                if (row is { Province: "", Locality: "", Area: "", Population: "", Value: "" })
                {
                    continue;
                }
                if (rows.Count == MaxRows)
                {
                    return new([], [new(line, IndexTableProblem.TooManyRows, MaxRows.ToString(CultureInfo.InvariantCulture))]);
                }
                rows.Add(row);
            }
        }
        catch (CsvFormatException e)
        {
            return new([], [new((int)e.LineNumber, IndexTableProblem.Unreadable)]);
        }
        return IndexTableValidator.Validate(rows);
    }
}
