using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using CtecSkills.Core.Data;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace CtecSkills.Core.Credentials;

/// <summary>
/// Public keys by key id (RSA) and verification method (Ed25519), for verification. A key id names one key forever (rotation creates a new id), so a key once
/// read never goes stale on any node, and nothing needs telling; unknown ids are not remembered, so a key created since
/// (on any node) is found on the next look-up.
/// One <see cref="RSA"/> object per key is shared by concurrent verifications: importing a key costs far more than a
/// signature check on OpenSSL, and .NET keeps an imported RSA key safe for parallel verify calls (dotnet/corefx#9708).
/// </summary>
public sealed class PublicKeyCache
{
    private readonly ConcurrentDictionary<string, VcJwtKey> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DataIntegrityPublicKey> _methods = new(StringComparer.Ordinal);

    public VcJwtKey? Find(string keyId) => _keys.GetValueOrDefault(keyId);

    /// <summary>Keeps the key, or returns the one another request kept first.</summary>
    public VcJwtKey Remember(VcJwtKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _keys.GetOrAdd(key.KeyId, key);
    }

    /// <summary>An Ed25519 key by its verification method; a method, like a key id, names one key forever.</summary>
    public DataIntegrityPublicKey? FindVerificationMethod(string verificationMethod) => _methods.GetValueOrDefault(verificationMethod);

    /// <summary>Keeps the key, or returns the one another request kept first.</summary>
    public DataIntegrityPublicKey Remember(DataIntegrityPublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _methods.GetOrAdd(key.VerificationMethod, key);
    }
}

/// <summary>
/// Published status lists as verified and decoded. For <see cref="Freshness"/> after a check a list is used as it is;
/// then the publication is read again and the decoded list is kept while its ETag is unchanged (no signature check, no
/// decoding). A publication forgets the list on every node once it commits (<see cref="CacheInvalidation"/>), so a
/// revocation shows on the next verification anywhere; <see cref="Freshness"/> bounds the rare miss (a list read just
/// before the commit and kept just after the notice) — far sooner than an outside verifier, who may cache the list
/// for its published max-age.
/// </summary>
public sealed class StatusListCache(TimeProvider clock) : INodeCache
{
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<(int BaseId, StatusPurpose Purpose, int Sequence), Entry> _lists = new();

    /// <summary>The list when it was checked less than <see cref="Freshness"/> ago.</summary>
    public BitstringStatusList? FindFresh(int baseId, StatusPurpose purpose, int sequence) =>
        _lists.TryGetValue((baseId, purpose, sequence), out var entry) && clock.GetUtcNow() - entry.CheckedAt < Freshness ? entry.Bits : null;

    /// <summary>The list as decoded for this ETag, if it was; counts as checked now.</summary>
    public BitstringStatusList? FindByETag(int baseId, StatusPurpose purpose, int sequence, string etag)
    {
        if (!_lists.TryGetValue((baseId, purpose, sequence), out var entry) || entry.ETag != etag)
        {
            return null;
        }
        Remember(baseId, purpose, sequence, etag, entry.Bits);
        return entry.Bits;
    }

    public void Remember(int baseId, StatusPurpose purpose, int sequence, string etag, BitstringStatusList bits) =>
        _lists[(baseId, purpose, sequence)] = new Entry(etag, bits, clock.GetUtcNow());

    public void Forget(int baseId, StatusPurpose purpose, int sequence) => _lists.TryRemove((baseId, purpose, sequence), out _);

    string INodeCache.Name => "status-list";

    IEnumerable<string> INodeCache.StaleKeys(EntityEntry entry) => entry.Entity is StatusListPublication p
        ? [string.Create(CultureInfo.InvariantCulture, $"{p.TrainingBaseId}/{(int)p.Purpose}/{p.Sequence}")]
        : [];

    void INodeCache.Forget(string key)
    {
        var parts = key.Split('/');
        if (parts.Length == 3 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var baseId)
            && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var purpose) && int.TryParse(parts[2], CultureInfo.InvariantCulture, out var sequence))
        {
            Forget(baseId, (StatusPurpose)purpose, sequence);
        }
        else
        {
            _lists.Clear();
        }
    }

    private sealed record Entry(string ETag, BitstringStatusList Bits, DateTimeOffset CheckedAt);
}

/// <summary>
/// Which keys an admin marked compromised, and from when. Unlike a public key this changes: marking a key forgets the set
/// on every node once it commits (<see cref="CacheInvalidation"/>), and it is read again after <see cref="Freshness"/>
/// whatever happens. Few keys are ever compromised, so the whole set is one small query.
/// </summary>
public sealed class CompromisedKeyCache(TimeProvider clock) : INodeCache
{
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(5);

    private Entry? _entry;

    public IReadOnlyDictionary<string, DateTimeOffset>? Find() =>
        Volatile.Read(ref _entry) is { } entry && clock.GetUtcNow() - entry.LoadedAt < Freshness ? entry.Keys : null;

    public IReadOnlyDictionary<string, DateTimeOffset> Remember(IReadOnlyDictionary<string, DateTimeOffset> keys)
    {
        Volatile.Write(ref _entry, new Entry(keys, clock.GetUtcNow()));
        return keys;
    }

    public void Forget() => Volatile.Write(ref _entry, null);

    string INodeCache.Name => "compromised-keys";

    IEnumerable<string> INodeCache.StaleKeys(EntityEntry entry) => entry.Entity is IssuerKey ? [string.Empty] : [];

    void INodeCache.Forget(string key) => Forget();

    private sealed record Entry(IReadOnlyDictionary<string, DateTimeOffset> Keys, DateTimeOffset LoadedAt);
}
