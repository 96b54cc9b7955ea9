using System.Diagnostics;
using System.Globalization;
using CtecSkills.Core.Credentials;
using CtecSkills.Core.LinkedData.JsonLd;

namespace CtecSkills.Benchmarks;

/// <summary>
/// Expand + ToRdf of a typical OpenBadgeCredential (two status entries, two alignments, Chinese text) under the vendored
/// VC 2.0 and OB 3.0.3 contexts: the JSON-LD half of every Data Integrity signature and verification. Reports the first
/// call on a fresh processor (contexts parsed and processed) and then per-call times over many calls. No budget of its
/// own; the 10,000-credentials-in-20-s issuance budget includes it.
/// </summary>
public static class JsonLdBenchmark
{
    private const int Calls = 5_000;

    public static Task<int> RunAsync()
    {
        var credential = OpenBadgeCredentialBuilder.Build(new OpenBadgeCredentialInput(
            new Uri("urn:uuid:2f1c6b1e-0d4a-4f7e-9a55-0b0a7c1e9d11"),
            new IssuerProfile(new Uri("https://skills.example.cn/issuers/12"), "广州市数字技能培训基地") { Url = new Uri("https://skills.example.cn/") },
            new AchievementDefinition(new Uri("https://skills.example.cn/achievements/7"), "办公软件应用 一级", "能够使用电子表格完成数据整理与汇总。",
                "完成全部实操练习并通过考核。", "Certificate",
                new FrameworkAlignment(new Uri("https://skills.example.cn/framework/categories/3"), "数字办公") { TargetCode = "DS-3", TargetType = "CFItem" },
                new FrameworkAlignment(new Uri("https://skills.example.cn/framework/levels/1"), "一级") { TargetType = "ext:SkillLevel" }),
            new CredentialRecipient(new Uri("urn:uuid:5b0e2d0a-3f4c-4d7b-8e1a-9c2b1a0f7e66")),
            new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2029, 12, 1, 8, 0, 0, TimeSpan.Zero),
            [
                new CredentialStatusEntry(StatusPurpose.Revocation, new Uri("https://skills.example.cn/status/12/revocation/1"), 4711),
                new CredentialStatusEntry(StatusPurpose.Suspension, new Uri("https://skills.example.cn/status/12/suspension/1"), 4711),
            ]));

        var cold = Stopwatch.StartNew();
        var processor = new JsonLdProcessor(new VendoredContextLoader());
        var quads = processor.ToRdf(credential).Count;
        cold.Stop();

        for (var i = 0; i < 500; i++)
        {
            processor.ToRdf(credential);
        }
        var times = new double[Calls];
        var total = Stopwatch.StartNew();
        for (var i = 0; i < Calls; i++)
        {
            var start = Stopwatch.GetTimestamp();
            processor.ToRdf(credential);
            times[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }
        total.Stop();
        Array.Sort(times);

        string Us(double value) => value.ToString("F0", CultureInfo.InvariantCulture) + " µs";
        Console.WriteLine($"jsonld: typical credential = {quads} quads");
        Console.WriteLine($"jsonld: first call on a fresh processor (contexts loaded and processed) {cold.Elapsed.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture)} ms");
        Console.WriteLine($"jsonld: Expand+ToRdf × {Calls}: mean {Us(total.Elapsed.TotalMicroseconds / Calls)}, p50 {Us(times[Calls / 2])}, p99 {Us(times[Calls * 99 / 100])}, "
            + $"{(Calls / total.Elapsed.TotalSeconds).ToString("F0", CultureInfo.InvariantCulture)} credentials/s on one thread");
        return Task.FromResult(0);
    }
}
