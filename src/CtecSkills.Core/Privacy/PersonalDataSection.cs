using System.Globalization;
using CtecSkills.Core.Regions;

namespace CtecSkills.Core.Privacy;

/// <summary>
/// One kind of a person's data as it goes into the download: a name (the CSV file and the key in <c>data.json</c>),
/// the table the rows come from (so that a test can hold the export against the database), and the rows. The first
/// column is <c>id</c>, the row's key in its table, whenever the table has a single key.
/// </summary>
public sealed class PersonalDataSection(string key, string table, params string[] columns)
{
    public string Key { get; } = key;
    public string Table { get; } = table;
    public IReadOnlyList<string> Columns { get; } = columns;
    public List<object?[]> Rows { get; } = [];

    public PersonalDataSection Add(params object?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != Columns.Count)
        {
            throw new ArgumentException($"{Key}: {values.Length} values for {Columns.Count} columns.", nameof(values));
        }
        Rows.Add(values);
        return this;
    }

    /// <summary>How a value reads in the CSV (and as a JSON string): times in Beijing time, enums by name.</summary>
    public static string Text(object? value) => value switch
    {
        null => "",
        DateTimeOffset t => Time(t),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    public static string Time(DateTimeOffset instant) =>
        instant.ToOffset(BeijingTime.Offset).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
