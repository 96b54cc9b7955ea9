using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CtecSkills.Core.Data;

/// <summary>
/// Calls <see cref="OnCommitted"/> once a save that touched entities the watcher names is
/// committed: at the end of the save, or at the commit of the transaction around it (never on a rollback). Acting
/// before the commit would let another reader see the old rows, or a job look for rows that are not there yet. What a
/// save touched is gathered as notices (<see cref="NoticesOf"/>); <see cref="OnCommittingAsync"/> sees them inside the
/// transaction, just before its commit. Writes that bypass the change tracker (ExecuteUpdate) are not seen unless
/// announced with <see cref="Expect"/>.
/// </summary>
public abstract class CommitWatcher : SaveChangesInterceptor, IDbTransactionInterceptor
{
    // Notices of contexts whose save concerns the watcher, from SavingChanges (when the change tracker still shows what
    // changed) until the change is committed.
    private readonly ConditionalWeakTable<DbContext, HashSet<string>> _saving = new();
    private readonly ConditionalWeakTable<DbContext, HashSet<string>> _uncommitted = new();

    /// <summary>What a change to this entry makes the watcher act on (a watcher with one kind of work: one empty notice).</summary>
    protected abstract IEnumerable<string> NoticesOf(EntityEntry entry);

    /// <summary>Runs after the commit with what the committed saves touched; it must not throw (the change is already stored).</summary>
    protected abstract void OnCommitted(IReadOnlySet<string> notices);

    /// <summary>Runs inside the transaction just before it commits, with what its saves touched.</summary>
    protected virtual ValueTask OnCommittingAsync(DbTransaction transaction, IReadOnlySet<string> notices, bool async, CancellationToken ct) =>
        ValueTask.CompletedTask;

    /// <summary>Whether the save about to run in this context touched what the watcher acts on.</summary>
    protected bool IsSaving(DbContext context) => _saving.TryGetValue(context, out _);

    /// <summary>
    /// Announces a change the change tracker does not see (an ExecuteUpdate), made inside the context's current
    /// transaction: it is acted on like a tracked one when that transaction commits.
    /// </summary>
    public void Expect(DbContext context, string notice)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Expect needs the transaction the change is made in.");
        }
        _uncommitted.GetOrCreateValue(context).Add(notice);
    }

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

    public InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        if (Pending(eventData.Context) is { } notices)
        {
            OnCommittingAsync(transaction, notices, async: false, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }
        return result;
    }

    public async ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData,
        InterceptionResult result, CancellationToken cancellationToken = default)
    {
        if (Pending(eventData.Context) is { } notices)
        {
            await OnCommittingAsync(transaction, notices, async: true, cancellationToken);
        }
        return result;
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
        if (context is null)
        {
            return;
        }
        var notices = context.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .SelectMany(NoticesOf)
            .ToHashSet(StringComparer.Ordinal);
        if (notices.Count > 0)
        {
            _saving.AddOrUpdate(context, notices);
        }
    }

    /// <summary>What a transaction of this context is about to commit: its earlier saves' and the running save's notices.</summary>
    private HashSet<string>? Pending(DbContext? context)
    {
        if (context is null)
        {
            return null;
        }
        var saving = _saving.TryGetValue(context, out var s) ? s : null;
        var uncommitted = _uncommitted.TryGetValue(context, out var u) ? u : null;
        return (saving, uncommitted) switch
        {
            (null, null) => null,
            (null, _) => uncommitted,
            (_, null) => saving,
            _ => [.. saving, .. uncommitted],
        };
    }

    private void Saved(DbContext? context)
    {
        if (context is null || !_saving.TryGetValue(context, out var notices))
        {
            return;
        }
        _saving.Remove(context);
        if (context.Database.CurrentTransaction is null)
        {
            OnCommitted(notices);
        }
        else
        {
            _uncommitted.GetOrCreateValue(context).UnionWith(notices);
        }
    }

    private void Committed(DbContext? context)
    {
        if (context is not null && _uncommitted.TryGetValue(context, out var notices))
        {
            _uncommitted.Remove(context);
            OnCommitted(notices);
        }
    }

    private static void Drop(ConditionalWeakTable<DbContext, HashSet<string>> table, DbContext? context)
    {
        if (context is not null)
        {
            table.Remove(context);
        }
    }
}
