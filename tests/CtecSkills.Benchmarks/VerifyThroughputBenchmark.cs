using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using CtecSkills.Core.Credentials;
using CtecSkills.Core.Data;
using CtecSkills.Core.Verification;
using CtecSkills.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CtecSkills.Benchmarks;

/// <summary>
/// Budget: public verification ≥ 0.5× the requests per second of a bare endpoint of the same app, p99 ≤ 50 ms, at 64
/// concurrent connections. This process only generates load: the app runs as its own process (Release build,
/// Production environment, SQLite (and PostgreSQL when <c>CTEC_BENCH_POSTGRES</c> names a server), request logging on, background job server off) over a database prepared here with
/// 1,000 issued credentials. Bare endpoint: <c>GET /healthz/live</c> (the whole middleware pipeline, no database).
/// Verification: <c>POST /api/v1/verify {"code": …}</c> and the page the QR code opens, <c>GET /verify/{code}</c>,
/// cycling through the codes; every one is a full verification (signature, published status lists, recognition, log row).
/// </summary>
public static class VerifyThroughputBenchmark
{
    private const int Connections = 64;
    private const int Credentials = 1_000;
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Measure = TimeSpan.FromSeconds(15);

    public static async Task<int> RunAsync()
    {
        bool within;
        var folder = Directory.CreateTempSubdirectory("ctec-verify-");
        try
        {
            within = await RunOnAsync("SQLite", "Sqlite", $"Data Source={Path.Combine(folder.FullName, "verify.db")}");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
        var server = Environment.GetEnvironmentVariable("CTEC_BENCH_POSTGRES");
        if (string.IsNullOrEmpty(server))
        {
            Console.WriteLine("(set CTEC_BENCH_POSTGRES to a server connection string to measure PostgreSQL too)");
            return within ? 0 : 1;
        }
        var database = $"ctec_bench_{Guid.NewGuid():N}"[..24];
        await IndexReleaseBenchmark.ExecuteAsync(server, $"CREATE DATABASE {database}");
        try
        {
            within &= await RunOnAsync("PostgreSQL", "Postgres", new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await IndexReleaseBenchmark.ExecuteAsync(server, $"DROP DATABASE {database} WITH (FORCE)");
        }
        return within ? 0 : 1;
    }

    private static async Task<bool> RunOnAsync(string name, string provider, string connection)
    {
        var (codes, publicBaseUrl, inProcess) = await PrepareAsync(provider, connection);
        var port = FreePort();
        using var server = StartServer(provider, connection, publicBaseUrl, port);
        try
        {
            Console.WriteLine(name);
            var within = await MeasureAsync(server, port, codes);
            Console.WriteLine(inProcess);
            return within;
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    private static async Task<bool> MeasureAsync(Process server, int port, string[] codes)
    {
        using var client = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Connections,
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        })
        { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        await WaitUntilUpAsync(client, server);
        await CheckVerifiesAsync(client, codes[0]);

        var targets = new (string Name, Func<int, HttpRequestMessage> Request)[]
        {
                ("bare `GET /healthz/live`", _ => new HttpRequestMessage(HttpMethod.Get, "/healthz/live")),
                ("`POST /api/v1/verify` (code)", i => new HttpRequestMessage(HttpMethod.Post, "/api/v1/verify")
                {
                    Content = JsonContent.Create(new { code = codes[i % codes.Length] }),
                }),
                ("`GET /verify/{code}` (page)", i => new HttpRequestMessage(HttpMethod.Get, $"/verify/{codes[i % codes.Length]}")),
        };
        foreach (var target in targets)
        {
            await LoadAsync(client, target.Request, Warmup);
        }
        var results = new List<(string Name, LoadResult Result)>();
        foreach (var target in targets)
        {
            server.Refresh();
            var cpuBefore = server.TotalProcessorTime;
            var loadCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var result = await LoadAsync(client, target.Request, Measure);
            server.Refresh();
            results.Add((target.Name, result with
            {
                ServerCpu = server.TotalProcessorTime - cpuBefore,
                LoadCpu = Process.GetCurrentProcess().TotalProcessorTime - loadCpuBefore,
            }));
        }

        var bare = results[0].Result.PerSecond;
        Console.WriteLine($"{Connections} connections, {Measure.TotalSeconds:F0} s per endpoint after {Warmup.TotalSeconds:F0} s warm-up, {Environment.ProcessorCount} cores shared by server and load generator");
        Console.WriteLine("| endpoint | requests | errors | req/s | × bare | p50 ms | p99 ms | app CPU ms per request | load generator CPU ms per request |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, r) in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {r.Requests:N0} | {r.Errors} | {r.PerSecond:N0} | {r.PerSecond / bare:F2} | {r.Percentile(0.50):F1} | {r.Percentile(0.99):F1} | {r.ServerCpu.TotalMilliseconds / r.Requests:F2} | {r.LoadCpu.TotalMilliseconds / r.Requests:F2} |"));
        }
        var within = results.Skip(1).All(r => r.Result.Errors == 0 && r.Result.PerSecond >= 0.5 * bare && r.Result.Percentile(0.99) <= 50);
        Console.WriteLine(within ? "within budget" : "OVER budget (≥ 0.5× bare, p99 ≤ 50 ms, no errors)");
        return within;
    }

    /// <summary>
    /// The demo data plus issued credentials, written by the app in this process and then closed. Before closing, the
    /// verification itself is timed here on one thread, without HTTP: what the endpoints cost beyond it is the web stack.
    /// </summary>
    private static async Task<(string[] Codes, string PublicBaseUrl, string InProcess)> PrepareAsync(string provider, string connection)
    {
        await using var host = await BenchmarkHost.StartAsync("verify", provider, connection);
        await IssueCredentialsBenchmark.PrepareAsync(host, Credentials, "138");
        await using var scope = host.App.Services.CreateAsyncScope();
        var issued = await scope.ServiceProvider.GetRequiredService<CredentialIssuer>().ProcessPendingAsync(CancellationToken.None);
        if (issued.Issued < Credentials)
        {
            throw new InvalidOperationException($"Only {issued.Issued} credentials were issued.");
        }
        var stored = await scope.ServiceProvider.GetRequiredService<AppDbContext>().IssuedCredentials
            .Select(c => new { c.VerificationCode, c.Jws }).ToArrayAsync();
        var codes = stored.Select(c => c.VerificationCode).ToArray();

        var keys = scope.ServiceProvider.GetRequiredService<IssuerKeyStore>();
        var signature = await TimeEachAsync(codes.Length, async i =>
        {
            if (!(await VcJwt.VerifyAsync(stored[i].Jws, keys.FindPublicAsync)).IsValid)
            {
                throw new InvalidOperationException("A freshly issued credential's signature does not verify.");
            }
        });
        var whole = await TimeEachAsync(codes.Length, async i =>
        {
            await using var each = host.App.Services.CreateAsyncScope();
            var outcome = await each.ServiceProvider.GetRequiredService<CredentialVerifier>()
                .VerifyCodeAsync(codes[i], new Verifier(null, "api"), CancellationToken.None);
            if (!outcome.Verified)
            {
                throw new InvalidOperationException($"A freshly issued credential does not verify: {outcome.FirstFailure}");
            }
        });
        var inProcess = string.Create(CultureInfo.InvariantCulture,
            $"In this process, one thread, no HTTP, mean of {codes.Length:N0}: signature check (JWS decoded and parsed, RS256) {signature:F3} ms; whole verification (look-up, signature, status lists, recognition, log row) {whole:F3} ms");
        return (codes, host.App.Services.GetRequiredService<CredentialUrls>().Base, inProcess);
    }

    /// <summary>Mean milliseconds per call over <paramref name="count"/> calls, after 3 s of the same calls (so the JIT has optimized them).</summary>
    private static async Task<double> TimeEachAsync(int count, Func<int, Task> call)
    {
        var warm = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(warm) < TimeSpan.FromSeconds(3))
        {
            for (var i = 0; i < count; i++)
            {
                await call(i);
            }
        }
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            await call(i);
        }
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds / count;
    }

    private static Process StartServer(string provider, string connection, string publicBaseUrl, int port)
    {
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
        start.Environment[SettingKeys.AsEnvironmentVariable(SettingKeys.DatabaseProvider)] = provider;
        start.Environment[SettingKeys.AsEnvironmentVariable(SettingKeys.ConnectionString)] = connection;
        start.Environment[SettingKeys.AsEnvironmentVariable(SettingKeys.NodeRole)] = "Web";
        start.Environment[SettingKeys.AsEnvironmentVariable(SettingKeys.VerifyPerMinute)] = "100000000";
        start.Environment[SettingKeys.AsEnvironmentVariable(SettingKeys.PublicBaseUrl)] = publicBaseUrl;
        // What Production demands before it starts; the benchmark sends no SMS, so the gateway is never called.
        start.Environment[SettingKeys.AsEnvironmentVariable(SettingKeys.SmsSender)] = "Http";
        start.Environment[SettingKeys.AsEnvironmentVariable(SettingKeys.SmsGatewayUrl)] = "http://127.0.0.1:9/sms";
        start.Environment[SettingKeys.AsEnvironmentVariable(SettingKeys.SmsGatewaySecret)] = "benchmark";
        start.Environment[SettingKeys.AsEnvironmentVariable(SettingKeys.KeyCertificatePath)] = TestCertificate.WritePkcs12(Directory.CreateTempSubdirectory("ctec-bench-key-").FullName);
        start.Environment[SettingKeys.AsEnvironmentVariable(SettingKeys.KeyCertificatePassword)] = TestCertificate.Password;
        var server = Process.Start(start) ?? throw new InvalidOperationException("The app did not start.");
        // Request logs are written as in production; read and dropped so the pipe never fills.
        server.OutputDataReceived += (_, _) => { };
        server.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                Console.Error.WriteLine(line);
            }
        };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        return server;
    }

    private static async Task WaitUntilUpAsync(HttpClient client, Process server)
    {
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(60) && !server.HasExited)
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
        throw new InvalidOperationException("The app did not answer /healthz/live within 60 s.");
    }

    private static async Task CheckVerifiesAsync(HttpClient client, string code)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/verify", new { code });
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode || !body.Contains("\"verified\":true", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The app does not verify a freshly issued credential: {(int)response.StatusCode} {body}");
        }
    }

    private static async Task<LoadResult> LoadAsync(HttpClient client, Func<int, HttpRequestMessage> request, TimeSpan duration)
    {
        var next = -1;
        var errors = 0;
        var started = Stopwatch.GetTimestamp();
        var end = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, Connections).Select(_ => Task.Run(async () =>
        {
            var latencies = new List<long>(1 << 14);
            while (Stopwatch.GetTimestamp() < end)
            {
                using var message = request(Interlocked.Increment(ref next));
                var sent = Stopwatch.GetTimestamp();
                using var response = await client.SendAsync(message);
                await response.Content.LoadIntoBufferAsync();
                latencies.Add(Stopwatch.GetTimestamp() - sent);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref errors);
                }
            }
            return latencies;
        })).ToList();
        var all = (await Task.WhenAll(workers)).SelectMany(l => l).Order().ToArray();
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return new LoadResult(all, errors, all.Length / seconds);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed record LoadResult(long[] Latencies, int Errors, double PerSecond)
    {
        public TimeSpan ServerCpu { get; init; }

        public TimeSpan LoadCpu { get; init; }

        public int Requests => Latencies.Length;

        public double Percentile(double p) =>
            Latencies.Length == 0 ? double.NaN
            : Latencies[Math.Min(Latencies.Length - 1, (int)Math.Ceiling(p * Latencies.Length) - 1)] * 1000.0 / Stopwatch.Frequency;
    }
}
