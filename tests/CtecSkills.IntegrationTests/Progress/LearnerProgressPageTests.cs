using CtecSkills.Core.Cohorts;
using CtecSkills.Core.Progress;
using CtecSkills.Core.Seeding;
using CtecSkills.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.IntegrationTests.Progress;

/// <summary>What a learner sees of their own progress: ticks in the course's lesson list, and "My learning" on /me.</summary>
public sealed class LearnerProgressPageTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    private static readonly DemoBase Chengdu = DemoSeeder.Bases[0];
    private static string CoursePage => $"/courses/{CtecSkillsApp.TestCourseSlug}";

    [Fact]
    public async Task CoursePage_LessonsRead_AreTickedForThatLearnerOnlyWithWordsForScreenReaders()
    {
        await app.EnsureCourseAsync();
        var (learner, _) = await app.SignedInLearnerAsync();
        await CtecSkillsApp.ReadLessonsAsync(learner, 1, 3);

        var page = await CtecSkillsApp.GetPageAsync(learner, CoursePage);
        var items = page.Document.QuerySelectorAll("ol.lessons li").ToList();
        Assert.Equal(3, items.Count);
        Assert.Equal([true, false, true], items.Select(li => li.QuerySelector(".tick") is not null).ToArray());
        var first = items[0];
        Assert.Equal("✓", first.QuerySelector(".tick")!.TextContent);
        Assert.Equal("true", first.QuerySelector(".tick")!.GetAttribute("aria-hidden"));
        Assert.Equal("已学", first.QuerySelector(".sr-only")!.TextContent);
        Assert.Null(items[1].QuerySelector(".sr-only"));
        Assert.Contains("已学 2/3", page.Text, StringComparison.Ordinal);

        // Another learner, and someone not signed in, see the list unticked: the ticks are one person's own.
        var (other, _) = await app.SignedInLearnerAsync();
        var theirs = await CtecSkillsApp.GetPageAsync(other, CoursePage);
        Assert.Empty(theirs.Document.QuerySelectorAll("ol.lessons .tick"));
        Assert.Contains("已学 0/3", theirs.Text, StringComparison.Ordinal);
        var anonymous = await CtecSkillsApp.GetPageAsync(app.CreateBrowserClient(), CoursePage);
        Assert.Empty(anonymous.Document.QuerySelectorAll("ol.lessons .tick"));
        Assert.DoesNotContain("已学", anonymous.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CoursePage_TheOneBigButton_IsTheLearnersNextStep_FirstLessonThenTheFirstUnreadThenTheQuiz()
    {
        await app.EnsureCourseAsync();
        var quiz = $"{CoursePage}/quiz";
        var anonymous = await CtecSkillsApp.GetPageAsync(app.CreateBrowserClient(), CoursePage);
        AssertBigButton(anonymous, "开始学第一课", $"{CoursePage}/lessons/1");

        var (learner, _) = await app.SignedInLearnerAsync();
        AssertBigButton(await CtecSkillsApp.GetPageAsync(learner, CoursePage), "开始学第一课", $"{CoursePage}/lessons/1");
        await CtecSkillsApp.ReadLessonsAsync(learner, 1, 3);
        AssertBigButton(await CtecSkillsApp.GetPageAsync(learner, CoursePage), "接着学第 2 课", $"{CoursePage}/lessons/2");
        await CtecSkillsApp.ReadLessonsAsync(learner, 2);
        AssertBigButton(await CtecSkillsApp.GetPageAsync(learner, CoursePage), "课都学完了，测一测", quiz);

        static void AssertBigButton(HtmlPage page, string text, string href)
        {
            var button = page.Document.QuerySelector("main a.button")!;
            Assert.Equal(text, button.TextContent.Trim());
            Assert.Equal(href, button.GetAttribute("href"));
        }
    }

    [Fact]
    public async Task Me_FirstDayOfAClassWhoseMorningSessionEndedBeforeTheLearnerJoined_ShowsNoMissedClass()
    {
        var cohortId = await app.CreateCohortAsync(Chengdu, capacity: 10);
        var now = TimeProvider.System.GetUtcNow();
        // This morning's session ended before the learner joined; the next one is under way.
        await AddSessionAsync(cohortId, now.AddHours(-3), now.AddHours(-1));
        await app.AddSessionAsync(cohortId);
        var (learner, userId) = await app.SignedInLearnerAsync();
        var enrollmentId = await app.EnrollAsync(learner, userId, cohortId);

        var me = await CtecSkillsApp.GetPageAsync(learner, "/me");
        Assert.Contains("已学 0/3", me.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("缺课", me.Text, StringComparison.Ordinal);
        // The rule, not only the page: staff's roster and the at-risk flag count no missed class either.
        var progress = await app.WithServiceAsync<ProgressService, EnrollmentProgress?>(p => p.GetAsync(enrollmentId, default));
        Assert.Equal(0, progress!.SessionsMissed);
        var staff = await app.SignedInAsStaffAsync(Chengdu.StaffEmail);
        var roster = await CtecSkillsApp.GetPageAsync(staff, $"/cohorts/{cohortId}");
        Assert.Contains("缺课 0 次", roster.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Me_AfterCompletion_SaysTheCertificateIsBeingMadeThenPointsToItAndDropsNextAndMissedClasses()
    {
        await app.EnsureAchievementAsync();
        var cohortId = await app.CreateCohortAsync(Chengdu, capacity: 10);
        var (learner, userId) = await app.SignedInLearnerAsync();
        var enrollmentId = await app.EnrollAsync(learner, userId, cohortId);
        var now = TimeProvider.System.GetUtcNow();
        // Enrolled last week: missed Monday's class; the next one is in three days.
        await app.QueryAsync(db => db.Enrollments.Where(e => e.Id == enrollmentId).ExecuteUpdateAsync(s => s.SetProperty(e => e.EnrolledAt, now.AddDays(-7))));
        await AddSessionAsync(cohortId, now.AddDays(-2), now.AddDays(-2).AddHours(2));
        await AddSessionAsync(cohortId, now.AddDays(3), now.AddDays(3).AddHours(2));

        var before = await CtecSkillsApp.GetPageAsync(learner, "/me");
        Assert.Contains("缺课 1 次", before.Text, StringComparison.Ordinal);
        Assert.Contains("下次上课", before.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("证书", before.Document.QuerySelector("li.course")!.TextContent, StringComparison.Ordinal);

        // Staff complete the class by hand (the learner did the work elsewhere): the credential is owed, not yet issued.
        Assert.Equal(CompleteOutcome.Completed, await app.WithServiceAsync<LearningEventService, CompleteOutcome?>(
            s => s.CompleteManuallyAsync(enrollmentId, cohortId, CtecSkillsApp.Admin, "在基地线下学完", default)));
        var pending = await CtecSkillsApp.GetPageAsync(learner, "/me");
        var course = pending.Document.QuerySelector("li.course")!;
        Assert.Contains("已结业", course.TextContent, StringComparison.Ordinal);
        Assert.Contains("证书正在生成，约 1 分钟", course.TextContent, StringComparison.Ordinal);
        Assert.NotNull(course.QuerySelector("a[href='/me']"));
        Assert.NotNull(course.QuerySelector("a[href='/me/credentials']"));
        Assert.DoesNotContain("下次上课", course.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("缺课", course.TextContent, StringComparison.Ordinal);

        await app.RunIssuingJobAsync();
        var code = await app.QueryAsync(db => db.IssuedCredentials.Where(c => c.EnrollmentId == enrollmentId).Select(c => c.VerificationCode).SingleAsync());
        var issued = await CtecSkillsApp.GetPageAsync(learner, "/me");
        course = issued.Document.QuerySelector("li.course")!;
        Assert.DoesNotContain("正在生成", course.TextContent, StringComparison.Ordinal);
        var link = course.QuerySelector($"a[href='/me/credentials#c-{code}']");
        Assert.NotNull(link);
        Assert.Equal("查看证书", link!.TextContent.Trim());
        var wallet = await CtecSkillsApp.GetPageAsync(learner, "/me/credentials");
        Assert.NotNull(wallet.Document.GetElementById($"c-{code}"));
        Assert.DoesNotContain("下次上课", course.TextContent, StringComparison.Ordinal);

        // Another learner's page does not point to it.
        var (other, _) = await app.SignedInLearnerAsync();
        Assert.DoesNotContain(code, (await CtecSkillsApp.GetPageAsync(other, "/me")).Html, StringComparison.Ordinal);
    }

    private Task<int> AddSessionAsync(int cohortId, DateTimeOffset startsAt, DateTimeOffset endsAt) => app.QueryAsync(async db =>
    {
        db.CohortSessions.Add(new CohortSession { CohortId = cohortId, StartsAt = startsAt, EndsAt = endsAt, Place = "实训楼 101", Hours = 2 });
        return await db.SaveChangesAsync();
    });
}
