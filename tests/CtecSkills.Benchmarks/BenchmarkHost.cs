using CtecSkills.TestHost;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CtecSkills.Benchmarks;

/// <summary>The real app with demo data over a throwaway SQLite file, as the budgets are measured.</summary>
public sealed class BenchmarkHost : IAsyncDisposable
{
    private readonly DirectoryInfo _folder;

    private BenchmarkHost(DirectoryInfo folder, WebApplicationFactory<Program> app)
    {
        _folder = folder;
        App = app;
    }

    public WebApplicationFactory<Program> App { get; }

    public static Task<BenchmarkHost> StartAsync(string name) => StartAsync(name, "Sqlite", null);

    /// <summary>The app over SQLite in a temporary folder, or over the given PostgreSQL database.</summary>
    public static Task<BenchmarkHost> StartAsync(string name, string provider, string? connectionString)
    {
        var folder = Directory.CreateTempSubdirectory($"ctec-{name}-");
        // No pseudonym key in the settings: the key file in the content root is created once and shared with the app
        // the verification benchmark starts as a Production process.
        var settings = CtecSkillsHost.Defaults(provider, connectionString ?? $"Data Source={Path.Combine(folder.FullName, $"{name}.db")}");
        // An https address, as Production (where the verification benchmark's process runs) demands, written into every
        // credential issued here.
        settings[SettingKeys.PublicBaseUrl] = "https://bench.ctecskills.example";
        var app = new CtecSkillsHost(settings)
        {
            ContentRoot = Path.Combine(RepositoryFolder(), "src", "CtecSkills.Web"),
        };
        _ = app.Server;
        return Task.FromResult(new BenchmarkHost(folder, app));
    }

    public static string RepositoryFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CtecSkills.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Run from inside the repository.");
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        _folder.Delete(recursive: true);
    }
}
