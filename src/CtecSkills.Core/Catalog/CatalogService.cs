using CtecSkills.Core.Data;
using CtecSkills.Core.Organizations;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.Core.Catalog;

/// <param name="Place">A locality code: only courses a base there offers.</param>
public sealed record CatalogFilter(TargetGroups? Group, CourseCategory? Category, string? Place = null);

/// <summary>A locality with at least one base offering a published course: what the place filter lists.</summary>
public sealed record CatalogPlace(string Code, string Name, string NameEn, string ProvinceName);

/// <param name="DataBytes">What reading the whole course costs in mobile data: lesson text plus media.</param>
public sealed record CourseCard(string Slug, string Title, string Summary, CourseCategory Category, CourseLevel Level,
    TargetGroups TargetGroups, int StudyHours, int LessonCount, long DataBytes)
{
    /// <summary>A base in the learner's own locality offers it.</summary>
    public bool NearMe { get; init; }
}

public sealed record CourseOverview(Course Course, long DataBytes, IReadOnlyList<TrainingBase> OfferedBy, bool HasQuiz);

public sealed record LessonPage(string Slug, string CourseTitle, Lesson Lesson, string ModuleTitle, string Html, int LessonCount, bool HasQuiz = false);

public sealed record MediaFile(string ContentType, byte[] Content);

/// <summary>What learners browse: published courses, their lessons and media. No sign-in needed.</summary>
public sealed class CatalogService(AppDbContext db, LessonRenderer renderer)
{
    /// <summary>Published courses matching the filter; those offered in the learner's own locality (when known) first.</summary>
    public async Task<List<CourseCard>> ListAsync(CatalogFilter filter, string? myLocality, CancellationToken ct)
    {
        var courses = db.Courses.AsNoTracking().Where(c => c.IsPublished);
        if (filter.Group is { } group and not TargetGroups.None)
        {
            // A course for everyone is also a course for each group.
            courses = courses.Where(c => (c.TargetGroups & group) != TargetGroups.None || (c.TargetGroups & TargetGroups.Everyone) != TargetGroups.None);
        }
        if (filter.Category is { } category)
        {
            courses = courses.Where(c => c.Category == category);
        }
        if (!string.IsNullOrEmpty(filter.Place))
        {
            courses = courses.Where(c => c.OfferedBy.Any(o => o.TrainingBase!.LocalityCode == filter.Place));
        }
        var cards = await courses
            .Select(c => new CourseCard(c.Slug, c.Title, c.Summary, c.Category, c.Level, c.TargetGroups, c.StudyHours,
                c.Lessons.Count(),
                c.Lessons.Sum(l => (long)l.SizeBytes) + c.Media.Sum(m => (long)m.SizeBytes))
            {
                NearMe = myLocality != null && c.OfferedBy.Any(o => o.TrainingBase!.LocalityCode == myLocality),
            })
            .ToListAsync(ct);
        return [.. cards.OrderBy(c => c.NearMe ? 0 : 1).ThenBy(c => c.Level).ThenBy(c => c.Category).ThenBy(c => c.Title, StringComparer.Ordinal)];
    }

    /// <summary>Where courses are offered, the learner's own locality first, then by province and code.</summary>
    public async Task<List<CatalogPlace>> ListPlacesAsync(string? myLocality, CancellationToken ct)
    {
        var places = await db.Localities.AsNoTracking()
            .Where(l => db.CourseOfferings.Any(o => o.TrainingBase!.LocalityCode == l.Code && o.Course!.IsPublished))
            .Select(l => new CatalogPlace(l.Code, l.Name, l.NameEn, l.ProvinceName))
            .ToListAsync(ct);
        return [.. places.OrderBy(p => p.Code == myLocality ? 0 : 1).ThenBy(p => p.Code, StringComparer.Ordinal)];
    }

    public async Task<CourseOverview?> FindAsync(string slug, CancellationToken ct)
    {
        var course = await db.Courses.AsNoTracking().AsSplitQuery()
            .Include(c => c.Modules).ThenInclude(m => m.Lessons)
            .Include(c => c.OfferedBy).ThenInclude(o => o.TrainingBase).ThenInclude(b => b!.Locality)
            .FirstOrDefaultAsync(c => c.Slug == slug && c.IsPublished, ct);
        if (course is null)
        {
            return null;
        }
        var media = await db.CourseMedia.Where(m => m.CourseId == course.Id).SumAsync(m => (long)m.SizeBytes, ct);
        var hasQuiz = await db.Quizzes.AnyAsync(q => q.CourseId == course.Id, ct);
        var bases = course.OfferedBy.Select(o => o.TrainingBase!)
            .OrderBy(b => b.Locality!.ProvinceCode).ThenBy(b => b.LocalityCode).ThenBy(b => b.Name, StringComparer.Ordinal)
            .ToList();
        return new(course, course.Modules.SelectMany(m => m.Lessons).Sum(l => (long)l.SizeBytes) + media, bases, hasQuiz);
    }

    public async Task<LessonPage?> FindLessonAsync(string slug, int number, CancellationToken ct)
    {
        var found = await db.Lessons.AsNoTracking()
            .Where(l => l.Number == number && db.Courses.Any(c => c.Id == l.CourseId && c.Slug == slug && c.IsPublished))
            .Select(l => new { Lesson = l, ModuleTitle = l.Module!.Title })
            .FirstOrDefaultAsync(ct);
        if (found is null)
        {
            return null;
        }
        var course = await db.Courses.AsNoTracking().Where(c => c.Id == found.Lesson.CourseId)
            .Select(c => new { c.Title, Count = c.Lessons.Count(), HasQuiz = db.Quizzes.Any(q => q.CourseId == c.Id) })
            .FirstAsync(ct);
        var html = renderer.Render(slug, found.Lesson.FileName, found.Lesson.Markdown, found.Lesson.Title);
        return new(slug, course.Title, found.Lesson, found.ModuleTitle, html, course.Count, course.HasQuiz);
    }

    /// <summary>The numbers of the course's lessons the learner has opened (for the ticks in the course's lesson list).</summary>
    public async Task<IReadOnlySet<int>> ReadLessonNumbersAsync(string userId, int courseId, CancellationToken ct) =>
        (await db.LessonProgress.AsNoTracking()
            .Where(p => p.UserId == userId && p.Lesson!.CourseId == courseId)
            .Select(p => p.Lesson!.Number)
            .ToListAsync(ct)).ToHashSet();

    public Task<MediaFile?> FindMediaAsync(string slug, string path, CancellationToken ct) =>
        db.CourseMedia.AsNoTracking()
            .Where(m => m.Path == LessonLinks.MediaFolder + path && db.Courses.Any(c => c.Id == m.CourseId && c.Slug == slug && c.IsPublished))
            .Select(m => new MediaFile(m.ContentType, m.Content))
            .FirstOrDefaultAsync(ct);
}
