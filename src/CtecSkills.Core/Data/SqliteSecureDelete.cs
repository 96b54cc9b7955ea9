using System.Data.Common;

namespace CtecSkills.Core.Data;

/// <summary>
/// Every SQLite connection the app opens zeroes what it deletes (<c>PRAGMA secure_delete</c>): otherwise an erased
/// person's name and phone stay readable in free pages, which a copy of the file or the backup API carries along
/// (docs/decisions/0024). The setting lives per connection, so it is set each time one opens.
/// </summary>
public sealed class SqliteSecureDelete : SqliteConnectionPragma
{
    public static readonly SqliteSecureDelete Instance = new();

    protected override string Pragma(DbConnection connection) => "PRAGMA secure_delete = ON;";
}
