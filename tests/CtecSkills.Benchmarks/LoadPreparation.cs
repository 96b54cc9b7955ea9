using System.Globalization;
using System.Resources;
using CtecSkills.Core.Cohorts;
using CtecSkills.Core.Credentials;
using CtecSkills.Core.Data;
using CtecSkills.Core.Organizations;
using CtecSkills.Core.Regions;
using CtecSkills.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CtecSkills.Benchmarks;

/// <summary>What the virtual learners, verifiers and the staff screen need to know before the app processes start.</summary>
/// <param name="CourseSlug">The demo course every learner takes.</param>
/// <param name="Lessons">Its lesson numbers, in order.</param>
/// <param name="QuizAnswers">For each question, the option numbers that are right (the learner passes).</param>
/// <param name="Codes">Verification codes of issued credentials, for the verifiers.</param>
/// <param name="PublicBaseUrl">The https address written into those credentials, which the app processes must keep.</param>
/// <param name="CohortId">The class of that course the learners enroll in from the course page.</param>
/// <param name="SessionId">Its in-person session, under way, whose check-in QR the staff screen shows.</param>
/// <param name="StaffEmail">The staff account of the cohort's base that opens the check-in screen.</param>
/// <param name="Texts">What the learner reads to know a step worked (zh-CN, from the app's resources).</param>
public sealed record LoadData(string CourseSlug, IReadOnlyList<int> Lessons, IReadOnlyList<IReadOnlyList<int>> QuizAnswers,
    IReadOnlyList<string> Codes, string PublicBaseUrl, int CohortId, int SessionId, string StaffEmail, LoadTexts Texts);

/// <param name="Enrolled">The notice on "My learning" after enrolling.</param>
/// <param name="QuizPassed">The result page's sentence for a passed quiz.</param>
/// <param name="CheckedIn">The notice on "My learning" after checking in to the session.</param>
public sealed record LoadTexts(string Enrolled, string QuizPassed, string CheckedIn);

/// <summary>
/// Prepares the database through the app's own services in this process, then closes it: the demo data (bases, staff,
/// courses with lessons and quizzes), 500 credentials issued by <see cref="CredentialIssuer"/> for the verifiers, and a
/// class of the quiz course with a session under way, made by <see cref="CohortService"/> as the base's staff would. The
/// learners are not prepared: each signs up with a fresh phone number, enrolls and checks in as a new learner would.
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
        var course = await db.Courses.Where(c => db.Quizzes.Any(q => q.CourseId == c.Id)).OrderBy(c => c.Id)
            .Select(c => new { c.Id, c.Slug, c.Title }).FirstAsync();
        var courseId = course.Id;
        var lessons = await db.Lessons.Where(l => l.CourseId == courseId).OrderBy(l => l.Number).Select(l => l.Number).ToListAsync();
        var questions = await db.Questions.AsNoTracking()
            .Where(q => db.Quizzes.Any(z => z.Id == q.QuizId && z.CourseId == courseId))
            .OrderBy(q => q.Position).ToListAsync();
        var codes = await db.IssuedCredentials.Select(c => c.VerificationCode).ToListAsync();
        var (cohortId, sessionId, staffEmail) = await OpenClassAsync(scope.ServiceProvider, courseId);
        var texts = new ResourceManager("CtecSkills.Web.Resources.SharedResource", typeof(SharedResource).Assembly);
        string Text(string name) => texts.GetString(name, CultureInfo.InvariantCulture)
            ?? throw new InvalidOperationException($"No text {name} in the app's resources.");
        return new LoadData(course.Slug, lessons, [.. questions.Select(q => (IReadOnlyList<int>)q.Correct)], codes,
            host.App.Services.GetRequiredService<CredentialUrls>().Base, cohortId, sessionId, staffEmail,
            new LoadTexts(Text("Enroll.Enrolled"), Text("Quiz.Passed"), string.Format(CultureInfo.InvariantCulture, Text("CheckIn.CheckedIn"), course.Title)));
    }

    /// <summary>
    /// A class of the course at the first base that offers it, open for enrollment with room for every learner of the
    /// run, and one session that started ten minutes ago: made as that base's staff member, who later shows its QR.
    /// </summary>
    private static async Task<(int CohortId, int SessionId, string StaffEmail)> OpenClassAsync(IServiceProvider services, int courseId)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var clock = services.GetRequiredService<TimeProvider>();
        var staff = await db.BaseMemberships
            .Where(m => db.CourseOfferings.Any(o => o.CourseId == courseId && o.TrainingBaseId == m.TrainingBaseId) && m.User!.Email != null)
            .OrderBy(m => m.TrainingBaseId)
            .Select(m => new { m.TrainingBaseId, m.UserId, Email = m.User!.Email!, m.TrainingBase!.Address })
            .FirstAsync();
        var actor = new BaseActor(staff.UserId, IsAdmin: false);
        var cohorts = services.GetRequiredService<CohortService>();
        var today = BeijingTime.Today(clock);
        var cohortId = await cohorts.CreateAsync(new CohortInput
        {
            CourseId = courseId,
            TrainingBaseId = staff.TrainingBaseId,
            Name = "压测班",
            Capacity = 1_000_000,
            EnrollmentOpensOn = today.AddDays(-1),
            EnrollmentClosesOn = today.AddDays(30),
        }, actor, CancellationToken.None) ?? throw new InvalidOperationException("The base's staff could not open a class.");
        var now = clock.GetUtcNow();
        if (!await cohorts.AddSessionAsync(cohortId, new SessionInput(now.AddMinutes(-10), now.AddHours(2), staff.Address, 2), actor, CancellationToken.None))
        {
            throw new InvalidOperationException("The base's staff could not add a session.");
        }
        var details = await cohorts.FindAsync(cohortId, actor, CancellationToken.None);
        return (cohortId, details!.Sessions.Single().Id, staff.Email);
    }
}
