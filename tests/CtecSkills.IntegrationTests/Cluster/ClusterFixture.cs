using System.Net;
using CtecSkills.Core.Data;
using CtecSkills.IntegrationTests.Infrastructure;
using CtecSkills.TestHost;
using CtecSkills.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.IntegrationTests.Cluster;

/// <summary>
/// Real app processes on one database of their own: the first node migrates and seeds the demo (the accounts, courses
/// and credentials the tests act with), then the others start on the migrated database with no seeding, as extra nodes
/// of an installation do. Every node shares the settings an installation must share (database, pseudonym key, public
/// address). Nothing starts when the test run is on a database this fixture does not serve: its tests are skipped.
/// </summary>
public abstract class ClusterFixture : IAsyncLifetime
{
    /// <summary>Jobs:ShutdownTimeoutSeconds of every node: half of it for running jobs to finish, then they are handed back.</summary>
    public const int ShutdownTimeoutSeconds = 10;

    private readonly List<AppNode> _nodes = [];
    private readonly string _pseudonymKey = CtecSkillsHost.NewPseudonymKey();
    private TestDatabase? _database;

    /// <summary>Whether the run's database (CTEC_TEST_DATABASE) is the one this fixture's tests are for.</summary>
    public abstract bool RunsOn(string provider);

    /// <summary>The nodes to start, in order; the first one seeds.</summary>
    protected abstract IReadOnlyList<(string Name, NodeRole Role)> Layout { get; }

    public IReadOnlyList<AppNode> Nodes => _nodes;

    public AppNode Node(string name) => _nodes.Single(n => n.Name == name);

    public TestDatabase Database => _database ?? throw new InvalidOperationException("The cluster was not started.");

    /// <summary>A browser: its cookies go to every node (cookies do not tell ports apart), as behind a load balancer.</summary>
    public static CookieContainer NewBrowser() => new();

    public async Task InitializeAsync()
    {
        var database = TestDatabase.FromEnvironment();
        if (!RunsOn(database.Provider))
        {
            return;
        }
        _database = database;
        await database.CreateAsync();
        var ports = Layout.Select(_ => AppNode.FreePort()).ToList();
        // The first web node's address is the installation's public one: credentials name it, QR codes open it.
        var publicIndex = Math.Max(0, Layout.ToList().FindIndex(l => l.Role != NodeRole.Worker));
        for (var i = 0; i < Layout.Count; i++)
        {
            var (name, role) = Layout[i];
            var settings = CtecSkillsHost.ForTests(database.Provider, database.ConnectionString, _pseudonymKey);
            settings[SettingKeys.NodeRole] = role.ToString();
            settings[SettingKeys.SeedDemo] = i == 0 ? "true" : "false";
            settings[SettingKeys.SeedShowcase] = i == 0 ? "true" : "false";
            settings[SettingKeys.PublicBaseUrl] = $"http://127.0.0.1:{ports[publicIndex]}";
            // A killed worker's job goes back to the queue after 10 s instead of a minute: the tests wait for it.
            settings[SettingKeys.JobsInvisibilityTimeoutSeconds] = "10";
            settings[SettingKeys.JobsShutdownTimeoutSeconds] = CtecSkillsHost.Number(ShutdownTimeoutSeconds);
            var node = new AppNode(name, settings, ports[i]);
            _nodes.Add(node);
            if (i == 0)
            {
                await node.StartAsync();
            }
        }
        await Task.WhenAll(_nodes.Skip(1).Select(n => n.StartAsync()));
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    /// <summary>A context of the test's own on the cluster's database (seeding in bulk, counting what the nodes did).</summary>
    public AppDbContext NewDbContext()
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        DatabaseSetup.Configure(options, Enum.Parse<DatabaseProvider>(Database.Provider), Database.ConnectionString, ClusterPaths.WebProjectFolder);
        return new AppDbContext(options.Options);
    }

    public async Task<T> QueryAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        await using var db = NewDbContext();
        return await query(db);
    }

    /// <summary>Every node's recent log, for the message of a failing assertion.</summary>
    public string Logs => string.Join(Environment.NewLine, _nodes.Select(n => n.RecentLog));
}

/// <summary>Two web nodes and one worker on one PostgreSQL database.</summary>
public sealed class PostgresCluster : ClusterFixture
{
    public const string WebA = "web-a";
    public const string WebB = "web-b";
    public const string Worker = "worker";

    public override bool RunsOn(string provider) => provider == "Postgres";

    protected override IReadOnlyList<(string Name, NodeRole Role)> Layout { get; } =
        [(WebA, NodeRole.Web), (WebB, NodeRole.Web), (Worker, NodeRole.Worker)];
}

/// <summary>Two workers on one PostgreSQL database (recurring jobs must run once per schedule, not once per worker).</summary>
public sealed class PostgresTwoWorkers : ClusterFixture
{
    public override bool RunsOn(string provider) => provider == "Postgres";

    protected override IReadOnlyList<(string Name, NodeRole Role)> Layout { get; } =
        [("worker-1", NodeRole.Worker), ("worker-2", NodeRole.Worker)];
}

/// <summary>The single-machine installation: one process doing both, on a SQLite file.</summary>
public sealed class SqliteNode : ClusterFixture
{
    public const string Only = "node";

    public override bool RunsOn(string provider) => provider == "Sqlite";

    protected override IReadOnlyList<(string Name, NodeRole Role)> Layout { get; } = [(Only, NodeRole.Both)];
}

/// <summary>A test that runs only when the run's database is PostgreSQL (CTEC_TEST_DATABASE=Postgres); skipped otherwise.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!string.Equals(Environment.GetEnvironmentVariable(TestDatabase.KindVariable), "Postgres", StringComparison.OrdinalIgnoreCase))
        {
            Skip = "Runs on PostgreSQL only (CTEC_TEST_DATABASE=Postgres): several processes share one database.";
        }
    }
}

/// <summary>A test that runs only when the run's database is SQLite (the default); skipped on a PostgreSQL run.</summary>
public sealed class SqliteFactAttribute : FactAttribute
{
    public SqliteFactAttribute()
    {
        var kind = Environment.GetEnvironmentVariable(TestDatabase.KindVariable);
        if (!string.IsNullOrWhiteSpace(kind) && !kind.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            Skip = "Runs on SQLite only: the single-machine installation.";
        }
    }
}
