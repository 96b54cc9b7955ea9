using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CtecSkills.Core.Data;

/// <summary>
/// A SQLite setting that lives per connection (a <c>PRAGMA</c>), run each time the app opens one, pooled or not: a
/// setting made once would hold only on the connection that happened to run it.
/// </summary>
public abstract class SqliteConnectionPragma : DbConnectionInterceptor
{
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

    /// <summary>The statement for this connection, e.g. <c>PRAGMA secure_delete = ON;</c>.</summary>
    protected abstract string Pragma(DbConnection connection);

    private DbCommand Command(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var command = connection.CreateCommand();
        command.CommandText = Pragma(connection);
        return command;
    }
}
