using Microsoft.Data.Sqlite;
using Npgsql;

namespace CtecSkills.IntegrationTests.Infrastructure;

/// <summary>
/// A database of its own for one app host: a SQLite file in a temp folder (default), or a uniquely named
/// PostgreSQL database when <c>CTEC_TEST_DATABASE=Postgres</c> (server from <c>CTEC_TEST_POSTGRES</c>).
/// </summary>
public abstract class TestDatabase : IAsyncDisposable
{
    public const string KindVariable = "CTEC_TEST_DATABASE";
    public const string PostgresVariable = "CTEC_TEST_POSTGRES";

    public abstract string Provider { get; }

    public abstract string ConnectionString { get; }

    public static TestDatabase FromEnvironment()
    {
        var kind = Environment.GetEnvironmentVariable(KindVariable);
        if (string.IsNullOrWhiteSpace(kind) || kind.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            return new SqliteTestDatabase();
        }
        if (kind.Equals("Postgres", StringComparison.OrdinalIgnoreCase))
        {
            var server = Environment.GetEnvironmentVariable(PostgresVariable);
            if (string.IsNullOrWhiteSpace(server))
            {
                throw new InvalidOperationException($"{KindVariable}=Postgres needs {PostgresVariable}, e.g. 'Host=127.0.0.1;Port=55433;Username=postgres'.");
            }
            return new PostgresTestDatabase(server);
        }
        throw new InvalidOperationException($"{KindVariable} must be Sqlite or Postgres, not '{kind}'.");
    }

    public abstract Task CreateAsync();

    public abstract ValueTask DisposeAsync();
}

public sealed class SqliteTestDatabase : TestDatabase
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ctec-it-" + Guid.NewGuid().ToString("N"));

    public override string Provider => "Sqlite";

    public override string ConnectionString => $"Data Source={Path.Combine(_folder, "ctecskills.db")}";

    public override Task CreateAsync()
    {
        Directory.CreateDirectory(_folder);
        return Task.CompletedTask;
    }

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open only leaves a temp folder behind; the next run uses a new one.
        }
        return ValueTask.CompletedTask;
    }
}

public sealed class PostgresTestDatabase(string server) : TestDatabase
{
    private readonly string _name = "ctec_it_" + Guid.NewGuid().ToString("N")[..16];

    public override string Provider => "Postgres";

    public override string ConnectionString => new NpgsqlConnectionStringBuilder(server) { Database = _name }.ConnectionString;

    public override async Task CreateAsync() => await ExecuteOnServerAsync($"CREATE DATABASE \"{_name}\"");

    public override async ValueTask DisposeAsync()
    {
        using (var connection = new NpgsqlConnection(ConnectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)");
    }

    private async Task ExecuteOnServerAsync(string sql)
    {
        var admin = new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
