using System.Text;
using System.Text.Json.Nodes;
using CtecSkills.Core.Catalog;
using CtecSkills.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CtecSkills.IntegrationTests.Infrastructure;

public partial class CtecSkillsApp
{
    /// <summary>The real course package the tests use (TestData/courses): 3 lessons, an image, a 3-question quiz with 2 attempts.</summary>
    public const string TestCourseSlug = "scan-to-pay-safely";

    public static string TestCourseFolder => Path.Combine(AppContext.BaseDirectory, "TestData", "courses", TestCourseSlug);

    /// <summary>The test course's files, to change before importing a variant.</summary>
    public static Dictionary<string, byte[]> TestCourseFiles() =>
        CoursePackage.FromDirectory(TestCourseFolder).Files.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);

    /// <summary>Changes fields of course.json in a set of package files.</summary>
    public static Dictionary<string, byte[]> WithCourseJson(Dictionary<string, byte[]> files, Action<JsonObject> change)
    {
        var json = JsonNode.Parse(files[CoursePackage.CourseFile])!.AsObject();
        change(json);
        files[CoursePackage.CourseFile] = Encoding.UTF8.GetBytes(json.ToJsonString());
        return files;
    }

    /// <summary>Imports the test course (or a variant of its files) as published, owned by the first demo base; once per slug.</summary>
    public async Task<string> EnsureCourseAsync(Dictionary<string, byte[]>? files = null)
    {
        files ??= TestCourseFiles();
        var slug = JsonNode.Parse(files[CoursePackage.CourseFile])!["slug"]!.GetValue<string>();
        await CourseImportLock.WaitAsync();
        try
        {
            await using var scope = Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            if (await db.Courses.AnyAsync(c => c.Slug == slug))
            {
                return slug;
            }
            var bases = await db.TrainingBases.OrderBy(b => b.Id).Select(b => b.Id).ToListAsync();
            var result = await scope.ServiceProvider.GetRequiredService<CoursePackageImporter>()
                .ImportAsync(CoursePackage.FromFiles(files), new CourseImportOptions(bases[0], bases, Publish: true), default);
            Assert.True(result.Succeeded, string.Join("; ", result.Problems));
            return slug;
        }
        finally
        {
            CourseImportLock.Release();
        }
    }

    private SemaphoreSlim CourseImportLock { get; } = new(1, 1);
}
