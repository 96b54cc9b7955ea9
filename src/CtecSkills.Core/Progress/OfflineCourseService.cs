using System.Security.Cryptography;
using System.Text;
using CtecSkills.Core.Catalog;
using CtecSkills.Core.Cohorts;
using CtecSkills.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.Core.Progress;

public enum OfflineManifestOutcome
{
    Found,
    NotFound,

    /// <summary>Only learners enrolled in a class of the course save it: the quiz page is theirs to answer.</summary>
    NotEnrolled,
}

/// <summary>
/// What the phone saves for a course, made on the server: the addresses of its course page, lessons, images and quiz page
/// (the page with the questions; answers are graded on the server and never listed), what they weigh, and a version
/// that changes whenever any of them changes, so a saved copy is refreshed on the next visit online.
/// </summary>
/// <param name="Bytes">What saving costs in mobile data: lesson text plus media, as the course page says.</param>
public sealed record OfflineManifest(string Slug, string Title, string Version, long Bytes, IReadOnlyList<string> Urls);

public sealed record OfflineManifestResult(OfflineManifestOutcome Outcome, OfflineManifest? Manifest = null);

/// <summary>Courses saved on the phone for reading offline (docs/decisions/0028).</summary>
public sealed class OfflineCourseService(AppDbContext db)
{
    /// <summary>The manifest of a published course for a learner enrolled in one of its classes.</summary>
    public async Task<OfflineManifestResult> FindManifestAsync(string slug, string userId, CancellationToken ct)
    {
        var course = await db.Courses.AsNoTracking()
            .Where(c => c.Slug == slug && c.IsPublished)
            .Select(c => new { c.Id, c.Slug, c.Title, c.Summary })
            .FirstOrDefaultAsync(ct);
        if (course is null)
        {
            return new(OfflineManifestOutcome.NotFound);
        }
        var enrolled = await db.Enrollments.AnyAsync(
            e => e.UserId == userId && e.Status == EnrollmentStatus.Enrolled && e.Cohort!.CourseId == course.Id, ct);
        if (!enrolled)
        {
            return new(OfflineManifestOutcome.NotEnrolled);
        }

        var lessons = await db.Lessons.AsNoTracking().Where(l => l.CourseId == course.Id).OrderBy(l => l.Number)
            .Select(l => new { l.Number, l.Title, l.Markdown, l.SizeBytes, l.Minutes, Module = l.Module!.Title })
            .ToListAsync(ct);
        var media = await db.CourseMedia.AsNoTracking().Where(m => m.CourseId == course.Id).OrderBy(m => m.Path)
            .Select(m => new { m.Path, m.Content, m.SizeBytes })
            .ToListAsync(ct);
        var quiz = await db.Quizzes.AsNoTracking().Where(q => q.CourseId == course.Id)
            .Select(q => new { q.Title, q.PassMark, q.MaxAttempts, Questions = q.Questions.OrderBy(x => x.Position).Select(x => new { x.Type, x.Text, x.Options }).ToList() })
            .FirstOrDefaultAsync(ct);

        // The version hashes what the saved pages show, so an edit anywhere (a lesson, an image, a question) changes it.
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string value)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(value));
            hash.AppendData([0]);
        }
        Add(course.Title);
        Add(course.Summary);
        foreach (var l in lessons)
        {
            Add($"{l.Number}|{l.Minutes}|{l.Module}|{l.Title}");
            Add(l.Markdown);
        }
        foreach (var m in media)
        {
            Add(m.Path);
            hash.AppendData(SHA256.HashData(m.Content));
        }
        if (quiz is not null)
        {
            Add($"{quiz.Title}|{quiz.PassMark}|{quiz.MaxAttempts}");
            foreach (var q in quiz.Questions)
            {
                Add($"{q.Type}|{q.Text}|{string.Join('\u001f', q.Options)}");
            }
        }
        var version = Convert.ToHexStringLower(hash.GetHashAndReset())[..16];

        var root = $"/courses/{course.Slug}";
        var urls = new List<string> { root };
        urls.AddRange(lessons.Select(l => $"{root}/lessons/{l.Number}"));
        urls.AddRange(media.Select(m => LessonLinks.MediaUrl(course.Slug, m.Path)));
        if (quiz is not null)
        {
            urls.Add($"{root}/quiz");
        }
        var bytes = lessons.Sum(l => (long)l.SizeBytes) + media.Sum(m => (long)m.SizeBytes);
        return new(OfflineManifestOutcome.Found, new OfflineManifest(course.Slug, course.Title, version, bytes, urls));
    }
}
