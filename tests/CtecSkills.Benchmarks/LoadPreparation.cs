using CtecSkills.Core.Credentials;
using CtecSkills.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CtecSkills.Benchmarks;

/// <summary>What the virtual learners and verifiers need to know before the app processes start.</summary>
/// <param name="CourseSlug">The demo course every learner takes.</param>
/// <param name="Lessons">Its lesson numbers, in order.</param>
/// <param name="QuizAnswers">For each question, the option numbers that are right (the learner passes).</param>
/// <param name="Codes">Verification codes of issued credentials, for the verifiers.</param>
/// <param name="PublicBaseUrl">The https address written into those credentials, which the app processes must keep.</param>
public sealed record LoadData(string CourseSlug, IReadOnlyList<int> Lessons, IReadOnlyList<IReadOnlyList<int>> QuizAnswers,
    IReadOnlyList<string> Codes, string PublicBaseUrl);

/// <summary>
/// Prepares the database through the app's own services in this process, then closes it: the demo data (bases, staff,
/// courses with lessons and quizzes) and 500 credentials issued by <see cref="CredentialIssuer"/> for the verifiers. The
/// learners are not prepared: each signs up with a fresh phone number as a new learner would.
/// </summary>
public static class LoadPreparation
{
    private const int Credentials = 500;

    public static async Task<LoadData> PrepareAsync(string provider, string connection)
    {
        await using var host = await BenchmarkHost.StartAsync("load", provider, connection);
        await IssueCredentialsBenchmark.PrepareAsync(host, Credentials, "138");
        var issued = await IssueCredentialsBenchmark.IssueAsync(host);
        if (issued.Issued < Credentials)
        {
            throw new InvalidOperationException($"Only {issued.Issued} credentials were issued.");
        }
        await using var scope = host.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        // The first demo course with a quiz (smartphone basics).
        var course = await db.Courses.Where(c => db.Quizzes.Any(q => q.CourseId == c.Id)).OrderBy(c => c.Id).Select(c => new { c.Id, c.Slug }).FirstAsync();
        var courseId = course.Id;
        var lessons = await db.Lessons.Where(l => l.CourseId == courseId).OrderBy(l => l.Number).Select(l => l.Number).ToListAsync();
        var questions = await db.Questions.AsNoTracking()
            .Where(q => db.Quizzes.Any(z => z.Id == q.QuizId && z.CourseId == courseId))
            .OrderBy(q => q.Position).ToListAsync();
        var codes = await db.IssuedCredentials.Select(c => c.VerificationCode).ToListAsync();
        return new LoadData(course.Slug, lessons, [.. questions.Select(q => (IReadOnlyList<int>)q.Correct)], codes,
            host.App.Services.GetRequiredService<CredentialUrls>().Base);
    }
}
