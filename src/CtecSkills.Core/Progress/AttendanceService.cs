using System.Globalization;
using System.Security.Cryptography;
using CtecSkills.Core.Audit;
using CtecSkills.Core.Cohorts;
using CtecSkills.Core.Data;
using CtecSkills.Core.Organizations;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.Core.Progress;

public enum TokenCheck
{
    Valid,
    Expired,
    OtherSession,
    Invalid,
}

/// <summary>Who a check-in pass was made for: a signed-in account, or (scanned before signing in) one browser.</summary>
public sealed record PassHolder(bool IsBrowser, string Id)
{
    public static PassHolder Account(string userId) => new(false, userId);

    public static PassHolder Browser(string nonce) => new(true, nonce);

    public bool IsAccount(string userId) => !IsBrowser && string.Equals(Id, userId, StringComparison.Ordinal);
}

public sealed record TokenReading(TokenCheck Check, DateTimeOffset? IssuedAt = null, PassHolder? Holder = null);

public sealed record SessionSummary(int SessionId, int CohortId, int CourseId, string CohortName, string CourseTitle, string CourseSlug,
    DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Place, double Hours);

public sealed record AttendanceLine(int EnrollmentId, string? Name, string? Phone, AttendanceMethod? Method);

public sealed record AttendanceSheet(SessionSummary Session, IReadOnlyList<AttendanceLine> Learners);

/// <summary>A learner on the staff's live check-in list: present (with how and when) or struck out.</summary>
public sealed record CheckInLine(int EnrollmentId, string Name, string? Phone, AttendanceMethod? Method, DateTimeOffset At);

/// <summary>The staff screen's live list for a session: who is checked in, newest first, and whom staff struck out.</summary>
public sealed record LiveCheckIns(SessionSummary Session, int Enrolled, IReadOnlyList<CheckInLine> Present, IReadOnlyList<CheckInLine> Struck);

/// <summary>A strike staff asked for: <paramref name="Found"/> false when the learner is not in the session's cohort.</summary>
/// <param name="Found">The learner is in the session's cohort, and is now struck out (or already was).</param>
/// <param name="Name">The learner's name, for the notice; null when not found or erased.</param>
public sealed record StrikeResult(bool Found, string? Name);

/// <summary>Whether a signed-in learner may check in to a session, the enrollment that would count, and the session.</summary>
public sealed record CheckInStanding(CheckInOutcome? Refusal, int EnrollmentId, SessionSummary Session);

/// <summary>
/// Attendance at in-person sessions (docs/decisions/0010, 0021). The staff screen shows a QR code for a check-in URL
/// carrying a token signed with Data Protection (so every web node can read it) that names the session and the moment it
/// was made; the screen makes a new one every <see cref="TokenRefresh"/> and a token is accepted for
/// <see cref="TokenLifetime"/>. A valid scan turns into a longer-lived pass bound to whoever scanned: the signed-in
/// account, or, for a learner who first has to sign in, the browser (a cookie the controller keeps), so that a forwarded
/// pass checks in nobody else. The check-in itself and the staff's attendance sheet are learning events:
/// <see cref="LearningEventService"/> records them; staff strike out a check-in here.
/// </summary>
public sealed class AttendanceService(AppDbContext db, TimeProvider clock, IDataProtectionProvider protection)
{
    public static readonly TimeSpan TokenRefresh = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan PassLifetime = TimeSpan.FromMinutes(15);

    private readonly IDataProtector _tokens = protection.CreateProtector("CtecSkills.Attendance.CheckInToken.v1");

    // v2: a pass names its holder; a v1 pass (anyone's) no longer reads.
    private readonly IDataProtector _passes = protection.CreateProtector("CtecSkills.Attendance.CheckInPass.v2");

    public string IssueToken(int sessionId) => _tokens.Protect(Payload(sessionId, clock.GetUtcNow()));

    /// <summary>Reads a scanned token: for this session and not older than <see cref="TokenLifetime"/>.</summary>
    public TokenReading ReadToken(int sessionId, string? token) => Read(_tokens, sessionId, token, TokenLifetime, withHolder: false);

    /// <summary>The pass a valid scan is exchanged for; it carries the time of the scan and whom it is for.</summary>
    public string IssuePass(int sessionId, PassHolder holder)
    {
        ArgumentNullException.ThrowIfNull(holder);
        return _passes.Protect(Payload(sessionId, clock.GetUtcNow()) + (holder.IsBrowser ? ":b:" : ":u:") + holder.Id);
    }

    /// <summary>The pass for the account that signed in on the browser a browser pass was made for; same scan time.</summary>
    public string RebindPass(int sessionId, TokenReading browserPass, string userId)
    {
        ArgumentNullException.ThrowIfNull(browserPass);
        return _passes.Protect(Payload(sessionId, browserPass.IssuedAt!.Value) + ":u:" + userId);
    }

