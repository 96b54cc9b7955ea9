using System.Globalization;
using System.Text.RegularExpressions;
using CtecSkills.Core.Accounts;
using CtecSkills.Core.Audit;
using CtecSkills.Core.Credentials;
using CtecSkills.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.Core.Privacy;

/// <summary>What becomes of one credential when its holder erases the account.</summary>
public enum CredentialFate
{
    /// <summary>Stays verifiable; the holder is shown as <see cref="IssuedCredential.ErasedHolder"/>.</summary>
    Keep,

    /// <summary>Revoked (the status list is republished), then unlinked like a kept one.</summary>
    Revoke,
}

/// <summary>A credential the holder must decide about before erasing the account.</summary>
public sealed record ErasableCredential(string Code, string AchievementName, string IssuerName, DateTimeOffset IssuedAt, bool IsSuspended);

/// <summary>What an erasure page shows first: the account as the person (or the admin) knows it, and its live credentials.</summary>
public sealed record ErasurePreview(string DisplayName, string? Phone, bool IsLearnerOnly, IReadOnlyList<ErasableCredential> Credentials);

/// <summary>
/// Who asks: <see cref="Self"/> for the learner, or an admin acting on a written request (their own id goes in the
/// audit entry, with the request's reference).
/// </summary>
public sealed record ErasureRequester(string? AdminUserId, string? Reference)
{
    public static readonly ErasureRequester Self = new(null, null);
}

public sealed record ErasureInput(
    string UserId,
    IReadOnlyDictionary<string, CredentialFate> Fates,
    ErasureRequester Requester,
    string RevocationReason);

public enum ErasureOutcome
{
    Erased,

    /// <summary>No such account (any more): a second request for the same erasure lands here.</summary>
    NotFound,

    /// <summary>Staff, admin, analyst and verifier accounts are closed by an admin in other ways, not erased here.</summary>
    NotALearner,

    /// <summary>A live credential has no choice (keep or revoke): nothing was done.</summary>
    ChoiceMissing,
}

public sealed record ErasureResult(ErasureOutcome Outcome, int Kept = 0, int Revoked = 0);

/// <summary>
/// Erases a learner's account (PIPL art. 47, docs/decisions/0024): personal data goes in one transaction, seats and
/// credentials stay anonymous, facts keep only their keyed pseudonym, and one audit entry without the account id says
/// it happened.
/// </summary>
public sealed class AccountErasureService(AppDbContext db, StatusListPublisher statusLists, TimeProvider clock)
{
    /// <summary>The actor written over audit entries the erased person made.</summary>
    public const string ErasedActor = "erased";

    /// <summary>The subject written over audit entries about the erased person, and the subject of the erasure's own entry.</summary>
    public const string ErasedSubject = "account:erased";

    /// <summary>What replaces the person's name, phone or id inside a stored text (an audit reason, a request reference).</summary>
    public const string Redacted = "—";

    private const int ShortestRedactedName = 2;

