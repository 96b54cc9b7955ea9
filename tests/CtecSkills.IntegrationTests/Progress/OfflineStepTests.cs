using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CtecSkills.Core.Seeding;
using CtecSkills.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.IntegrationTests.Progress;

/// <summary>
/// Lessons read and quizzes answered offline arrive later with the key the phone made, perhaps more than once and at the
/// same moment (the queue flushes on load, on <c>online</c> and from Background Sync): each key applies once.
/// </summary>
public sealed class OfflineStepTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>, IAsyncLifetime
{
    private const string Slug = CtecSkillsApp.TestCourseSlug;
    private static readonly DemoBase Chengdu = DemoSeeder.Bases[0];

    public async Task InitializeAsync() => await app.EnsureCourseAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task LessonRead_SameKeySentTwice_CountsOnceAndTheReplayAnswersTheSame()
    {
        var (learner, userId) = await app.SignedInLearnerAsync();
        var key = NewKey();

        var first = await ReadAsync(learner, 1, key);
        var again = await ReadAsync(learner, 1, key);

        Assert.Equal((HttpStatusCode.OK, "Applied", true), first);
        Assert.Equal((HttpStatusCode.OK, "Replayed", true), again);
        Assert.Equal(1, await LessonReadsAsync(userId, 1));
        Assert.Equal(1, await app.QueryAsync(db => db.KeyedSteps.CountAsync(k => k.UserId == userId)));
    }

