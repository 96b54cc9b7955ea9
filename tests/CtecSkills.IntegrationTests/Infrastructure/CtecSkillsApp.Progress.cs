using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using CtecSkills.Core.Analytics;
using CtecSkills.Core.Cohorts;
using CtecSkills.Core.Organizations;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CtecSkills.IntegrationTests.Infrastructure;

public partial class CtecSkillsApp
{
    /// <summary>A demo learner signed in by SMS, with their account id (for reading what the app stored about them).</summary>
    public async Task<(HttpClient Client, string UserId)> SignedInLearnerAsync()
    {
        var index = Volatile.Read(ref _learnersUsed);
        var client = await SignedInAsLearnerAsync();
        var phone = Core.Seeding.DemoSeeder.LearnerPhone(index);
        return (client, await QueryAsync(db => db.Users.Where(u => u.PhoneNumber == phone).Select(u => u.Id).SingleAsync()));
    }

    /// <summary>The learner presses "报名" for the cohort on the course page; returns the enrollment id.</summary>
    public async Task<int> EnrollAsync(HttpClient learner, string userId, int cohortId)
    {
        var page = await GetPageAsync(learner, $"/courses/{TestCourseSlug}");
        await SubmitAndFollowAsync(learner, page.Form($"/cohorts/{cohortId}/enroll"));
        return await QueryAsync(db => db.Enrollments.Where(e => e.CohortId == cohortId && e.UserId == userId).Select(e => e.Id).SingleAsync());
    }

    /// <summary>The learner opens lessons of the test course, in order, the way a reader pages through them.</summary>
    public static async Task ReadLessonsAsync(HttpClient learner, params int[] numbers)
    {
        foreach (var n in numbers)
        {
            var page = await GetPageAsync(learner, $"/courses/{TestCourseSlug}/lessons/{n}");
            Assert.Equal(System.Net.HttpStatusCode.OK, page.Status);
        }
    }

    /// <summary>The learner fills in the quiz with the right answers (read from the course) and submits it.</summary>
    public async Task<HtmlPage> PassQuizAsync(HttpClient learner) => await SubmitAndFollowAsync(learner, await PassingQuizFormAsync(learner));

    /// <summary>The quiz form with the right answers ticked, not yet submitted.</summary>
    public async Task<HtmlForm> PassingQuizFormAsync(HttpClient learner)
    {
        var questions = await QueryAsync(db => db.Questions.AsNoTracking()
            .Where(q => db.Quizzes.Any(z => z.Id == q.QuizId && z.CourseId == db.Courses.Single(c => c.Slug == TestCourseSlug).Id))
            .OrderBy(q => q.Position).ToListAsync());
        var page = await GetPageAsync(learner, $"/courses/{TestCourseSlug}/quiz");
        var form = page.Form($"/courses/{TestCourseSlug}/quiz");
        for (var i = 0; i < questions.Count; i++)
        {
            foreach (var correct in questions[i].Correct)
            {
                form.Add($"q{i}", correct.ToString(CultureInfo.InvariantCulture));
            }
        }
        return form;
    }

    /// <summary>A form carrying the learner's antiforgery token, as the offline queue sends it.</summary>
    public static async Task<HtmlForm> OfflineTokenFormAsync(HttpClient learner)
    {
        var page = await GetPageAsync(learner, $"/courses/{TestCourseSlug}/quiz");
        return page.Form($"/courses/{TestCourseSlug}/quiz");
    }

    /// <summary>The offline queue sends a lesson read with its key; the JSON answer's outcome and whether it counted.</summary>
    public static async Task<(System.Net.HttpStatusCode Status, string? Outcome, bool Counted)> SendOfflineReadAsync(HttpClient learner, int number, string key,
        HtmlForm? tokenForm = null)
    {
        var form = (tokenForm ?? await OfflineTokenFormAsync(learner)).RetargetTo($"/courses/{TestCourseSlug}/lessons/{number}/read").Set("key", key);
        using var response = await SubmitAsync(learner, form);
        if (response.StatusCode != System.Net.HttpStatusCode.OK)
        {
            return (response.StatusCode, null, false);
        }
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (response.StatusCode, json.GetProperty("outcome").GetString(), json.GetProperty("counted").GetBoolean());
    }

    public async Task<int> AddSessionAsync(int cohortId, double hours = 2)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Core.Data.AppDbContext>();
        var start = TimeProvider.System.GetUtcNow().AddMinutes(-30);
        var session = new CohortSession { CohortId = cohortId, StartsAt = start, EndsAt = start.AddHours(hours), Place = "实训楼 101", Hours = hours };
        db.CohortSessions.Add(session);
        await db.SaveChangesAsync();
        return session.Id;
    }

    /// <summary>A check-in token as the staff screen would have drawn it at the given moment.</summary>
    public string CheckInTokenAt(int sessionId, DateTimeOffset at)
    {
        var protector = Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("CtecSkills.Attendance.CheckInToken.v1");
        return protector.Protect(string.Create(CultureInfo.InvariantCulture, $"{sessionId}:{at.ToUnixTimeSeconds()}"));
    }

    /// <summary>Staff open the check-in screen of a session and read the URL printed under the QR code.</summary>
    public static async Task<string> ReadCheckInUrlAsync(HttpClient staff, int sessionId)
    {
        var screen = await GetPageAsync(staff, $"/sessions/{sessionId}/checkin");
        Assert.Equal(System.Net.HttpStatusCode.OK, screen.Status);
        Assert.NotNull(screen.Document.QuerySelector(".qr svg path"));
        var url = screen.Document.QuerySelector(".url a")!.GetAttribute("href")!;
        return new Uri(url).PathAndQuery;
    }

    public Task<int> FactCountAsync(FactKind kind, string userId) =>
        QueryAsync(db => db.LearningFacts.CountAsync(f => f.Kind == kind && f.Pseudonym == Pseudonym(userId)));

    public string Pseudonym(string userId) => new LearnerPseudonym(Convert.FromBase64String(PseudonymKey)).Of(userId);

    public static BaseActor Admin => new("test", IsAdmin: true);
}
