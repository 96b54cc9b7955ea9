using System.Globalization;
using CtecSkills.Core.Regions;
using Microsoft.Extensions.Localization;

namespace CtecSkills.Web.Infrastructure;

public static class Display
{
    public static string Time(DateTimeOffset? instant) =>
        instant is { } t ? t.ToOffset(BeijingTime.Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "";

    /// <summary>Beijing wall-clock time of day, as the phone shows it: "14:05".</summary>
    public static string Clock(DateTimeOffset instant) => instant.ToOffset(BeijingTime.Offset).ToString("HH:mm", CultureInfo.InvariantCulture);

    public static string Number(long value) => value.ToString("N0", CultureInfo.CurrentCulture);

    /// <summary>How much mobile data something costs, rounded up the way a learner thinks of it: "约 45 KB", "约 1.2 MB".</summary>
    public static string DataSize(long bytes, IStringLocalizer text)
    {
        if (bytes < 1_000_000)
        {
            return text["Catalog.DataKb", Math.Max(1, (bytes + 1023) / 1024)].Value;
        }
        return text["Catalog.DataMb", (Math.Ceiling(bytes / 1024.0 / 1024.0 * 10) / 10).ToString("0.0", CultureInfo.CurrentCulture)].Value;
    }
}