    [Fact]
    public async Task LessonRead_SameKeyFourTimesAtOnce_OneAppliesTheOthersReplay()
    {
        var (learner, userId) = await app.SignedInLearnerAsync();
        var key = NewKey();
        var form = await TokenFormAsync(learner);

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => ReadAsync(learner, 2, key, form)));

        Assert.Single(answers, a => a.Outcome == "Applied");
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.All(answers, a => Assert.True(a.Counted));
        Assert.Equal(1, await LessonReadsAsync(userId, 2));
        Assert.Equal(1, await app.QueryAsync(db => db.KeyedSteps.CountAsync(k => k.UserId == userId)));
    }

    [Fact]
    public async Task LessonRead_AnotherLearnersSameKey_IsTheirOwnAndCounts()
    {
        var (first, firstId) = await app.SignedInLearnerAsync();
        var (second, secondId) = await app.SignedInLearnerAsync();
        var key = NewKey();

        Assert.Equal("Applied", (await ReadAsync(first, 1, key)).Outcome);
        var theirs = await ReadAsync(second, 1, key);

        Assert.Equal((HttpStatusCode.OK, "Applied", true), theirs);
        Assert.Equal(1, await LessonReadsAsync(firstId, 1));
        Assert.Equal(1, await LessonReadsAsync(secondId, 1));
    }

    [Fact]
    public async Task LessonRead_KeyReusedForAnotherLesson_IsRefusedAndNothingCounts()
    {
        var (learner, userId) = await app.SignedInLearnerAsync();
        var key = NewKey();
        await ReadAsync(learner, 1, key);

        var form = (await TokenFormAsync(learner)).RetargetTo($"/courses/{Slug}/lessons/3/read").Set("key", key);
        using var response = await CtecSkillsApp.SubmitAsync(learner, form);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("已经用在别的课或测验上", await MessageAsync(response), StringComparison.Ordinal);
        Assert.Equal(0, await LessonReadsAsync(userId, 3));
    }

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("not a key; DROP TABLE--------")]
    public async Task LessonRead_MalformedKey_IsRefusedWithAMessageAndNothingCounts(string key)
    {
        var (learner, userId) = await app.SignedInLearnerAsync();
        var form = (await TokenFormAsync(learner)).RetargetTo($"/courses/{Slug}/lessons/1/read").Set("key", key);

        using var response = await CtecSkillsApp.SubmitAsync(learner, form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("编号不对，没有保存", await MessageAsync(response), StringComparison.Ordinal);
        Assert.Equal(0, await LessonReadsAsync(userId, 1));
        Assert.Equal(0, await app.QueryAsync(db => db.KeyedSteps.CountAsync(k => k.UserId == userId)));
    }

    [Fact]
    public async Task LessonRead_WithoutSigningIn_IsNotCounted()
    {
        var learner = await app.SignedInAsLearnerAsync();
        var key = NewKey();
        var form = (await TokenFormAsync(learner)).RetargetTo($"/courses/{Slug}/lessons/1/read").Set("key", key);
        var stranger = app.CreateBrowserClient();

        using var response = await CtecSkillsApp.SubmitAsync(stranger, form);

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, await app.QueryAsync(db => db.KeyedSteps.CountAsync(k => k.Key == key)));
    }

    [Fact]
    public async Task Quiz_AnsweredOfflineSentTwiceAtOnce_GradedOnceAndBothAnswersShowTheSameAttempt()
    {
        var (learner, userId) = await app.SignedInLearnerAsync();
        var form = (await app.PassingQuizFormAsync(learner)).Set("key", NewKey());

        var answers = await Task.WhenAll(QuizAsync(learner, form), QuizAsync(learner, form));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.Single(answers, a => a.Outcome == "Applied");
        Assert.Single(answers.Select(a => a.Attempt).Distinct());
        var attempt = Assert.Single(await app.QueryAsync(db => db.QuizAttempts.AsNoTracking().Where(a => a.UserId == userId).ToListAsync()));
        Assert.True(attempt.Passed);

        // A replay later (the sync fired again) is the same attempt, not a second one; its page shows the grade.
        var replay = await QuizAsync(learner, form);
        Assert.Equal(("Replayed", answers[0].Attempt), (replay.Outcome, replay.Attempt));
        var page = await CtecSkillsApp.GetPageAsync(learner, replay.Attempt!);
        Assert.Contains("通过了", page.Text, StringComparison.Ordinal);
        Assert.Equal(1, await app.QueryAsync(db => db.QuizAttempts.CountAsync(a => a.UserId == userId)));
    }

    [Fact]
    public async Task Quiz_KeyOfALessonRead_IsRefusedAndNoAttemptIsStored()
    {
        var (learner, userId) = await app.SignedInLearnerAsync();
        var key = NewKey();
        await ReadAsync(learner, 1, key);

        var form = (await app.PassingQuizFormAsync(learner)).Set("key", key);
        var answer = await QuizAsync(learner, form);

        Assert.Equal(HttpStatusCode.Conflict, answer.Status);
        Assert.Equal(0, await app.QueryAsync(db => db.QuizAttempts.CountAsync(a => a.UserId == userId)));
    }

    [Fact]
    public async Task OfflineJourney_ThreeLessonsAndTheQuizSyncedTwice_CompletesOnceWithOneIssuanceRequest()
    {
        var cohortId = await app.CreateCohortAsync(Chengdu, capacity: 10);
        var (learner, userId) = await app.SignedInLearnerAsync();
        var enrollmentId = await app.EnrollAsync(learner, userId, cohortId);
        var keys = new[] { NewKey(), NewKey(), NewKey() };
        var quiz = (await app.PassingQuizFormAsync(learner)).Set("key", NewKey());
        var form = await TokenFormAsync(learner);

        // The queue flushed twice at once (the online event and Background Sync), every step in each.
        await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            for (var n = 1; n <= 3; n++)
            {
                Assert.Equal(HttpStatusCode.OK, (await ReadAsync(learner, n, keys[n - 1], form)).Status);
            }
            Assert.Equal(HttpStatusCode.OK, (await QuizAsync(learner, quiz)).Status);
        }));

        Assert.NotNull(await app.QueryAsync(db => db.Enrollments.Where(e => e.Id == enrollmentId).Select(e => e.CompletedAt).SingleAsync()));
        Assert.Equal(1, await app.QueryAsync(db => db.IssuanceRequests.CountAsync(r => r.EnrollmentId == enrollmentId)));
        Assert.Equal(1, await app.QueryAsync(db => db.QuizAttempts.CountAsync(a => a.UserId == userId)));
        Assert.Equal(3, await app.QueryAsync(db => db.LessonProgress.CountAsync(p => p.UserId == userId)));
        var me = await CtecSkillsApp.GetPageAsync(learner, "/me");
        Assert.Contains("已结业", me.Text, StringComparison.Ordinal);
    }

    private static string NewKey() => Guid.NewGuid().ToString();

    private static Task<HtmlForm> TokenFormAsync(HttpClient learner) => CtecSkillsApp.OfflineTokenFormAsync(learner);

    private static Task<(HttpStatusCode Status, string? Outcome, bool Counted)> ReadAsync(HttpClient learner, int number, string key,
        HtmlForm? tokenForm = null) => CtecSkillsApp.SendOfflineReadAsync(learner, number, key, tokenForm);

    private static async Task<(HttpStatusCode Status, string? Outcome, string? Attempt)> QuizAsync(HttpClient learner, HtmlForm form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, form.Action) { Content = form.ToContent() };
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await learner.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (response.StatusCode, null, null);
        }
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (response.StatusCode, json.GetProperty("outcome").GetString(), json.GetProperty("attempt").GetString());
    }

    private static async Task<string> MessageAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString()!;

    private Task<int> LessonReadsAsync(string userId, int number) =>
        app.QueryAsync(db => db.LessonProgress.CountAsync(p => p.UserId == userId && p.Lesson!.Number == number
            && db.Courses.Any(c => c.Id == p.Lesson.CourseId && c.Slug == Slug)));
}