    public TokenReading ReadPass(int sessionId, string? pass) => Read(_passes, sessionId, pass, PassLifetime, withHolder: true);

    /// <summary>A session by id; only for a reader who holds a valid token or pass for it.</summary>
    public Task<SessionSummary?> FindSessionAsync(int sessionId, CancellationToken ct) =>
        Summaries(db.CohortSessions.Where(s => s.Id == sessionId)).FirstOrDefaultAsync(ct);

    /// <summary>A session as its staff see it; null when it is not the actor's base.</summary>
    public Task<SessionSummary?> FindSessionAsync(int sessionId, BaseActor actor, CancellationToken ct) =>
        Summaries(db.CohortSessions.ManagedBy(actor).Where(s => s.Id == sessionId)).FirstOrDefaultAsync(ct);

    /// <summary>
    /// Whether the learner may check in: enrolled in the session's cohort, not struck out by staff, not checked in yet.
    /// Null when the session does not exist.
    /// </summary>
    public async Task<CheckInStanding?> StandingAsync(int sessionId, string userId, CancellationToken ct)
    {
        var session = await FindSessionAsync(sessionId, ct);
        if (session is null)
        {
            return null;
        }
        // One round trip for the enrollment and what stands in its way (EXISTS subqueries): every learner in the room
        // scans within the same minute.
        var enrollment = await db.Enrollments.AsNoTracking()
            .Where(e => e.CohortId == session.CohortId && e.UserId == userId && e.Status == EnrollmentStatus.Enrolled)
            .Select(e => new
            {
                e.Id,
                Struck = db.AttendanceStrikes.Any(s => s.SessionId == sessionId && s.EnrollmentId == e.Id),
                Present = db.Attendance.Any(a => a.SessionId == sessionId && a.EnrollmentId == e.Id),
            })
            .FirstOrDefaultAsync(ct);
        if (enrollment is null)
        {
            return new(CheckInOutcome.NotInCohort, 0, session);
        }
        var refusal = enrollment.Struck ? CheckInOutcome.Struck
            : enrollment.Present ? CheckInOutcome.AlreadyCheckedIn
            : (CheckInOutcome?)null;
        return new(refusal, enrollment.Id, session);
    }

    /// <summary>The session's enrolled learners and who was there; null when the session is not the actor's.</summary>
    public async Task<AttendanceSheet?> GetSheetAsync(int sessionId, BaseActor actor, CancellationToken ct)
    {
        var session = await FindSessionAsync(sessionId, actor, ct);
        if (session is null)
        {
            return null;
        }
        var marks = await db.Attendance.AsNoTracking().Where(a => a.SessionId == sessionId)
            .ToDictionaryAsync(a => a.EnrollmentId, a => a.Method, ct);
        var learners = await db.Enrollments.AsNoTracking()
            .Where(e => e.CohortId == session.CohortId && e.Status == EnrollmentStatus.Enrolled)
            .OrderBy(e => e.Id)
            .Select(e => new { e.Id, DisplayName = e.User != null ? e.User.DisplayName : null, e.User!.PhoneNumber })
            .ToListAsync(ct);
        return new(session, [.. learners.Select(l => new AttendanceLine(l.Id, l.DisplayName, l.PhoneNumber,
            marks.TryGetValue(l.Id, out var m) ? m : null))]);
    }

    /// <summary>Who has checked in so far and whom staff struck out; null when the session is not the actor's.</summary>
    public async Task<LiveCheckIns?> GetLiveAsync(int sessionId, BaseActor actor, CancellationToken ct)
    {
        var session = await FindSessionAsync(sessionId, actor, ct);
        if (session is null)
        {
            return null;
        }
        var enrolled = await db.Enrollments.CountAsync(e => e.CohortId == session.CohortId && e.Status == EnrollmentStatus.Enrolled, ct);
        var present = await db.Attendance.AsNoTracking().Where(a => a.SessionId == sessionId)
            .Select(a => new { a.EnrollmentId, a.Enrollment!.User!.DisplayName, a.Enrollment.User.PhoneNumber, a.Method, a.RecordedAt })
            .ToListAsync(ct);
        var struck = await db.AttendanceStrikes.AsNoTracking().Where(s => s.SessionId == sessionId)
            .Select(s => new { s.EnrollmentId, s.Enrollment!.User!.DisplayName, s.Enrollment.User.PhoneNumber, s.StruckAt })
            .ToListAsync(ct);
        // Sorted here: SQLite cannot order by a DateTimeOffset column.
        return new(session, enrolled,
            [.. present.OrderByDescending(p => p.RecordedAt).ThenByDescending(p => p.EnrollmentId)
                .Select(p => new CheckInLine(p.EnrollmentId, p.DisplayName, p.PhoneNumber, p.Method, p.RecordedAt))],
            [.. struck.OrderByDescending(s => s.StruckAt).ThenByDescending(s => s.EnrollmentId)
                .Select(s => new CheckInLine(s.EnrollmentId, s.DisplayName, s.PhoneNumber, null, s.StruckAt))]);
    }

