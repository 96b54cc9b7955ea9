using CtecSkills.Core.Catalog;
using CtecSkills.Core.Data;
using CtecSkills.Core.Organizations;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace CtecSkills.Core.Recognition;

/// <summary>What an agreement's scope is matched against: an achievement's framework category and level, as a credential states them.</summary>
public readonly record struct AchievementKind(CourseCategory Category, CourseLevel Level);

/// <summary>
/// What every verification consults besides the credential itself: the agreements, the province names and each issuer's
/// province, held for <see cref="Freshness"/> (an achievement's category and level are read from the signed credential,
/// never from here). A saved change to what it holds (an agreement made or ended, a base edited) forgets the snapshot on
/// every node once it commits (<see cref="CacheInvalidation"/>): watching saves, rather than each service that edits
/// those calling the cache, keeps the features below Recognition unaware of it, and a new way of editing them cannot
/// forget to. Writes that bypass the change tracker (ExecuteUpdate) are not seen; none touches these tables.
/// <see cref="Freshness"/> bounds the rare miss. A base created since the snapshot is found by reloading it.
/// Agreements are recorded by administrators a few times a year.
/// </summary>
public sealed class RecognitionCache(TimeProvider clock) : INodeCache
{
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(60);

    private Snapshot? _snapshot;

    public Snapshot? Find() =>
        Volatile.Read(ref _snapshot) is { } snapshot && clock.GetUtcNow() - snapshot.LoadedAt < Freshness ? snapshot : null;

    public Snapshot Remember(IReadOnlyDictionary<string, string> provinces, IReadOnlyList<RecognitionAgreement> agreements,
        IReadOnlyDictionary<int, string> issuerProvinces)
    {
        var snapshot = new Snapshot(provinces, agreements, issuerProvinces, clock.GetUtcNow());
        Volatile.Write(ref _snapshot, snapshot);
        return snapshot;
    }

    public void Forget() => Volatile.Write(ref _snapshot, null);

    string INodeCache.Name => "recognition";

    IEnumerable<string> INodeCache.StaleKeys(EntityEntry entry) => entry.Entity is RecognitionAgreement or TrainingBase ? [string.Empty] : [];

    void INodeCache.Forget(string key) => Forget();

    /// <param name="IssuerProvinces">Training base id → province code of its locality.</param>
    public sealed record Snapshot(IReadOnlyDictionary<string, string> Provinces, IReadOnlyList<RecognitionAgreement> Agreements,
        IReadOnlyDictionary<int, string> IssuerProvinces, DateTimeOffset LoadedAt);
}
