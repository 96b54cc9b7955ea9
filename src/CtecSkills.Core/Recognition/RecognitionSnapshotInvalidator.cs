using CtecSkills.Core.Data;
using CtecSkills.Core.Organizations;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace CtecSkills.Core.Recognition;

/// <summary>
/// Forgets the <see cref="RecognitionCache"/> snapshot once a save that changes what it holds is committed: an
/// agreement or a base (its place). Watching saves here, rather than each service that edits those calling the cache,
/// keeps the features below Recognition unaware of it, and a new way of editing them cannot forget to. Writes that
/// bypass the change tracker (ExecuteUpdate) are not seen; none touches these tables.
/// </summary>
public sealed class RecognitionSnapshotInvalidator(RecognitionCache cache) : CommitWatcher
{
    protected override bool Concerns(EntityEntry entry) => entry.Entity is RecognitionAgreement or TrainingBase;

    protected override void OnCommitted() => cache.Forget();
}