    /// <summary>
    /// Staff strike out a learner checked in at the session who is not in the room: the attendance goes, the learner
    /// cannot check in to the session by QR code again, and the audit log says who did it. Striking twice changes
    /// nothing more. Null when the session is not the actor's. A completion that already happened stays, as when staff
    /// untick someone on the sheet.
    /// </summary>
    public async Task<StrikeResult?> StrikeAsync(int sessionId, int enrollmentId, BaseActor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var session = await FindSessionAsync(sessionId, actor, ct);
        if (session is null)
        {
            return null;
        }
        var enrollment = db.Enrollments.Where(e => e.Id == enrollmentId && e.CohortId == session.CohortId);
        // Takes the enrollment row as a check-in does first (LearningEventService marks the learner active), so that on
        // PostgreSQL a check-in and a strike at the same moment run one after the other: the strike then removes the
        // check-in, or the check-in sees the strike.
        if (await enrollment.ExecuteUpdateAsync(s => s.SetProperty(e => e.LastActivityAt, e => e.LastActivityAt), ct) == 0)
        {
            return new(false, null);
        }
        var learner = await enrollment.Select(e => new
        {
            e.Cohort!.TrainingBaseId,
            Name = e.User != null ? e.User.DisplayName : null,
            Struck = db.AttendanceStrikes.Any(s => s.SessionId == sessionId && s.EnrollmentId == e.Id),
        }).FirstAsync(ct);
        if (learner.Struck)
        {
            return new(true, learner.Name);
        }
        var now = clock.GetUtcNow();
        db.AttendanceStrikes.Add(new AttendanceStrike { SessionId = sessionId, EnrollmentId = enrollmentId, StruckAt = now, StruckByUserId = actor.UserId });
        await db.Attendance.Where(a => a.SessionId == sessionId && a.EnrollmentId == enrollmentId).ExecuteDeleteAsync(ct);
        db.Audit(now, actor.UserId, AuditActions.StrikeCheckIn, AuditActions.EnrollmentSubject(enrollmentId), learner.TrainingBaseId,
            AuditActions.SessionSubject(sessionId));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is<AttendanceStrike>(e, nameof(AttendanceStrike.EnrollmentId), nameof(AttendanceStrike.SessionId)))
        {
            // Another screen struck the same learner at the same moment; that strike and its audit entry stand.
            db.ChangeTracker.Clear();
            return new(true, learner.Name);
        }
        await tx.CommitAsync(ct);
        return new(true, learner.Name);
    }

    private static IQueryable<SessionSummary> Summaries(IQueryable<CohortSession> sessions) => sessions.AsNoTracking()
        .Select(s => new SessionSummary(s.Id, s.CohortId, s.Cohort!.CourseId, s.Cohort.Name, s.Cohort.Course!.Title, s.Cohort.Course.Slug,
            s.StartsAt, s.EndsAt, s.Place, s.Hours));

    private static string Payload(int sessionId, DateTimeOffset at) =>
        string.Create(CultureInfo.InvariantCulture, $"{sessionId}:{at.ToUnixTimeSeconds()}");

    private TokenReading Read(IDataProtector protector, int sessionId, string? value, TimeSpan lifetime, bool withHolder)
    {
        if (string.IsNullOrEmpty(value))
        {
            return new(TokenCheck.Invalid);
        }
        string payload;
        try
        {
            payload = protector.Unprotect(value);
        }
        catch (CryptographicException)
        {
            return new(TokenCheck.Invalid);
        }
        var parts = payload.Split(':', 4);
        if (parts.Length != (withHolder ? 4 : 2)
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var forSession)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || (withHolder && (parts[2] is not ("u" or "b") || parts[3].Length == 0)))
        {
            return new(TokenCheck.Invalid);
        }
        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (forSession != sessionId)
        {
            return new(TokenCheck.OtherSession, issuedAt);
        }
        var holder = withHolder ? new PassHolder(parts[2] == "b", parts[3]) : null;
        var age = clock.GetUtcNow() - issuedAt;
        // A little slack backwards for a node whose clock runs ahead of the one that drew the code.
        return age > lifetime || age < TimeSpan.FromSeconds(-5) ? new(TokenCheck.Expired, issuedAt, holder) : new(TokenCheck.Valid, issuedAt, holder);
    }
}
