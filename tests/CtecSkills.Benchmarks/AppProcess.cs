using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CtecSkills.TestHost;

namespace CtecSkills.Benchmarks;

/// <summary>
/// The app as its own process, the way it runs in production (Release build, Production environment, request logging
/// on), so that the load benchmarks measure it from outside and the load generator's CPU is not counted as the app's.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;

    private AppProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public Uri Address => new($"http://127.0.0.1:{Port}");

    public Process Process => _process;

    /// <summary>
    /// Starts a node over the given database with what Production demands before it starts (an https public address, a
    /// certificate for the keys, an SMS sender) and the forwarded headers of loopback believed: the load client says
    /// <c>X-Forwarded-Proto: https</c>, as the TLS-terminating load balancer would, so that the secure-only cookies work.
    /// </summary>
    public static async Task<AppProcess> StartAsync(string provider, string connection, string publicBaseUrl, string role,
        IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var port = FreePort();
        var web = Path.Combine(BenchmarkHost.RepositoryFolder(), "src", "CtecSkills.Web");
        var output = AppContext.BaseDirectory.Replace(
            Path.Combine("tests", "CtecSkills.Benchmarks"), Path.Combine("src", "CtecSkills.Web"), StringComparison.Ordinal);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = web,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(output, "CtecSkills.Web.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var all = new Dictionary<string, string>
        {
            [SettingKeys.DatabaseProvider] = provider,
            [SettingKeys.ConnectionString] = connection,
            [SettingKeys.NodeRole] = role,
            [SettingKeys.PublicBaseUrl] = publicBaseUrl,
            [SettingKeys.TrustForwardedHeaders] = "true",
            // The gateway is never called unless a benchmark sets the outbox sender (the load benchmark reads codes there).
            [SettingKeys.SmsSender] = "Http",
            [SettingKeys.SmsGatewayUrl] = "http://127.0.0.1:9/sms",
            [SettingKeys.SmsGatewaySecret] = "benchmark",
            [SettingKeys.KeyCertificatePath] = TestCertificate.WritePkcs12(Directory.CreateTempSubdirectory("ctec-bench-key-").FullName),
            [SettingKeys.KeyCertificatePassword] = TestCertificate.Password,
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }
        foreach (var (key, value) in all)
        {
            start.Environment[SettingKeys.AsEnvironmentVariable(key)] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("The app did not start.");
        // Request logs are written as in production; read and dropped so the pipe never fills.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                Console.Error.WriteLine(line);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var app = new AppProcess(process, port);
        await app.WaitUntilUpAsync();
        return app;
    }

    /// <summary>A client as a phone behind the load balancer is: https as far as the app knows, zh-CN, compressed answers.</summary>
    public static HttpClient Client(Uri address, int connections, bool cookies)
    {
        var client = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseCookies = cookies,
            AllowAutoRedirect = false,
        })
        { BaseAddress = address };
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        return client;
    }

    private async Task WaitUntilUpAsync()
    {
        using var client = Client(Address, 1, cookies: false);
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(90) && !_process.HasExited)
        {
            try
            {
                using var response = await client.GetAsync("/healthz/live");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(200);
        }
        throw new InvalidOperationException("The app did not answer /healthz/live within 90 s.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
