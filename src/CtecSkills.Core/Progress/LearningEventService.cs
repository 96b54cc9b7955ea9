using CtecSkills.Core.Analytics;
using CtecSkills.Core.Audit;
using CtecSkills.Core.Catalog;
using CtecSkills.Core.Cohorts;
using CtecSkills.Core.Credentials;
using CtecSkills.Core.Data;
using CtecSkills.Core.Organizations;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.Core.Progress;

public enum CompleteOutcome
{
    NotFound,
    NotEnrolled,
    RuleNotMet,
    AlreadyCompleted,
    Completed,
    ReasonMissing,
    ReasonTooLong,
}

/// <summary>How a step sent with the learner's own key (an offline queue) was taken.</summary>
public enum KeyOutcome
{
    /// <summary>First time this key arrived: the step was applied now.</summary>
    Applied,

    /// <summary>The key arrived before: nothing applied again, the first answer is returned.</summary>
    Replayed,

    /// <summary>Not a key the app makes (letters, digits and dashes, 16 to 64).</summary>
    Malformed,

    /// <summary>The learner already used this key for another lesson or quiz: refused, nothing changed.</summary>
    UsedForAnotherStep,

    /// <summary>No such lesson or quiz.</summary>
    NotFound,
}

/// <param name="Counted">Whether the read (the first time the key arrived) was the learner's first read of the lesson.</param>
public sealed record KeyedReadResult(KeyOutcome Outcome, bool Counted = false);

/// <param name="Quiz">The quiz's answer: the graded attempt (the first one on a replay) or no attempt left.</param>
public sealed record KeyedQuizResult(KeyOutcome Outcome, QuizSubmitResult? Quiz = null);

public enum CheckInOutcome
{
    CheckedIn,
    AlreadyCheckedIn,
    NotInCohort,
    PassExpired,
    Invalid,

    /// <summary>The pass was made for another account or another phone: a forwarded link.</summary>
    NotYours,

    /// <summary>Staff struck this learner's check-in at the session out: not in the room.</summary>
    Struck,
}

/// <summary>What a check-in did, with the session for the learner's notice (null when the pass or the session was not valid).</summary>
public sealed record CheckInResult(CheckInOutcome Outcome, SessionSummary? Session = null);

