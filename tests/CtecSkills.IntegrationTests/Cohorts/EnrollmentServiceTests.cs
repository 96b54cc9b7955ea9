using CtecSkills.Core.Accounts;
using CtecSkills.Core.Cohorts;
using CtecSkills.Core.Seeding;
using CtecSkills.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CtecSkills.IntegrationTests.Cohorts;

/// <summary>Places, the waiting list and what happens when many learners press "enroll" at once.</summary>
public sealed class EnrollmentServiceTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    [Fact]
    public async Task Withdraw_EnrolledLearnerOfAFullCohort_MovesTheWaitlistedLearnerUp()
    {
        var cohort = await app.CreateCohortAsync(DemoSeeder.Bases[0], capacity: 1, name: "候补测试班");
        var learners = await app.CreateLearnersAsync(2);

        var first = await app.WithServiceAsync<EnrollmentService, EnrollResult>(s => s.EnrollAsync(cohort, learners[0], default));
        var second = await app.WithServiceAsync<EnrollmentService, EnrollResult>(s => s.EnrollAsync(cohort, learners[1], default));

        Assert.Equal(EnrollOutcome.Enrolled, first.Outcome);
        Assert.Equal(EnrollOutcome.Waitlisted, second.Outcome);

        Assert.True(await app.WithServiceAsync<EnrollmentService, bool>(s => s.WithdrawAsync(cohort, learners[0], default)));

        Assert.Equal(EnrollmentStatus.Withdrawn, await StatusAsync(cohort, learners[0]));
        Assert.Equal(EnrollmentStatus.Enrolled, await StatusAsync(cohort, learners[1]));
    }

    [Fact]
    public async Task EnrollAsync_Twice_ChangesNothing()
    {
        var cohort = await app.CreateCohortAsync(DemoSeeder.Bases[1], capacity: 5);
        var learner = (await app.CreateLearnersAsync(1))[0];

        await app.WithServiceAsync<EnrollmentService, EnrollResult>(s => s.EnrollAsync(cohort, learner, default));
        var again = await app.WithServiceAsync<EnrollmentService, EnrollResult>(s => s.EnrollAsync(cohort, learner, default));

        Assert.True(again.AlreadyThere);
        Assert.Equal(1, await app.QueryAsync(db => db.Enrollments.CountAsync(e => e.CohortId == cohort)));
    }

    [Fact]
    public async Task EnrollAsync_AgainAfterWithdrawingConsent_SaysTheLearnerIsInTheClass()
    {
        var cohort = await app.CreateCohortAsync(DemoSeeder.Bases[1], capacity: 5, name: "撤回同意班");
        var learner = (await app.CreateLearnersAsync(1))[0];
        await app.WithServiceAsync<EnrollmentService, EnrollResult>(s => s.EnrollAsync(cohort, learner, default));
        Assert.True(await app.WithServiceAsync<ConsentService, bool>(s => s.WithdrawAsync(learner, default)));

        var again = await app.WithServiceAsync<EnrollmentService, EnrollResult>(s => s.EnrollAsync(cohort, learner, default));

        Assert.Equal(new EnrollResult(EnrollOutcome.Enrolled, AlreadyThere: true), again);
    }

    [Fact]
    public async Task EnrollAsync_OneLearnerInTwoClassesOfTheSameCourseAtOnce_GetsOnePlaceOnly()
    {
        var chengdu = await app.CreateCohortAsync(DemoSeeder.Bases[0], capacity: 30, name: "成都并发班");
        var yubei = await app.CreateCohortAsync(DemoSeeder.Bases[4], capacity: 30, name: "渝北并发班");
        var learners = await app.CreateLearnersAsync(12);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Each learner taps 报名 on both classes at the same moment (two tabs, or a forged second post).
        var requests = learners.SelectMany(id => new[] { chengdu, yubei }.Select(cohort => Task.Run(async () =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var service = scope.ServiceProvider.GetRequiredService<EnrollmentService>();
            await start.Task;
            return (id, (await service.EnrollAsync(cohort, id, default)).Outcome);
        }))).ToList();

        start.SetResult();
        var results = await Task.WhenAll(requests);

        foreach (var learner in learners)
        {
            var outcomes = results.Where(r => r.id == learner).Select(r => r.Outcome).ToList();
            Assert.Single(outcomes, o => o == EnrollOutcome.Enrolled);
            Assert.Single(outcomes, o => o == EnrollOutcome.InAnotherClass);
        }
        var places = await app.QueryAsync(db => db.Enrollments
            .Where(e => (e.CohortId == chengdu || e.CohortId == yubei) && e.Status != EnrollmentStatus.Withdrawn)
            .GroupBy(e => e.UserId).Select(g => g.Count()).ToListAsync());
        Assert.Equal(learners.Count, places.Count);
        Assert.All(places, n => Assert.Equal(1, n));
    }

    [Fact]
    public async Task EnrollAsync_TenLearnersAtOnceForThreePlaces_EnrollsThreeAndWaitlistsSeven()
    {
        var cohort = await app.CreateCohortAsync(DemoSeeder.Bases[2], capacity: 3, name: "并发测试班");
        var learners = await app.CreateLearnersAsync(10);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var requests = learners.Select(id => Task.Run(async () =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var service = scope.ServiceProvider.GetRequiredService<EnrollmentService>();
            await start.Task;
            return await service.EnrollAsync(cohort, id, default);
        })).ToList();

        start.SetResult();
        var results = await Task.WhenAll(requests);

        Assert.Equal(3, results.Count(r => r.Outcome == EnrollOutcome.Enrolled));
        Assert.Equal(7, results.Count(r => r.Outcome == EnrollOutcome.Waitlisted));
        Assert.Equal(3, await app.QueryAsync(db => db.Enrollments.CountAsync(e => e.CohortId == cohort && e.Status == EnrollmentStatus.Enrolled)));
        Assert.Equal(10, await app.QueryAsync(db => db.Enrollments.CountAsync(e => e.CohortId == cohort)));
    }

    [Fact]
    public async Task EnrollAsync_WithdrawnLearnerTapsAgainSeveralTimes_TakesThePlaceBackOnce()
    {
        var cohort = await app.CreateCohortAsync(DemoSeeder.Bases[3], capacity: 2, name: "重新报名班");
        var learner = (await app.CreateLearnersAsync(1))[0];
        await app.WithServiceAsync<EnrollmentService, EnrollResult>(s => s.EnrollAsync(cohort, learner, default));
        await app.WithServiceAsync<EnrollmentService, bool>(s => s.WithdrawAsync(cohort, learner, default));
        var factsBefore = await app.QueryAsync(db => db.LearningFacts.CountAsync());
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var taps = Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var service = scope.ServiceProvider.GetRequiredService<EnrollmentService>();
            await start.Task;
            return await service.EnrollAsync(cohort, learner, default);
        })).ToList();

        start.SetResult();
        var results = await Task.WhenAll(taps);

        Assert.Single(results, r => !r.AlreadyThere);
        Assert.All(results, r => Assert.Equal(EnrollOutcome.Enrolled, r.Outcome));
        Assert.Equal(EnrollmentStatus.Enrolled, await StatusAsync(cohort, learner));
        Assert.Equal(factsBefore + 1, await app.QueryAsync(db => db.LearningFacts.CountAsync()));
    }

    private Task<EnrollmentStatus> StatusAsync(int cohort, string userId) =>
        app.QueryAsync(db => db.Enrollments.Where(e => e.CohortId == cohort && e.UserId == userId).Select(e => e.Status).SingleAsync());
}
