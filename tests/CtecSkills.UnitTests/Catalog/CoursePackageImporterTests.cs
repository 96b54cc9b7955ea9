using System.Text;
using CtecSkills.Core.Catalog;
using CtecSkills.Core.Data;
using CtecSkills.Core.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace CtecSkills.UnitTests.Catalog;

public sealed class CoursePackageImporterTests : IDisposable
{
    private readonly MemoryDatabase _database = new();
    private readonly AppDbContext _db;
    private readonly CoursePackageImporter _importer;
    private readonly int _baseId;

    public CoursePackageImporterTests()
    {
        _db = _database.Db;
        _db.Localities.Add(new Core.Regions.Locality { Code = "510100", ProvinceCode = "510000", ProvinceName = "四川省", Name = "成都市", NameEn = "Chengdu", Coverage = "" });
        var trainingBase = new TrainingBase { Name = "基地", LocalityCode = "510100", Address = "地址", ContactName = "联系人", ContactPhone = "028-1" };
        _db.TrainingBases.Add(trainingBase);
        _db.SaveChanges();
        _baseId = trainingBase.Id;
        _importer = new CoursePackageImporter(_db, new FakeTimeProvider());
    }

    [Fact]
    public async Task ImportAsync_ValidPackage_CreatesCourseWithNumberedLessonsAndQuiz()
    {
        var result = await _importer.ImportAsync(new TestPackage().ToPackage(), Options(), default);

        Assert.True(result.Succeeded);
        var lessons = await _db.Lessons.OrderBy(l => l.Number).ToListAsync();
        Assert.Equal([1, 2], lessons.Select(l => l.Number));
        Assert.Equal(Encoding.UTF8.GetByteCount(lessons[0].Markdown), lessons[0].SizeBytes);
        Assert.Equal(3, await _db.Questions.CountAsync());
        Assert.Equal([0, 1], (await _db.Questions.SingleAsync(q => q.Position == 2)).Correct);
    }

    [Fact]
    public async Task ImportAsync_SlugAlreadyThere_ReportsDuplicateAndCreatesNothingMore()
    {
        await _importer.ImportAsync(new TestPackage().ToPackage(), Options(), default);

        var again = await _importer.ImportAsync(new TestPackage().ToPackage(), Options(), default);

        Assert.Equal(new PackageProblem("course.json", "slug", PackageProblemKind.DuplicateSlug, "phone-basics"), Assert.Single(again.Problems));
        Assert.Equal(1, await _db.Courses.CountAsync());
        Assert.Equal(2, await _db.Lessons.CountAsync());
    }

    [Fact]
    public async Task ImportAsync_InvalidPackage_CreatesNothing()
    {
        var package = new TestPackage();
        package.Files.Remove("lessons/02-wifi.md");

        var result = await _importer.ImportAsync(package.ToPackage(), Options(), default);

        Assert.False(result.Succeeded);
        Assert.Equal(0, await _db.Courses.CountAsync());
        Assert.Equal(0, await _db.Lessons.CountAsync());
    }

    [Fact]
    public async Task ExportAsync_ImportedCourse_ReadsBackAsTheSamePackage()
    {
        var original = new TestPackage();
        await _importer.ImportAsync(original.ToPackage(), Options(), default);
        using var zip = new MemoryStream();

        Assert.True(await new CoursePackageExporter(_db).ExportAsync("phone-basics", zip, default));
        zip.Position = 0;
        var exported = CoursePackage.FromZip(zip);

        var before = CoursePackageReader.Read(original.ToPackage()).Draft!;
        var after = CoursePackageReader.Read(exported).Draft!;
        Assert.Equal(before.Title, after.Title);
        Assert.Equal(before.TargetGroups, after.TargetGroups);
        Assert.Equal(before.Modules.SelectMany(m => m.Lessons).Select(l => (l.File, l.Markdown, l.Minutes)), after.Modules.SelectMany(m => m.Lessons).Select(l => (l.File, l.Markdown, l.Minutes)));
        Assert.Equal(before.Quiz!.Questions.Select(q => (q.Type, q.Text, string.Join('|', q.Options), string.Join(',', q.Correct))),
            after.Quiz!.Questions.Select(q => (q.Type, q.Text, string.Join('|', q.Options), string.Join(',', q.Correct))));
    }

    private CourseImportOptions Options() => new(_baseId, [_baseId], Publish: true);

    public void Dispose()
    {
        _database.Dispose();
    }
}
