using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
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
/// Budget (issue 14): public verification ≥ 0.5× the requests per second of an echo endpoint of the same shape in the
/// same app, p99 ≤ 50 ms, at 64 concurrent connections, for the API and the page. This process only generates load: the
/// app runs as its own process (<see cref="AppProcess"/>, web role, echo endpoints on) over a database prepared here
/// with 1,000 issued credentials — SQLite, and PostgreSQL when <c>CTEC_BENCH_POSTGRES</c> names a server. Rows side by
/// side: bare <c>GET /healthz/live</c>; <c>POST /api/v1/echo</c> with the same body and an answer as large as verify's,
/// then <c>POST /api/v1/verify {"code": …}</c>; <c>GET /echo/{code}</c> as large as the verify page, then the page the
/// QR code opens, <c>GET /verify/{code}</c>; cycling through the codes, every one a full verification (signature,
/// published status lists, recognition, log row). Any answer but a 2xx counts as an error and is printed.
/// </summary>
public static class VerifyThroughputBenchmark
{
    private const int Connections = 64;
    private const int Credentials = 1_000;
    private const int PageProbeBytes = 1_000;
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(20);
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
        await using var server = await AppProcess.StartAsync(provider, connection, publicBaseUrl, "Web", new Dictionary<string, string>
        {
            [SettingKeys.VerifyPerMinute] = "100000000",
            [SettingKeys.EchoEndpoints] = "true",
        });
        Console.WriteLine($"{name} (load average before: {MachineLoad.Average()})");
        var within = await MeasureAsync(server, codes);
        Console.WriteLine(inProcess);
        return within;
    }

    private static async Task<bool> MeasureAsync(AppProcess server, string[] codes)
    {
        using var client = AppProcess.Client(server.Address, Connections, cookies: false);
        var (answerBytes, pageFiller) = await SizesAsync(client, codes[0]);

        var targets = new (string Name, Func<int, HttpRequestMessage> Request)[]
        {
            ("bare `GET /healthz/live`", _ => new HttpRequestMessage(HttpMethod.Get, "/healthz/live")),
            ($"echo `POST /api/v1/echo` ({answerBytes:N0} B answer)", i => new HttpRequestMessage(HttpMethod.Post, $"/api/v1/echo?bytes={answerBytes}")
            {
                Content = JsonContent.Create(new { code = codes[i % codes.Length] }),
            }),
            ("`POST /api/v1/verify` (code)", i => new HttpRequestMessage(HttpMethod.Post, "/api/v1/verify")
            {
                Content = JsonContent.Create(new { code = codes[i % codes.Length] }),
            }),
            ("echo page `GET /echo/{code}`", i => new HttpRequestMessage(HttpMethod.Get, $"/echo/{codes[i % codes.Length]}?bytes={pageFiller}")),
            ("`GET /verify/{code}` (page)", i => new HttpRequestMessage(HttpMethod.Get, $"/verify/{codes[i % codes.Length]}")),
        };
        foreach (var target in targets)
        {
            await LoadAsync(client, target.Request, Warmup);
        }
        var results = new List<(string Name, LoadResult Result)>();
        foreach (var target in targets)
        {
            var process = server.Process;
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var loadCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var result = await LoadAsync(client, target.Request, Measure);
            process.Refresh();
            results.Add((target.Name, result with
            {
                ServerCpu = process.TotalProcessorTime - cpuBefore,
                LoadCpu = Process.GetCurrentProcess().TotalProcessorTime - loadCpuBefore,
            }));
        }

        Console.WriteLine($"{Connections} connections, {Measure.TotalSeconds:F0} s per endpoint after {Warmup.TotalSeconds:F0} s warm-up, {Environment.ProcessorCount} cores shared by server and load generator; load average after: {MachineLoad.Average()}");
        Console.WriteLine("| endpoint | requests | errors | req/s | verify ÷ echo | p50 ms | p95 ms | p99 ms | app CPU ms per request | load generator CPU ms per request |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (var i = 0; i < results.Count; i++)
        {
            var (name, r) = results[i];
            // Rows 2 and 4 are verifications, each right after its echo.
            var ratio = i is 2 or 4 ? (r.PerSecond / results[i - 1].Result.PerSecond).ToString("F2", CultureInfo.InvariantCulture) : "";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {r.Tally.Count:N0} | {r.Tally.Errors} | {r.PerSecond:N0} | {ratio} | {r.Tally.PercentileCells()} | {r.ServerCpu.TotalMilliseconds / r.Tally.Count:F2} | {r.LoadCpu.TotalMilliseconds / r.Tally.Count:F2} |"));
        }
        foreach (var (name, r) in results)
        {
            r.Tally.PrintErrors(name);
        }
        var within = results.All(r => r.Result.Tally.Errors == 0)
            && results[2].Result.PerSecond >= 0.5 * results[1].Result.PerSecond
            && results[4].Result.PerSecond >= 0.5 * results[3].Result.PerSecond
            && results.Skip(1).All(r => r.Result.Tally.Percentile(0.99) <= 50);
        Console.WriteLine(within ? "within budget" : "OVER budget (verify ≥ 0.5× its echo, p99 ≤ 50 ms, no errors)");
        return within;
    }

    /// <summary>
    /// The echo sizes that match this credential's answers: the JSON verify answers (before compression), and the filler
    /// that makes the echo page as large as its verify page. Also checks the app verifies at all before loading it.
    /// </summary>
    private static async Task<(int AnswerBytes, int PageFiller)> SizesAsync(HttpClient client, string code)
    {
        using var answer = await client.PostAsJsonAsync("/api/v1/verify", new { code });
        var body = await answer.Content.ReadAsStringAsync();
        if (!answer.IsSuccessStatusCode || !body.Contains("\"verified\":true", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The app does not verify a freshly issued credential: {(int)answer.StatusCode} {body}");
        }
        var page = await BodyBytesAsync(client, $"/verify/{code}");
        var echo = await BodyBytesAsync(client, $"/echo/{code}?bytes={PageProbeBytes}");
        return (System.Text.Encoding.UTF8.GetByteCount(body), Math.Max(0, page - echo + PageProbeBytes));
    }

    private static async Task<int> BodyBytesAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException(await RequestTally.DescribeAsync(response));
        }
        return (await response.Content.ReadAsByteArrayAsync()).Length;
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
        var (signature, signatureBytes) = await TimeEachAsync(codes.Length, async i =>
        {
            if (!(await VcJwt.VerifyAsync(stored[i].Jws, keys.FindPublicAsync)).IsValid)
            {
                throw new InvalidOperationException("A freshly issued credential's signature does not verify.");
            }
        });
        var (whole, wholeBytes) = await TimeEachAsync(codes.Length, async i =>
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
            $"In this process, one thread, no HTTP, mean of {codes.Length:N0}: signature check (JWS decoded and parsed, RS256) {signature:F3} ms, {signatureBytes / 1024.0:F1} KB allocated; whole verification (look-up, signature, status lists, recognition, log row) {whole:F3} ms, {wholeBytes / 1024.0:F1} KB allocated");
        return (codes, host.App.Services.GetRequiredService<CredentialUrls>().Base, inProcess);
    }

    /// <summary>
    /// Mean milliseconds and bytes allocated (by the whole process, which does nothing else meanwhile) per call over
    /// <paramref name="count"/> calls, after 3 s of the same calls (so the JIT has optimized them).
    /// </summary>
    private static async Task<(double Milliseconds, double Bytes)> TimeEachAsync(int count, Func<int, Task> call)
    {
        var warm = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(warm) < TimeSpan.FromSeconds(3))
        {
            for (var i = 0; i < count; i++)
            {
                await call(i);
            }
        }
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            await call(i);
        }
        return (Stopwatch.GetElapsedTime(started).TotalMilliseconds / count, (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)count);
    }

    private static async Task<LoadResult> LoadAsync(HttpClient client, Func<int, HttpRequestMessage> request, TimeSpan duration)
    {
        var next = -1;
        var tally = new RequestTally();
        var started = Stopwatch.GetTimestamp();
        var end = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, Connections).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < end)
            {
                using var message = request(Interlocked.Increment(ref next));
                var sent = Stopwatch.GetTimestamp();
                using var response = await client.SendAsync(message);
                await response.Content.LoadIntoBufferAsync();
                var elapsed = Stopwatch.GetTimestamp() - sent;
                // Anything but a 2xx is an error: a redirect to the error page or sign-in is not a verification.
                tally.Record(elapsed, response.IsSuccessStatusCode ? null : await RequestTally.DescribeAsync(response));
            }
        })).ToList();
        await Task.WhenAll(workers);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return new LoadResult(tally, tally.Count / seconds);
    }

    private sealed record LoadResult(RequestTally Tally, double PerSecond)
    {
        public TimeSpan ServerCpu { get; init; }

        public TimeSpan LoadCpu { get; init; }
    }
}
