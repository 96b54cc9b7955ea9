using System.Security.Cryptography;
using System.Text.Json.Nodes;
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
/// stays published so that what it signed still verifies.
/// </summary>
public sealed class IssuerKeyStore(AppDbContext db, IDataProtectionProvider protection, CredentialUrls urls, TimeProvider clock, PublicKeyCache cache)
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
            .Select(k => new IssuerKeySummary(k.KeyId, k.CreatedAt, k.RetiredAt))
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

public sealed record IssuerKeySummary(string KeyId, DateTimeOffset CreatedAt, DateTimeOffset? RetiredAt);
