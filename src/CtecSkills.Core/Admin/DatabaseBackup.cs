using CtecSkills.Core.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.Core.Admin;

public sealed class DatabaseBackup(AppDbContext db)
{
    /// <summary>
    /// Copies the live SQLite database to <paramref name="targetFile"/> with SQLite's online backup API: a consistent
    /// snapshot even while the app keeps writing. PostgreSQL installations use pg_dump instead.
    /// </summary>
    public async Task BackupAsync(string targetFile, CancellationToken ct)
    {
        if (!db.Database.IsSqlite())
        {
            throw new InvalidOperationException("backup copies the embedded SQLite database; on PostgreSQL use pg_dump.");
        }

        var target = Path.GetFullPath(targetFile);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        if (File.Exists(target))
        {
            throw new IOException($"{target} already exists; choose a new file name.");
        }

        var source = (SqliteConnection)db.Database.GetDbConnection();
        await source.OpenAsync(ct);
        await using var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Pooling = false }.ToString());
        await destination.OpenAsync(ct);
        source.BackupDatabase(destination);
    }
}
