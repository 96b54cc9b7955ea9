namespace CtecSkills.Core.Regions;

/// <summary>
/// The whole region keeps Beijing time (UTC+8, no daylight saving): enrollment windows, birth-year checks and every
/// time shown to people are read in it.
/// </summary>
public static class BeijingTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(Offset).DateTime);
}
