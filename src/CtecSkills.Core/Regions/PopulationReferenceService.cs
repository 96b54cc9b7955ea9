using System.Globalization;
using CsvHelper;
using CtecSkills.Core.Data;
using CtecSkills.Core.Text;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.Core.Regions;

public enum PopulationImportProblem
{
    SourceRequired,
    YearOutOfRange,
    Unreadable,
    Empty,
    MissingColumn,
    UnknownLocality,
    BadArea,
    BadPopulation,
    Duplicate,
    MissingFigure,
}

/// <summary>One problem in an uploaded file; <see cref="Line"/> is the 1-based line in the file, 0 for the whole file.</summary>
public sealed record PopulationImportError(int Line, PopulationImportProblem Problem, string? Value = null);

public sealed record PopulationImportResult(IReadOnlyList<PopulationImportError> Errors, int? ReferenceId = null)
{
    public bool Succeeded => Errors.Count == 0;
}

public sealed record PopulationImportInput(Stream Csv, string? Source, int? Year, string? ImportedBy);

/// <summary>The population reference used by the index: read, replaced from a CSV, exported as the template for the next upload.</summary>
public sealed class PopulationReferenceService(AppDbContext db, TimeProvider clock)
{
    public static readonly string[] Columns = ["locality_code", "area", "population"];

    public Task<PopulationReference?> GetCurrentAsync(CancellationToken ct) =>
        db.PopulationReferences.AsNoTracking().Include(p => p.Figures).FirstOrDefaultAsync(p => p.IsCurrent, ct);

    public Task<List<PopulationReference>> ListAsync(CancellationToken ct) =>
        db.PopulationReferences.AsNoTracking().OrderByDescending(p => p.ImportedAt).ToListAsync(ct);

    /// <summary>
    /// Replaces the current reference with the figures in the file. Every locality needs an urban and a rural
    /// figure. Any problem in any row means nothing changes: a half-replaced reference would silently skew the index.
    /// </summary>
    public async Task<PopulationImportResult> ReplaceAsync(PopulationImportInput input, CancellationToken ct)
    {
        var errors = new List<PopulationImportError>();
        var source = input.Source?.Trim();
        if (string.IsNullOrEmpty(source) || source.Length > 200)
        {
            errors.Add(new(0, PopulationImportProblem.SourceRequired));
        }
        var thisYear = clock.GetUtcNow().Year;
        if (input.Year is not { } year || year < 1950 || year > thisYear)
        {
            errors.Add(new(0, PopulationImportProblem.YearOutOfRange, input.Year?.ToString(CultureInfo.InvariantCulture)));
        }

        string text;
        try
        {
            text = await CsvTextDecoder.ReadAllTextAsync(input.Csv, ct);
        }
        catch (System.Text.DecoderFallbackException)
        {
            errors.Add(new(0, PopulationImportProblem.Unreadable));
            return new(errors);
        }

        var localities = await db.Localities.AsNoTracking().Select(l => l.Code).ToListAsync(ct);
        var figures = Parse(text, localities.ToHashSet(StringComparer.Ordinal), errors);
        if (errors.Count > 0)
        {
            return new(errors);
        }

        var reference = new PopulationReference
        {
            Source = source!,
            Year = input.Year!.Value,
            ImportedAt = clock.GetUtcNow(),
            ImportedBy = input.ImportedBy,
            IsCurrent = true,
        };
        reference.Figures.AddRange(figures);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.PopulationReferences.Where(p => p.IsCurrent).ExecuteUpdateAsync(s => s.SetProperty(p => p.IsCurrent, false), ct);
        db.PopulationReferences.Add(reference);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new([], reference.Id);
    }

    /// <summary>The current figures in the upload format, so an admin can edit them in Excel and upload them back.</summary>
    public async Task<string> ExportCurrentCsvAsync(CancellationToken ct)
    {
        var current = await GetCurrentAsync(ct);
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(writer, CsvFiles.WriterOptions, leaveOpen: true))
        {
            csv.WriteRecord(Columns);
            foreach (var f in current?.Figures.OrderBy(f => f.LocalityCode).ThenBy(f => f.Area) ?? Enumerable.Empty<PopulationFigure>())
            {
                csv.WriteRecord([f.LocalityCode, AreaName(f.Area), f.Population.ToString(CultureInfo.InvariantCulture)]);
            }
        }
        return writer.ToString();
    }

    internal static List<PopulationFigure> Parse(string text, IReadOnlySet<string> knownLocalities, List<PopulationImportError> errors)
    {
        var figures = new List<PopulationFigure>();
        using var csv = CsvReader.FromText(text, CsvFiles.ReaderOptions);
        try
        {
            var header = CsvFiles.HeaderIndex(csv);
            if (header.Count == 0)
            {
                errors.Add(new(0, PopulationImportProblem.Empty));
                return figures;
            }
            var missing = Columns.Where(c => !header.ContainsKey(c)).ToList();
            if (missing.Count > 0)
            {
                errors.AddRange(missing.Select(c => new PopulationImportError(1, PopulationImportProblem.MissingColumn, c)));
                return figures;
            }

            var seen = new HashSet<(string, Area)>();
            while (csv.Read())
            {
                var line = (int)csv.LineNumber;
                var code = CsvFiles.Field(csv, header["locality_code"]);
                var areaText = CsvFiles.Field(csv, header["area"]);
                var populationText = CsvFiles.Field(csv, header["population"]);
                if (code.Length == 0 && areaText.Length == 0 && populationText.Length == 0)
                {
                    continue;
                }

                var rowOk = true;
                if (!knownLocalities.Contains(code))
                {
                    errors.Add(new(line, PopulationImportProblem.UnknownLocality, code));
                    rowOk = false;
                }
                if (!TryParseArea(areaText, out var area))
                {
                    errors.Add(new(line, PopulationImportProblem.BadArea, areaText));
                    rowOk = false;
                }
                if (!long.TryParse(populationText.Replace(",", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var population))
                {
                    errors.Add(new(line, PopulationImportProblem.BadPopulation, populationText));
                    rowOk = false;
                }
                if (!rowOk)
                {
                    continue;
                }
                if (!seen.Add((code, area)))
                {
                    errors.Add(new(line, PopulationImportProblem.Duplicate, $"{code} {areaText}"));
                    continue;
                }
                figures.Add(new PopulationFigure { LocalityCode = code, Area = area, Population = population });
            }

            if (errors.Count == 0)
            {
                foreach (var code in knownLocalities.Order(StringComparer.Ordinal))
                {
                    foreach (var area in Enum.GetValues<Area>())
                    {
                        if (!seen.Contains((code, area)))
                        {
                            errors.Add(new(0, PopulationImportProblem.MissingFigure, $"{code} {AreaName(area)}"));
                        }
                    }
                }
            }
        }
        catch (CsvFormatException e)
        {
            errors.Add(new((int)e.LineNumber, PopulationImportProblem.Unreadable));
        }
        return figures;
    }

    public static string AreaName(Area area) => area == Area.Urban ? "urban" : "rural";

    /// <summary>Accepts the English words and the words used in Chinese statistical tables.</summary>
    public static bool TryParseArea(string text, out Area area)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "urban" or "城镇" or "城市":
                area = Area.Urban;
                return true;
            case "rural" or "乡村" or "农村":
                area = Area.Rural;
                return true;
            default:
                area = default;
                return false;
        }
    }
}
