using System.Text;
using CtecSkills.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.Core.Catalog;

/// <param name="OwnerBaseId">The base whose staff may edit the course.</param>
/// <param name="OfferedByBaseIds">Bases that run the course for learners; the owner is always one of them.</param>
/// <param name="Publish">Whether learners see the course at once.</param>
public sealed record CourseImportOptions(int OwnerBaseId, IReadOnlyList<int> OfferedByBaseIds, bool Publish);

public sealed record CourseImportResult(int? CourseId, string? Slug, IReadOnlyList<PackageProblem> Problems)
{
    public bool Succeeded => Problems.Count == 0;
}

/// <summary>Creates a course from a package: all of it or, when anything is wrong, nothing at all.</summary>
public sealed class CoursePackageImporter(AppDbContext db, TimeProvider clock)
{
    public async Task<CourseImportResult> ImportZipAsync(Stream zip, CourseImportOptions options, CancellationToken ct) =>
        await ImportAsync(CoursePackage.FromZip(zip), options, ct);

    public async Task<CourseImportResult> ImportAsync(CoursePackage package, CourseImportOptions options, CancellationToken ct)
    {
        var read = CoursePackageReader.Read(package);
        var problems = read.Problems.ToList();
        if (read.Draft is { } draft && await db.Courses.AnyAsync(c => c.Slug == draft.Slug, ct))
        {
            problems.Add(new(CoursePackage.CourseFile, "slug", PackageProblemKind.DuplicateSlug, draft.Slug));
        }
        if (problems.Count > 0 || read.Draft is null)
        {
            return new(null, read.Draft?.Slug, problems);
        }

        var course = Build(read.Draft, options);
        db.Courses.Add(course);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is<Course>(e, nameof(Course.Slug)))
        {
            // Someone imported the same slug between our check and our insert; anything else is a real failure.
            db.ChangeTracker.Clear();
            return new(null, read.Draft.Slug, [new(CoursePackage.CourseFile, "slug", PackageProblemKind.DuplicateSlug, read.Draft.Slug)]);
        }
        return new(course.Id, course.Slug, []);
    }

    private Course Build(CourseDraft draft, CourseImportOptions options)
    {
        var course = new Course
        {
            Slug = draft.Slug,
            Title = draft.Title,
            Summary = draft.Summary,
            Category = draft.Category,
            Level = draft.Level,
            TargetGroups = draft.TargetGroups,
            StudyHours = draft.StudyHours,
            MinAttendedHours = draft.MinAttendedHours,
            IsPublished = options.Publish,
            OwnerBaseId = options.OwnerBaseId,
            CreatedAt = clock.GetUtcNow(),
        };
        foreach (var baseId in options.OfferedByBaseIds.Append(options.OwnerBaseId).Distinct())
        {
            course.OfferedBy.Add(new CourseOffering { TrainingBaseId = baseId });
        }
        var number = 0;
        for (var m = 0; m < draft.Modules.Count; m++)
        {
            var module = new CourseModule { Position = m + 1, Title = draft.Modules[m].Title };
            course.Modules.Add(module);
            foreach (var lesson in draft.Modules[m].Lessons)
            {
                var entity = new Lesson
                {
                    Number = ++number,
                    Title = lesson.Title,
                    FileName = lesson.File,
                    Markdown = lesson.Markdown,
                    SizeBytes = Encoding.UTF8.GetByteCount(lesson.Markdown),
                    Minutes = lesson.Minutes,
                };
                module.Lessons.Add(entity);
                course.Lessons.Add(entity);
            }
        }
        foreach (var media in draft.Media)
        {
            course.Media.Add(new CourseMedia { Path = media.Path, ContentType = media.ContentType, Content = media.Content, SizeBytes = media.Content.Length });
        }
        if (draft.Quiz is { } quiz)
        {
            course.Quiz = new Quiz { Title = quiz.Title, PassMark = quiz.PassMark, MaxAttempts = quiz.MaxAttempts };
            for (var i = 0; i < quiz.Questions.Count; i++)
            {
                var q = quiz.Questions[i];
                course.Quiz.Questions.Add(new Question
                {
                    Position = i + 1,
                    Type = q.Type,
                    Text = q.Text,
                    Options = [.. q.Options],
                    Correct = [.. q.Correct],
                    Feedback = q.Feedback,
                    LessonNumber = q.Lesson,
                });
            }
        }
        return course;
    }
}
