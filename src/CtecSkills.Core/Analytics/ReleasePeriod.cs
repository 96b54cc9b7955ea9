using System.Globalization;

namespace CtecSkills.Core.Analytics;

/// <summary>A month, quarter or year in Beijing time, and the yyyyMM range of facts it covers.</summary>
public readonly record struct ReleasePeriod(ReleasePeriodKind Kind, int Year, int Number)
{
    public bool IsValid => Year is >= 2000 and <= 2100 && Kind switch
    {
        ReleasePeriodKind.Month => Number is >= 1 and <= 12,
        ReleasePeriodKind.Quarter => Number is >= 1 and <= 4,
        _ => Number == 1,
    };

    public int FirstMonth => (Year * 100) + Kind switch
    {
        ReleasePeriodKind.Month => Number,
        ReleasePeriodKind.Quarter => (Number * 3) - 2,
        _ => 1,
    };

    public int LastMonth => (Year * 100) + Kind switch
    {
        ReleasePeriodKind.Month => Number,
        ReleasePeriodKind.Quarter => Number * 3,
        _ => 12,
    };

    /// <summary>2026-11, 2026-Q4 or 2026: the same in every language, and sortable.</summary>
    public string Label => Kind switch
    {
        ReleasePeriodKind.Month => string.Create(CultureInfo.InvariantCulture, $"{Year}-{Number:D2}"),
        ReleasePeriodKind.Quarter => string.Create(CultureInfo.InvariantCulture, $"{Year}-Q{Number}"),
        _ => Year.ToString(CultureInfo.InvariantCulture),
    };

    public override string ToString() => Label;

    /// <summary>The month before the one that contains <paramref name="beijingNow"/>.</summary>
    public static ReleasePeriod PreviousMonth(DateTimeOffset beijingNow)
    {
        var previous = new DateOnly(beijingNow.Year, beijingNow.Month, 1).AddMonths(-1);
        return new(ReleasePeriodKind.Month, previous.Year, previous.Month);
    }
}
