using System.Globalization;

namespace CtecSkills.Web.Infrastructure;

public static class Display
{
    /// <summary>All of the region keeps Beijing time, without daylight saving.</summary>
    public static readonly TimeSpan BeijingOffset = TimeSpan.FromHours(8);

    public static string Time(DateTimeOffset? instant) =>
        instant is { } t ? t.ToOffset(BeijingOffset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "";

    public static string Number(long value) => value.ToString("N0", CultureInfo.CurrentCulture);
}
