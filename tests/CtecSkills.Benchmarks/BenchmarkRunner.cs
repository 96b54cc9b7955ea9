using BenchmarkDotNet.Running;

namespace CtecSkills.Benchmarks;

public static class BenchmarkRunner
{
    /// <summary>
    /// <c>page-weight</c>: the 14 KB first-view budget; <c>roster-import</c>: 10,000 rows in 10 s and 300 MB;
    /// <c>index-release</c>: release + index over 1,000,000 facts in 5 s and 3× a GROUP BY; <c>index-scale</c>: 10,000,000
    /// facts over 24 monthly partitions on PostgreSQL, a month's release in 5 s and 3× its GROUP BY, a year's in 30 s;
    /// <c>issue-credentials</c>: 10,000 credentials in 20 s; <c>verify-throughput</c>: public verification ≥ 0.5× an echo
    /// endpoint of the same shape, p99 ≤ 50 ms at 64 connections; <c>verify-batch</c>: a 1,000-code batch file;
    /// <c>load</c>: concurrent learners and verifiers on SQLite, PostgreSQL and a PostgreSQL cluster (see
    /// <see cref="LoadBenchmark"/>); <c>jsonld</c>: Expand+ToRdf of a typical credential; <c>data-integrity</c>: RDFC-1.0 +
    /// eddsa-rdfc-2022 proofs and verifications for 10,000 credential-sized datasets; <c>sqlite-writers</c>: concurrent
    /// writers on one SQLite file with and without SQLite's own busy wait. Anything else goes to
    /// BenchmarkDotNet for the timed
    /// benchmarks in this assembly (e.g. <c>--filter *</c>).
    /// </summary>
    public static async Task<int> Main(string[] args)
    {
        switch (args)
        {
            case ["page-weight"]:
                return await PageWeight.RunAsync();
            case ["roster-import"]:
                return await RosterImportBenchmark.RunAsync();
            case ["index-release"]:
                return await IndexReleaseBenchmark.RunAsync();
            case ["index-scale"]:
                return await IndexScaleBenchmark.RunAsync();
            case ["issue-credentials"]:
                return await IssueCredentialsBenchmark.RunAsync();
            case ["verify-throughput"]:
                return await VerifyThroughputBenchmark.RunAsync();
            case ["load"]:
                return await LoadBenchmark.RunAsync();
            case ["verify-batch"]:
                return await VerifyBatchBenchmark.RunAsync();
            case ["data-integrity"]:
                return await DataIntegrityBenchmark.RunAsync();
            case ["jsonld"]:
                return await JsonLdBenchmark.RunAsync();
            case ["sqlite-writers"]:
                return await SqliteWritersBenchmark.RunAsync();
        }
        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkRunner).Assembly).Run(args);
        return 0;
    }
}
