using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace CtecSkills.Core.Data;

/// <summary>
/// Holding a named thing (a phone number, a status list) until the current transaction ends, so that a read and the
/// write that depends on it cannot interleave with another request's, on one node or several.
/// </summary>
public static class DatabaseLocks
{
    /// <summary>
    /// Takes the lock inside the caller's transaction. On PostgreSQL a transaction-scoped advisory lock on the key's hash
    /// (there may be no row to lock yet); SQLite transactions begin IMMEDIATE, so they run one writer at a time already.
    /// </summary>
    public static async Task LockUntilCommitAsync(this DatabaseFacade database, string key, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("A lock held until commit needs a transaction.");
        }
        if (database.IsNpgsql())
        {
            await database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({key}))", ct);
        }
    }
}
