using CtecSkills.Core.Accounts;
using CtecSkills.Core.Audit;
using CtecSkills.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.Core.Privacy;

/// <summary>One kind of data as "我的数据" lists it: how many records, and for share links how often they were opened.</summary>
public sealed record PersonalDataKind(string Key, int Count, int? Views = null);

/// <summary>What an admin sees of a person found by phone: enough to recognise them, not their whole record.</summary>
public sealed record PersonSummary(
    string UserId, string DisplayName, string? MaskedPhone, IReadOnlyList<string> Roles, DateTimeOffset CreatedAt,
    string? PrivacyNoticeVersion, DateTimeOffset? PrivacyAcceptedAt, IReadOnlyList<PersonalDataKind> Kinds);

/// <summary>
/// Counts what the platform holds about a person, by kind, with the same queries the download is built from (as
/// COUNTs, without reading the rows), so that the page and the zip cannot disagree. Also finds a person by phone for an
/// admin, which leaves an audit entry.
/// </summary>
public sealed class PersonalDataInventory(AppDbContext db, PersonalDataCollector collector, TimeProvider clock)
{
    /// <summary>The kinds in the order the page lists them.</summary>
    public static readonly IReadOnlyList<string> KindKeys =
        ["profile", "enrollments", "progress", "quizzes", "attendance", "credentials", "shares", "consent", "verifications", "messages", "other"];

    // Sections counted in a kind of their own; the rest (requests behind the scenes, codes, audit, ...) count as "other".
    private static readonly Dictionary<string, string> KindOfSection = new(StringComparer.Ordinal)
    {
        ["profile"] = "profile",
        ["enrollments"] = "enrollments",
        ["lessonProgress"] = "progress",
        ["offlineSteps"] = "progress",
        ["quizAttempts"] = "quizzes",
        ["attendance"] = "attendance",
        ["attendanceStruck"] = "attendance",
        ["credentials"] = "credentials",
        ["shareLinks"] = "shares",
        ["consent"] = "consent",
        ["credentialVerifications"] = "verifications",
        ["messages"] = "messages",
    };

    // Views are counted with their links; roles and the development outboxes are not records of their own to a person.
    private static readonly HashSet<string> NotCounted = new(StringComparer.Ordinal) { "shareLinkViews", "shareLinkContents", "roles", "testSmsOutbox", "testMailOutbox" };

    public async Task<List<PersonalDataKind>?> KindsAsync(string userId, CancellationToken ct)
    {
        var sections = await collector.CountAsync(userId, ct);
        if (sections is null)
        {
            return null;
        }
        var counts = KindKeys.ToDictionary(k => k, _ => 0, StringComparer.Ordinal);
        foreach (var (section, count) in sections.Where(s => !NotCounted.Contains(s.Key)))
        {
            counts[KindOfSection.GetValueOrDefault(section, "other")] += count;
        }
        var views = sections["shareLinkViews"];
        return KindKeys.Select(k => new PersonalDataKind(k, counts[k], k == "shares" ? views : null)).ToList();
    }

    /// <summary>
    /// An admin looks a person up by phone (typed as people type it, normalized like sign-in). Every lookup is audited,
    /// found or not, with the account id as the only subject. Null when the phone is not a mobile number or nobody has it.
    /// </summary>
    public async Task<string?> FindByPhoneAsync(string? phone, string adminUserId, CancellationToken ct)
    {
        if (!PhoneNumber.TryNormalize(phone, out var normalized))
        {
            return null;
        }
        var userId = await db.Users.AsNoTracking().Where(u => u.PhoneNumber == normalized).Select(u => u.Id).FirstOrDefaultAsync(ct);
        db.Audit(clock.GetUtcNow(), adminUserId, AuditActions.FindPersonByPhone, userId is null ? AuditActions.NobodyFound : AuditActions.UserSubject(userId));
        await db.SaveChangesAsync(ct);
        return userId;
    }

    public async Task<PersonSummary?> SummaryAsync(string userId, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct);
        var kinds = user is null ? null : await KindsAsync(userId, ct);
        if (user is null || kinds is null)
        {
            return null;
        }
        var roles = await db.UserRoles.AsNoTracking().Where(r => r.UserId == userId)
            .Join(db.Roles, r => r.RoleId, r => r.Id, (_, r) => r.Name!).OrderBy(n => n).ToListAsync(ct);
        return new PersonSummary(user.Id, user.DisplayName, user.PhoneNumber is null ? null : PhoneNumber.Mask(user.PhoneNumber), roles,
            user.CreatedAt, user.PrivacyNoticeVersion, user.PrivacyAcceptedAt, kinds);
    }
}
