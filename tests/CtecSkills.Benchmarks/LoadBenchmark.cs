using System.Diagnostics;
using System.Globalization;
using CtecSkills.TestHost;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CtecSkills.Benchmarks;

/// <summary>
/// <c>load</c>: N concurrent virtual learners (<see cref="LoadJourneys.LearnAsync"/>: sign-up, course, enrollment, lessons,
/// quiz passed, check-in by the QR on the staff's screen, which <see cref="LoadJourneys.ShowCheckInScreenAsync"/> keeps
/// showing) and M verifiers against the app
/// running as its own processes, for each N in <c>CTEC_LOAD_LEARNERS</c> (default 100,200,400), M =
/// <c>CTEC_LOAD_VERIFIERS</c> (default 20), think time <c>CTEC_LOAD_THINK_MS</c> (default 5,000) between a person's steps,
/// on the topologies in <c>CTEC_LOAD_TOPOLOGIES</c> (default sqlite,postgres,cluster; the PostgreSQL ones need
/// <c>CTEC_BENCH_POSTGRES</c>): SQLite with one node, PostgreSQL with one node, PostgreSQL with two web nodes and one
/// worker. Reports per action count, throughput, p50/p95/p99 and errors, and the machine's load average.
/// </summary>
public static class LoadBenchmark
{
    public static async Task<int> RunAsync()
    {
        var learnerSteps = Setting("CTEC_LOAD_LEARNERS", "100,200,400").Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToArray();
        var verifiers = int.Parse(Setting("CTEC_LOAD_VERIFIERS", "20"), CultureInfo.InvariantCulture);
        var think = TimeSpan.FromMilliseconds(int.Parse(Setting("CTEC_LOAD_THINK_MS", "5000"), CultureInfo.InvariantCulture));
        var topologies = Setting("CTEC_LOAD_TOPOLOGIES", "sqlite,postgres,cluster").Split(',');
        var server = Environment.GetEnvironmentVariable("CTEC_BENCH_POSTGRES");
        var clean = true;
        foreach (var topology in topologies)
        {
            if (topology == "sqlite")
            {
                var folder = Directory.CreateTempSubdirectory("ctec-load-");
                try
                {
                    clean &= await RunTopologyAsync("SQLite, one node", "Sqlite", $"Data Source={Path.Combine(folder.FullName, "load.db")}", webNodes: 0, learnerSteps, verifiers, think);
                }
                finally
                {
                    SqliteConnection.ClearAllPools();
                    folder.Delete(recursive: true);
                }
            }
            else if (string.IsNullOrEmpty(server))
            {
                Console.WriteLine($"({topology}: set CTEC_BENCH_POSTGRES to a server connection string)");
            }
            else
            {
                var database = $"ctec_load_{Guid.NewGuid():N}"[..24];
                await IndexReleaseBenchmark.ExecuteAsync(server, $"CREATE DATABASE {database}");
                try
                {
                    var connection = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
                    clean &= topology == "cluster"
                        ? await RunTopologyAsync("PostgreSQL, two web nodes + one worker", "Postgres", connection, webNodes: 2, learnerSteps, verifiers, think)
                        : await RunTopologyAsync("PostgreSQL, one node", "Postgres", connection, webNodes: 0, learnerSteps, verifiers, think);
                }
                finally
                {
                    NpgsqlConnection.ClearAllPools();
                    await IndexReleaseBenchmark.ExecuteAsync(server, $"DROP DATABASE {database} WITH (FORCE)");
                }
            }
        }
        return clean ? 0 : 1;
    }

