using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace CtecSkills.Core.Credentials;

/// <summary>
/// Public keys by key id, for verification. A key id names one key forever (rotation creates a new id), so a key once
/// read never goes stale; unknown ids are not remembered, so a key created since is found on the next look-up.
/// One <see cref="RSA"/> object per key is shared by concurrent verifications: importing a key costs far more than a
/// signature check on OpenSSL, and .NET keeps an imported RSA key safe for parallel verify calls (dotnet/corefx#9708).
/// </summary>
public sealed class PublicKeyCache
{
    private readonly ConcurrentDictionary<string, VcJwtKey> _keys = new(StringComparer.Ordinal);

    public VcJwtKey? Find(string keyId) => _keys.GetValueOrDefault(keyId);

    /// <summary>Keeps the key, or returns the one another request kept first.</summary>
    public VcJwtKey Remember(VcJwtKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _keys.GetOrAdd(key.KeyId, key);
    }
}

/// <summary>
/// Published status lists as verified and decoded. For <see cref="Freshness"/> after a check a list is used as it is;
/// then the publication is read again and the decoded list is kept while its ETag is unchanged (no signature check, no
/// decoding). A publication by this process forgets the list at once, so here a revocation shows on the next verification; another
/// instance of the app (PostgreSQL scale-out) sees it within <see cref="Freshness"/> — far sooner than an outside
/// verifier, who may cache the list for its published max-age.
/// </summary>
public sealed class StatusListCache(TimeProvider clock)
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

    private sealed record Entry(string ETag, BitstringStatusList Bits, DateTimeOffset CheckedAt);
}

/// <summary>
/// Which keys an admin marked compromised, and from when. Unlike a public key this changes, so it is read again after
/// <see cref="Freshness"/>; marking a key in this process forgets it at once, another instance sees it within
/// <see cref="Freshness"/>. Few keys are ever compromised, so the whole set is one small query.
/// </summary>
public sealed class CompromisedKeyCache(TimeProvider clock)
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

    private sealed record Entry(IReadOnlyDictionary<string, DateTimeOffset> Keys, DateTimeOffset LoadedAt);
}