/// <summary>
/// Every learning event that can complete a course — a lesson read, a quiz submitted, a check-in, attendance recorded
/// by staff, completion by staff — is one method here, and each writes the event and evaluates completion in one
/// transaction (docs/decisions/0015). Completion is a conditional update (<c>CompletedAt IS NULL</c>) that also writes
/// the credential issuer's request and the anonymized completion fact, so it happens exactly once however many last
/// steps arrive together. A new entry point (offline sync, an API) calls these methods, never the pieces.
/// </summary>
public sealed class LearningEventService(
    AppDbContext db,
    TimeProvider clock,
    ProgressService progress,
    QuizService quizzes,
    AttendanceService attendance,
    LearningFacts facts)
{
    /// <summary>
    /// The learner opened a lesson. The first read counts towards the rule (true) and may complete the course; a lesson
    /// opened again only marks the learner active, one update and no rule evaluation.
    /// </summary>
    public async Task<bool> ReadLessonAsync(string userId, int lessonId, CancellationToken ct)
    {
        var lesson = await db.Lessons.AsNoTracking().Where(l => l.Id == lessonId)
            .Select(l => new { l.CourseId, Read = db.LessonProgress.Any(p => p.UserId == userId && p.LessonId == l.Id) })
            .FirstOrDefaultAsync(ct);
        if (lesson is null)
        {
            return false;
        }
        if (lesson.Read)
        {
            await MarkActiveAsync(userId, lesson.CourseId, ct);
            return false;
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var firstRead = await ReadInTransactionAsync(userId, lessonId, lesson.CourseId, ct);
        await tx.CommitAsync(ct);
        return firstRead;
    }

    /// <summary>
    /// A lesson read sent with the learner's key (queued offline, sent until the phone hears back): applied once per
    /// learner and key, in one transaction with the key's row; a replay returns the first answer, a key already used
    /// for another step is refused.
    /// </summary>
    public async Task<KeyedReadResult> ReadLessonOnceAsync(string userId, int lessonId, string? key, CancellationToken ct)
    {
        if (!KeyedStep.IsWellFormed(key))
        {
            return new(KeyOutcome.Malformed);
        }
        if (await FindStepAsync(userId, key!, ct) is { } earlier)
        {
            return ReadReplay(earlier, lessonId);
        }
        var courseId = await db.Lessons.Where(l => l.Id == lessonId).Select(l => (int?)l.CourseId).FirstOrDefaultAsync(ct);
        if (courseId is null)
        {
            return new(KeyOutcome.NotFound);
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var step = new KeyedStep { UserId = userId, Key = key!, Kind = KeyedStepKind.LessonRead, TargetId = lessonId, AppliedAt = clock.GetUtcNow() };
        if (!await TryInsertAsync(step, [nameof(KeyedStep.UserId), nameof(KeyedStep.Key)], ct))
        {
            // The same key sent twice at once: the other request applied it (its row is committed by now).
            return ReadReplay((await FindStepAsync(userId, key!, ct))!, lessonId);
        }
        var counted = await ReadInTransactionAsync(userId, lessonId, courseId.Value, ct);
        await db.KeyedSteps.Where(k => k.Id == step.Id).ExecuteUpdateAsync(s => s.SetProperty(k => k.Counted, counted), ct);
        await tx.CommitAsync(ct);
        return new(KeyOutcome.Applied, counted);
    }

    /// <summary>
    /// Quiz answers sent with the learner's key (answered offline): graded here when they arrive, once per learner and
    /// key; a replay returns the first attempt, never a second one.
    /// </summary>
    public async Task<KeyedQuizResult> SubmitQuizOnceAsync(string slug, string userId, IReadOnlyList<IReadOnlyList<int>> answers, string? key,
        CancellationToken ct)
    {
        if (!KeyedStep.IsWellFormed(key))
        {
            return new(KeyOutcome.Malformed);
        }
        var courseId = await db.Courses.Where(c => c.Slug == slug).Select(c => (int?)c.Id).FirstOrDefaultAsync(ct);
        if (await FindStepAsync(userId, key!, ct) is { } earlier)
        {
            return QuizReplay(earlier, courseId);
        }
        if (courseId is null)
        {
            return new(KeyOutcome.NotFound);
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var step = new KeyedStep { UserId = userId, Key = key!, Kind = KeyedStepKind.QuizSubmit, TargetId = courseId.Value, AppliedAt = clock.GetUtcNow() };
        if (!await TryInsertAsync(step, [nameof(KeyedStep.UserId), nameof(KeyedStep.Key)], ct))
        {
            return QuizReplay((await FindStepAsync(userId, key!, ct))!, courseId);
        }
        var result = await SubmitInTransactionAsync(slug, userId, answers, ct);
        if (result.Status == QuizSubmitStatus.NotFound)
        {
            return new(KeyOutcome.NotFound);
        }
        // "No attempt left" is an answer too: the key keeps it, so a replay does not become an attempt later.
        await db.KeyedSteps.Where(k => k.Id == step.Id).ExecuteUpdateAsync(s => s.SetProperty(k => k.QuizAttemptId, result.AttemptId), ct);
        await tx.CommitAsync(ct);
        return new(KeyOutcome.Applied, result);
    }

    /// <summary>
    /// The learner submitted the course quiz: <see cref="QuizService"/> marks and stores the attempt (within the attempt
    /// limit), and a stored attempt may complete the course.
    /// </summary>
    /// <param name="slug">The course.</param>
    /// <param name="userId">The learner answering.</param>
    /// <param name="answers">Chosen option indexes per question, in question order.</param>
    /// <param name="ct">Cancels the work.</param>
    public async Task<QuizSubmitResult> SubmitQuizAsync(string slug, string userId, IReadOnlyList<IReadOnlyList<int>> answers, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var result = await SubmitInTransactionAsync(slug, userId, answers, ct);
        if (result.Status == QuizSubmitStatus.Graded)
        {
            await tx.CommitAsync(ct);
        }
        return result;
    }

    /// <summary>
    /// The learner confirmed a check-in with the pass from a scanned code: the session's hours count and may complete
    /// the course. The pass must be the signed-in learner's own (a forwarded one is <see cref="CheckInOutcome.NotYours"/>);
    /// a second check-in at the same session changes nothing, and a learner staff struck out cannot check in again.
    /// </summary>
    public async Task<CheckInResult> CheckInAsync(int sessionId, string userId, string? pass, CancellationToken ct)
    {
        var reading = attendance.ReadPass(sessionId, pass);
        if (reading.Check != TokenCheck.Valid)
        {
            return new(reading.Check == TokenCheck.Expired ? CheckInOutcome.PassExpired : CheckInOutcome.Invalid);
        }
        if (!reading.Holder!.IsAccount(userId))
        {
            return new(CheckInOutcome.NotYours);
        }
        var standing = await attendance.StandingAsync(sessionId, userId, ct);
        if (standing is null)
        {
            return new(CheckInOutcome.Invalid);
        }
        if (standing.Refusal is CheckInOutcome.NotInCohort)
        {
            return new(CheckInOutcome.NotInCohort, standing.Session);
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await MarkActiveAsync(userId, standing.Session.CourseId, ct);
        // Read again under the enrollment row lock just taken: a strike committed meanwhile wins.
        if (await db.AttendanceStrikes.AnyAsync(s => s.SessionId == sessionId && s.EnrollmentId == standing.EnrollmentId, ct))
        {
            return new(CheckInOutcome.Struck, standing.Session);
        }
        if (!await AddAttendanceAsync(sessionId, standing.EnrollmentId, AttendanceMethod.QrCode, null, ct))
        {
            return new(CheckInOutcome.AlreadyCheckedIn, standing.Session);
        }
        await CompleteWhereRuleMetAsync(userId, standing.Session.CourseId, ct);
        await tx.CommitAsync(ct);
        return new(CheckInOutcome.CheckedIn, standing.Session);
    }

    /// <summary>
    /// Staff save the attendance sheet of a session: ticked learners are added (by hand) and may complete the course,
    /// unticked ones removed (audited); the whole sheet or nothing. Returns false when the session is not the actor's.
    /// Completion that already happened stays: it was earned under the rule at the time.
    /// </summary>
    public async Task<bool> RecordAttendanceAsync(int sessionId, BaseActor actor, IReadOnlyCollection<int> present, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(present);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var sheet = await attendance.GetSheetAsync(sessionId, actor, ct);
        if (sheet is null)
        {
            return false;
        }
        var now = clock.GetUtcNow();
        foreach (var line in sheet.Learners.Where(l => l.Method is not null && !present.Contains(l.EnrollmentId)))
        {
            await db.Attendance.Where(a => a.SessionId == sessionId && a.EnrollmentId == line.EnrollmentId).ExecuteDeleteAsync(ct);
            db.Audit(now, actor.UserId, AuditActions.UnmarkAttendance, AuditActions.EnrollmentSubject(line.EnrollmentId),
                reason: AuditActions.SessionSubject(sessionId));
        }
        await db.SaveChangesAsync(ct);

        var ticked = sheet.Learners.Where(l => l.Method is null && present.Contains(l.EnrollmentId)).Select(l => l.EnrollmentId).ToList();
        var learners = await db.Enrollments.Where(e => ticked.Contains(e.Id) && e.UserId != null).Select(e => new { e.Id, UserId = e.UserId! }).ToListAsync(ct);
        var courseId = await db.Cohorts.Where(c => c.Id == sheet.Session.CohortId).Select(c => c.CourseId).FirstAsync(ct);
        // In account order, so that two sheets saved at once take the learners' rows in the same order (no deadlock).
        foreach (var learner in learners.OrderBy(l => l.UserId, StringComparer.Ordinal))
        {
            await MarkActiveAsync(learner.UserId, courseId, ct);
            if (await AddAttendanceAsync(sessionId, learner.Id, AttendanceMethod.Manual, actor.UserId, ct))
            {
                await CompleteWhereRuleMetAsync(learner.UserId, courseId, ct);
            }
        }
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>
    /// Staff complete an enrollment by hand (a learner who did the work outside the platform); a reason of at most
    /// <see cref="AuditEntry.ReasonLength"/> characters is required and goes to the audit log in the same transaction.
    /// Null when the enrollment is not in that cohort or the cohort is not the actor's.
    /// </summary>
    public async Task<CompleteOutcome?> CompleteManuallyAsync(int enrollmentId, int cohortId, BaseActor actor, string? reason, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var visible = await db.Enrollments.ManagedBy(actor).AnyAsync(e => e.Id == enrollmentId && e.CohortId == cohortId, ct);
        if (!visible)
        {
            return null;
        }
        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason))
        {
            return CompleteOutcome.ReasonMissing;
        }
        if (reason.Length > AuditEntry.ReasonLength)
        {
            return CompleteOutcome.ReasonTooLong;
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var outcome = await CompleteOnceAsync(enrollmentId, CompletionMethod.Manual, (actor.UserId, reason), ct);
        await tx.CommitAsync(ct);
        return outcome;
    }

    /// <summary>
    /// Completes the enrollment if the rule is met, exactly once also under concurrent calls. The events above do this
    /// themselves; this is for evaluating again without a new event.
    /// </summary>
    public async Task<CompleteOutcome> TryCompleteAsync(int enrollmentId, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var state = await progress.GetAsync(enrollmentId, ct);
        var outcome = state is null ? CompleteOutcome.NotFound
            : state.CompletedAt is not null ? CompleteOutcome.AlreadyCompleted
            : !state.RuleMet ? CompleteOutcome.RuleNotMet
            : await CompleteOnceAsync(enrollmentId, CompletionMethod.Rule, null, ct);
        await tx.CommitAsync(ct);
        return outcome;
    }

    /// <summary>The learner's enrollments with a place in a cohort of the course: progress there counts in each.</summary>
    private IQueryable<Enrollment> Active(string userId, int courseId) =>
        db.Enrollments.Where(e => e.UserId == userId && e.Cohort!.CourseId == courseId && e.Status == EnrollmentStatus.Enrolled);

    // Besides "last active" for the at-risk list, the update holds the learner's enrollment rows in the course until
    // commit. Every event does it before evaluating the rule, so on PostgreSQL two events of one learner (a check-in and
    // a quiz submitted at the same moment) evaluate one after the other and the second sees the first one's writes;
    // SQLite transactions begin IMMEDIATE, one writer at a time, anyway.
    private async Task MarkActiveAsync(string userId, int courseId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await Active(userId, courseId).ExecuteUpdateAsync(s => s.SetProperty(e => e.LastActivityAt, now), ct);
    }

    private async Task<bool> ReadInTransactionAsync(string userId, int lessonId, int courseId, CancellationToken ct)
    {
        await MarkActiveAsync(userId, courseId, ct);
        // Two tabs opening the lesson at once both get here; the unique index keeps one row and one evaluation.
        var firstRead = await TryInsertAsync(new LessonProgress { UserId = userId, LessonId = lessonId, FirstReadAt = clock.GetUtcNow() },
            [nameof(LessonProgress.UserId), nameof(LessonProgress.LessonId)], ct);
        if (firstRead)
        {
            await CompleteWhereRuleMetAsync(userId, courseId, ct);
        }
        return firstRead;
    }

    private async Task<QuizSubmitResult> SubmitInTransactionAsync(string slug, string userId, IReadOnlyList<IReadOnlyList<int>> answers,
        CancellationToken ct)
    {
        var result = await quizzes.SubmitAsync(slug, userId, answers, ct);
        if (result is { Status: QuizSubmitStatus.Graded, CourseId: { } courseId })
        {
            await MarkActiveAsync(userId, courseId, ct);
            await CompleteWhereRuleMetAsync(userId, courseId, ct);
        }
        return result;
    }

    private Task<KeyedStep?> FindStepAsync(string userId, string key, CancellationToken ct) =>
        db.KeyedSteps.AsNoTracking().FirstOrDefaultAsync(k => k.UserId == userId && k.Key == key, ct);

    private static KeyedReadResult ReadReplay(KeyedStep earlier, int lessonId) =>
        earlier.Kind == KeyedStepKind.LessonRead && earlier.TargetId == lessonId
            ? new(KeyOutcome.Replayed, earlier.Counted)
            : new(KeyOutcome.UsedForAnotherStep);

    private static KeyedQuizResult QuizReplay(KeyedStep earlier, int? courseId) =>
        earlier.Kind == KeyedStepKind.QuizSubmit && earlier.TargetId == courseId
            ? new(KeyOutcome.Replayed, earlier.QuizAttemptId is { } attemptId
                ? new QuizSubmitResult(QuizSubmitStatus.Graded, attemptId, courseId)
                : new QuizSubmitResult(QuizSubmitStatus.NoAttemptsLeft))
            : new(KeyOutcome.UsedForAnotherStep);

    private async Task CompleteWhereRuleMetAsync(string userId, int courseId, CancellationToken ct)
    {
        var open = await progress.GetManyAsync(Active(userId, courseId).Where(e => e.CompletedAt == null), ct);
        foreach (var met in open.Where(p => p.RuleMet))
        {
            await CompleteOnceAsync(met.EnrollmentId, CompletionMethod.Rule, null, ct);
        }
    }

    private async Task<bool> AddAttendanceAsync(int sessionId, int enrollmentId, AttendanceMethod method, string? byUserId, CancellationToken ct) =>
        !await db.Attendance.AnyAsync(a => a.SessionId == sessionId && a.EnrollmentId == enrollmentId, ct)
        && await TryInsertAsync(new AttendanceRecord
        {
            SessionId = sessionId,
            EnrollmentId = enrollmentId,
            Method = method,
            RecordedAt = clock.GetUtcNow(),
            RecordedByUserId = byUserId,
        }, [nameof(AttendanceRecord.EnrollmentId), nameof(AttendanceRecord.SessionId)], ct);

    // For a row the unique index over uniqueOver keeps single (one read per lesson, one attendance per session): false
    // when a request that ran at the same moment saved it first. EF rolls the failed save back to its savepoint, so the
    // caller's transaction goes on; any other failure, another index's included, is not ours to swallow.
    private async Task<bool> TryInsertAsync<TEntity>(TEntity row, string[] uniqueOver, CancellationToken ct)
        where TEntity : class
    {
        db.Add(row);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException e) when (UniqueViolation.Is<TEntity>(e, uniqueOver))
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    // Inside the caller's transaction. The conditional update is the decision: of two racing requests only one sees
    // CompletedAt still empty, and only that one writes the issuance request, the fact and the audit entry.
    private async Task<CompleteOutcome> CompleteOnceAsync(int enrollmentId, CompletionMethod method, (string UserId, string Reason)? audit,
        CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var won = await db.Enrollments
            .Where(e => e.Id == enrollmentId && e.CompletedAt == null && e.Status == EnrollmentStatus.Enrolled && e.UserId != null)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.CompletedAt, now).SetProperty(e => e.CompletionMethod, method), ct);
        if (won == 0)
        {
            var status = await db.Enrollments.Where(e => e.Id == enrollmentId)
                .Select(e => new { e.Status, e.CompletedAt }).FirstOrDefaultAsync(ct);
            return status is null ? CompleteOutcome.NotFound
                : status.CompletedAt is not null ? CompleteOutcome.AlreadyCompleted
                : CompleteOutcome.NotEnrolled;
        }
        var enrollment = await db.Enrollments.AsNoTracking()
            .Where(e => e.Id == enrollmentId)
            .Select(e => new { e.User, e.Cohort!.Course!.Category, e.Cohort.Course.Level, e.Cohort.TrainingBaseId })
            .FirstAsync(ct);
        db.IssuanceRequests.Add(new IssuanceRequest { EnrollmentId = enrollmentId, RequestedAt = now });
        facts.Record(db, FactKind.Completion, enrollment.User!, enrollment.Category, enrollment.Level, now);
        if (audit is { } a)
        {
            db.Audit(now, a.UserId, AuditActions.CompleteManually, AuditActions.EnrollmentSubject(enrollmentId),
                enrollment.TrainingBaseId, a.Reason);
        }
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return CompleteOutcome.Completed;
    }
}
