using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CtecSkills.Core.Data;

/// <summary>
/// An in-process cache that a change saved on any node must reach (docs/decisions/0030). It names, for a saved
/// change, the keys the change makes stale, and forgets them when told.
/// </summary>
public interface INodeCache
{
    /// <summary>The cache's name in a notice; letters and dashes.</summary>
    string Name { get; }

    /// <summary>The keys a saved change to this entry makes stale; <see cref="string.Empty"/> for the whole cache.</summary>
    IEnumerable<string> StaleKeys(EntityEntry entry);

    /// <summary>Forgets one key (<see cref="string.Empty"/>: everything).</summary>
    void Forget(string key);
}

/// <summary>
/// Tells every node's caches what a committed change made stale. On this node the caches forget at the commit; on
/// PostgreSQL the same notices go out with <c>pg_notify</c> inside the transaction that makes the change, so that
/// they are delivered, to every node's <see cref="CacheNoticeListener"/>, when and only when it commits. A save that
/// concerns a cache and runs without a transaction of the caller's is given one (a single-statement save runs
/// without), so that the notice and the change commit together. On SQLite (one node) the local forgetting is all.
/// </summary>
public sealed partial class CacheInvalidation(IEnumerable<INodeCache> caches, ILogger<CacheInvalidation> logger) : CommitWatcher
{
    /// <summary>The one channel every node listens on; a notice is <c>cache</c> or <c>cache:key</c>.</summary>
    public const string Channel = "ctec_caches";

    private readonly IReadOnlyList<INodeCache> _caches = caches.ToList();

    // Contexts whose save was made to run in a transaction of its own, and the behaviour to put back afterwards.
    private readonly ConditionalWeakTable<DbContext, StrongBox<AutoTransactionBehavior>> _forced = new();

    public static string Notice(INodeCache cache, string key)
    {
        ArgumentNullException.ThrowIfNull(cache);
        return key.Length == 0 ? cache.Name : cache.Name + ":" + key;
    }

    /// <summary>Announces a change to <paramref name="cache"/> made inside the context's transaction without the change tracker.</summary>
    public void Expect(DbContext context, INodeCache cache, string key = "") => Expect(context, Notice(cache, key));

    /// <summary>Forgets what a notice names; a notice this node cannot read forgets everything rather than nothing.</summary>
    public void Apply(string notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var colon = notice.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? notice : notice[..colon];
        var key = colon < 0 ? string.Empty : notice[(colon + 1)..];
        var cache = _caches.FirstOrDefault(c => c.Name == name);
        if (cache is null)
        {
            LogUnknownNotice(logger, notice);
            ForgetAll();
            return;
        }
        cache.Forget(key);
    }

    /// <summary>Forgets everything every cache holds: after notices may have been missed.</summary>
    public void ForgetAll()
    {
        foreach (var cache in _caches)
        {
            cache.Forget(string.Empty);
        }
    }

    protected override IEnumerable<string> NoticesOf(EntityEntry entry) =>
        _caches.SelectMany(cache => cache.StaleKeys(entry).Select(key => Notice(cache, key)));

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        result = base.SavingChanges(eventData, result);
        ForceTransaction(eventData.Context);
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        result = await base.SavingChangesAsync(eventData, result, cancellationToken);
        ForceTransaction(eventData.Context);
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Restore(eventData.Context);
        return base.SavedChanges(eventData, result);
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Restore(eventData.Context);
        return base.SavedChangesAsync(eventData, result, cancellationToken);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        Restore(eventData.Context);
        base.SaveChangesFailed(eventData);
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Restore(eventData.Context);
        return base.SaveChangesFailedAsync(eventData, cancellationToken);
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => Restore(eventData.Context);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Restore(eventData.Context);
        return Task.CompletedTask;
    }

    protected override void OnCommitted(IReadOnlySet<string> notices)
    {
        foreach (var notice in notices)
        {
            Apply(notice);
        }
    }

    protected override async ValueTask OnCommittingAsync(DbTransaction transaction, IReadOnlySet<string> notices, bool async, CancellationToken ct)
    {
        if (transaction.Connection is not NpgsqlConnection connection)
        {
            return;
        }
        await using var command = new NpgsqlCommand("SELECT pg_notify(@channel, n) FROM unnest(@notices) AS n", connection, (NpgsqlTransaction)transaction);
        command.Parameters.AddWithValue("channel", Channel);
        command.Parameters.AddWithValue("notices", notices.ToArray());
        if (async)
        {
            await command.ExecuteNonQueryAsync(ct);
        }
        else
        {
            command.ExecuteNonQuery();
        }
    }

    private void ForceTransaction(DbContext? context)
    {
        if (context is not null && IsSaving(context) && context.Database.CurrentTransaction is null && context.Database.IsNpgsql())
        {
            _forced.AddOrUpdate(context, new StrongBox<AutoTransactionBehavior>(context.Database.AutoTransactionBehavior));
            context.Database.AutoTransactionBehavior = AutoTransactionBehavior.Always;
        }
    }

    private void Restore(DbContext? context)
    {
        if (context is not null && _forced.TryGetValue(context, out var behaviour))
        {
            _forced.Remove(context);
            context.Database.AutoTransactionBehavior = behaviour.Value!;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cache notice {Notice} names no cache of this node; every cache is emptied")]
    private static partial void LogUnknownNotice(ILogger logger, string notice);
}