    public async Task<ErasurePreview?> PreviewAsync(string userId, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null)
        {
            return null;
        }
        var roles = await RolesOfAsync(userId, ct);
        var credentials = await db.IssuedCredentials.AsNoTracking()
            .Where(c => c.UserId == userId && c.RevokedAt == null)
            .OrderBy(c => c.Id)
            .Select(c => new ErasableCredential(c.VerificationCode, c.Achievement!.Name, c.IssuerBase!.Name, c.IssuedAt, c.SuspendedAt != null))
            .ToListAsync(ct);
        return new(user.DisplayName, user.PhoneNumber, IsLearnerOnly(roles), credentials);
    }

    /// <summary>
    /// Erases the account. The first statement claims the account row, so a second erasure (or a sign-in writing to
    /// it) waits for this one and then finds nothing; the issuing job cannot store a credential for the account
    /// afterwards (its holder key no longer exists). Status lists of revoked credentials are republished after commit.
    /// </summary>
    public async Task<ErasureResult> EraseAsync(ErasureInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var now = clock.GetUtcNow();
        var strategy = db.Database.CreateExecutionStrategy();
        var (result, republish) = await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var stamp = Guid.NewGuid().ToString();
            var claimed = await db.Users.Where(u => u.Id == input.UserId)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.ConcurrencyStamp, stamp), ct);
            if (claimed == 0)
            {
                return (new ErasureResult(ErasureOutcome.NotFound), Array.Empty<(int, int)>());
            }
            var user = await db.Users.AsNoTracking().FirstAsync(u => u.Id == input.UserId, ct);
            if (!IsLearnerOnly(await RolesOfAsync(user.Id, ct)))
            {
                return (new ErasureResult(ErasureOutcome.NotALearner), Array.Empty<(int, int)>());
            }

            var credentials = await db.IssuedCredentials.Where(c => c.UserId == user.Id).ToListAsync(ct);
            var live = credentials.Where(c => c.RevokedAt is null).ToList();
            if (live.Any(c => !input.Fates.ContainsKey(c.VerificationCode)))
            {
                return (new ErasureResult(ErasureOutcome.ChoiceMissing), Array.Empty<(int, int)>());
            }
            var revoked = live.Where(c => input.Fates[c.VerificationCode] == CredentialFate.Revoke).ToList();
            foreach (var credential in revoked)
            {
                credential.Revoke(now, input.RevocationReason);
            }
            foreach (var credential in credentials)
            {
                credential.UserId = null;
                credential.HolderName = null;
            }

            await EraseRowsAsync(user, ct);
            await RewriteAuditAsync(user, ct);
            db.Audit(now, input.Requester.AdminUserId ?? "self", AuditActions.EraseAccount, ErasedSubject,
                reason: Reason(live.Count - revoked.Count, revoked.Count, Redact(input.Requester.Reference, user)));
            await db.SaveChangesAsync(ct);
            await db.Users.Where(u => u.Id == user.Id).ExecuteDeleteAsync(ct);
            await transaction.CommitAsync(ct);
            return (new ErasureResult(ErasureOutcome.Erased, live.Count - revoked.Count, revoked.Count),
                revoked.Select(c => (c.IssuerBaseId, c.StatusListSequence)).Distinct().ToArray());
        });
        if (result.Outcome != ErasureOutcome.Erased)
        {
            return result;
        }

        // After commit, from the committed rows; if this fails, the minute sweep republishes the stale lists.
        foreach (var (baseId, sequence) in republish)
        {
            await statusLists.PublishAsync(baseId, StatusPurpose.Revocation, sequence, ct);
        }
        await ForgetDeletedPagesAsync(ct);
        return result;
    }

    /// <summary>
    /// Rows the account owns or that name its phone: progress, attempts, attendance, reminders, share links (their
    /// items and views go with them), wallet offers, codes and messages, pending issuance. Enrollments stay as anonymous seats.
    /// </summary>
    private async Task EraseRowsAsync(AppUser user, CancellationToken ct)
    {
        var id = user.Id;
        var enrollmentIds = await db.Enrollments.Where(e => e.UserId == id).Select(e => e.Id).ToListAsync(ct);
        await db.Attendance.Where(a => enrollmentIds.Contains(a.EnrollmentId)).ExecuteDeleteAsync(ct);
        await db.AttendanceStrikes.Where(s => enrollmentIds.Contains(s.EnrollmentId)).ExecuteDeleteAsync(ct);
        await db.IssuanceRequests.Where(r => enrollmentIds.Contains(r.EnrollmentId)).ExecuteDeleteAsync(ct);
        await db.Enrollments.Where(e => e.UserId == id).ExecuteUpdateAsync(s => s.SetProperty(e => e.UserId, (string?)null), ct);
        await db.LessonProgress.Where(p => p.UserId == id).ExecuteDeleteAsync(ct);
        await db.KeyedSteps.Where(k => k.UserId == id).ExecuteDeleteAsync(ct);
        await db.QuizAttempts.Where(a => a.UserId == id).ExecuteDeleteAsync(ct);
        await db.RemindersSent.Where(r => r.UserId == id).ExecuteDeleteAsync(ct);
        await db.PortfolioShares.Where(s => s.UserId == id).ExecuteDeleteAsync(ct);
        await db.WalletOffers.Where(o => o.UserId == id).ExecuteDeleteAsync(ct);
        await db.VerifierApplications.Where(a => a.UserId == id).ExecuteDeleteAsync(ct);
        await db.VerificationLogs.Where(l => l.UserId == id).ExecuteDeleteAsync(ct);
        await db.OutboundMessages.Where(m => m.Key.Contains(id)).ExecuteDeleteAsync(ct);
        if (user.PhoneNumber is { } phone)
        {
            await db.SmsCodes.Where(c => c.Phone == phone).ExecuteDeleteAsync(ct);
            await db.SmsOutbox.Where(m => m.Phone == phone).ExecuteDeleteAsync(ct);
            await db.OutboundMessages.Where(m => m.Phone == phone).ExecuteDeleteAsync(ct);
        }
        if (user.Email is { } email)
        {
            await db.MailOutbox.Where(m => m.To == email).ExecuteDeleteAsync(ct);
        }
    }

    /// <summary>Entries the person made, or whose subject or reason names them, keep what happened but not who.</summary>
    private async Task RewriteAuditAsync(AppUser user, CancellationToken ct)
    {
        var id = user.Id;
        var phone = user.PhoneNumber;
        // Redact finds the phone however it was written (138 0013 8000, 138-0013-8000, +86…); SQL cannot, so the query
        // looks for its last four digits, which those forms keep together, and Redact decides.
        var phoneTail = phone?[^4..];
        var name = user.DisplayName.Length >= ShortestRedactedName ? user.DisplayName : null;
        await db.AuditLog.Where(a => a.ActorUserId == id).ExecuteUpdateAsync(s => s.SetProperty(a => a.ActorUserId, ErasedActor), ct);
        var naming = await db.AuditLog
            .Where(a => a.Subject.Contains(id) || (a.Reason != null && a.Reason.Contains(id))
                || (phoneTail != null && (a.Subject.Contains(phoneTail) || (a.Reason != null && a.Reason.Contains(phoneTail))))
                || (name != null && (a.Subject.Contains(name) || (a.Reason != null && a.Reason.Contains(name)))))
            .ToListAsync(ct);
        foreach (var entry in naming)
        {
            if (Redact(entry.Subject, user) != entry.Subject)
            {
                entry.Subject = ErasedSubject;
            }
            entry.Reason = Redact(entry.Reason, user);
        }
    }

    private static string? Redact(string? text, AppUser user)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }
        text = text.Replace(user.Id, Redacted, StringComparison.OrdinalIgnoreCase);
        if (user.PhoneNumber is { } phone)
        {
            // However it was written: 13800138000, 138 0013 8000, 138-0013-8000, +86 138….
            var written = @"(?:\+?86[\s-]*)?" + string.Join(@"[\s-]*", phone.Where(char.IsAsciiDigit));
            text = Regex.Replace(text, written, Redacted, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        if (user.DisplayName.Length >= ShortestRedactedName)
        {
            text = text.Replace(user.DisplayName, Redacted, StringComparison.OrdinalIgnoreCase);
        }
        return text;
    }

    private static string Reason(int kept, int revoked, string? reference)
    {
        var counts = string.Create(CultureInfo.InvariantCulture, $"kept={kept} revoked={revoked}");
        var reason = string.IsNullOrWhiteSpace(reference) ? counts : counts + " " + reference.Trim();
        return reason.Length > AuditEntry.ReasonLength ? reason[..AuditEntry.ReasonLength] : reason;
    }

    private Task<List<string>> RolesOfAsync(string userId, CancellationToken ct) =>
        (from ur in db.UserRoles
         join r in db.Roles on ur.RoleId equals r.Id
         where ur.UserId == userId
         select r.Name!).ToListAsync(ct);

    private static bool IsLearnerOnly(List<string> roles) => roles is [Roles.Learner];

    /// <summary>
    /// SQLite connections run with <c>secure_delete</c> (the deleted rows were zeroed in their pages); the checkpoint
    /// moves those pages from the write-ahead log into the file and empties the log, so neither a copy of the file nor a
    /// backup made now holds the erased bytes. PostgreSQL: pg_dump copies live rows only.
    /// </summary>
    private async Task ForgetDeletedPagesAsync(CancellationToken ct)
    {
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", ct);
        }
    }
}
