using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CtecSkills.TestHost;

namespace CtecSkills.IntegrationTests.Cluster;

/// <summary>
/// One real app process (<c>dotnet CtecSkills.Web.dll</c>, Kestrel on a free loopback port) with its settings as
/// environment variables, as an installation runs it. It can be killed with SIGKILL, stopped with SIGTERM and started
/// again on the same port.
/// </summary>
public sealed class AppNode : IAsyncDisposable
{
    private const int KeptLogLines = 400;
    private readonly Dictionary<string, string?> _settings;
    private readonly Queue<string> _log = new();
    private Process? _process;

    public AppNode(string name, IDictionary<string, string?> settings, int? port = null)
    {
        Name = name;
        Port = port ?? FreePort();
        _settings = new Dictionary<string, string?>(settings, StringComparer.OrdinalIgnoreCase);
    }

    public string Name { get; }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The last lines the process wrote, for the message of a failing test.</summary>
    public string RecentLog
    {
        get
        {
            lock (_log)
            {
                return $"--- {Name} ---{Environment.NewLine}{string.Join(Environment.NewLine, _log)}";
            }
        }
    }

    /// <summary>Starts the process and waits until <c>/healthz</c> answers 200 (database reached, migrations done).</summary>
    public async Task StartAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException($"{Name} is running already.");
        }
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = ClusterPaths.WebProjectFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ClusterPaths.WebAssembly);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(BaseAddress.AbsoluteUri.TrimEnd('/'));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = CtecSkillsHost.TestingEnvironment;
        start.Environment["DOTNET_gcServer"] = "0";
        foreach (var (key, value) in _settings)
        {
            start.Environment[SettingKeys.AsEnvironmentVariable(key)] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{Name} did not start.");
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await WaitUntilHealthyAsync(TimeSpan.FromSeconds(120));
    }

    /// <summary>kill -9: the process gets no chance to finish anything.</summary>
    public async Task KillAsync()
    {
        var process = _process ?? throw new InvalidOperationException($"{Name} was never started.");
        process.Kill(entireProcessTree: false);
        await process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as an orchestrator stops a container; returns how long the process took to exit.</summary>
    public async Task<TimeSpan> TerminateAsync(TimeSpan limit)
    {
        var process = _process ?? throw new InvalidOperationException($"{Name} was never started.");
        var clock = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        using var timeout = new CancellationTokenSource(limit);
        await process.WaitForExitAsync(timeout.Token);
        return clock.Elapsed;
    }

    public HttpClient CreateClient(CookieContainer? cookies = null) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = cookies ?? new CookieContainer() })
        {
            BaseAddress = BaseAddress,
            Timeout = TimeSpan.FromSeconds(100),
        };

    public async ValueTask DisposeAsync()
    {
        if (IsRunning)
        {
            await KillAsync();
        }
        _process?.Dispose();
    }

    private async Task WaitUntilHealthyAsync(TimeSpan limit)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (_process!.HasExited)
            {
                // Without a timeout this also waits for the last output lines (an unhandled exception's, on stderr).
                _process.WaitForExit();
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} while starting.{Environment.NewLine}{RecentLog}");
            }
            try
            {
                using var response = await client.GetAsync("/healthz");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"{Name} did not answer /healthz within {limit}.{Environment.NewLine}{RecentLog}");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.Enqueue(line.Length > 1000 ? line[..1000] : line);
            while (_log.Count > KeptLogLines)
            {
                _log.Dequeue();
            }
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Where the built app is: the Web project's own output, beside this test assembly's, same configuration.</summary>
public static class ClusterPaths
{
    public static string RepositoryFolder { get; } = FindRepository();

    public static string WebProjectFolder => Path.Combine(RepositoryFolder, "src", "CtecSkills.Web");

    public static string WebAssembly { get; } = Path.Combine(
        AppContext.BaseDirectory.Replace(
            Path.Combine("tests", "CtecSkills.IntegrationTests"), Path.Combine("src", "CtecSkills.Web"), StringComparison.Ordinal),
        "CtecSkills.Web.dll");

    private static string FindRepository()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "CtecSkills.sln")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException("CtecSkills.sln not found above " + AppContext.BaseDirectory);
    }
}
