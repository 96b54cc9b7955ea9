using System.Globalization;
using CsvHelper;
using CtecSkills.Core.Accounts;
using CtecSkills.Core.Regions;
using CtecSkills.Core.Text;

namespace CtecSkills.Core.Cohorts;

public enum RosterProblem
{
    Unreadable,
    Empty,
    TooManyRows,
    MissingColumn,
    NameRequired,
    NameTooLong,
    BadPhone,
    DuplicatePhone,
    BadGender,
    BadBirthYear,
    UnknownLocality,
    BadArea,
    BadGroup,

    /// <summary>The person withdrew consent to the privacy notice: a roster cannot place them again.</summary>
    ConsentWithdrawn,
}

/// <summary>One problem in a roster file: <see cref="Line"/> is the line in the file (0 = the whole file).</summary>
public sealed record RosterError(int Line, RosterProblem Problem, string? Value = null);

public sealed record RosterRow(int Line, string Name, string Phone, Gender Gender, int BirthYear, string LocalityCode, Area Area, LearnerGroup Group);

public sealed record RosterParseResult(IReadOnlyList<RosterRow> Rows, IReadOnlyList<RosterError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// Reads the roster staff keep in Excel: one learner a row with name, phone, gender, birth year, locality code,
/// urban/rural and target group. Headers may be Chinese or English, in any order. Every row is checked and every
/// problem reported with its line, so staff can fix the whole file in one go.
/// </summary>
public static class RosterCsvParser
{
    public const int MaxRows = 20_000;
    public const int MaxNameLength = 50;
    public const int YoungestAge = 14;
    public const int OldestAge = 100;

    /// <summary>Column → the header words accepted for it (lower case).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Columns = new Dictionary<string, string[]>
    {
        ["name"] = ["name", "姓名"],
        ["phone"] = ["phone", "手机号", "手机号码", "手机"],
        ["gender"] = ["gender", "性别"],
        ["birth_year"] = ["birth_year", "出生年份", "出生年"],
        ["locality_code"] = ["locality_code", "地区代码", "行政区划代码"],
        ["area"] = ["area", "城乡"],
        ["group"] = ["group", "target_group", "人群", "人群类别"],
    };

    public static RosterParseResult Parse(string text, IReadOnlySet<string> knownLocalities, int currentYear)
    {
        var rows = new List<RosterRow>();
        var errors = new List<RosterError>();
        using var csv = CsvReader.FromText(text, CsvFiles.ReaderOptions);
        try
        {
            var header = CsvFiles.HeaderIndex(csv);
            if (header.Count == 0)
            {
                return new(rows, [new(0, RosterProblem.Empty)]);
            }
            var index = new Dictionary<string, int>();
            foreach (var (column, words) in Columns)
            {
                var found = words.Select(w => header.TryGetValue(w, out var i) ? i : -1).FirstOrDefault(i => i >= 0, -1);
                if (found < 0)
                {
                    errors.Add(new(1, RosterProblem.MissingColumn, words[^1]));
                }
                index[column] = found;
            }
            if (errors.Count > 0)
            {
                return new(rows, errors);
            }

            var firstLineOfPhone = new Dictionary<string, int>(StringComparer.Ordinal);
            while (csv.Read())
            {
                var line = (int)csv.LineNumber;
                string Get(string column) => CsvFiles.Field(csv, index[column]);
                var values = Columns.Keys.Select(Get).ToList();
                if (values.All(v => v.Length == 0))
                {
                    continue;
                }
                if (rows.Count + 1 > MaxRows)
                {
                    return new([], [new(line, RosterProblem.TooManyRows, MaxRows.ToString(CultureInfo.InvariantCulture))]);
                }

                var before = errors.Count;
                var name = Get("name");
                if (name.Length == 0)
                {
                    errors.Add(new(line, RosterProblem.NameRequired));
                }
                else if (name.Length > MaxNameLength)
                {
                    errors.Add(new(line, RosterProblem.NameTooLong, name[..20] + "…"));
                }

                var phoneText = Get("phone");
                string? phone = null;
                if (!PhoneNumber.TryNormalize(phoneText, out phone))
                {
                    errors.Add(new(line, RosterProblem.BadPhone, phoneText));
                }
                else if (firstLineOfPhone.TryGetValue(phone, out var first))
                {
                    errors.Add(new(line, RosterProblem.DuplicatePhone, $"{phone} ({first})"));
                }
                else
                {
                    firstLineOfPhone[phone] = line;
                }

                if (!LearnerProfileWords.TryParseGender(Get("gender"), out var gender))
                {
                    errors.Add(new(line, RosterProblem.BadGender, Get("gender")));
                }
                if (!int.TryParse(Get("birth_year"), NumberStyles.None, CultureInfo.InvariantCulture, out var birthYear)
                    || birthYear > currentYear - YoungestAge || birthYear < currentYear - OldestAge)
                {
                    errors.Add(new(line, RosterProblem.BadBirthYear, Get("birth_year")));
                }
                var locality = Get("locality_code");
                if (!knownLocalities.Contains(locality))
                {
                    errors.Add(new(line, RosterProblem.UnknownLocality, locality));
                }
                if (!PopulationReferenceService.TryParseArea(Get("area"), out var area))
                {
                    errors.Add(new(line, RosterProblem.BadArea, Get("area")));
                }
                if (!LearnerProfileWords.TryParseGroup(Get("group"), out var group))
                {
                    errors.Add(new(line, RosterProblem.BadGroup, Get("group")));
                }

                if (errors.Count == before)
                {
                    rows.Add(new RosterRow(line, name, phone!, gender, birthYear, locality, area, group));
                }
            }
        }
        catch (CsvFormatException e)
        {
            errors.Add(new((int)e.LineNumber, RosterProblem.Unreadable));
        }

        if (errors.Count == 0 && rows.Count == 0)
        {
            errors.Add(new(0, RosterProblem.Empty));
        }
        return new(errors.Count == 0 ? rows : [], errors);
    }
}
