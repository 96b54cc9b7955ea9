using System.Text.RegularExpressions;
using CtecSkills.Core.Data;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CtecSkills.Benchmarks;

/// <summary>
/// Budget: a learner's first view of a page costs at most 14 KB on the wire (HTML + every CSS and JS file it loads,
/// compressed as a phone browser asks for them), and the service worker those scripts register at most 10 KB.
/// Measured against the real app on a throwaway SQLite database.
/// </summary>
public static partial class PageWeight
{
    public const int BudgetBytes = 14 * 1024;
    public const int ServiceWorkerBudgetBytes = 10 * 1024;
    public const string ServiceWorker = "/sw.js";
    public static readonly string[] FixedPages = ["/", "/account/phone", "/account/signin", "/privacy", "/courses"];

    public static async Task<int> RunAsync()
    {
        await using var host = await BenchmarkHost.StartAsync("pageweight");
        var pages = FixedPages.Concat(await SeededCoursePagesAsync(host.App)).ToList();
        using var client = host.App.CreateClient();
        client.DefaultRequestHeaders.Add("Accept-Encoding", "gzip, deflate, br");
        client.DefaultRequestHeaders.Add("Accept-Language", "zh-CN,zh;q=0.9");

        Console.WriteLine($"| page | HTML bytes (br) | CSS+JS bytes (br) | total | budget {BudgetBytes} |");
        Console.WriteLine("|---|---:|---:|---:|---|");
        var overBudget = 0;
        foreach (var page in pages)
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
        // Fetched once by the browser, after the first view, and again only when it changes.
        var worker = (await FetchAsync(client, ServiceWorker)).Bytes;
        overBudget += worker > ServiceWorkerBudgetBytes ? 1 : 0;
        Console.WriteLine();
        Console.WriteLine($"| service worker | bytes (br) | budget {ServiceWorkerBudgetBytes} |");
        Console.WriteLine("|---|---:|---|");
        Console.WriteLine($"| {ServiceWorker} | {worker} | {(worker <= ServiceWorkerBudgetBytes ? "within" : "OVER")} |");
        return overBudget == 0 ? 0 : 1;
    }

    /// <summary>Every demo course page and every one of its lessons: the real content learners open.</summary>
    private static async Task<List<string>> SeededCoursePagesAsync(WebApplicationFactory<Program> app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var courses = await db.Courses.AsNoTracking()
            .OrderBy(c => c.Id)
            .Select(c => new { c.Slug, Lessons = c.Modules.SelectMany(m => m.Lessons).Count() })
            .ToListAsync();
        return courses
            .SelectMany(c => Enumerable.Range(1, c.Lessons).Select(n => $"/courses/{c.Slug}/lessons/{n}").Prepend($"/courses/{c.Slug}"))
            .ToList();
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
