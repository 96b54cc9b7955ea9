using CtecSkills.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CtecSkills.Core.Catalog;

/// <summary>
/// Demo courses: imports every <c>seed/courses/*/</c> package whose slug is not in the database yet, owned by the
/// first base and offered by all. Runs on every start with demo seeding on, so a newly added package appears.
/// </summary>
public sealed class CourseSeeder(AppDbContext db, CoursePackageImporter importer, ILogger<CourseSeeder> logger)
{
    public const string CoursesFolder = "courses";

    public async Task SeedAsync(string seedDirectory, CancellationToken ct)
    {
        var folder = Path.Combine(seedDirectory, CoursesFolder);
        if (!Directory.Exists(folder))
        {
            return;
        }
        var bases = await db.TrainingBases.OrderBy(b => b.Id).Select(b => b.Id).ToListAsync(ct);
        if (bases.Count == 0)
        {
            return;
        }
        foreach (var directory in Directory.GetDirectories(folder).Order(StringComparer.Ordinal))
        {
            if (!File.Exists(Path.Combine(directory, CoursePackage.CourseFile)))
            {
                continue;
            }
            var result = await importer.ImportAsync(CoursePackage.FromDirectory(directory), new CourseImportOptions(bases[0], bases, Publish: true), ct);
            if (!result.Succeeded && result.Problems.Any(p => p.Kind != PackageProblemKind.DuplicateSlug))
            {
                logger.LogWarning("Seed course {Folder} was not imported: {Problems}", directory,
                    string.Join("; ", result.Problems.Select(p => $"{p.File} {p.Field} {p.Kind} {p.Detail}")));
            }
        }
    }
}
