namespace CtecSkills.Core.Accounts;

/// <summary>
/// How often a phone may be sent a code. Each message costs money and a flood of codes is a known way to harass
/// someone, so resends wait a minute and a phone gets at most ten codes a day.
/// </summary>
public static class SmsCodeThrottle
{
    public static readonly TimeSpan ResendInterval = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);
    public const int MaxPerWindow = 10;

    /// <summary>Returns when the next code may be sent; a time at or before <paramref name="now"/> means now.</summary>
    public static DateTimeOffset NextAllowedAt(IReadOnlyCollection<DateTimeOffset> sentInWindow, DateTimeOffset now)
    {
        if (sentInWindow.Count == 0)
        {
            return now;
        }

        var next = sentInWindow.Max() + ResendInterval;
        if (sentInWindow.Count >= MaxPerWindow)
        {
            var oldestThatCounts = sentInWindow.Order().ElementAt(sentInWindow.Count - MaxPerWindow);
            var windowFrees = oldestThatCounts + Window;
            if (windowFrees > next)
            {
                next = windowFrees;
            }
        }
        return next;
    }
}
