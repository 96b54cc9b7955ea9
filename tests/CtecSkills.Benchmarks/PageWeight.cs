using System.Text.RegularExpressions;
using CtecSkills.Core.Catalog;
using CtecSkills.Core.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CtecSkills.Benchmarks;

/// <summary>
/// Budget: a learner's first view of a page costs at most 14 KB on the wire (HTML + every CSS and JS file it loads,
/// compressed as a phone browser asks for them). Measured against the real app on a throwaway SQLite database.
/// </summary>
public static partial class PageWeight
{
    public const int BudgetBytes = 14 * 1024;
    public const string CourseSlug = "scan-to-pay-safely";

    public static readonly string[] Pages =
    [
        "/", "/account/phone", "/account/signin", "/privacy", "/courses", $"/courses/{CourseSlug}", $"/courses/{CourseSlug}/lessons/1",
    ];

    public static async Task<int> RunAsync()
    {
        var folder = Directory.CreateTempSubdirectory("ctec-pageweight-");
        try
        {
            await using var app = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
            {
                b.UseEnvironment("Testing");
                b.UseContentRoot(WebProjectFolder());
                b.UseSetting("Database:Provider", "Sqlite");
                b.UseSetting("ConnectionStrings:Default", $"Data Source={Path.Combine(folder.FullName, "weight.db")}");
                b.UseSetting("Seed:Demo", "true");
                b.UseSetting("Jobs:RunServer", "false");
            });
            await EnsureCourseAsync(app);
            using var client = app.CreateClient();
            client.DefaultRequestHeaders.Add("Accept-Encoding", "gzip, deflate, br");
            client.DefaultRequestHeaders.Add("Accept-Language", "zh-CN,zh;q=0.9");

            Console.WriteLine($"| page | HTML bytes (br) | CSS+JS bytes (br) | total | budget {BudgetBytes} |");
            Console.WriteLine("|---|---:|---:|---:|---|");
            var overBudget = 0;
            foreach (var page in Pages)
            {
                var (html, htmlBytes) = await FetchAsync(client, page);
                var assets = 0;
                foreach (Match m in AssetPattern().Matches(html))
                {
                    assets += (await FetchAsync(client, System.Net.WebUtility.HtmlDecode(m.Groups["url"].Value))).Bytes;
                }
                var total = htmlBytes + assets;
                overBudget += total > BudgetBytes ? 1 : 0;
                Console.WriteLine($"| {page} | {htmlBytes} | {assets} | {total} | {(total <= BudgetBytes ? "within" : "OVER")} |");
            }
            return overBudget == 0 ? 0 : 1;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    // The course and lesson pages are measured on the integration tests' real package, whatever demo courses exist.
    private static async Task EnsureCourseAsync(WebApplicationFactory<Program> app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (await db.Courses.AnyAsync(c => c.Slug == CourseSlug))
        {
            return;
        }
        var baseId = await db.TrainingBases.OrderBy(b => b.Id).Select(b => b.Id).FirstAsync();
        var folder = Path.Combine(WebProjectFolder(), "..", "..", "tests", "CtecSkills.IntegrationTests", "TestData", "courses", CourseSlug);
        var result = await scope.ServiceProvider.GetRequiredService<CoursePackageImporter>()
            .ImportAsync(CoursePackage.FromDirectory(folder), new CourseImportOptions(baseId, [baseId], Publish: true), CancellationToken.None);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"The benchmark course could not be imported: {result.Problems.Count} problems.");
        }
    }

    private static string WebProjectFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CtecSkills.sln")))
        {
            dir = dir.Parent;
        }
        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("Run from inside the repository."), "src", "CtecSkills.Web");
    }

    /// <summary>Returns the decoded text (for finding assets) and the bytes that crossed the wire.</summary>
    private static async Task<(string Text, int Bytes)> FetchAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        response.EnsureSuccessStatusCode();
        var wire = await response.Content.ReadAsByteArrayAsync();
        var encoding = response.Content.Headers.ContentEncoding.FirstOrDefault();
        using var input = new MemoryStream(wire);
        await using Stream decoded = encoding switch
        {
            "br" => new System.IO.Compression.BrotliStream(input, System.IO.Compression.CompressionMode.Decompress),
            "gzip" => new System.IO.Compression.GZipStream(input, System.IO.Compression.CompressionMode.Decompress),
            _ => input,
        };
        using var reader = new StreamReader(decoded);
        return (await reader.ReadToEndAsync(), wire.Length);
    }

    [GeneratedRegex("""<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="(?<url>/[^"]+)""")]
    private static partial Regex AssetPattern();
}
