using System.Diagnostics;
using System.Globalization;
using System.Text;
using CtecSkills.Core.Credentials;
using CtecSkills.Core.Data;
using CtecSkills.Core.Seeding;
using CtecSkills.Core.Verification;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CtecSkills.Benchmarks;

/// <summary>
/// A 1,000-row batch file (950 issued codes typed with hyphens, 25 unknown codes, 25 rows that are not codes) verified
/// by the demo verifier through <see cref="BatchVerificationService"/>, on the real app over SQLite; beside it the same
/// codes verified one by one as the verify page does, for comparison.
/// </summary>
public static class VerifyBatchBenchmark
{
    public const int Rows = BatchCodeFile.MaxCodes;

    public static async Task<int> RunAsync()
    {
        await using var host = await BenchmarkHost.StartAsync("verify-batch");
        await IssueCredentialsBenchmark.PrepareAsync(host, 950, "135");
        await IssueCredentialsBenchmark.IssueAsync(host);

        string verifierId;
        List<string> codes;
        await using (var scope = host.App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            verifierId = await db.Users.Where(u => u.Email == DemoSeeder.VerifierEmail).Select(u => u.Id).SingleAsync();
            codes = await db.IssuedCredentials.OrderBy(c => c.Id).Select(c => c.VerificationCode).Take(950).ToListAsync();
        }
        var typed = codes.Select(c => VerificationCode.Parse(c).Code!.Value.ToDisplayString())
            .Concat(Enumerable.Range(0, 25).Select(_ => VerificationCode.NewRandom().ToString()))
            .Concat(Enumerable.Range(0, 25).Select(i => "不是核验码" + i.ToString(CultureInfo.InvariantCulture)))
            .ToList();
        var file = Encoding.UTF8.GetBytes("核验码\n" + string.Join("\n", typed) + "\n");

        // Warm up (JIT, connection pool, status-list publication) on a small file first.
        await BatchAsync(host, Encoding.UTF8.GetBytes(string.Join("\n", typed.Take(10))), verifierId);
        var batch = Stopwatch.StartNew();
        var result = await BatchAsync(host, file, verifierId);
        batch.Stop();

        var single = Stopwatch.StartNew();
        await using (var scope = host.App.Services.CreateAsyncScope())
        {
            var verifier = scope.ServiceProvider.GetRequiredService<CredentialVerifier>();
            foreach (var code in typed)
            {
                await verifier.VerifyCodeAsync(code, new Verifier(verifierId, "page"), CancellationToken.None);
            }
        }
        single.Stop();

        var counts = string.Join(", ", result.Counts.Where(c => c.Count > 0).Select(c => $"{c.Status} {c.Count}"));
        Console.WriteLine("| rows | batch s | one by one s | speed-up | outcomes |");
        Console.WriteLine("|---:|---:|---:|---:|---|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {result.Rows.Count} | {batch.Elapsed.TotalSeconds:F2} | {single.Elapsed.TotalSeconds:F2} | {single.Elapsed / batch.Elapsed:F1}× | {counts} |"));
        return result.Rows.Count == Rows && result.Counts.Single(c => c.Status == VerificationStatus.Valid).Count == 950 ? 0 : 1;
    }

    private static async Task<BatchVerificationResult> BatchAsync(BenchmarkHost host, byte[] file, string verifierId)
    {
        await using var scope = host.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BatchVerificationService>().VerifyFileAsync(file, verifierId, CancellationToken.None);
    }
}
