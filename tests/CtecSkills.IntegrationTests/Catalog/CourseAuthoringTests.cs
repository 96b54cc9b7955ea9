using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CtecSkills.Core.Seeding;
using CtecSkills.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.IntegrationTests.Catalog;

/// <summary>Staff of the owning base upload packages, edit lessons with a preview and export; other bases see 404.</summary>
public sealed class CourseAuthoringTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    private const string Upload = "/courses/manage/upload";

    [Fact]
    public async Task UploadPackage_WithProblems_ListsEveryProblemAndCreatesNothing()
    {
        using var staff = await app.SignedInAsStaffAsync(DemoSeeder.Bases[2].StaffEmail);
        var files = CtecSkillsApp.WithCourseJson(CtecSkillsApp.TestCourseFiles(), c =>
        {
            c["slug"] = "broken-package";
            c["quiz"]!["questions"]![0]!["correct"] = new JsonArray(0, 1);
        });
        files.Remove("lessons/03-scams.md");
        var coursesBefore = await app.QueryAsync(db => db.Courses.CountAsync());
        var form = (await CtecSkillsApp.GetPageAsync(staff, "/courses/manage")).Form(Upload);

        using var response = await staff.PostAsync(Upload, form.ToMultipart("file", Zip(files), "broken.zip", "application/zip"));
        var page = await HtmlPage.LoadAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("什么都没有导入", page.Text);
        Assert.Contains("找不到课文文件 lessons/03-scams.md", page.Text);
        Assert.Contains("modules[1].lessons[0].file", page.Text);
        Assert.Contains("quiz.questions[0].correct", page.Text);
        Assert.Contains("必须正好有一个正确答案", page.Text);
        Assert.Equal(coursesBefore, await app.QueryAsync(db => db.Courses.CountAsync()));
        Assert.False(await app.QueryAsync(db => db.Courses.AnyAsync(c => c.Slug == "broken-package")));
    }

    [Fact]
    public async Task UploadPackage_NotAZip_SaysSo()
    {
        using var staff = await app.SignedInAsStaffAsync(DemoSeeder.Bases[2].StaffEmail);
        var form = (await CtecSkillsApp.GetPageAsync(staff, "/courses/manage")).Form(Upload);

        using var response = await staff.PostAsync(Upload, form.ToMultipart("file", Encoding.UTF8.GetBytes("姓名,电话"), "roster.zip", "application/zip"));

        Assert.Contains("这不是 zip 文件", (await HtmlPage.LoadAsync(response)).Text);
    }

    [Fact]
    public async Task UploadPackage_MoreEntriesThanTheLimit_SaysHowManyAreAllowedAndCreatesNothing()
    {
        using var staff = await app.SignedInAsStaffAsync(DemoSeeder.Bases[2].StaffEmail);
        var files = CtecSkillsApp.WithCourseJson(CtecSkillsApp.TestCourseFiles(), c => c["slug"] = "too-many-entries");
        for (var i = 0; files.Count <= Core.Catalog.CatalogLimits.PackageEntries; i++)
        {
            files[$"media/empty-{i}.png"] = [];
        }
        var coursesBefore = await app.QueryAsync(db => db.Courses.CountAsync());
        var form = (await CtecSkillsApp.GetPageAsync(staff, "/courses/manage")).Form(Upload);

        using var response = await staff.PostAsync(Upload, form.ToMultipart("file", Zip(files), "many.zip", "application/zip"));
        var page = await HtmlPage.LoadAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("压缩包里的文件太多了，最多 2000 个", page.Text, StringComparison.Ordinal);
        Assert.Equal(coursesBefore, await app.QueryAsync(db => db.Courses.CountAsync()));
    }

    [Fact]
    public async Task UploadPackage_Valid_CreatesCourseOwnedByTheStaffBase()
    {
        using var staff = await app.SignedInAsStaffAsync(DemoSeeder.Bases[3].StaffEmail);
        var baseId = await app.GetStaffBaseIdAsync(DemoSeeder.Bases[3].StaffEmail);
        var files = CtecSkillsApp.WithCourseJson(CtecSkillsApp.TestCourseFiles(), c => c["slug"] = "uploaded-by-guangan");
        var form = (await CtecSkillsApp.GetPageAsync(staff, "/courses/manage")).Form(Upload);

        var landed = await CtecSkillsApp.FollowAsync(staff, await staff.PostAsync(Upload, form.ToMultipart("file", Zip(files), "course.zip", "application/zip")));

        Assert.Contains("课程已导入", landed.Text);
        Assert.Equal(baseId, await app.QueryAsync(db => db.Courses.Where(c => c.Slug == "uploaded-by-guangan").Select(c => c.OwnerBaseId).SingleAsync()));
        using var anonymous = app.CreateBrowserClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/courses/uploaded-by-guangan/lessons/3")).StatusCode);
    }

    [Fact]
    public async Task EditLesson_PreviewThenSave_PreviewChangesNothingAndSaveShowsNewText()
    {
        var slug = await app.EnsureCourseAsync(CtecSkillsApp.WithCourseJson(CtecSkillsApp.TestCourseFiles(), c => c["slug"] = "edited-by-chengdu"));
        using var staff = await app.SignedInAsStaffAsync(DemoSeeder.Bases[0].StaffEmail);
        var editUrl = $"/courses/manage/{slug}/lessons/2";
        var form = (await CtecSkillsApp.GetPageAsync(staff, editUrl)).Form(editUrl).Set("markdown", "# 新标题\n\n**先看名字**，再付钱。<script>x()</script>");

        var preview = await CtecSkillsApp.SubmitAndFollowAsync(staff, form.RetargetTo(editUrl).Set("preview", "1"));
        var unchanged = await CtecSkillsApp.GetPageAsync(staff, $"/courses/{slug}/lessons/2");

        Assert.Equal("先看名字", preview.Document.QuerySelector("article.lesson strong")!.TextContent);
        Assert.Null(preview.Document.QuerySelector("article.lesson script"));
        Assert.DoesNotContain("先看名字", unchanged.Text);

        var saved = await CtecSkillsApp.SubmitAndFollowAsync(staff, form);

        Assert.Equal($"/courses/{slug}/lessons/2", saved.Path);
        Assert.Equal("先看名字", saved.Document.QuerySelector("article.lesson strong")!.TextContent);
    }

    [Fact]
    public async Task OtherBaseStaff_CannotEditOrExportTheCourse()
    {
        await app.EnsureCourseAsync();
        using var other = await app.SignedInAsStaffAsync(DemoSeeder.Bases[5].StaffEmail);
        using var owner = await app.SignedInAsStaffAsync(DemoSeeder.Bases[0].StaffEmail);
        var editUrl = $"/courses/manage/{CtecSkillsApp.TestCourseSlug}/lessons/1";
        var ownForm = (await CtecSkillsApp.GetPageAsync(owner, editUrl)).Form(editUrl);
        var otherToken = (await CtecSkillsApp.GetPageAsync(other, "/courses/manage")).Form(Upload)[HtmlForm.TokenField]!;

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(editUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/courses/manage/{CtecSkillsApp.TestCourseSlug}/export")).StatusCode);
        using var post = await CtecSkillsApp.SubmitAsync(other, ownForm.Set(HtmlForm.TokenField, otherToken).Set("markdown", "改掉别人的课"));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.DoesNotContain("改掉别人的课", await app.QueryAsync(db => db.Lessons.Where(l => l.Number == 1 && db.Courses.Any(c => c.Id == l.CourseId && c.Slug == CtecSkillsApp.TestCourseSlug)).Select(l => l.Markdown).FirstAsync()));
    }

    [Fact]
    public async Task Export_Owner_DownloadsAZipThatReadsBack()
    {
        await app.EnsureCourseAsync();
        using var owner = await app.SignedInAsStaffAsync(DemoSeeder.Bases[0].StaffEmail);

        using var response = await owner.GetAsync($"/courses/manage/{CtecSkillsApp.TestCourseSlug}/export");

        Assert.Equal("application/zip", response.Content.Headers.ContentType!.MediaType);
        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync());
        Assert.Equal(
            ["course.json", "lessons/01-codes.md", "lessons/02-check-before-paying.md", "lessons/03-scams.md", "media/pay-code.png"],
            zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ManagePage_Learner_Gets403()
    {
        using var learner = await app.SignedInAsLearnerAsync();

        Assert.Equal(HttpStatusCode.Forbidden, (await learner.GetAsync("/courses/manage")).StatusCode);
    }

    private static byte[] Zip(Dictionary<string, byte[]> files)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, content) in files)
            {
                using var entry = zip.CreateEntry(path).Open();
                entry.Write(content);
            }
        }
        return buffer.ToArray();
    }
}
