using System.Globalization;
using CtecSkills.Core.Cohorts;
using CtecSkills.Core.Data;
using CtecSkills.Core.Regions;
using CtecSkills.Core.Sms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CtecSkills.Core.Progress;

/// <param name="Queued">Texts queued in this run (the message job sends them, retrying while the gateway fails).</param>
/// <param name="Skipped">Learners another run had already texted today (their reminder row was there first).</param>
public sealed record ReminderRunResult(int Queued, int Skipped);

/// <summary>
/// Recurring job (hourly): texts each enrolled learner the day before a session of their cohort, and nudges learners
/// who have not studied an unfinished course for <see cref="InactiveAfter"/>. At most one text per learner per Beijing
/// day: the <see cref="ReminderSent"/> row (unique on learner and day) is written in one save with the queued text, so
/// runs that overlap, repeat or retry never text anyone twice, and a text is never queued without its row.
/// </summary>
public sealed class ReminderJob(
    AppDbContext db,
    TimeProvider clock,
    IOptions<SmsOptions> options,
    IStringLocalizer<ReminderJob> text)
{
    public const string RecurringJobId = "learner-reminders";
    public static readonly TimeSpan InactiveAfter = TimeSpan.FromDays(7);

    /// <summary>Beijing hours in which reminders go out: an hourly job must not wake people at night.</summary>
    public static readonly TimeOnly SendFrom = new(9, 0);
    public static readonly TimeOnly SendUntil = new(21, 0);

    private sealed record Due(string UserId, string Phone, string? Culture, ReminderKind Kind, string CourseTitle, DateTimeOffset? StartsAt, string? Place);

    public async Task<ReminderRunResult> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().ToUniversalTime();
        var local = now.ToOffset(BeijingTime.Offset);
        var hour = TimeOnly.FromDateTime(local.DateTime);
        if (hour < SendFrom || hour >= SendUntil)
        {
            return new(0, 0);
        }

        var today = DateOnly.FromDateTime(local.DateTime);
        int queued = 0, skipped = 0;
        foreach (var due in await FindDueAsync(now, today, ct))
        {
            var claim = new ReminderSent { UserId = due.UserId, Day = today, Kind = due.Kind, SentAt = now };
            if (await ClaimAsync(claim, due, now, ct))
            {
                queued++;
            }
            else
            {
                skipped++;
            }
        }
        return new(queued, skipped);
    }

    /// <summary>One text per learner: tomorrow's session wins over a nudge, the earliest session over later ones.</summary>
    private async Task<List<Due>> FindDueAsync(DateTimeOffset now, DateOnly today, CancellationToken ct)
    {
        var tomorrow = new DateTimeOffset(today.AddDays(1).ToDateTime(TimeOnly.MinValue), BeijingTime.Offset).ToUniversalTime();
        var dayAfter = tomorrow.AddDays(1);
        var sessions = await (
                from s in db.CohortSessions
                where s.StartsAt >= tomorrow && s.StartsAt < dayAfter
                from e in db.Enrollments
                where e.CohortId == s.CohortId && e.Status == EnrollmentStatus.Enrolled && e.User!.PhoneNumber != null
                    && !db.RemindersSent.Any(r => r.UserId == e.UserId && r.Day == today)
                orderby s.StartsAt
                select new Due(e.UserId!, e.User!.PhoneNumber!, e.User.Culture, ReminderKind.SessionTomorrow, e.Cohort!.Course!.Title, s.StartsAt, s.Place))
            .AsNoTracking().ToListAsync(ct);

        // One nudge per quiet spell: after it, the staff's at-risk flag takes over, not a text every day.
        var quietSince = now - InactiveAfter;
        var nudges = await db.Enrollments.AsNoTracking()
            .Where(e => e.Status == EnrollmentStatus.Enrolled && e.CompletedAt == null && e.User!.PhoneNumber != null)
            .Select(e => new { Enrollment = e, Last = e.LastActivityAt ?? e.EnrolledAt })
            .Where(x => x.Last != null && x.Last <= quietSince
                && !db.RemindersSent.Any(r => r.UserId == x.Enrollment.UserId
                    && (r.Day == today || (r.Kind == ReminderKind.Inactive && r.SentAt >= x.Last))))
            .OrderBy(x => x.Last)
            .Select(x => new Due(x.Enrollment.UserId!, x.Enrollment.User!.PhoneNumber!, x.Enrollment.User.Culture, ReminderKind.Inactive, x.Enrollment.Cohort!.Course!.Title, null, null))
            .ToListAsync(ct);

        return sessions.Concat(nudges).DistinctBy(d => d.UserId).ToList();
    }

    /// <summary>
    /// Writes today's reminder row with its text; false, and nothing queued, when a row for the learner and day exists
    /// (another run got there first).
    /// </summary>
    private async Task<bool> ClaimAsync(ReminderSent claim, Due due, DateTimeOffset now, CancellationToken ct)
    {
        db.RemindersSent.Add(claim);
        // The text's key repeats the row's (learner, day): whichever of the two indexes a racing run meets first, it
        // is the same "already texted today".
        db.QueueSms("reminder:" + claim.UserId + ":" + claim.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), due.Phone, Compose(due), now);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException e) when (UniqueViolation.Is<ReminderSent>(e, nameof(ReminderSent.UserId), nameof(ReminderSent.Day))
            || UniqueViolation.Is<OutboundMessage>(e, nameof(OutboundMessage.Key)))
        {
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private string Compose(Due due)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(due.Culture == "en" ? "en" : "zh-CN");
        try
        {
            var signature = options.Value.Signature;
            return due.Kind == ReminderKind.SessionTomorrow
                ? text["SessionTomorrow", signature, due.CourseTitle, due.StartsAt!.Value.ToOffset(BeijingTime.Offset).ToString("HH:mm", CultureInfo.InvariantCulture), due.Place!].Value
                : text["Inactive", signature, due.CourseTitle, InactiveAfter.Days, options.Value.SignInUrl].Value;
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
