using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CtecSkills.Core.Seeding;
using CtecSkills.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CtecSkills.IntegrationTests.Catalog;

/// <summary>Anyone can find a course, read about it and read its lessons without signing in.</summary>
public sealed class CatalogBrowsingTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    private const string TestCourseTitle = "扫码付款保平安";
    private const string ReturneeCourseTitle = "手机开网店第一步";

    [Fact]
    public async Task Courses_FilteredByGroupAndCategory_ShowOnlyMatchingCourses()
    {
        await app.EnsureCourseAsync();
        await app.EnsureCourseAsync(CtecSkillsApp.WithCourseJson(CtecSkillsApp.TestCourseFiles(), c =>
        {
            c["slug"] = "shop-first-steps";
            c["title"] = ReturneeCourseTitle;
            c["category"] = "ECommerce";
            c["targetGroups"] = new JsonArray("ReturneeEntrepreneurs");
        }));
        using var browser = app.CreateBrowserClient();

        var all = await CtecSkillsApp.GetPageAsync(browser, "/courses");
        var women = await CtecSkillsApp.GetPageAsync(browser, "/courses?group=RuralWomen&category=");
        var shops = await CtecSkillsApp.GetPageAsync(browser, "/courses?group=&category=ECommerce");
        var nothing = await CtecSkillsApp.GetPageAsync(browser, "/courses?group=RuralWomen&category=OfficeTools");

        Assert.Contains(TestCourseTitle, all.Text);
        Assert.Contains(ReturneeCourseTitle, all.Text);
        Assert.Contains(TestCourseTitle, women.Text);
        Assert.DoesNotContain(ReturneeCourseTitle, women.Text);
        Assert.Contains(ReturneeCourseTitle, shops.Text);
        Assert.DoesNotContain(TestCourseTitle, shops.Text);
        Assert.Contains("没有找到符合条件的课程", nothing.Text);
        // The filter form is a plain GET form that keeps the choice made.
        Assert.Equal("RuralWomen", women.Form("/courses")["group"]);
    }

    [Fact]
    public async Task Courses_LearnerLivingWhereABaseOffersACourse_SeesItFirstAndCanFilterByPlace()
    {
        const string title = "万州直播带货入门";
        var wanzhou = DemoSeeder.Bases[5];
        var files = CtecSkillsApp.WithCourseJson(CtecSkillsApp.TestCourseFiles(), c =>
        {
            c["slug"] = "wanzhou-livestream";
            c["title"] = title;
            // Beginner device basics sort first of all by level and category: only the place rule can move it down.
            c["level"] = "Beginner";
            c["category"] = "DeviceBasics";
        });
        await app.QueryAsync(async db =>
        {
            var baseId = await db.TrainingBases.Where(b => b.Name == wanzhou.Name).Select(b => b.Id).SingleAsync();
            await using var scope = app.Services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<Core.Catalog.CoursePackageImporter>()
                .ImportAsync(Core.Catalog.CoursePackage.FromFiles(files), new Core.Catalog.CourseImportOptions(baseId, [baseId], Publish: true), default);
            Assert.True(result.Succeeded, string.Join("; ", result.Problems));
            return baseId;
        });
        var (learner, userId) = await app.SignedInLearnerAsync();
        await app.QueryAsync(db => db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(u => u.SetProperty(x => x.LocalityCode, wanzhou.LocalityCode)));

        var (elsewhereLearner, elsewhereId) = await app.SignedInLearnerAsync();
        await app.QueryAsync(db => db.Users.Where(u => u.Id == elsewhereId).ExecuteUpdateAsync(u => u.SetProperty(x => x.LocalityCode, DemoSeeder.Bases[1].LocalityCode)));

        var mine = await CtecSkillsApp.GetPageAsync(learner, "/courses");
        var theirs = await CtecSkillsApp.GetPageAsync(elsewhereLearner, "/courses");
        static List<(string Text, bool Near)> Cards(HtmlPage page) =>
            [.. page.Document.QuerySelectorAll("article.course").Select(a => (a.TextContent, a.TextContent.Contains("您所在的地方就有", StringComparison.Ordinal)))];
        Assert.True(Cards(mine).Single(c => c.Text.Contains(title, StringComparison.Ordinal)).Near);
        var far = Cards(theirs);
        var farIndex = far.FindIndex(c => c.Text.Contains(title, StringComparison.Ordinal));
        Assert.False(far[farIndex].Near);
        Assert.True(farIndex > 0);
        Assert.All(far.Take(farIndex), c => Assert.True(c.Near)); // courses offered where they live come first
        var places = mine.Document.QuerySelectorAll("#place option").Select(o => o.GetAttribute("value")).ToList();
        Assert.Equal(["", wanzhou.LocalityCode], places.Take(2));

        using var anonymous = app.CreateBrowserClient();
        var there = await CtecSkillsApp.GetPageAsync(anonymous, $"/courses?place={wanzhou.LocalityCode}");
        var elsewhere = await CtecSkillsApp.GetPageAsync(anonymous, $"/courses?place={DemoSeeder.Bases[1].LocalityCode}");
        var unknown = await CtecSkillsApp.GetPageAsync(anonymous, "/courses?place=999999");
        Assert.Contains(title, there.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(title, elsewhere.Text, StringComparison.Ordinal);
        Assert.Contains(title, unknown.Text, StringComparison.Ordinal); // an unknown place filters nothing out
        Assert.Equal(wanzhou.LocalityCode, there.Form("/courses")["place"]);
    }

    [Fact]
    public async Task Courses_Card_ShowsLevelHoursAndDataNeeded()
    {
        await app.EnsureCourseAsync();
        using var browser = app.CreateBrowserClient();

        var page = await CtecSkillsApp.GetPageAsync(browser, "/courses?category=SafePayment");

        var card = page.Document.QuerySelectorAll("article.course").Single(a => a.QuerySelector($"a[href='/courses/{CtecSkillsApp.TestCourseSlug}']") is not null);
        var expectedKb = (CtecSkillsApp.TestCourseFiles().Where(f => f.Key.StartsWith("lessons/", StringComparison.Ordinal) || f.Key.StartsWith("media/", StringComparison.Ordinal))
            .Sum(f => (long)f.Value.Length) + 1023) / 1024;
        Assert.Contains("初级", card.TextContent);
        Assert.Contains("2 学时", card.TextContent);
        Assert.Contains($"约 {expectedKb} KB", card.TextContent);
    }

    [Fact]
    public async Task CoursePage_ShowsLessonsWhoItIsForAndBases()
    {
        await app.EnsureCourseAsync();
        using var browser = app.CreateBrowserClient();

        var page = await CtecSkillsApp.GetPageAsync(browser, $"/courses/{CtecSkillsApp.TestCourseSlug}");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(TestCourseTitle, page.Heading);
        Assert.Contains("付款码和收款码", page.Text);
        Assert.Contains("常见的扫码骗局", page.Text);
        Assert.Contains("农村妇女", page.Text);
        Assert.Contains("农民工", page.Text);
        Assert.Contains(DemoSeeder.Bases[0].Name, page.Text);
        Assert.Contains(DemoSeeder.Bases[6].Name, page.Text);
    }

    [Fact]
    public async Task CoursePage_UnknownSlug_Returns404()
    {
        using var browser = app.CreateBrowserClient();

        using var response = await browser.GetAsync("/courses/no-such-course");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task LessonPage_RendersMarkdownWithOwnImageAndLinksToNextLesson()
    {
        await app.EnsureCourseAsync();
        using var browser = app.CreateBrowserClient();

        var page = await CtecSkillsApp.GetPageAsync(browser, $"/courses/{CtecSkillsApp.TestCourseSlug}/lessons/1");

        Assert.Equal("付款码和收款码", page.Heading);
        var lesson = page.Document.QuerySelector("article.lesson")!;
        Assert.Equal("两种码，用处不一样", lesson.QuerySelector("h2")!.TextContent);
        Assert.Contains("付款码", lesson.QuerySelector("strong")!.TextContent);
        var src = lesson.QuerySelector("img")!.GetAttribute("src")!;
        Assert.Equal($"/courses/{CtecSkillsApp.TestCourseSlug}/media/pay-code.png", src);
        Assert.Equal($"/courses/{CtecSkillsApp.TestCourseSlug}/lessons/2", page.Document.QuerySelector("a[rel=next]")!.GetAttribute("href"));
        Assert.Null(page.Document.QuerySelector("a[rel=prev]"));
        using var image = await browser.GetAsync(src);
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/png", image.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task LessonPage_ScriptInMarkdown_IsShownAsTextNotRunAsATag()
    {
        var files = CtecSkillsApp.WithCourseJson(CtecSkillsApp.TestCourseFiles(), c => c["slug"] = "script-in-lesson");
        files["lessons/01-codes.md"] = Encoding.UTF8.GetBytes(
            "# 注意\n\n<script>alert('x')</script>\n\n<img src=x onerror=alert(1)>\n\n[点我](javascript:alert(1))\n");
        var slug = await app.EnsureCourseAsync(files);
        using var browser = app.CreateBrowserClient();

        var page = await CtecSkillsApp.GetPageAsync(browser, $"/courses/{slug}/lessons/1");

        var lesson = page.Document.QuerySelector("article.lesson")!;
        // Only the site's own script files (read-aloud), nothing from the lesson.
        Assert.All(page.Document.QuerySelectorAll("script"), s => Assert.StartsWith("/js/", s.GetAttribute("src") ?? "", StringComparison.Ordinal));
        Assert.Null(lesson.QuerySelector("script"));
        Assert.Null(lesson.QuerySelector("img"));
        Assert.Contains("<script>alert('x')</script>", lesson.TextContent);
        Assert.DoesNotContain("javascript:", lesson.InnerHtml, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task LessonPage_LastLesson_HasPreviousAndTheQuizAsTheOneBigNextStep()
    {
        await app.EnsureCourseAsync();
        using var browser = app.CreateBrowserClient();

        var page = await CtecSkillsApp.GetPageAsync(browser, $"/courses/{CtecSkillsApp.TestCourseSlug}/lessons/3");

        Assert.Equal($"/courses/{CtecSkillsApp.TestCourseSlug}/lessons/2", page.Document.QuerySelector("a[rel=prev]")!.GetAttribute("href"));
        Assert.Null(page.Document.QuerySelector("a[rel=next]"));
        var big = Assert.Single(page.Document.QuerySelectorAll("nav.pager a.button"));
        Assert.Equal($"/courses/{CtecSkillsApp.TestCourseSlug}/quiz", big.GetAttribute("href"));
        Assert.Equal("课都学完了，测一测", big.TextContent.Trim());
        Assert.NotNull(page.Document.QuerySelector($"nav.pager a[href='/courses/{CtecSkillsApp.TestCourseSlug}']:not(.button)"));
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/courses/{CtecSkillsApp.TestCourseSlug}/lessons/4")).StatusCode);
    }

    [Fact]
    public async Task LessonPage_SignedInLearnerOpensTwice_IsRecordedAsReadOnce()
    {
        await app.EnsureCourseAsync();
        using var learner = await app.SignedInAsLearnerAsync();
        var userId = await UserIdOfAsync(app, learner);

        await CtecSkillsApp.GetPageAsync(learner, $"/courses/{CtecSkillsApp.TestCourseSlug}/lessons/2");
        await CtecSkillsApp.GetPageAsync(learner, $"/courses/{CtecSkillsApp.TestCourseSlug}/lessons/2");

        var read = await app.QueryAsync(db => db.LessonProgress.Where(p => p.UserId == userId).Select(p => p.Lesson!.Number).ToListAsync());
        Assert.Equal([2], read);
    }

    [Fact]
    public async Task NavigationAndHome_LinkToTheCatalogue()
    {
        using var browser = app.CreateBrowserClient();

        var home = await CtecSkillsApp.GetPageAsync(browser, "/");

        Assert.NotNull(home.Document.QuerySelector("header nav a[href='/courses']"));
        Assert.NotNull(home.Document.QuerySelector("main a[href='/courses']"));
    }

    internal static async Task<string> UserIdOfAsync(CtecSkillsApp app, HttpClient learner)
    {
        var me = await CtecSkillsApp.GetPageAsync(learner, "/me");
        var phones = Enumerable.Range(0, DemoSeeder.LearnerNames.Count).Select(DemoSeeder.LearnerPhone).ToList();
        var users = await app.QueryAsync(db => db.Users.Where(u => phones.Contains(u.PhoneNumber!)).Select(u => new { u.Id, u.DisplayName }).ToListAsync());
        return users.Single(u => me.Heading.Contains(u.DisplayName!, StringComparison.Ordinal)).Id;
    }
}
