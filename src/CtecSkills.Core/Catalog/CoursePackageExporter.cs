using System.IO.Compression;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using CtecSkills.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.Core.Catalog;

/// <summary>Writes a course back out in the package format, so that it can be edited offline and imported elsewhere.</summary>
public sealed class CoursePackageExporter(AppDbContext db)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Chinese stays readable in the file.
        Encoder = JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    /// <summary>Writes the zip of the course with this slug; false when there is no such course.</summary>
    public async Task<bool> ExportAsync(string slug, Stream output, CancellationToken ct)
    {
        var course = await db.Courses.AsNoTracking().AsSplitQuery()
            .Include(c => c.Modules).ThenInclude(m => m.Lessons)
            .Include(c => c.Media)
            .Include(c => c.Quiz).ThenInclude(q => q!.Questions)
            .FirstOrDefaultAsync(c => c.Slug == slug, ct);
        if (course is null)
        {
            return false;
        }
        var manifest = new PackageManifest(
            course.Slug, course.Title, course.Summary, course.Category.ToString(), course.Level.ToString(),
            [.. Enum.GetValues<TargetGroups>().Where(g => g != TargetGroups.None && course.TargetGroups.HasFlag(g)).Select(g => g.ToString())],
            course.StudyHours,
            course.MinAttendedHours,
            [.. course.Modules.OrderBy(m => m.Position).Select(m => new PackageModule(m.Title,
                [.. m.Lessons.OrderBy(l => l.Number).Select(l => new PackageLesson(l.Title, l.FileName, l.Minutes))]))],
            course.Quiz is null ? null : new PackageQuiz(course.Quiz.Title, course.Quiz.PassMark, course.Quiz.MaxAttempts,
                [.. course.Quiz.Questions.OrderBy(q => q.Position).Select(q => new PackageQuestion(
                    TypeName(q.Type), q.Text, q.Options.Count == 0 ? null : q.Options, q.Correct, q.Feedback, q.LessonNumber))]));

        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        await WriteAsync(zip, CoursePackage.CourseFile, JsonSerializer.SerializeToUtf8Bytes(manifest, Json), ct);
        foreach (var lesson in course.Modules.SelectMany(m => m.Lessons).OrderBy(l => l.Number))
        {
            await WriteAsync(zip, lesson.FileName, System.Text.Encoding.UTF8.GetBytes(lesson.Markdown), ct);
        }
        foreach (var media in course.Media)
        {
            await WriteAsync(zip, media.Path, media.Content, ct);
        }
        return true;
    }

    public static string TypeName(QuestionType type) => type switch
    {
        QuestionType.SingleChoice => "single",
        QuestionType.MultipleChoice => "multiple",
        _ => "truefalse",
    };

    private static async Task WriteAsync(ZipArchive zip, string path, byte[] content, CancellationToken ct)
    {
        var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
        await using var stream = await entry.OpenAsync(ct);
        await stream.WriteAsync(content, ct);
    }

    private sealed record PackageManifest(string Slug, string Title, string Summary, string Category, string Level,
        IReadOnlyList<string> TargetGroups, int StudyHours, int MinAttendedHours, IReadOnlyList<PackageModule> Modules, PackageQuiz? Quiz);

    private sealed record PackageModule(string Title, IReadOnlyList<PackageLesson> Lessons);

    private sealed record PackageLesson(string Title, string File, int Minutes);

    private sealed record PackageQuiz(string Title, int PassMark, int MaxAttempts, IReadOnlyList<PackageQuestion> Questions);

    private sealed record PackageQuestion(string Type, string Text, IReadOnlyList<string>? Options, IReadOnlyList<int> Correct, string? Feedback,
        int? Lesson);
}
