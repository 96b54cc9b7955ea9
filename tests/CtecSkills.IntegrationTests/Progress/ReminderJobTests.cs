using CtecSkills.Core.Accounts;
using CtecSkills.Core.Cohorts;
using CtecSkills.Core.Organizations;
using CtecSkills.Core.Progress;
using CtecSkills.Core.Seeding;
using CtecSkills.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.IntegrationTests.Progress;

/// <summary>The day-before and inactivity texts: who gets one, in which language, and never two in a day.</summary>
public sealed class ReminderJobTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    private const string Place = "天府新区实训楼 302 室";

    [Fact]
    public async Task RunAsync_SessionTomorrow_TextsEachEnrolledLearnerOnceInTheirLanguage()
    {
        var (cohort, learners) = await CohortWithSessionAsync(DemoSeeder.Bases[0], daysFromToday: 41, capacity: 2, learnerCount: 3);
        await SetCultureAsync(learners[1], "en");

        var result = await app.RunRemindersAsync(CtecSkillsApp.BeijingAt(40, 10));

        var chinese = Assert.Single(await app.TextsToAsync(await app.PhoneOfAsync(learners[0])));
        Assert.Contains("明天 14:30", chinese, StringComparison.Ordinal);
        Assert.Contains(Place, chinese, StringComparison.Ordinal);
        Assert.Contains(await CourseTitleAsync(cohort), chinese, StringComparison.Ordinal);
        var english = Assert.Single(await app.TextsToAsync(await app.PhoneOfAsync(learners[1])));
        Assert.Contains("tomorrow at 14:30", english, StringComparison.Ordinal);
        Assert.Contains(Place, english, StringComparison.Ordinal);
        // The third learner is on the waiting list: no place, no reminder.
        Assert.Empty(await app.TextsToAsync(await app.PhoneOfAsync(learners[2])));
        Assert.True(result.Queued >= 2);
    }

    [Fact]
    public async Task RunAsync_TwoRunsAtOnceThenAnotherLater_EachLearnerGetsOneTextThatDay()
    {
        var (_, learners) = await CohortWithSessionAsync(DemoSeeder.Bases[1], daysFromToday: 51, capacity: 20, learnerCount: 12);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            return await app.RunRemindersAsync(CtecSkillsApp.BeijingAt(50, 9, 5));
        })).ToList();

        start.SetResult();
        await Task.WhenAll(runs);
        await app.RunRemindersAsync(CtecSkillsApp.BeijingAt(50, 10, 5));

        foreach (var learner in learners)
        {
            Assert.Single(await app.TextsToAsync(await app.PhoneOfAsync(learner)));
        }
        Assert.Equal(learners.Count, await app.QueryAsync(db => db.RemindersSent.CountAsync(r => learners.Contains(r.UserId))));
    }

    [Fact]
    public async Task RunAsync_LearnerQuietForAWeek_NudgedOnceButNotWhenActiveCompletedOrWithdrawn()
    {
        var cohort = await app.CreateCohortAsync(DemoSeeder.Bases[2], capacity: 10, name: "提醒测试班");
        var learners = await app.CreateLearnersAsync(4);
        foreach (var learner in learners)
        {
            await app.WithServiceAsync<EnrollmentService, EnrollResult>(s => s.EnrollAsync(cohort, learner, default));
        }
        var monday = CtecSkillsApp.BeijingAt(60, 11);
        await app.QueryAsync(db => db.Enrollments.Where(e => e.UserId == learners[1])
            .ExecuteUpdateAsync(e => e.SetProperty(x => x.LastActivityAt, monday.AddDays(-2).ToUniversalTime())));
        await app.QueryAsync(db => db.Enrollments.Where(e => e.UserId == learners[2])
            .ExecuteUpdateAsync(e => e.SetProperty(x => x.CompletedAt, monday.AddDays(-20).ToUniversalTime())));
        await app.WithServiceAsync<EnrollmentService, bool>(s => s.WithdrawAsync(cohort, learners[3], default));

        await app.RunRemindersAsync(monday);
        await app.RunRemindersAsync(monday.AddDays(1));

        var nudge = Assert.Single(await app.TextsToAsync(await app.PhoneOfAsync(learners[0])));
        Assert.Contains("7天没有学习", nudge, StringComparison.Ordinal);
        Assert.Contains(await CourseTitleAsync(cohort), nudge, StringComparison.Ordinal);
        foreach (var quiet in learners.Skip(1))
        {
            Assert.Empty(await app.TextsToAsync(await app.PhoneOfAsync(quiet)));
        }
    }

    [Fact]
    public async Task RunAsync_AtNightBeijingTime_SendsNothing()
    {
        var (_, learners) = await CohortWithSessionAsync(DemoSeeder.Bases[3], daysFromToday: 71, capacity: 5, learnerCount: 1);

        var result = await app.RunRemindersAsync(CtecSkillsApp.BeijingAt(70, 23, 30));

        Assert.Equal(new ReminderRunResult(0, 0), result);
        Assert.Empty(await app.TextsToAsync(await app.PhoneOfAsync(learners[0])));
    }

    [Fact]
    public async Task SetCulture_SignedInLearnerSwitchesToEnglish_RemindersAreWrittenInEnglish()
    {
        var client = await app.SignedInAsLearnerAsync();
        var page = await CtecSkillsApp.GetPageAsync(client, "/courses");

        await CtecSkillsApp.SubmitAndFollowAsync(client, page.Form("/culture").Set("culture", "en").Set("returnUrl", "/courses"));

        var userId = await Catalog.CatalogBrowsingTests.UserIdOfAsync(app, client);
        Assert.Equal("en", await app.QueryAsync(db => db.Users.Where(u => u.Id == userId).Select(u => u.Culture).SingleAsync()));
    }

    private async Task<(int Cohort, List<string> Learners)> CohortWithSessionAsync(DemoBase at, int daysFromToday, int capacity, int learnerCount)
    {
        var cohort = await app.CreateCohortAsync(at, capacity, name: "提醒测试班");
        var starts = CtecSkillsApp.BeijingAt(daysFromToday, 14, 30);
        Assert.True(await app.WithServiceAsync<CohortService, bool>(s =>
            s.AddSessionAsync(cohort, new SessionInput(starts, starts.AddHours(2), Place, 2), new BaseActor("test", IsAdmin: true), default)));
        var learners = await app.CreateLearnersAsync(learnerCount);
        foreach (var learner in learners)
        {
            await app.WithServiceAsync<EnrollmentService, EnrollResult>(s => s.EnrollAsync(cohort, learner, default));
        }
        return (cohort, learners);
    }

    private Task<bool> SetCultureAsync(string userId, string culture) =>
        app.WithServiceAsync<AccountService, bool>(async s =>
        {
            await s.SetCultureAsync(userId, culture, default);
            return true;
        });

    private Task<string> CourseTitleAsync(int cohort) =>
        app.QueryAsync(db => db.Cohorts.Where(c => c.Id == cohort).Select(c => c.Course!.Title).SingleAsync());
}
