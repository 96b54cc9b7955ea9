namespace CtecSkills.Core.Recognition;

/// <summary>
/// The agreements and province names every verification consults, held for <see cref="Freshness"/>. An agreement made
/// or ended in this process is seen at once (the service forgets the snapshot); another instance of the app sees it
/// within <see cref="Freshness"/>. Agreements are recorded by administrators a few times a year.
/// </summary>
public sealed class RecognitionCache(TimeProvider clock)
{
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(60);

    private Snapshot? _snapshot;

    public Snapshot? Find() =>
        Volatile.Read(ref _snapshot) is { } snapshot && clock.GetUtcNow() - snapshot.LoadedAt < Freshness ? snapshot : null;

    public Snapshot Remember(IReadOnlyDictionary<string, string> provinces, IReadOnlyList<RecognitionAgreement> agreements)
    {
        var snapshot = new Snapshot(provinces, agreements, clock.GetUtcNow());
        Volatile.Write(ref _snapshot, snapshot);
        return snapshot;
    }

    public void Forget() => Volatile.Write(ref _snapshot, null);

    public sealed record Snapshot(IReadOnlyDictionary<string, string> Provinces, IReadOnlyList<RecognitionAgreement> Agreements, DateTimeOffset LoadedAt);
}
