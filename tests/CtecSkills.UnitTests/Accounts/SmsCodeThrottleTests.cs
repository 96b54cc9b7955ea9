using CtecSkills.Core.Accounts;

namespace CtecSkills.UnitTests.Accounts;

public sealed class SmsCodeThrottleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void NextAllowedAt_NothingSentToday_IsNow()
    {
        Assert.Equal(Now, SmsCodeThrottle.NextAllowedAt([], Now));
    }

    [Fact]
    public void NextAllowedAt_CodeSent30SecondsAgo_WaitsTheRestOfTheMinute()
    {
        var next = SmsCodeThrottle.NextAllowedAt([Now.AddSeconds(-30)], Now);

        Assert.Equal(Now.AddSeconds(30), next);
    }

    [Fact]
    public void NextAllowedAt_CodeSentOverAMinuteAgo_AllowsNow()
    {
        var next = SmsCodeThrottle.NextAllowedAt([Now.AddSeconds(-61)], Now);

        Assert.True(next <= Now);
    }

    [Fact]
    public void NextAllowedAt_TenCodesToday_WaitsUntilTheOldestLeavesTheDay()
    {
        var sent = Enumerable.Range(0, 10).Select(i => Now.AddHours(-20 + i)).ToList();

        var next = SmsCodeThrottle.NextAllowedAt(sent, Now);

        Assert.Equal(Now.AddHours(-20) + TimeSpan.FromHours(24), next);
    }

    [Fact]
    public void NextAllowedAt_NineCodesToday_OnlyTheResendIntervalApplies()
    {
        var sent = Enumerable.Range(0, 9).Select(i => Now.AddHours(-9 + i)).ToList();

        Assert.True(SmsCodeThrottle.NextAllowedAt(sent, Now) <= Now);
    }
}
