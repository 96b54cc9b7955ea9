using System.Diagnostics;
using System.Globalization;
using System.Text;
using CtecSkills.Core.Cohorts;
using CtecSkills.Core.Data;
using CtecSkills.Core.Organizations;
using CtecSkills.Core.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CtecSkills.Benchmarks;

/// <summary>
/// Budget: a 10,000-row roster (GB18030, as Excel saves it) imports in ≤ 10 s and ≤ 300 MB resident memory, measured
/// on the real app over a throwaway SQLite database, invitations through the development outbox included.
/// </summary>
public static class RosterImportBenchmark
{
    public const int Rows = 10_000;

    public static async Task<int> RunAsync()
    {
        await using var host = await BenchmarkHost.StartAsync("roster");
        var csv = await BuildRosterAsync(host, Rows);
        var warmUp = await BuildRosterAsync(host, 50, phonePrefix: "136");

        await ImportAsync(host, warmUp);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var baseline = ResidentMemory.Current;
        long startupPeak;
        using (var before = Process.GetCurrentProcess())
        {
            startupPeak = before.PeakWorkingSet64;
        }
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        RosterImportResult result;
        TimeSpan elapsed;
        long peak, sampled, committed;
        string method;
        using (var memory = ResidentMemory.Measure())
        {
            var watch = Stopwatch.StartNew();
            result = await ImportAsync(host, csv);
            elapsed = watch.Elapsed;
            (peak, sampled, committed, method) = (memory.Peak, memory.SampledPeak, memory.CommittedPeak, memory.Method);
        }
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        Console.WriteLine($"GC: {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}; peak measured by {method}");
        Console.WriteLine("| rows | new learners | seconds | managed MB allocated | resident MB before import | peak resident MB during import | sampled peak MB | of it GC-committed MB | start-up peak MB (not the import's) |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {Rows} | {result.NewLearners} | {elapsed.TotalSeconds:F1} | {allocated / 1e6:F0} | {baseline / 1e6:F0} | {peak / 1e6:F0} | {sampled / 1e6:F0} | {committed / 1e6:F0} | {startupPeak / 1e6:F0} |"));
        // Measured under another GC than the app runs with, the number would not be the app's.
        var sameGc = ResidentMemory.RunsWithTheAppsGc(out var appGc);
        if (!sameGc)
        {
            Console.WriteLine($"NOT COMPARABLE: the web app runs {appGc} GC; set ServerGarbageCollection in this project to match.");
        }
        var within = sameGc && result.Errors.Count == 0 && elapsed <= TimeSpan.FromSeconds(10) && peak <= 300_000_000;
        Console.WriteLine(within ? "within budget" : "OVER budget (10 s, 300 MB) or import failed");
        return within ? 0 : 1;
    }

    private static async Task<RosterImportResult> ImportAsync(BenchmarkHost host, (int CohortId, byte[] Csv) roster)
    {
        await using var scope = host.App.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<RosterImportService>();
        using var stream = new MemoryStream(roster.Csv);
        return await service.ImportAsync(roster.CohortId, new BaseActor("", IsAdmin: true), stream, CancellationToken.None)
            ?? throw new InvalidOperationException("Cohort not found.");
    }

    /// <summary>A cohort big enough for everyone, and a roster spread over every locality of the circle.</summary>
    private static async Task<(int CohortId, byte[] Csv)> BuildRosterAsync(BenchmarkHost host, int rows, string phonePrefix = "137")
    {
        await using var scope = host.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var offering = await db.CourseOfferings.AsNoTracking().OrderBy(o => o.CourseId).FirstAsync();
        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
        var cohortId = await scope.ServiceProvider.GetRequiredService<CohortService>().CreateAsync(new CohortInput
        {
            CourseId = offering.CourseId,
            TrainingBaseId = offering.TrainingBaseId,
            Name = $"基准测试班 {rows}",
            Capacity = rows,
            EnrollmentOpensOn = today.AddDays(-1),
            EnrollmentClosesOn = today.AddDays(30),
        }, new BaseActor("", IsAdmin: true), CancellationToken.None) ?? throw new InvalidOperationException("No cohort.");
        var localities = await db.Localities.Select(l => l.Code).OrderBy(c => c).ToListAsync();

        string[] surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴"];
        string[] given = ["秀英", "桂芳", "建国", "志强", "小红", "海波", "春花", "德华"];
        string[] groups = ["农民工", "农村妇女", "返乡创业青年", "其他"];
        var text = new StringBuilder("姓名,手机号,性别,出生年份,地区代码,城乡,人群\r\n");
        for (var i = 0; i < rows; i++)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"{surnames[i % 10]}{given[i % 8]},{phonePrefix}{i:D8},{(i % 2 == 0 ? "女" : "男")},{1960 + (i % 45)},{localities[i % localities.Count]},{(i % 3 == 0 ? "城镇" : "乡村")},{groups[i % 4]}\r\n");
        }
        return (cohortId, CsvTextDecoder.Gb18030.GetBytes(text.ToString()));
    }
}
