using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CtecSkills.Core.Data;

/// <summary>
/// Calls <see cref="OnCommitted"/> once a save that touched entities <see cref="Concerns"/> names is committed: at
/// the end of the save, or at the commit of the transaction around it (never on a rollback). Acting before the commit
/// would let another reader see the old rows, or a job look for rows that are not there yet. Writes that bypass the
/// change tracker (ExecuteUpdate) are not seen.
/// </summary>
public abstract class CommitWatcher : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private static readonly object Pending = new();

    // Contexts whose save concerns the watcher, from SavingChanges (when the change tracker still shows what changed)
    // until the change is committed.
    private readonly ConditionalWeakTable<DbContext, object> _saving = new();
    private readonly ConditionalWeakTable<DbContext, object> _uncommitted = new();

    /// <summary>Whether a change to this entry is one the watcher acts on.</summary>
    protected abstract bool Concerns(EntityEntry entry);

    /// <summary>Runs after the commit; it must not throw (the change is already stored).</summary>
    protected abstract void OnCommitted();

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
                e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && Concerns(e)))
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
            OnCommitted();
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
            OnCommitted();
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
