using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CtecSkills.Core.Catalog;
using CtecSkills.Core.Seeding;
using CtecSkills.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CtecSkills.IntegrationTests.Progress;

/// <summary>
/// "保存到手机，离线也能学": the server-made manifest of what the phone saves (docs/decisions/0028), the offline page, the
/// token the offline queue sends with, and the weight of what a phone downloads for it.
/// </summary>
public sealed class OfflineCourseTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>, IAsyncLifetime
{
    private const string Slug = CtecSkillsApp.TestCourseSlug;
    private static readonly DemoBase Chengdu = DemoSeeder.Bases[0];

    public async Task InitializeAsync() => await app.EnsureCourseAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Manifest_EnrolledLearner_ListsExactlyTheLessonsImageAndQuizPageWithoutAnswers()
    {
        var learner = await EnrolledLearnerAsync();

        var (status, manifest, body) = await ManifestAsync(learner);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal<string[]>(
            [$"/courses/{Slug}", $"/courses/{Slug}/lessons/1", $"/courses/{Slug}/lessons/2", $"/courses/{Slug}/lessons/3",
                $"/courses/{Slug}/media/pay-code.png", $"/courses/{Slug}/quiz"],
            manifest.GetProperty("urls").EnumerateArray().Select(u => u.GetString()!).ToArray());
        var dataBytes = await app.QueryAsync(db => db.Courses.Where(c => c.Slug == Slug)
            .Select(c => c.Lessons.Sum(l => (long)l.SizeBytes) + c.Media.Sum(m => (long)m.SizeBytes)).SingleAsync());
        Assert.Equal(dataBytes, manifest.GetProperty("bytes").GetInt64());
        Assert.Matches(@"^约 \d+(\.\d)? (KB|MB)$", manifest.GetProperty("size").GetString()!);
        Assert.Matches("^[0-9a-f]{16}$", manifest.GetProperty("version").GetString()!);

        // No answer key, in the manifest or in any page it lists: the quiz is graded on the server.
        var feedback = await app.QueryAsync(db => db.Questions.Where(q => q.Feedback != null).Select(q => q.Feedback!).ToListAsync());
        Assert.NotEmpty(feedback);
        Assert.DoesNotContain("correct", body, StringComparison.OrdinalIgnoreCase);
        foreach (var url in manifest.GetProperty("urls").EnumerateArray().Select(u => u.GetString()!).Where(u => !u.Contains("/media/", StringComparison.Ordinal)))
        {
            var page = await CtecSkillsApp.GetPageAsync(learner, url);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.All(feedback, f => Assert.DoesNotContain(f, page.Html, StringComparison.Ordinal));
        }
        var image = await learner.GetAsync($"/courses/{Slug}/media/pay-code.png");
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Manifest_LessonChanged_VersionChangesAndOnlyThen()
    {
        var learner = await EnrolledLearnerAsync();
        var before = (await ManifestAsync(learner)).Json.GetProperty("version").GetString();
        Assert.Equal(before, (await ManifestAsync(learner)).Json.GetProperty("version").GetString());

        var lesson = await app.QueryAsync(db => db.Lessons.Where(l => l.Number == 3 && db.Courses.Any(c => c.Id == l.CourseId && c.Slug == Slug))
            .Select(l => l.Markdown).SingleAsync());
        var saved = await app.WithServiceAsync<CourseAuthoringService, LessonSaveStatus>(s =>
            s.SaveLessonAsync(Slug, 3, lesson + "\n\n遇到可疑的码，先问家人。\n", CtecSkillsApp.Admin, default));
        Assert.Equal(LessonSaveStatus.Saved, saved);

        var after = (await ManifestAsync(learner)).Json.GetProperty("version").GetString();
        Assert.NotEqual(before, after);
    }

    [Fact]
    public async Task Manifest_LearnerNotEnrolled_IsRefusedWithAMessage()
    {
        var (stranger, _) = await app.SignedInLearnerAsync();

        var (status, json, _) = await ManifestAsync(stranger);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("报名这门课程的班以后才能保存到手机。", json.GetProperty("message").GetString());
        Assert.DoesNotContain($"/courses/{Slug}/lessons", json.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Manifest_AnotherEnrolledLearner_GetsTheSameCourseAndNothingOfTheFirst()
    {
        var first = await EnrolledLearnerAsync();
        var second = await EnrolledLearnerAsync();

        var mine = (await ManifestAsync(first)).Body;
        var theirs = (await ManifestAsync(second)).Body;

        Assert.Equal(mine, theirs);
    }

    [Fact]
    public async Task Manifest_NotSignedInOrUnknownCourse_GivesNoManifest()
    {
        var anonymous = app.CreateBrowserClient();
        using var response = await anonymous.GetAsync($"/courses/{Slug}/offline");
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("/lessons/", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var learner = await EnrolledLearnerAsync();
        using var unknown = await learner.GetAsync("/courses/no-such-course/offline");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("没有这门课程。", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString());
    }

    [Fact]
    public async Task CoursePage_EnrolledLearner_HasTheHiddenSaveButtonThatAnonymousVisitorsDoNotGet()
    {
        var learner = await EnrolledLearnerAsync();

        var page = await CtecSkillsApp.GetPageAsync(learner, $"/courses/{Slug}");
        var box = page.Document.GetElementById("offline-save");

        Assert.NotNull(box);
        Assert.True(box.HasAttribute("hidden"), "Without JavaScript the save button stays hidden.");
        Assert.Equal($"/courses/{Slug}/offline", box.GetAttribute("data-manifest"));
        Assert.Equal("保存到手机，离线也能学", box.QuerySelector("button")!.TextContent.Trim());
        Assert.Equal("已保存", box.GetAttribute("data-saved"));
        var anonymous = await CtecSkillsApp.GetPageAsync(app.CreateBrowserClient(), $"/courses/{Slug}");
        Assert.Null(anonymous.Document.GetElementById("offline-save"));
    }

    [Fact]
    public async Task Lesson_FetchedToSaveOnThePhone_IsNotCountedUntilOpened()
    {
        var (learner, userId) = await app.SignedInLearnerAsync();

        using (var request = new HttpRequestMessage(HttpMethod.Get, $"/courses/{Slug}/lessons/2"))
        {
            request.Headers.Add("Purpose", "prefetch");
            using var saved = await learner.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }
        Assert.Equal(0, await LessonReadsAsync(userId));

        await CtecSkillsApp.GetPageAsync(learner, $"/courses/{Slug}/lessons/2");
        Assert.Equal(1, await LessonReadsAsync(userId));
    }

    [Fact]
    public async Task OfflinePage_IsLocalizedAndListsSavedCoursesWithoutSigningIn()
    {
        var page = await CtecSkillsApp.GetPageAsync(app.CreateBrowserClient(), "/offline");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("保存在手机上的课程", page.Document.QuerySelector("h1")!.TextContent.Trim());
        Assert.NotNull(page.Document.GetElementById("offline-saved"));
        Assert.Contains("会在联网后评分", page.Html, StringComparison.Ordinal);
        Assert.NotNull(page.Document.QuerySelector("a[href='/courses']"));
        Assert.NotNull(page.Document.QuerySelector("script[src^='/js/offline.js']"));
    }

    [Fact]
    public async Task Token_SignedInLearner_IsAcceptedForAQueuedStepAndAnonymousGetsNone()
    {
        var (learner, userId) = await app.SignedInLearnerAsync();
        using var response = await learner.GetAsync("/offline/token");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;

        var form = (await CtecSkillsApp.OfflineTokenFormAsync(learner)).Set(HtmlForm.TokenField, token);
        var read = await CtecSkillsApp.SendOfflineReadAsync(learner, 1, Guid.NewGuid().ToString(), form);
        Assert.Equal((HttpStatusCode.OK, "Applied", true), read);
        Assert.Equal(1, await LessonReadsAsync(userId));

        using var anonymous = await app.CreateBrowserClient().GetAsync("/offline/token");
        Assert.NotEqual(HttpStatusCode.OK, anonymous.StatusCode);
    }

    [Fact]
    public async Task OwnerTag_TwoLearnersOnOnePhone_EachHasTheirOwnOpaqueTagOnPagesAndWithTheToken()
    {
        var (first, firstId) = await app.SignedInLearnerAsync();
        var (second, _) = await app.SignedInLearnerAsync();

        var firstTag = await TokenOwnerAsync(first);
        using (var page = await first.GetAsync("/me"))
        {
            Assert.Equal(firstTag, Assert.Single(page.Headers.GetValues("Ctec-Owner")));
        }
        Assert.Equal(firstTag, await TokenOwnerAsync(first));
        var secondTag = await TokenOwnerAsync(second);
        Assert.NotEqual(firstTag, secondTag);
        // Opaque: neither the account id nor the phone number can be read from it.
        var phone = await app.QueryAsync(db => db.Users.Where(u => u.Id == firstId).Select(u => u.PhoneNumber).SingleAsync());
        Assert.Matches("^[0-9a-f]{32}$", firstTag);
        Assert.DoesNotContain(firstId.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant(), firstTag, StringComparison.Ordinal);
        Assert.DoesNotContain(phone!, firstTag, StringComparison.Ordinal);

        using var anonymous = await app.CreateBrowserClient().GetAsync("/courses");
        Assert.False(anonymous.Headers.Contains("Ctec-Owner"));
    }

    [Fact]
    public async Task SignOut_TellsThePhoneToDropThePagesItCachedAndTheNextPageIsNobodys()
    {
        var (learner, _) = await app.SignedInLearnerAsync();
        var me = await CtecSkillsApp.GetPageAsync(learner, "/me");

        using var response = await CtecSkillsApp.SubmitAsync(learner, me.Form("/account/signout"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("\"cache\"", Assert.Single(response.Headers.GetValues("Clear-Site-Data")));
        using var home = await learner.GetAsync("/");
        Assert.False(home.Headers.Contains("Ctec-Owner"));
    }

    [Fact]
    public async Task Quiz_AnsweredOfflineAfterTheLastAttempt_AnswersJsonSoTheQueueDropsIt()
    {
        var (learner, userId) = await app.SignedInLearnerAsync();
        // The quiz page was saved with one attempt left; the last one was then used online before the queue was sent.
        await app.PassQuizAsync(learner);
        var form = (await app.PassingQuizFormAsync(learner)).Set("key", Guid.NewGuid().ToString());
        await app.PassQuizAsync(learner);

        using var request = new HttpRequestMessage(HttpMethod.Post, form.Action) { Content = form.ToContent() };
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await learner.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Null, json.GetProperty("attempt").ValueKind);
        Assert.False(string.IsNullOrEmpty(json.GetProperty("message").GetString()));
        Assert.Equal(2, await app.QueryAsync(db => db.QuizAttempts.CountAsync(a => a.UserId == userId)));
    }

    [Fact]
    public async Task LessonPage_FirstViewAndServiceWorker_StayWithinTheirBudgets()
    {
        var learner = await EnrolledLearnerAsync();
        var page = await CtecSkillsApp.GetPageAsync(learner, $"/courses/{Slug}/lessons/2");
        var assets = page.Document.QuerySelectorAll("link[rel=stylesheet][href], script[src]")
            .Select(e => e.GetAttribute("href") ?? e.GetAttribute("src")!).ToList();
        Assert.Contains(assets, a => a.StartsWith("/js/offline.js", StringComparison.Ordinal));

        var weight = CtecSkillsApp.GzipSize(Encoding.UTF8.GetBytes(page.Html));
        foreach (var asset in assets)
        {
            weight += CtecSkillsApp.GzipSize(await learner.GetByteArrayAsync(asset));
        }
        Assert.True(weight <= 14 * 1024, $"The lesson's first view weighs {weight} bytes compressed.");

        var worker = CtecSkillsApp.GzipSize(await learner.GetByteArrayAsync("/sw.js"));
        Assert.True(worker <= 10 * 1024, $"The service worker weighs {worker} bytes compressed.");
    }

    private static async Task<string> TokenOwnerAsync(HttpClient learner)
    {
        using var response = await learner.GetAsync("/offline/token");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("owner").GetString()!;
    }

    private async Task<HttpClient> EnrolledLearnerAsync()
    {
        var cohortId = await app.CreateCohortAsync(Chengdu, capacity: 50);
        var (learner, userId) = await app.SignedInLearnerAsync();
        await app.EnrollAsync(learner, userId, cohortId);
        return learner;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Json, string Body)> ManifestAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/courses/{Slug}/offline");
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, body.Length > 0 && body.TrimStart().StartsWith('{') ? JsonDocument.Parse(body).RootElement.Clone() : default, body);
    }

    private Task<int> LessonReadsAsync(string userId) =>
        app.QueryAsync(db => db.LessonProgress.CountAsync(p => p.UserId == userId
            && db.Courses.Any(c => c.Id == p.Lesson!.CourseId && c.Slug == Slug)));
}
