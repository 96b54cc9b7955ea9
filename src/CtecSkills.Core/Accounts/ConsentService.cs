using CtecSkills.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.Core.Accounts;

public enum ConsentStanding
{
    /// <summary>The latest step gives consent to the notice in force.</summary>
    Current,

    /// <summary>Consent was given to an earlier notice: asked again at sign-in.</summary>
    EarlierVersion,

    /// <summary>Registered by a roster and never signed in to accept: data used only to run the class.</summary>
    NeverGiven,

    /// <summary>The latest step withdrew consent.</summary>
    Withdrawn,
}

public sealed record ConsentState(ConsentStanding Standing, IReadOnlyList<ConsentRecord> History);

/// <summary>
/// Keeps each person's consent to the privacy notice as a history of steps. The history is the record;
/// <see cref="AppUser.PrivacyNoticeVersion"/> and <see cref="AppUser.PrivacyAcceptedAt"/> mirror its latest "given"
/// step (both empty after a withdrawal) and are written only here, with the step, in one save.
/// </summary>
public sealed class ConsentService(AppDbContext db, TimeProvider clock)
{
    /// <summary>Whether someone who accepted <paramref name="acceptedVersion"/> may use the learner pages without being asked again.</summary>
    public static bool IsCurrent(string? acceptedVersion) => acceptedVersion == PrivacyNotice.CurrentVersion;

    /// <summary>
    /// Whether the person's learning may be counted in the index: their consent stands (to this or an earlier
    /// notice, which also stated the counting). Roster-registered people who never accepted, and people who withdrew,
    /// are not counted.
    /// </summary>
    public static bool AllowsIndex(AppUser learner)
    {
        ArgumentNullException.ThrowIfNull(learner);
        return learner.PrivacyNoticeVersion is not null;
    }

    /// <summary>Consent given to the current notice; the caller adds the returned step and saves it with the user.</summary>
    internal static ConsentRecord Give(AppUser user, ConsentWay way, DateTimeOffset at)
    {
        user.PrivacyNoticeVersion = PrivacyNotice.CurrentVersion;
        user.PrivacyAcceptedAt = at;
        return new() { UserId = user.Id, NoticeVersion = PrivacyNotice.CurrentVersion, At = at, Given = true, Way = way };
    }

    public async Task<ConsentState?> StateAsync(string userId, CancellationToken ct)
    {
        var version = await db.Users.Where(u => u.Id == userId).Select(u => new { u.PrivacyNoticeVersion }).FirstOrDefaultAsync(ct);
        if (version is null)
        {
            return null;
        }
        var history = await db.ConsentRecords.AsNoTracking().Where(r => r.UserId == userId).OrderBy(r => r.Id).ToListAsync(ct);
        var standing = version.PrivacyNoticeVersion switch
        {
            null when history.Count == 0 => ConsentStanding.NeverGiven,
            null => ConsentStanding.Withdrawn,
            var v when IsCurrent(v) => ConsentStanding.Current,
            _ => ConsentStanding.EarlierVersion,
        };
        return new(standing, history);
    }

    /// <summary>
    /// The person accepts the current notice on their consent page: at their first sign-in after a roster import, when
    /// the notice changed, or after withdrawing. Pressing twice (or in two tabs) records one step.
    /// </summary>
    public async Task<bool> AcceptAsync(string userId, CancellationToken ct)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null)
        {
            return false;
        }
        if (IsCurrent(user.PrivacyNoticeVersion))
        {
            return true;
        }
        var latest = await db.ConsentRecords.Where(r => r.UserId == userId).OrderByDescending(r => r.Id).Select(r => (bool?)r.Given).FirstOrDefaultAsync(ct);
        var way = latest switch
        {
            null => ConsentWay.FirstSignInAfterRoster,
            true => ConsentWay.NewVersion,
            false => ConsentWay.GivenAgain,
        };
        db.ConsentRecords.Add(Give(user, way, clock.GetUtcNow()));
        return await SaveOnceAsync(user, ct);
    }

    /// <summary>
    /// The person withdraws consent: no new enrollments and no new index facts from now on; credentials already issued
    /// keep verifying; they can still delete the account or consent again. False when there was no consent to withdraw.
    /// </summary>
    public async Task<bool> WithdrawAsync(string userId, CancellationToken ct)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user?.PrivacyNoticeVersion is not { } version)
        {
            return false;
        }
        db.ConsentRecords.Add(new ConsentRecord { UserId = userId, NoticeVersion = version, At = clock.GetUtcNow(), Given = false, Way = ConsentWay.Withdrawn });
        user.PrivacyNoticeVersion = null;
        user.PrivacyAcceptedAt = null;
        return await SaveOnceAsync(user, ct);
    }

    /// <summary>Whether the person withdrew consent and has not given it again (they take no new places).</summary>
    public Task<bool> HasWithdrawnAsync(string userId, CancellationToken ct) =>
        db.Users.AnyAsync(u => u.Id == userId && u.PrivacyNoticeVersion == null && db.ConsentRecords.Any(r => r.UserId == u.Id), ct);

    /// <summary>Of these phones, those whose owner withdrew consent and has not given it again.</summary>
    public async Task<HashSet<string>> WithdrawnPhonesAsync(IReadOnlyCollection<string> phones, CancellationToken ct) =>
        (await db.Users
            .Where(u => u.PhoneNumber != null && phones.Contains(u.PhoneNumber) && u.PrivacyNoticeVersion == null && db.ConsentRecords.Any(r => r.UserId == u.Id))
            .Select(u => u.PhoneNumber!)
            .ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);

    // The concurrency stamp makes two presses at once record one step: the second save finds the row changed.
    private async Task<bool> SaveOnceAsync(AppUser user, CancellationToken ct)
    {
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }
}
