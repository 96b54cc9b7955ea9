using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace CtecSkills.Core.Data;

/// <summary>
/// Every SQLite connection the app opens lets SQLite itself wait for the write lock (<c>PRAGMA busy_timeout</c>), as
/// long as the connection's command timeout (<c>Default Timeout</c>, 30 s unless the connection string says otherwise).
/// Without it SQLite answers "busy" at once and Microsoft.Data.Sqlite retries after a fixed 150 ms sleep, so under
/// concurrent writers a write that waited a few milliseconds for the lock took 150 or 300 ms; SQLite's own handler
/// retries after 1, 2, 5, 10 … ms (docs/decisions/0038).
/// </summary>
public sealed class SqliteBusyTimeout : SqliteConnectionPragma
{
    public static readonly SqliteBusyTimeout Instance = new();

    protected override string Pragma(DbConnection connection)
    {
        var seconds = connection is SqliteConnection sqlite ? sqlite.DefaultTimeout : 30;
        // 0 is "no timeout" to Microsoft.Data.Sqlite but "do not wait" to SQLite.
        var milliseconds = seconds == 0 ? int.MaxValue : (int)Math.Min(int.MaxValue, seconds * 1000L);
        return string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {milliseconds};");
    }
}
