using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CtecSkills.Core.Audit;
using CtecSkills.Core.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.Core.Credentials;

/// <summary>A private signing key for the issuing code only; dispose it when done.</summary>
public sealed record IssuerSigningKey(int TrainingBaseId, string KeyId, RSA Key) : IDisposable
{
    public void Dispose() => Key.Dispose();
}

/// <summary>
/// RS256 keys per issuer (training base): created on first need, private halves encrypted with ASP.NET Core Data
/// Protection (the database alone cannot sign), public halves published. Rotation retires the current key, which
/// stays published so that what it signed still verifies. A key an admin marks compromised is retired too, and what
/// it signed from the stated moment on no longer verifies (docs/decisions/0020).
/// </summary>
public sealed class IssuerKeyStore(
    AppDbContext db, IDataProtectionProvider protection, CredentialUrls urls, TimeProvider clock, PublicKeyCache cache, CompromisedKeyCache compromised,
    CacheInvalidation invalidation)
{
    /// <summary>The Data Protection purpose: a protector for anything else cannot read these keys.</summary>
    public const string ProtectionPurpose = "CtecSkills.Credentials.IssuerPrivateKey.v1";

    private const int KeySize = 2048;

    private IDataProtector Protector => protection.CreateProtector(ProtectionPurpose);

    /// <summary>The issuer's current key, created now if it has none.</summary>
    public async Task<IssuerSigningKey> GetSigningKeyAsync(int baseId, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var current = await db.IssuerKeys.AsNoTracking().FirstOrDefaultAsync(k => k.TrainingBaseId == baseId && k.RetiredAt == null, ct);
            if (current is not null)
            {
                return new IssuerSigningKey(baseId, current.KeyId, Unprotect(current));
            }
            try
            {
                var created = await CreateAsync(baseId, ct);
                return new IssuerSigningKey(baseId, created.KeyId, Unprotect(created));
            }
            catch (DbUpdateException e) when (attempt < 2 && UniqueViolation.Is(e))
            {
                // Another request created the first key at the same moment (the filtered unique index): use theirs.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>Retires the current key and makes a new one; false when the base does not exist.</summary>
    public async Task<bool> RotateAsync(int baseId, CancellationToken ct)
    {
        if (!await db.TrainingBases.AnyAsync(b => b.Id == baseId, ct))
        {
            return false;
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow();
        await db.IssuerKeys.Where(k => k.TrainingBaseId == baseId && k.RetiredAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RetiredAt, now), ct);
        await CreateAsync(baseId, ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>
    /// Marks one of the issuer's keys compromised from <paramref name="from"/> on (not later than now), with the admin's
    /// reason, audited. A current key is retired and replaced at once, so nothing new is signed with it.
    /// </summary>
    public async Task<KeyCompromiseResult> MarkCompromisedAsync(int baseId, int keyId, DateTimeOffset from, string? reason, string adminUserId,
        CancellationToken ct)
    {
        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason))
        {
            return KeyCompromiseResult.ReasonRequired;
        }
        if (reason.Length > CredentialLimits.ReasonLength)
        {
            return KeyCompromiseResult.ReasonTooLong;
        }
        var now = clock.GetUtcNow();
        // PostgreSQL's timestamptz takes UTC only; the admin typed Beijing time.
        from = from.ToUniversalTime();
        if (from > now)
        {
            return KeyCompromiseResult.MomentInFuture;
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var key = await db.IssuerKeys.FirstOrDefaultAsync(k => k.Id == keyId && k.TrainingBaseId == baseId, ct);
        if (key is null)
        {
            return KeyCompromiseResult.NotFound;
        }
        // Conditional, so that two admins pressing at once record one moment and one replacement key.
        var marked = await db.IssuerKeys.Where(k => k.Id == keyId && k.CompromisedAt == null).ExecuteUpdateAsync(s => s
            .SetProperty(k => k.CompromisedAt, from)
            .SetProperty(k => k.CompromiseReason, reason)
            .SetProperty(k => k.RetiredAt, k => k.RetiredAt ?? now), ct);
        if (marked == 0)
        {
            return KeyCompromiseResult.AlreadyCompromised;
        }
        if (key.RetiredAt is null)
        {
            db.Entry(key).State = EntityState.Detached;
            await CreateAsync(baseId, ct);
        }
        db.Audit(now, adminUserId, AuditActions.CompromiseIssuerKey, AuditActions.IssuerKeySubject(keyId), baseId,
            $"{OpenBadgeCredentialBuilder.FormatDate(from)} {reason}");
        // Every node forgets the compromised set when this commits (the mark is an ExecuteUpdate, unseen by the tracker).
        invalidation.Expect(db, compromised);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return KeyCompromiseResult.Done;
    }

    /// <summary>From when a key is compromised; null when it is not (or unknown).</summary>
    public async ValueTask<DateTimeOffset?> CompromisedAtAsync(string keyId, CancellationToken ct)
    {
        var known = compromised.Find() ?? compromised.Remember(
            (await db.IssuerKeys.AsNoTracking().Where(k => k.CompromisedAt != null).Select(k => new { k.KeyId, k.CompromisedAt }).ToListAsync(ct))
                .ToDictionary(k => k.KeyId, k => k.CompromisedAt!.Value, StringComparer.Ordinal));
        return known.TryGetValue(keyId, out var at) ? at : null;
    }

    /// <summary>Every public key ever used, current and retired: the JWKS.</summary>
    public async Task<JsonObject> JwksAsync(int? baseId, CancellationToken ct)
    {
        var keys = await db.IssuerKeys.AsNoTracking()
            .Where(k => baseId == null || k.TrainingBaseId == baseId)
            .OrderBy(k => k.Id)
            .Select(k => k.PublicJwk)
            .ToListAsync(ct);
        return new JsonObject { ["keys"] = new JsonArray(keys.Select(k => JsonNode.Parse(k)).ToArray()) };
    }

    /// <summary>The public key for a <c>kid</c> and the issuer id it belongs to, for <see cref="VcJwt.VerifyAsync"/>.</summary>
    public async ValueTask<VcJwtKey?> FindPublicAsync(string keyId, CancellationToken ct)
    {
        if (cache.Find(keyId) is { } known)
        {
            return known;
        }
        var key = await db.IssuerKeys.AsNoTracking()
            .Where(k => k.KeyId == keyId)
            .Select(k => new { k.TrainingBaseId, k.PublicJwk })
            .FirstOrDefaultAsync(ct);
        if (key is null)
        {
            return null;
        }
        return cache.Remember(new VcJwtKey(keyId, urls.Issuer(key.TrainingBaseId).AbsoluteUri, JsonWebKeys.FromPublicJwk((JsonObject)JsonNode.Parse(key.PublicJwk)!)));
    }

    /// <summary>Key ids and dates for the admin page; nothing secret.</summary>
    public Task<List<IssuerKeySummary>> ListAsync(int baseId, CancellationToken ct) =>
        db.IssuerKeys.AsNoTracking()
            .Where(k => k.TrainingBaseId == baseId)
            .OrderByDescending(k => k.Id)
            .Select(k => new IssuerKeySummary(k.Id, k.KeyId, k.CreatedAt, k.RetiredAt, k.CompromisedAt, k.CompromiseReason))
            .ToListAsync(ct);

    private async Task<IssuerKey> CreateAsync(int baseId, CancellationToken ct)
    {
        using var rsa = RSA.Create(KeySize);
        var keyId = urls.IssuerKeyId(baseId, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));
        var key = new IssuerKey
        {
            TrainingBaseId = baseId,
            KeyId = keyId,
            PublicJwk = JsonWebKeys.ToPublicJwk(rsa, keyId).ToJsonString(),
            ProtectedPrivateKey = Convert.ToBase64String(Protector.Protect(rsa.ExportPkcs8PrivateKey())),
            CreatedAt = clock.GetUtcNow(),
        };
        db.IssuerKeys.Add(key);
        await db.SaveChangesAsync(ct);
        db.Entry(key).State = EntityState.Detached;
        return key;
    }

    private RSA Unprotect(IssuerKey key)
    {
        var pkcs8 = Protector.Unprotect(Convert.FromBase64String(key.ProtectedPrivateKey));
        var rsa = RSA.Create();
        try
        {
            rsa.ImportPkcs8PrivateKey(pkcs8, out _);
            return rsa;
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }
}

public sealed record IssuerKeySummary(int Id, string KeyId, DateTimeOffset CreatedAt, DateTimeOffset? RetiredAt,
    DateTimeOffset? CompromisedAt, string? CompromiseReason);

public enum KeyCompromiseResult
{
    Done,
    NotFound,
    ReasonRequired,
    ReasonTooLong,
    MomentInFuture,

    /// <summary>The moment could not be read (the form's field, not the store, decides this).</summary>
    MomentInvalid,
    AlreadyCompromised,
}