    /// <param name="webNodes">0: one node that does everything; otherwise that many web nodes and one worker.</param>
    private static async Task<bool> RunTopologyAsync(string name, string provider, string connection, int webNodes, int[] learnerSteps, int verifiers, TimeSpan think)
    {
        var data = await LoadPreparation.PrepareAsync(provider, connection);
        var settings = new Dictionary<string, string>
        {
            // Every virtual phone comes from this machine's address: the per-client limits would count them as one.
            [SettingKeys.SmsPerMinute] = "100000000",
            [SettingKeys.SignInPerMinute] = "100000000",
            [SettingKeys.VerifyPerMinute] = "100000000",
            // Sign-in codes are read where the development sender keeps them.
            [SettingKeys.SmsSender] = "Outbox",
            [SettingKeys.SmsAllowOutboxInProduction] = "true",
        };
        var processes = new List<AppProcess>();
        try
        {
            if (webNodes == 0)
            {
                processes.Add(await AppProcess.StartAsync(provider, connection, data.PublicBaseUrl, "Both", settings));
            }
            else
            {
                processes.Add(await AppProcess.StartAsync(provider, connection, data.PublicBaseUrl, "Worker", settings));
                for (var i = 0; i < webNodes; i++)
                {
                    processes.Add(await AppProcess.StartAsync(provider, connection, data.PublicBaseUrl, "Web", settings));
                }
            }
            var web = webNodes == 0 ? processes : processes.Skip(1).ToList();
            var clients = web.Select(p => AppProcess.Client(p.Address, 256, cookies: false)).ToList();
            // Warm-up, not reported: the first requests of a fresh process pay for JIT compilation and the caches' first fill.
            await RunStepAsync(name, new LoadJourneys(clients, data, provider, connection, TimeSpan.FromMilliseconds(200)), 99, 10, 2, report: false);
            var clean = true;
            for (var step = 0; step < learnerSteps.Length; step++)
            {
                clean &= await RunStepAsync(name, new LoadJourneys(clients, data, provider, connection, think), step, learnerSteps[step], verifiers, report: true);
            }
            clients.ForEach(c => c.Dispose());
            return clean;
        }
        finally
        {
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }
        }
    }

    private static async Task<bool> RunStepAsync(string name, LoadJourneys journeys, int step, int learners, int verifiers, bool report)
    {
        var loadBefore = MachineLoad.Average();
        var started = Stopwatch.GetTimestamp();
        using var stop = new CancellationTokenSource();
        var verifying = Enumerable.Range(0, verifiers).Select(v => Task.Run(async () =>
        {
            try
            {
                await journeys.VerifyAsync(v, stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        })).ToList();
        var screen = Task.Run(() => journeys.ShowCheckInScreenAsync(stop.Token));
        // Fresh numbers for every step, so every learner is new: 137, the step, the learner.
        var learning = Enumerable.Range(0, learners).Select(i => Task.Run(() =>
            journeys.LearnAsync(string.Create(CultureInfo.InvariantCulture, $"137{step:D2}{i:D6}"), CancellationToken.None))).ToList();
        var failures = 0;
        foreach (var learner in learning)
        {
            try
            {
                await learner;
            }
            catch (InvalidOperationException e)
            {
                if (Interlocked.Increment(ref failures) <= 3)
                {
                    Console.WriteLine($"  learner stopped: {e.Message}");
                }
            }
        }
        var loadAfter = MachineLoad.Average();
        await stop.CancelAsync();
        await Task.WhenAll(verifying);
        await screen;
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        if (!report)
        {
            return true;
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: {learners} learners, {verifiers} verifiers, {seconds:F0} s, {Environment.ProcessorCount} cores, load average before {loadBefore}, at the end {loadAfter}"));
        Console.WriteLine("| action | requests | errors | per second | p50 ms | p95 ms | p99 ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        var errors = failures;
        foreach (var (action, tally) in journeys.Tallies.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {action} | {tally.Count:N0} | {tally.Errors} | {tally.Count / seconds:F1} | {tally.PercentileCells()} |"));
            errors += tally.Errors;
        }
        var all = journeys.Tallies.Where(t => !t.Key.StartsWith('(')).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"all requests: {all.Sum(t => t.Value.Count):N0}, worst p99 of an action {all.Max(t => t.Value.Percentile(0.99)):F0} ms; learners who could not finish: {failures}"));
        foreach (var (action, tally) in journeys.Tallies)
        {
            tally.PrintErrors(action);
        }
        journeys.Tallies.Clear();
        return errors == 0;
    }

    private static string Setting(string name, string fallback) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : fallback;
}
