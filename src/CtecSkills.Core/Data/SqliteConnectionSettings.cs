using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CtecSkills.Core.Data;

/// <summary>
/// The SQLite settings that live per connection (<c>PRAGMA</c>s), run as one statement each time the app opens a
/// connection, pooled or not: a setting made once would hold only on the connection that happened to run it.
/// <list type="bullet">
/// <item><c>secure_delete = ON</c>: deleted content is zeroed; otherwise an erased person's name and phone stay readable
/// in free pages, which a copy of the file or the backup API carries along (docs/decisions/0024).</item>
/// <item><c>busy_timeout</c> = the connection's command timeout (<c>Default Timeout</c>, 30 s unless the connection string
/// says otherwise): SQLite itself waits for the write lock, retrying after 1, 2, 5, 10 … ms. Without it SQLite answers
/// "busy" at once and Microsoft.Data.Sqlite retries after a fixed 150 ms sleep, so a write that waited a few
/// milliseconds for the lock took 150 or 300 ms (docs/decisions/0038).</item>
/// </list>
/// </summary>
public sealed class SqliteConnectionSettings : DbConnectionInterceptor
{
    public static readonly SqliteConnectionSettings Instance = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = Command(connection);
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        var command = Command(connection);
        await using (command.ConfigureAwait(false))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static DbCommand Command(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var seconds = connection is SqliteConnection sqlite ? sqlite.DefaultTimeout : 30;
        // 0 is "no timeout" to Microsoft.Data.Sqlite but "do not wait" to SQLite.
        var milliseconds = seconds == 0 ? int.MaxValue : (int)Math.Min(int.MaxValue, seconds * 1000L);
        var command = connection.CreateCommand();
        command.CommandText = string.Create(CultureInfo.InvariantCulture, $"PRAGMA secure_delete = ON; PRAGMA busy_timeout = {milliseconds};");
        return command;
    }
}
