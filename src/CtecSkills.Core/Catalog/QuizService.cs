using System.Text.Json;
using CtecSkills.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.Core.Catalog;

public sealed record QuizPage(string Slug, string CourseTitle, Quiz Quiz, int AttemptsUsed, int? BestScore, bool EverPassed)
{
    public int AttemptsLeft => Math.Max(0, Quiz.MaxAttempts - AttemptsUsed);
}

public enum QuizSubmitStatus
{
    NotFound,
    NoAttemptsLeft,
    Graded,
}

/// <param name="CourseId">The quiz's course, for recording the learner's progress in it.</param>
public sealed record QuizSubmitResult(QuizSubmitStatus Status, long? AttemptId = null, int? CourseId = null);

/// <summary>A lesson to reread after a wrong answer, by its course-wide number (the <c>n</c> in <c>/lessons/{n}</c>).</summary>
public sealed record LessonToReread(int Number, string Title);

/// <param name="ShowAnswers">
/// Whether the page may show the right answers and the explanations: only once the learner passed or has no attempt
/// left, so that a failed attempt is not a key for the next one.
/// </param>
/// <param name="Reread">For each question (in order): the lesson to reread when this attempt got it wrong, else null.</param>
public sealed record QuizAttemptView(string Slug, string CourseTitle, Quiz Quiz, QuizAttempt Attempt,
    IReadOnlyList<IReadOnlyList<int>> Answers, IReadOnlyList<bool> Right, int AttemptsLeft, bool ShowAnswers,
    IReadOnlyList<LessonToReread?> Reread);

/// <summary>Course quizzes: marks a learner's answers, keeps every attempt and holds to the attempt limit.</summary>
public sealed class QuizService(AppDbContext db, TimeProvider clock)
{
    public async Task<QuizPage?> FindAsync(string slug, string userId, CancellationToken ct)
    {
        var found = await FindQuizAsync(slug, ct);
        if (found is null)
        {
            return null;
        }
        var attempts = await db.QuizAttempts.AsNoTracking()
            .Where(a => a.QuizId == found.Value.Quiz.Id && a.UserId == userId)
            .Select(a => new { a.Score, a.Passed })
            .ToListAsync(ct);
        return new(slug, found.Value.CourseTitle, found.Value.Quiz, attempts.Count,
            attempts.Count == 0 ? null : attempts.Max(a => a.Score), attempts.Any(a => a.Passed));
    }

    /// <summary>
    /// Marks the answers and stores the attempt, in the caller's transaction. Internal: the learning event
    /// (<c>LearningEventService.SubmitQuizAsync</c> in Progress) is the one way in, because a stored attempt may complete
    /// the course.
    /// </summary>
    /// <param name="slug">The course.</param>
    /// <param name="userId">The learner answering.</param>
    /// <param name="answers">Chosen option indexes per question, in question order.</param>
    /// <param name="ct">Cancels the work.</param>
    internal async Task<QuizSubmitResult> SubmitAsync(string slug, string userId, IReadOnlyList<IReadOnlyList<int>> answers, CancellationToken ct)
    {
        var found = await FindQuizAsync(slug, ct);
        if (found is null)
        {
            return new(QuizSubmitStatus.NotFound);
        }
        var quiz = found.Value.Quiz;
        var used = await CountAsync(quiz.Id, userId, ct);
        if (used >= quiz.MaxAttempts)
        {
            return new(QuizSubmitStatus.NoAttemptsLeft);
        }
        var questions = quiz.Questions.OrderBy(q => q.Position).ToList();
        // Keep only indexes the question has, so that the stored answers describe what was on the page.
        var cleaned = questions.Select((q, i) => (IReadOnlyList<int>)[.. (i < answers.Count ? answers[i] : []).Where(a => a >= 0 && a < q.OptionCount).Distinct().Order()]).ToList();
        var grade = QuizGrader.Grade(questions, cleaned, quiz.PassMark);
        var attempt = new QuizAttempt
        {
            QuizId = quiz.Id,
            UserId = userId,
            Number = used + 1,
            Score = grade.Score,
            Passed = grade.Passed,
            Answers = JsonSerializer.Serialize(cleaned),
            SubmittedAt = clock.GetUtcNow(),
        };
        db.QuizAttempts.Add(attempt);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is<QuizAttempt>(e, nameof(QuizAttempt.QuizId), nameof(QuizAttempt.UserId), nameof(QuizAttempt.Number)))
        {
            // Another submit took this attempt number first (unique index); it counts, this one does not.
            db.ChangeTracker.Clear();
            if (await CountAsync(quiz.Id, userId, ct) >= quiz.MaxAttempts)
            {
                return new(QuizSubmitStatus.NoAttemptsLeft);
            }
            throw;
        }
        return new(QuizSubmitStatus.Graded, attempt.Id, quiz.CourseId);
    }

    /// <summary>
    /// The learner's own attempt with its marking and the lessons to reread; the right answers only once the learner
    /// passed or used the last attempt. Null for an attempt that is not theirs.
    /// </summary>
    public async Task<QuizAttemptView?> FindAttemptAsync(string slug, long attemptId, string userId, CancellationToken ct)
    {
        var found = await FindQuizAsync(slug, ct);
        if (found is null)
        {
            return null;
        }
        var quiz = found.Value.Quiz;
        var attempt = await db.QuizAttempts.AsNoTracking()
            .FirstOrDefaultAsync(a => a.Id == attemptId && a.QuizId == quiz.Id && a.UserId == userId, ct);
        if (attempt is null)
        {
            return null;
        }
        var answers = JsonSerializer.Deserialize<List<List<int>>>(attempt.Answers) ?? [];
        var questions = quiz.Questions.OrderBy(q => q.Position).ToList();
        var grade = QuizGrader.Grade(questions, answers, quiz.PassMark);
        var used = await CountAsync(quiz.Id, userId, ct);
        var everPassed = attempt.Passed || await db.QuizAttempts.AnyAsync(a => a.QuizId == quiz.Id && a.UserId == userId && a.Passed, ct);
        var lessons = await db.Lessons.AsNoTracking().Where(l => l.CourseId == quiz.CourseId)
            .ToDictionaryAsync(l => l.Number, l => l.Title, ct);
        var reread = questions.Select((q, i) => !grade.Right[i] && q.LessonNumber is { } n && lessons.TryGetValue(n, out var title)
            ? new LessonToReread(n, title) : null).ToList();
        return new(slug, found.Value.CourseTitle, quiz, attempt, answers, grade.Right, Math.Max(0, quiz.MaxAttempts - used),
            ShowAnswers: everPassed || used >= quiz.MaxAttempts, reread);
    }

    private Task<int> CountAsync(int quizId, string userId, CancellationToken ct) =>
        db.QuizAttempts.CountAsync(a => a.QuizId == quizId && a.UserId == userId, ct);

    private async Task<(Quiz Quiz, string CourseTitle)?> FindQuizAsync(string slug, CancellationToken ct)
    {
        var found = await db.Courses.AsNoTracking()
            .Where(c => c.Slug == slug && c.IsPublished && c.Quiz != null)
            .Select(c => new { c.Quiz, c.Title })
            .FirstOrDefaultAsync(ct);
        if (found?.Quiz is null)
        {
            return null;
        }
        var questions = await db.Questions.AsNoTracking().Where(q => q.QuizId == found.Quiz.Id).OrderBy(q => q.Position).ToListAsync(ct);
        found.Quiz.Questions.AddRange(questions);
        return (found.Quiz, found.Title);
    }
}
