using System.Globalization;
using System.Security.Cryptography;
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

public sealed record TokenReading(TokenCheck Check, DateTimeOffset? IssuedAt = null);

public sealed record SessionSummary(int SessionId, int CohortId, string CohortName, string CourseTitle, string CourseSlug,
    DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Place, double Hours);

public sealed record AttendanceLine(int EnrollmentId, string Name, string? Phone, AttendanceMethod? Method);

public sealed record AttendanceSheet(SessionSummary Session, IReadOnlyList<AttendanceLine> Learners);

/// <summary>
/// Attendance at in-person sessions. The staff screen shows a QR code for a check-in URL carrying a token signed with
/// Data Protection (so every web node can read it) that names the session and the moment it was made; the screen makes
/// a new one every <see cref="TokenRefresh"/> and a token is accepted for <see cref="TokenLifetime"/>. A valid scan
/// turns into a longer-lived pass, so that a learner who first has to sign in (an SMS code takes a minute or two) is
/// still checked in for the class they scanned at. The check-in itself and the staff's attendance sheet are learning
/// events: <see cref="LearningEventService"/> records them.
/// </summary>
public sealed class AttendanceService(AppDbContext db, TimeProvider clock, IDataProtectionProvider protection)
{
    public static readonly TimeSpan TokenRefresh = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan PassLifetime = TimeSpan.FromMinutes(15);

    private readonly IDataProtector _tokens = protection.CreateProtector("CtecSkills.Attendance.CheckInToken.v1");
    private readonly IDataProtector _passes = protection.CreateProtector("CtecSkills.Attendance.CheckInPass.v1");

    public string IssueToken(int sessionId) => _tokens.Protect(Payload(sessionId, clock.GetUtcNow()));

    /// <summary>Reads a scanned token: for this session and not older than a minute.</summary>
    public TokenReading ReadToken(int sessionId, string? token) => Read(_tokens, sessionId, token, TokenLifetime);

    /// <summary>The pass a valid scan is exchanged for; it carries the time of the scan, not of the sign-in.</summary>
    public string IssuePass(int sessionId) => _passes.Protect(Payload(sessionId, clock.GetUtcNow()));

    public TokenReading ReadPass(int sessionId, string? pass) => Read(_passes, sessionId, pass, PassLifetime);

    public Task<SessionSummary?> FindSessionAsync(int sessionId, CancellationToken ct) =>
        Summaries(db.CohortSessions.Where(s => s.Id == sessionId)).FirstOrDefaultAsync(ct);

    /// <summary>A session as its staff see it; null when it is not the actor's base.</summary>
    public Task<SessionSummary?> FindSessionAsync(int sessionId, BaseActor actor, CancellationToken ct) =>
        Summaries(db.CohortSessions.ManagedBy(actor).Where(s => s.Id == sessionId)).FirstOrDefaultAsync(ct);

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
            .Select(e => new { e.Id, e.User!.DisplayName, e.User.PhoneNumber })
            .ToListAsync(ct);
        return new(session, [.. learners.Select(l => new AttendanceLine(l.Id, l.DisplayName, l.PhoneNumber,
            marks.TryGetValue(l.Id, out var m) ? m : null))]);
    }

    private static IQueryable<SessionSummary> Summaries(IQueryable<CohortSession> sessions) => sessions.AsNoTracking()
        .Select(s => new SessionSummary(s.Id, s.CohortId, s.Cohort!.Name, s.Cohort.Course!.Title, s.Cohort.Course.Slug,
            s.StartsAt, s.EndsAt, s.Place, s.Hours));

    private static string Payload(int sessionId, DateTimeOffset at) =>
        string.Create(CultureInfo.InvariantCulture, $"{sessionId}:{at.ToUnixTimeSeconds()}");

    private TokenReading Read(IDataProtector protector, int sessionId, string? value, TimeSpan lifetime)
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
        var parts = payload.Split(':');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var forSession)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return new(TokenCheck.Invalid);
        }
        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (forSession != sessionId)
        {
            return new(TokenCheck.OtherSession, issuedAt);
        }
        var age = clock.GetUtcNow() - issuedAt;
        // A little slack backwards for a node whose clock runs ahead of the one that drew the code.
        return age > lifetime || age < TimeSpan.FromSeconds(-5) ? new(TokenCheck.Expired, issuedAt) : new(TokenCheck.Valid, issuedAt);
    }
}
