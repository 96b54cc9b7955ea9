using System.Text.Json;
using CtecSkills.Core.Catalog;
using CtecSkills.Core.Credentials;
using CtecSkills.Core.Data;
using CtecSkills.Core.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CtecSkills.E2E;

/// <summary>What the server holds of a learner's progress, as the offline tests count it.</summary>
public sealed record ProgressCounts(int LessonsRead, int QuizAttempts, int KeyedSteps, bool Completed);

public partial class CtecSkillsSite
{
    /// <summary>Lessons read, quiz attempts, offline keys and completion of the learner with that name, in the course.</summary>
    public async Task<ProgressCounts> ProgressOfAsync(string learnerName, string courseSlug)
    {
        var app = _app ?? throw new InvalidOperationException("The site has not started.");
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var userId = await db.Users.Where(u => u.DisplayName == learnerName).Select(u => u.Id).SingleAsync();
        var courseId = await db.Courses.Where(c => c.Slug == courseSlug).Select(c => c.Id).SingleAsync();
        return new ProgressCounts(
            await db.LessonProgress.CountAsync(p => p.UserId == userId && p.Lesson!.CourseId == courseId),
            await db.QuizAttempts.CountAsync(a => a.UserId == userId && a.Quiz!.CourseId == courseId),
            await db.KeyedSteps.CountAsync(k => k.UserId == userId),
            await db.Enrollments.AnyAsync(e => e.UserId == userId && e.Cohort!.CourseId == courseId && e.CompletedAt != null));
    }

    /// <summary>The course's owner changes a lesson's text (as on the lesson editor), appending a sentence.</summary>
    public async Task AppendToLessonAsync(string courseSlug, int number, string sentence)
    {
        var app = _app ?? throw new InvalidOperationException("The site has not started.");
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var markdown = await db.Lessons.Where(l => l.Number == number && db.Courses.Any(c => c.Id == l.CourseId && c.Slug == courseSlug)).Select(l => l.Markdown).SingleAsync();
        var status = await scope.ServiceProvider.GetRequiredService<CourseAuthoringService>()
            .SaveLessonAsync(courseSlug, number, markdown + "\n\n" + sentence + "\n", new BaseActor("e2e", IsAdmin: true), default);
        if (status != LessonSaveStatus.Saved)
        {
            throw new InvalidOperationException($"The lesson was not saved: {status}");
        }
    }

    /// <summary>A demo course's right answers, from the same package the demo data was imported from.</summary>
    public static List<List<int>> RightAnswers(string courseSlug)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "seed", "courses", courseSlug, "course.json")));
        return [.. json.RootElement.GetProperty("quiz").GetProperty("questions").EnumerateArray()
            .Select(q => q.GetProperty("correct").EnumerateArray().Select(c => c.GetInt32()).ToList())];
    }

    /// <summary>What the job server does every minute (the test site runs only the message queue): issues what is due.</summary>
    public async Task RunCredentialIssuingAsync()
    {
        var app = _app ?? throw new InvalidOperationException("The site has not started.");
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<CredentialIssuingJob>().RunAsync(default);
    }
}
