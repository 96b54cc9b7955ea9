using System.Data.Common;
using System.Runtime.CompilerServices;
using CtecSkills.Core.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CtecSkills.Core.Recognition;

/// <summary>
/// Forgets the <see cref="RecognitionCache"/> snapshot once a save that changes what it holds is committed: an
/// agreement or a base (its place). Watching saves here, rather
/// than each service that edits those calling the cache, keeps the features below Recognition unaware of it, and a
/// new way of editing them cannot forget to. Writes that bypass the change tracker (ExecuteUpdate) are not seen; none
/// touches these tables.
/// </summary>
public sealed class RecognitionSnapshotInvalidator(RecognitionCache cache) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private static readonly object Pending = new();

    // Contexts whose save touched the snapshot, from SavingChanges (when the change tracker still shows what changed)
    // until the change is committed. Forgetting before the commit would let a verification reload the old rows.
    private readonly ConditionalWeakTable<DbContext, object> _saving = new();
    private readonly ConditionalWeakTable<DbContext, object> _uncommitted = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Drop(_saving, eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Drop(_saving, eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Drop(_uncommitted, eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Drop(_uncommitted, eventData.Context);
        return Task.CompletedTask;
    }

    private void Note(DbContext? context)
    {
        if (context is not null && context.ChangeTracker.Entries().Any(e =>
                e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
                && e.Entity is RecognitionAgreement or TrainingBase))
        {
            _saving.AddOrUpdate(context, Pending);
        }
    }

    private void Saved(DbContext? context)
    {
        if (context is null || !_saving.Remove(context))
        {
            return;
        }
        if (context.Database.CurrentTransaction is null)
        {
            cache.Forget();
        }
        else
        {
            _uncommitted.AddOrUpdate(context, Pending);
        }
    }

    private void Committed(DbContext? context)
    {
        if (context is not null && _uncommitted.Remove(context))
        {
            cache.Forget();
        }
    }

    private static void Drop(ConditionalWeakTable<DbContext, object> table, DbContext? context)
    {
        if (context is not null)
        {
            table.Remove(context);
        }
    }
}
