using CtecSkills.Core.Catalog;
using CtecSkills.Core.Seeding;
using CtecSkills.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CtecSkills.IntegrationTests.Catalog;

public sealed class CourseSeederTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    [Fact]
    public async Task SeedAsync_TwiceOverAFolderOfPackages_ImportsEachOnceOfferedByEveryDemoBase()
    {
        var seed = Directory.CreateTempSubdirectory("ctec-seed-");
        try
        {
            CopyFolder(CtecSkillsApp.TestCourseFolder, Path.Combine(seed.FullName, CourseSeeder.CoursesFolder, CtecSkillsApp.TestCourseSlug));

            await RunSeederAsync(seed.FullName);
            await RunSeederAsync(seed.FullName);

            var course = await app.QueryAsync(db => db.Courses.Include(c => c.OfferedBy).Include(c => c.OwnerBase)
                .SingleAsync(c => c.Slug == CtecSkillsApp.TestCourseSlug));
            Assert.True(course.IsPublished);
            Assert.Equal(DemoSeeder.Bases[0].Name, course.OwnerBase!.Name);
            Assert.Equal(DemoSeeder.Bases.Count, course.OfferedBy.Count);
            Assert.Equal(3, await app.QueryAsync(db => db.Lessons.CountAsync(l => l.CourseId == course.Id)));
        }
        finally
        {
            seed.Delete(recursive: true);
        }
    }

    private async Task RunSeederAsync(string folder)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<CourseSeeder>().SeedAsync(folder, default);
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
