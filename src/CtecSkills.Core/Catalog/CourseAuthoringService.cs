using System.Text;
using CtecSkills.Core.Data;
using CtecSkills.Core.Organizations;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.Core.Catalog;

public sealed record OwnedCourse(string Slug, string Title, bool IsPublished, string OwnerBaseName, int LessonCount);

public enum LessonSaveStatus
{
    NotFound,
    Empty,
    TooLarge,
    Saved,
}

/// <summary>
/// Staff work on the courses their base owns: upload a package, edit lesson text, export. Courses of other bases are
/// reported as not found, as for bases.
/// </summary>
public sealed class CourseAuthoringService(AppDbContext db, CoursePackageImporter importer)
{
    public Task<List<OwnedCourse>> ListAsync(BaseActor actor, CancellationToken ct) =>
        db.Courses.ManagedBy(actor).AsNoTracking()
            .OrderBy(c => c.Title)
            .Select(c => new OwnedCourse(c.Slug, c.Title, c.IsPublished, c.OwnerBase!.Name, c.Lessons.Count()))
            .ToListAsync(ct);

    /// <summary>The bases the actor may create courses for: their own, or every base for an admin.</summary>
    public Task<List<TrainingBase>> OwnBasesAsync(BaseActor actor, CancellationToken ct) =>
        db.TrainingBases.ManagedBy(actor).AsNoTracking().OrderBy(b => b.Name).ToListAsync(ct);

    public Task<bool> CanEditAsync(string slug, BaseActor actor, CancellationToken ct) =>
        db.Courses.ManagedBy(actor).AnyAsync(c => c.Slug == slug, ct);

    /// <summary>Creates a course owned and offered by <paramref name="baseId"/>; null when the actor may not act for that base.</summary>
    public async Task<CourseImportResult?> ImportAsync(Stream zip, int baseId, bool publish, BaseActor actor, CancellationToken ct)
    {
        if (!await db.TrainingBases.ManagedBy(actor).AnyAsync(b => b.Id == baseId, ct))
        {
            return null;
        }
        return await importer.ImportZipAsync(zip, new CourseImportOptions(baseId, [baseId], publish), ct);
    }

    public Task<Lesson?> FindLessonAsync(string slug, int number, BaseActor actor, CancellationToken ct)
    {
        var courses = db.Courses.ManagedBy(actor);
        return db.Lessons.AsNoTracking()
            .FirstOrDefaultAsync(l => l.Number == number && courses.Any(c => c.Id == l.CourseId && c.Slug == slug), ct);
    }

    public async Task<LessonSaveStatus> SaveLessonAsync(string slug, int number, string markdown, BaseActor actor, CancellationToken ct)
    {
        var courses = db.Courses.ManagedBy(actor);
        var lesson = await db.Lessons.FirstOrDefaultAsync(l => l.Number == number && courses.Any(c => c.Id == l.CourseId && c.Slug == slug), ct);
        if (lesson is null)
        {
            return LessonSaveStatus.NotFound;
        }
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return LessonSaveStatus.Empty;
        }
        // Browsers send CRLF from a textarea; keep the stored text as the package has it.
        markdown = markdown.Replace("\r\n", "\n", StringComparison.Ordinal);
        var size = Encoding.UTF8.GetByteCount(markdown);
        if (size > CatalogLimits.LessonBytes)
        {
            return LessonSaveStatus.TooLarge;
        }
        lesson.Markdown = markdown;
        lesson.SizeBytes = size;
        await db.SaveChangesAsync(ct);
        return LessonSaveStatus.Saved;
    }
}
