using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CtecSkills.Core.Audit;
using CtecSkills.Core.Data;
using CtecSkills.Core.LinkedData;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.Core.Credentials;

/// <summary>
/// A private signing key for the issuing code only, dispose it when done: the RSA half signs the VC-JWT (<see cref="KeyId"/>
/// is its <c>kid</c>), the Ed25519 half the Data Integrity proof (<see cref="VerificationMethod"/> names it).
/// </summary>
public sealed record IssuerSigningKey(int TrainingBaseId, string KeyId, RSA Key, Ed25519KeyPair DataIntegrityKey, string VerificationMethod) : IDisposable
{
    public void Dispose() => Key.Dispose();
}

/// <summary>
/// An issuer's Ed25519 public key as a Data Integrity verifier needs it: the key, the DID that controls it, and the
/// <see cref="KeyId"/> of the key pair it belongs to (whose compromise covers it).
/// </summary>
public sealed record DataIntegrityPublicKey(string VerificationMethod, string Controller, int TrainingBaseId, string KeyId, byte[] PublicKey);

/// <summary>
/// Signing keys per issuer (training base), each an RSA key (RS256, the VC-JWT) with an Ed25519 key (eddsa-rdfc-2022,
/// the Data Integrity proof) that live and die together: created on first need, private halves encrypted with ASP.NET
/// Core Data Protection (the database alone cannot sign), public halves published (JWKS and profile; the DID
/// document). Rotation retires the current pair, which stays published so that what it signed still verifies. A pair an
/// admin marks compromised is retired too, and what either half signed from the stated moment on no longer verifies
/// (docs/decisions/0020).
/// </summary>
public sealed class IssuerKeyStore(
    AppDbContext db, IDataProtectionProvider protection, CredentialUrls urls, TimeProvider clock, PublicKeyCache cache, CompromisedKeyCache compromised,
    CacheInvalidation invalidation)
{
    /// <summary>The Data Protection purpose: a protector for anything else cannot read these keys.</summary>
    public const string ProtectionPurpose = "CtecSkills.Credentials.IssuerPrivateKey.v1";

    /// <summary>The Data Protection purpose of the Ed25519 seeds.</summary>
    public const string Ed25519ProtectionPurpose = "CtecSkills.Credentials.IssuerEd25519Seed.v1";

    private const int KeySize = 2048;

    private IDataProtector Protector => protection.CreateProtector(ProtectionPurpose);

    private IDataProtector Ed25519Protector => protection.CreateProtector(Ed25519ProtectionPurpose);

    /// <summary>The issuer's current key, created now if it has none.</summary>
    public async Task<IssuerSigningKey> GetSigningKeyAsync(int baseId, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var current = await db.IssuerKeys.AsNoTracking().FirstOrDefaultAsync(k => k.TrainingBaseId == baseId && k.RetiredAt == null, ct);
            if (current is { ProtectedEd25519Seed: null })
            {
                // A key made before Data Integrity proofs: it gets its Ed25519 half now (whoever adds it first wins).
                var (publicKey, protectedSeed) = NewEd25519();
                await db.IssuerKeys.Where(k => k.Id == current.Id && k.ProtectedEd25519Seed == null).ExecuteUpdateAsync(s => s
                    .SetProperty(k => k.Ed25519PublicKeyMultibase, publicKey)
                    .SetProperty(k => k.ProtectedEd25519Seed, protectedSeed), ct);
                continue;
            }
            if (current is not null)
            {
                return Signing(current);
            }
            try
            {
                return Signing(await CreateAsync(baseId, ct));
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
        return cache.Remember(new VcJwtKey(keyId, urls.Issuer(key.TrainingBaseId).AbsoluteUri, JsonWebKeys.FromPublicJwk((JsonObject)JsonNode.Parse(key.PublicJwk)!))
        {
            IssuerDid = urls.IssuerDid(key.TrainingBaseId),
        });
    }

    /// <summary>
    /// The Ed25519 public key a Data Integrity proof names as its verification method (<c>did:web:…:issuers:12#z6Mk…</c>);
    /// null when the method is not one of ours. Like <see cref="FindPublicAsync"/>, a method names one key forever.
    /// </summary>
    public async ValueTask<DataIntegrityPublicKey?> FindVerificationMethodAsync(string? verificationMethod, CancellationToken ct)
    {
        if (verificationMethod is null)
        {
            return null;
        }
        if (cache.FindVerificationMethod(verificationMethod) is { } known)
        {
            return known;
        }
        var hash = verificationMethod.IndexOf('#', StringComparison.Ordinal);
        if (hash < 0 || !urls.TryParseIssuerDid(verificationMethod, out var baseId))
        {
            return null;
        }
        var multibase = verificationMethod[(hash + 1)..];
        // Only the exact form we write (no second spelling of one method) is worth a look-up.
        if (urls.VerificationMethod(baseId, multibase) != verificationMethod)
        {
            return null;
        }
        var key = await db.IssuerKeys.AsNoTracking()
            .Where(k => k.TrainingBaseId == baseId && k.Ed25519PublicKeyMultibase == multibase)
            .Select(k => new { k.KeyId })
            .FirstOrDefaultAsync(ct);
        if (key is null)
        {
            return null;
        }
        return cache.Remember(new DataIntegrityPublicKey(
            verificationMethod, urls.IssuerDid(baseId), baseId, key.KeyId, Ed25519Multikey.DecodePublicKey(multibase)));
    }

    /// <summary>
    /// The issuer's Ed25519 keys for its DID document: every key that has one, with the moment it was compromised, if it was.
    /// </summary>
    public Task<List<PublishedMultikey>> MultikeysAsync(int baseId, CancellationToken ct) =>
        db.IssuerKeys.AsNoTracking()
            .Where(k => k.TrainingBaseId == baseId && k.Ed25519PublicKeyMultibase != null)
            .OrderBy(k => k.Id)
            .Select(k => new PublishedMultikey(k.Ed25519PublicKeyMultibase!, k.CompromisedAt))
            .ToListAsync(ct);

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
        var (ed25519PublicKey, protectedSeed) = NewEd25519();
        var key = new IssuerKey
        {
            TrainingBaseId = baseId,
            KeyId = keyId,
            PublicJwk = JsonWebKeys.ToPublicJwk(rsa, keyId).ToJsonString(),
            ProtectedPrivateKey = Convert.ToBase64String(Protector.Protect(rsa.ExportPkcs8PrivateKey())),
            Ed25519PublicKeyMultibase = ed25519PublicKey,
            ProtectedEd25519Seed = protectedSeed,
            CreatedAt = clock.GetUtcNow(),
        };
        db.IssuerKeys.Add(key);
        await db.SaveChangesAsync(ct);
        db.Entry(key).State = EntityState.Detached;
        return key;
    }

    /// <summary>A new Ed25519 key: its Multikey and its seed, protected.</summary>
    private (string PublicKeyMultibase, string ProtectedSeed) NewEd25519()
    {
        var pair = Ed25519KeyPair.Generate();
        var seed = pair.ExportSeed();
        try
        {
            return (pair.PublicKeyMultibase, Convert.ToBase64String(Ed25519Protector.Protect(seed)));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    private IssuerSigningKey Signing(IssuerKey key)
    {
        var seed = Ed25519Protector.Unprotect(Convert.FromBase64String(key.ProtectedEd25519Seed!));
        try
        {
            return new IssuerSigningKey(key.TrainingBaseId, key.KeyId, Unprotect(key), Ed25519KeyPair.FromSeed(seed),
                urls.VerificationMethod(key.TrainingBaseId, key.Ed25519PublicKeyMultibase!));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
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

/// <summary>An Ed25519 public key as the DID document lists it; <paramref name="CompromisedAt"/> becomes its <c>revoked</c>.</summary>
public sealed record PublishedMultikey(string PublicKeyMultibase, DateTimeOffset? CompromisedAt);

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
