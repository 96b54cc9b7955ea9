using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace CtecSkills.Core.Data;

public static class DatabaseSetup
{
    public const string SqliteMigrationsAssembly = "CtecSkills.Migrations.Sqlite";
    public const string PostgresMigrationsAssembly = "CtecSkills.Migrations.Postgres";
    public const string DefaultSqliteConnection = "Data Source=data/ctecskills.db";

    /// <summary>The SQL function a SQLite migration may call for SHA-256 (lowercase hex of the UTF-8 text), present while migrating.</summary>
    public const string Sha256HexFunction = "ctec_sha256_hex";

    /// <summary>
    /// Configures EF Core for the chosen provider. A relative SQLite path is resolved against
    /// <paramref name="contentRoot"/> and its folder created, so the app runs from any working directory.
    /// </summary>
    public static void Configure(DbContextOptionsBuilder options, DatabaseProvider provider, string? connectionString, string contentRoot)
    {
        switch (provider)
        {
            case DatabaseProvider.Postgres:
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new InvalidOperationException("ConnectionStrings:Default is required when Database:Provider is Postgres.");
                }
                options.UseNpgsql(WithAutoPrepare(connectionString), o => o.MigrationsAssembly(PostgresMigrationsAssembly));
                break;
            default:
                options.UseSqlite(ResolveSqlite(connectionString, contentRoot), o => o.MigrationsAssembly(SqliteMigrationsAssembly))
                    .AddInterceptors(SqliteConnectionSettings.Instance);
                break;
        }
    }

    /// <summary>
    /// Statements run again and again (the public verification look-up above all) are prepared on the server after a few
    /// uses: without it a verification on PostgreSQL cost about 60% more CPU (README, Performance). A connection string
    /// that sets <c>Max Auto Prepare</c> above 0 itself is kept as it is.
    /// </summary>
    public static string WithAutoPrepare(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 20;
        }
        return builder.ConnectionString;
    }

    public static string ResolveSqlite(string? connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(connectionString) ? DefaultSqliteConnection : connectionString);
        if (builder.DataSource != ":memory:" && builder.Mode != SqliteOpenMode.Memory)
        {
            if (!Path.IsPathRooted(builder.DataSource))
            {
                builder.DataSource = Path.GetFullPath(Path.Combine(contentRoot, builder.DataSource));
            }
            Directory.CreateDirectory(Path.GetDirectoryName(builder.DataSource)!);
        }
        return builder.ToString();
    }

    /// <summary>The PostgreSQL advisory lock that one node at a time holds while it migrates and seeds ("CTEC").</summary>
    public const long SetupLockKey = 0x4354_4543;

    /// <summary>
    /// On PostgreSQL, waits until no other node is preparing the database and holds it for the caller (disposing lets
    /// go; so does a dropped connection): several nodes started at once then migrate and seed one after the other, and
    /// each after the first finds nothing left to do. A missing database is created first, by whichever node comes
    /// first. On SQLite a file beside the database, held open exclusively, does the same for processes sharing the
    /// file (a web and a worker process, an admin command run while the app starts).
    /// </summary>
    public static async Task<IAsyncDisposable?> LockSetupAsync(AppDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Database.IsSqlite())
        {
            return await LockSqliteSetupAsync(db.Database.GetDbConnection().DataSource, ct);
        }
        await CreateIfMissingAsync(db, ct);
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()) { Pooling = false }.ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection);
            command.Parameters.AddWithValue("key", SetupLockKey);
            await command.ExecuteNonQueryAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Applies pending migrations; on SQLite also switches the file to WAL so readers never block the writer.</summary>
    public static async Task MigrateAsync(AppDbContext db, CancellationToken ct)
    {
        await CreateIfMissingAsync(db, ct);
        var applied = await db.Database.GetAppliedMigrationsAsync(ct);
        if (applied.Any() && !applied.Intersect(db.Database.GetMigrations()).Any())
        {
            // Migrations were squashed into one baseline before anything was deployed (ADR 0016): a database made
            // before that would otherwise fail half-way with "table already exists".
            throw new InvalidOperationException(
                $"This database was made by migrations this version no longer has ({string.Join(", ", applied)}). " +
                "It is a development database from before the baseline migration: delete it (the embedded default is " +
                "the data/ folder of the app, src/CtecSkills.Web/data/ from source) and start again.");
        }
        if (!db.Database.IsSqlite())
        {
            await db.Database.MigrateAsync(ct);
            return;
        }
        // PostgreSQL has sha256(); SQLite has no hash function, so the migration that replaces stored share tokens by
        // their hashes (Retention) calls ours, registered on the connection the context holds open while migrating.
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            ((SqliteConnection)db.Database.GetDbConnection()).CreateFunction<string?, string?>(
                Sha256HexFunction, value => value is null ? null : Portfolio.PortfolioShareService.HashToken(value), isDeterministic: true);
            await db.Database.MigrateAsync(ct);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<IAsyncDisposable?> LockSqliteSetupAsync(string file, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(file) || file == ":memory:")
        {
            return null;
        }
        while (true)
        {
            try
            {
                return new FileStream(file + ".setup-lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException)
            {
                await Task.Delay(100, ct);
            }
        }
    }

    // Create a missing PostgreSQL database first: Migrate would do it too, but only after logging a failed connection.
    private static async Task CreateIfMissingAsync(AppDbContext db, CancellationToken ct)
    {
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (await creator.ExistsAsync(ct))
        {
            return;
        }
        try
        {
            await creator.CreateAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Another node created it a moment ago.
        }
    }
}
