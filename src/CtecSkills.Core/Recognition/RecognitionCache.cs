using CtecSkills.Core.Catalog;

namespace CtecSkills.Core.Recognition;

/// <summary>What an agreement's scope is matched against: an achievement's framework category and level, as a credential states them.</summary>
public readonly record struct AchievementKind(CourseCategory Category, CourseLevel Level);

/// <summary>
/// What every verification consults besides the credential itself: the agreements, the province names and each issuer's
/// province, held for <see cref="Freshness"/> (an achievement's category and level are read from the signed credential,
/// never from here). A change saved in this process (an agreement made or ended, a base edited) is seen at once, as
/// <see cref="RecognitionSnapshotInvalidator"/> forgets the snapshot; another instance of the app sees it within
/// <see cref="Freshness"/>. A base created since the snapshot is found by reloading it. Agreements are
/// recorded by administrators a few times a year.
/// </summary>
public sealed class RecognitionCache(TimeProvider clock)
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

    /// <param name="IssuerProvinces">Training base id → province code of its locality.</param>
    public sealed record Snapshot(IReadOnlyDictionary<string, string> Provinces, IReadOnlyList<RecognitionAgreement> Agreements,
        IReadOnlyDictionary<int, string> IssuerProvinces, DateTimeOffset LoadedAt);
}
