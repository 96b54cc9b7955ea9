using CtecSkills.Core.Cohorts;
using CtecSkills.Core.Credentials;
using CtecSkills.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.Core.Progress;

public enum NextStep
{
    ReadLesson,
    TakeQuiz,
    AttendSession,
    WaitForPlace,
    Done,
}

/// <summary>Where one learner stands in one cohort against the course's completion rule.</summary>
public sealed record EnrollmentProgress(
    int EnrollmentId,
    int LessonsRead,
    int LessonCount,
    int? NextLesson,
    bool HasQuiz,
    int? BestScore,
    bool QuizPassed,
    double HoursAttended,
    double HoursRequired,
    int SessionsAttended,
    int SessionsMissed,
    DateTimeOffset? CompletedAt,
    CompletionMethod? CompletionMethod,
    DateTimeOffset? LastActive)
{
    /// <summary>Not completed, and no activity for two weeks or two sessions missed: staff should call.</summary>
    public bool IsAtRisk(DateTimeOffset now) => CompletedAt is null
        && (SessionsMissed >= ProgressService.MissedSessionsAtRisk
            || (LastActive is { } last && now - last > TimeSpan.FromDays(ProgressService.InactiveDaysAtRisk)));

    public bool RuleMet => LessonsRead >= LessonCount && (!HasQuiz || QuizPassed) && HoursAttended >= HoursRequired;

    /// <summary>What the learner should do next: the first unread lesson, then the quiz, then the classes.</summary>
    public NextStep Next => CompletedAt is not null ? NextStep.Done
        : NextLesson is not null ? NextStep.ReadLesson
        : HasQuiz && !QuizPassed ? NextStep.TakeQuiz
        : HoursAttended < HoursRequired ? NextStep.AttendSession
        : NextStep.Done;

    /// <summary>0–100: lessons, quiz and hours each count in proportion to what the rule asks.</summary>
    public int Percent
    {
        get
        {
            if (CompletedAt is not null)
            {
                return 100;
            }
            double parts = LessonCount + (HasQuiz ? 1 : 0) + (HoursRequired > 0 ? 1 : 0);
            var done = Math.Min(LessonsRead, LessonCount) + (HasQuiz && QuizPassed ? 1 : 0)
                + (HoursRequired > 0 ? Math.Min(1, HoursAttended / HoursRequired) : 0);
            return parts == 0 ? 0 : (int)Math.Floor(100 * done / parts);
        }
    }
}

/// <summary>
/// Progress against the completion rule: all lessons read, the quiz passed, enough hours attended where the cohort has
/// sessions. It only reads; the events that change progress and complete an enrollment are
/// <see cref="LearningEventService"/>'s.
/// </summary>
public sealed class ProgressService(AppDbContext db, TimeProvider clock)
{
    public const int InactiveDaysAtRisk = 14;
    public const int MissedSessionsAtRisk = 2;

    public async Task<EnrollmentProgress?> GetAsync(int enrollmentId, CancellationToken ct) =>
        (await GetManyAsync(db.Enrollments.Where(e => e.Id == enrollmentId), ct)).FirstOrDefault();

