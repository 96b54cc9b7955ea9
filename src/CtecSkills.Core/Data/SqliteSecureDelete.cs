using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CtecSkills.Core.Data;

/// <summary>
/// Every SQLite connection the app opens zeroes what it deletes (<c>PRAGMA secure_delete</c>): otherwise an erased
/// person's name and phone stay readable in free pages, which a copy of the file or the backup API carries along
/// (docs/decisions/0024). The setting lives per connection, so it is set each time one opens.
/// </summary>
public sealed class SqliteSecureDelete : DbConnectionInterceptor
{
    public static readonly SqliteSecureDelete Instance = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA secure_delete = ON;";
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = "PRAGMA secure_delete = ON;";
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
