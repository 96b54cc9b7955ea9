using CtecSkills.Core.Audit;
using CtecSkills.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CtecSkills.Core.Credentials;

public sealed record ReissueResult(int Reissued, int Skipped);

/// <summary>
/// After an admin marks a signing key compromised: re-issues, with the issuer's current key, every live credential the
/// key signed. Each replacement is its own transaction: the old credential is revoked and names its replacement, the
/// new one takes its place in the learner's wallet (one live credential per enrollment and achievement). Idempotent:
/// a credential already replaced is skipped, so the job may run twice, concurrently or after a crash.
/// </summary>
public sealed partial class CredentialReissuer(
    AppDbContext db,
    SignedCredentialBuilder builder,
    StatusIndexAllocator statusIndexes,
    StatusListPublisher statusLists,
    TimeProvider clock,
    ILogger<CredentialReissuer> logger)
{
    /// <summary>
    /// How many live credentials the compromised key <paramref name="keyId"/> of the base signed, audited as the admin's
    /// request to re-issue them; null when the key is not the base's or not marked compromised.
    /// </summary>
    public async Task<int?> StartAsync(int baseId, int keyId, string adminUserId, CancellationToken ct)
    {
        var key = await CompromisedKeyAsync(keyId, ct);
        if (key is null || key.TrainingBaseId != baseId)
        {
            return null;
        }
        var count = await Live(key.KeyId, clock.GetUtcNow()).CountAsync(ct);
        db.Audit(clock.GetUtcNow(), adminUserId, AuditActions.StartReissue, AuditActions.IssuerKeySubject(keyId), baseId,
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{count}"));
        await db.SaveChangesAsync(ct);
        return count;
    }

    /// <summary>The job: re-issues what the compromised key signed and republishes the status lists it changed.</summary>
    public async Task<ReissueResult> ReissueAsync(int keyId, string adminUserId, CancellationToken ct)
    {
        var key = await CompromisedKeyAsync(keyId, ct);
        if (key is null)
        {
            return new ReissueResult(0, 0);
        }
        var ids = await Live(key.KeyId, clock.GetUtcNow()).OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(ct);
        var reissued = 0;
        var lists = new HashSet<(StatusPurpose Purpose, int Sequence)>();
        try
        {
            foreach (var id in ids)
            {
                if (await ReissueOneAsync(id, key.CompromiseReason!, adminUserId, lists, ct))
                {
                    reissued++;
                }
            }
        }
        finally
        {
            builder.ReleaseKeys();
            statusIndexes.Forget();
        }
        // After the commits; if this fails, the minute sweep republishes the stale lists.
        foreach (var (purpose, sequence) in lists)
        {
            await statusLists.PublishAsync(key.TrainingBaseId, purpose, sequence, ct);
        }
        LogReissued(logger, reissued, ids.Count - reissued, key.KeyId);
        return new ReissueResult(reissued, ids.Count - reissued);
    }

    private async Task<bool> ReissueOneAsync(long id, string reason, string adminUserId, HashSet<(StatusPurpose, int)> lists, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var old = await db.IssuedCredentials.AsNoTracking().FirstAsync(c => c.Id == id, ct);
                var now = clock.GetUtcNow();
                var validFrom = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
                if (old.ReplacedByCredentialId is not null || old.RevokedAt is not null || old.ValidUntil <= validFrom)
                {
                    return false;
                }
                var draft = await builder.RedraftAsync(old, validFrom, await statusIndexes.AllocateAsync(old.IssuerBaseId, ct), ct);
                builder.Sign([draft]);
                var replacement = draft.Credential;
                // Conditional: a second run that read the same row before this one committed changes nothing.
                var taken = await db.IssuedCredentials
                    .Where(c => c.Id == id && c.ReplacedByCredentialId == null && c.RevokedAt == null)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(c => c.RevokedAt, now)
                        .SetProperty(c => c.StatusChangedAt, now)
                        .SetProperty(c => c.StatusReason, reason)
                        .SetProperty(c => c.ReplacedByCredentialId, replacement.CredentialId), ct);
                if (taken == 0)
                {
                    return false;
                }
                if (old.SuspendedAt is not null)
                {
                    // A suspension is the base's decision about the learner, not about the key: it carries over.
                    replacement.SuspendedAt = old.SuspendedAt;
                    replacement.StatusReason = old.StatusReason;
                    replacement.StatusChangedAt = now;
                    lists.Add((StatusPurpose.Suspension, replacement.StatusListSequence));
                }
                db.IssuedCredentials.Add(replacement);
                db.Audit(now, adminUserId, AuditActions.ReissueCredential, AuditActions.CredentialSubject(old.VerificationCode), old.IssuerBaseId,
                    replacement.VerificationCode);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                lists.Add((StatusPurpose.Revocation, old.StatusListSequence));
                return true;
            }
            catch (DbUpdateException e) when (attempt < 3 && UniqueViolation.Is(e))
            {
                // Another process drew the same status index or code: draw again.
                statusIndexes.Forget();
            }
        }
    }

    private sealed record CompromisedKey(string KeyId, int TrainingBaseId, string? CompromiseReason);

    private Task<CompromisedKey?> CompromisedKeyAsync(int keyId, CancellationToken ct) =>
        db.IssuerKeys.AsNoTracking().Where(k => k.Id == keyId && k.CompromisedAt != null)
            .Select(k => new CompromisedKey(k.KeyId, k.TrainingBaseId, k.CompromiseReason)).FirstOrDefaultAsync(ct);

    /// <summary>
    /// Every credential the key signed that is still in a wallet and not expired: those signed before the compromise
    /// (still valid) and those after it (ours, but no verifier can tell them from a forgery now).
    /// </summary>
    private IQueryable<IssuedCredential> Live(string keyId, DateTimeOffset now) =>
        db.IssuedCredentials.Where(c => c.KeyId == keyId && c.ReplacedByCredentialId == null && c.RevokedAt == null
            && (c.ValidUntil == null || c.ValidUntil > now));

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-issued {Reissued} credentials signed by compromised key {KeyId} ({Skipped} skipped)")]
    private static partial void LogReissued(ILogger logger, int reissued, int skipped, string keyId);
}
