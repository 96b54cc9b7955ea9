using System.Text;
using CtecSkills.Core.Cohorts;
using CtecSkills.Core.Regions;

namespace CtecSkills.UnitTests.Cohorts;

public sealed class CohortRulesTests
{
    [Theory]
    [InlineData(3, 0, EnrollmentStatus.Enrolled)]
    [InlineData(3, 2, EnrollmentStatus.Enrolled)]
    [InlineData(3, 3, EnrollmentStatus.Waitlisted)]
    [InlineData(1, 5, EnrollmentStatus.Waitlisted)]
    public void PlaceFor_EnrolledCountAgainstCapacity_EnrollsOnlyWhilePlacesRemain(int capacity, int enrolled, EnrollmentStatus expected) =>
        Assert.Equal(expected, EnrollmentService.PlaceFor(capacity, enrolled));

    [Theory]
    [InlineData("2026-03-01", false)]
    [InlineData("2026-03-02", true)]
    [InlineData("2026-03-15", true)]
    [InlineData("2026-03-16", false)]
    public void IsOpenOn_DayAroundTheWindow_IncludesFirstAndLastDay(string day, bool open)
    {
        var cohort = new Cohort { Name = "班", EnrollmentOpensOn = new DateOnly(2026, 3, 2), EnrollmentClosesOn = new DateOnly(2026, 3, 15) };

        Assert.Equal(open, cohort.IsOpenOn(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Today_LateEveningUtc_IsTheNextDayInBeijing()
    {
        var clock = new FixedClock(new DateTimeOffset(2026, 3, 1, 17, 30, 0, TimeSpan.Zero));

        Assert.Equal(new DateOnly(2026, 3, 2), BeijingTime.Today(clock));
    }

    [Fact]
    public void Build_Template_IsUtf8WithBomAndTheChineseHeadersTheParserReads()
    {
        var bytes = RosterTemplate.Build();

        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        Assert.Equal("姓名,手机号,性别,出生年份,地区代码,城乡,人群", text.TrimEnd());
        var parsed = RosterCsvParser.Parse(text + "王秀兰,13800138000,女,1982,510100,乡村,农村妇女\r\n", new HashSet<string> { "510100" }, 2026);
        Assert.True(parsed.Succeeded);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