    /// <summary>Progress of every enrollment the query selects, in a fixed number of queries whatever their count.</summary>
    public async Task<List<EnrollmentProgress>> GetManyAsync(IQueryable<Enrollment> enrollments, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var rows = await enrollments.AsNoTracking()
            .Select(e => new
            {
                e.Id,
                e.UserId,
                e.CohortId,
                e.Cohort!.CourseId,
                e.Cohort.OnlineOnly,
                e.Cohort.Course!.MinAttendedHours,
                e.EnrolledAt,
                e.CompletedAt,
                e.CompletionMethod,
                LastActive = e.LastActivityAt ?? e.EnrolledAt,
            })
            .ToListAsync(ct);
        if (rows.Count == 0)
        {
            return [];
        }
        var courseIds = rows.Select(r => r.CourseId).Distinct().ToList();
        var cohortIds = rows.Select(r => r.CohortId).Distinct().ToList();
        var userIds = rows.Select(r => r.UserId).Distinct().ToList();
        var enrollmentIds = rows.Select(r => r.Id).ToList();

        var lessons = (await db.Lessons.Where(l => courseIds.Contains(l.CourseId)).Select(l => new { l.CourseId, l.Number }).ToListAsync(ct))
            .ToLookup(l => l.CourseId, l => l.Number);
        var reads = (await db.LessonProgress.Where(p => userIds.Contains(p.UserId) && courseIds.Contains(p.Lesson!.CourseId))
            .Select(p => new { p.UserId, p.Lesson!.CourseId, p.Lesson.Number }).ToListAsync(ct))
            .ToLookup(p => (p.UserId, p.CourseId), p => p.Number);
        var quizzes = await db.Quizzes.Where(q => courseIds.Contains(q.CourseId)).ToDictionaryAsync(q => q.CourseId, q => q.Id, ct);
        var quizIds = quizzes.Values.ToList();
        var attempts = await db.QuizAttempts.Where(a => userIds.Contains(a.UserId) && quizIds.Contains(a.QuizId))
            .GroupBy(a => new { a.UserId, a.QuizId })
            .Select(g => new { g.Key.UserId, g.Key.QuizId, Best = g.Max(a => a.Score), Passed = g.Max(a => a.Passed ? 1 : 0) == 1 })
            .ToDictionaryAsync(a => (a.UserId, a.QuizId), ct);
        var sessions = (await db.CohortSessions.Where(s => cohortIds.Contains(s.CohortId))
            .Select(s => new { s.Id, s.CohortId, s.Hours, s.StartsAt, s.EndsAt }).ToListAsync(ct))
            .ToLookup(s => s.CohortId);
        var attended = (await db.Attendance.Where(a => enrollmentIds.Contains(a.EnrollmentId))
            .Select(a => new { a.EnrollmentId, a.SessionId }).ToListAsync(ct))
            .ToLookup(a => a.EnrollmentId, a => a.SessionId);

        return [.. rows.Select(r =>
        {
            var quizId = quizzes.TryGetValue(r.CourseId, out var q) ? q : (int?)null;
            var attempt = quizId is { } id ? attempts.GetValueOrDefault((r.UserId ?? "", id)) : null;
            var mine = attended[r.Id].ToHashSet();
            var cohortSessions = sessions[r.CohortId].ToList();
            var hasSessions = !r.OnlineOnly && cohortSessions.Count > 0;
            var read = reads[(r.UserId ?? "", r.CourseId)].ToHashSet();
            var numbers = lessons[r.CourseId].Order().ToList();
            return new EnrollmentProgress(
                r.Id,
                numbers.Count(read.Contains),
                numbers.Count,
                numbers.Where(n => !read.Contains(n)).Select(n => (int?)n).FirstOrDefault(),
                quizId is not null,
                attempt?.Best,
                attempt?.Passed ?? false,
                cohortSessions.Where(s => mine.Contains(s.Id)).Sum(s => s.Hours),
                hasSessions ? r.MinAttendedHours : 0,
                mine.Count,
                cohortSessions.Count(s => IsMissed(s.StartsAt, s.EndsAt, r.EnrolledAt, r.CompletedAt) && !mine.Contains(s.Id)),
                r.CompletedAt,
                r.CompletionMethod,
                r.LastActive);
        })];

        // Missed only if it is over and the learner held a place when it began and still had it to earn: a class that
        // ended before they enrolled (the demo's first class this morning, for someone who joins in the afternoon) or
        // came after they completed is not one they missed.
        bool IsMissed(DateTimeOffset startsAt, DateTimeOffset endsAt, DateTimeOffset? enrolledAt, DateTimeOffset? completedAt) =>
            endsAt < now && (enrolledAt is null || enrolledAt <= startsAt) && (completedAt is null || startsAt < completedAt);
    }

    /// <summary>Progress of every learner with a place in the cohort, by enrollment id (the caller has checked the cohort is visible).</summary>
    public async Task<Dictionary<int, EnrollmentProgress>> ForCohortAsync(int cohortId, CancellationToken ct) =>
        (await GetManyAsync(db.Enrollments.Where(e => e.CohortId == cohortId && e.Status == EnrollmentStatus.Enrolled), ct))
            .ToDictionary(p => p.EnrollmentId);

    /// <summary>
    /// The certificate of each completed enrollment of the learner's: its 核验码 once issued, null while the issuer still
    /// owes it (the minute sweep has not run yet). Completions no certificate will follow (no achievement) are left out.
    /// </summary>
    public async Task<Dictionary<int, string?>> CertificatesForLearnerAsync(string userId, CancellationToken ct)
    {
        var issued = await db.IssuedCredentials.AsNoTracking()
            .Where(c => c.UserId == userId)
            .OrderBy(c => c.Id)
            .Select(c => new { c.EnrollmentId, c.VerificationCode })
            .ToListAsync(ct);
        var owed = await db.IssuanceRequests.AsNoTracking()
            .Where(r => r.ProcessedAt == null && r.Attempts < CredentialIssuer.MaxAttempts && r.Enrollment!.UserId == userId)
            .Select(r => r.EnrollmentId)
            .ToListAsync(ct);
        var result = owed.ToDictionary(id => id, _ => (string?)null);
        foreach (var c in issued)
        {
            result[c.EnrollmentId] = c.VerificationCode;
        }
        return result;
    }

    /// <summary>The same for one learner's enrollments (for "My learning").</summary>
    public async Task<Dictionary<int, EnrollmentProgress>> ForLearnerAsync(string userId, CancellationToken ct) =>
        (await GetManyAsync(db.Enrollments.Where(e => e.UserId == userId && e.Status == EnrollmentStatus.Enrolled), ct))
            .ToDictionary(p => p.EnrollmentId);
}
