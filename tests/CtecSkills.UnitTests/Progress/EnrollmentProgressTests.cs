using CtecSkills.Core.Progress;

namespace CtecSkills.UnitTests.Progress;

public sealed class EnrollmentProgressTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    private static EnrollmentProgress Make(int read = 0, int lessons = 4, bool quiz = true, bool passed = false, double hours = 0,
        double required = 2, int missed = 0, DateTimeOffset? completed = null, DateTimeOffset? lastActive = null) =>
        new(1, read, lessons, read < lessons ? read + 1 : null, quiz, passed ? 80 : null, passed, hours, required, 0, missed,
            completed, completed is null ? null : Core.Cohorts.CompletionMethod.Rule, lastActive ?? Now);

    [Fact]
    public void RuleMet_OnlyWhenLessonsQuizAndHoursAreAllThere()
    {
        Assert.False(Make(read: 3, passed: true, hours: 2).RuleMet);
        Assert.False(Make(read: 4, passed: false, hours: 2).RuleMet);
        Assert.False(Make(read: 4, passed: true, hours: 1.5).RuleMet);
        Assert.True(Make(read: 4, passed: true, hours: 2).RuleMet);
        Assert.True(Make(read: 4, quiz: false, required: 0).RuleMet);
    }

    [Fact]
    public void Next_FollowsTheCourseOrder_LessonsThenQuizThenClasses()
    {
        Assert.Equal(NextStep.ReadLesson, Make(read: 1).Next);
        Assert.Equal(2, Make(read: 1).NextLesson);
        Assert.Equal(NextStep.TakeQuiz, Make(read: 4).Next);
        Assert.Equal(NextStep.AttendSession, Make(read: 4, passed: true).Next);
        Assert.Equal(NextStep.Done, Make(read: 4, passed: true, hours: 2, completed: Now).Next);
    }

    [Fact]
    public void Percent_CountsEachPartOfTheRule()
    {
        Assert.Equal(0, Make().Percent);
        Assert.Equal(66, Make(read: 4).Percent);          // 4 of 6 parts: four lessons, quiz, hours
        Assert.Equal(91, Make(read: 4, passed: true, hours: 1).Percent);
        Assert.Equal(100, Make(read: 4, passed: true, hours: 2, completed: Now).Percent);
    }

    [Fact]
    public void IsAtRisk_InactiveTwoWeeksOrTwoMissedClasses_ButNeverOnceCompleted()
    {
        Assert.False(Make(lastActive: Now.AddDays(-13)).IsAtRisk(Now));
        Assert.True(Make(lastActive: Now.AddDays(-15)).IsAtRisk(Now));
        Assert.False(Make(missed: 1).IsAtRisk(Now));
        Assert.True(Make(missed: 2).IsAtRisk(Now));
        Assert.False(Make(missed: 3, completed: Now, lastActive: Now.AddDays(-30)).IsAtRisk(Now));
    }
}
