using CtecSkills.Core.Seeding;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace CtecSkills.E2E;

/// <summary>
/// axe-core (WCAG 2.2 A/AA) finds nothing on any page of any role, on the smallest phones in use (360×640) and on a
/// common one (390×844). Each role signs in as the demo people do and follows the links its pages show, starting at
/// the home page, so that a page nothing links to is not checked either (and the navigation tests would miss it).
/// </summary>
public sealed class AccessibilityTests(CtecSkillsSite site) : IClassFixture<CtecSkillsSite>
{
    private static readonly ViewportSize[] Phones =
    [
        new() { Width = 360, Height = 640 },
        new() { Width = 390, Height = 844 },
    ];

    private static readonly AxeRunOptions Wcag22AA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
    };

    // Files, not pages: what a link downloads is not for axe.
    private static readonly string[] FileEndings = [".csv", ".json", ".jwt", ".pdf", ".svg", ".png", ".zip", ".txt"];

    // Hangfire's job dashboard is that library's own pages, not ours to fix.
    private const string JobsDashboard = "/admin/jobs";

    // The links a page shows, as absolute addresses on this site.
    private const string Links = """
        () => [...document.querySelectorAll('a[href]')]
          .filter(a => !a.hasAttribute('download'))
          .map(a => a.href.split('#')[0])
          .filter(h => h.startsWith(location.origin))
        """;

    [Fact]
    public async Task EveryPageOfEveryRole_OnPhonesOf360And390Px_HasNoWcag22AaViolations()
    {
        var violations = new List<string>();
        var visited = new List<string>();

        var learnerPhone = DemoSeeder.LearnerPhone(27);
        await site.IssuedCredentialCodeAsync(learnerPhone);
        await CrawlAsync("learner", page => site.SignInWithSmsCodeAsync(page, learnerPhone), violations, visited);
        await CrawlAsync("visitor", _ => Task.CompletedTask, violations, visited);
        await CrawlAsync("staff", page => CtecSkillsSite.SignInWithPasswordAsync(page, "staff.chengdu@ctecskills.demo"), violations, visited);
        await CrawlAsync("hr", page => CtecSkillsSite.SignInWithPasswordAsync(page, DemoSeeder.VerifierEmail), violations, visited);
        await CrawlAsync("analyst", page => CtecSkillsSite.SignInWithPasswordAsync(page, DemoSeeder.AnalystEmail), violations, visited);
        await CrawlAsync("admin", page => CtecSkillsSite.SignInWithPasswordAsync(page, CtecSkillsSite.AdminEmail), violations, visited);

        await File.WriteAllLinesAsync(Path.Combine(CtecSkillsSite.ScreenshotDirectory, "axe-pages.txt"), visited);
        await File.WriteAllLinesAsync(Path.Combine(CtecSkillsSite.ScreenshotDirectory, "axe-violations.txt"), violations);
        // A crawl that saw only a few pages would pass without checking anything.
        Assert.True(visited.Count >= 40, "Only these pages were reached:\n" + string.Join('\n', visited));
        Assert.True(violations.Count == 0, $"axe-core found {violations.Count} violation(s) on {visited.Count} pages:\n" + string.Join('\n', violations));
    }

    /// <summary>
    /// Signs in, then visits every page reachable by links from the home page (one page of each shape: one course, one
    /// lesson, one class, not all of them), checks each at both phone sizes and collects what axe finds.
    /// </summary>
    private async Task CrawlAsync(string role, Func<IPage, Task> signIn, List<string> violations, List<string> visited)
    {
        await using var context = await site.NewPhoneAsync(width: Phones[0].Width, height: Phones[0].Height);
        var page = await context.NewPageAsync();
        await signIn(page);

        var origin = site.BaseAddress.GetLeftPart(UriPartial.Authority);
        var seen = new HashSet<string>(StringComparer.Ordinal) { Shape("/") };
        var queue = new Queue<string>([origin + "/"]);
        while (queue.TryDequeue(out var address))
        {
            IResponse? response;
            try
            {
                response = await page.GotoAsync(address);
            }
            catch (PlaywrightException e) when (e.Message.Contains("Download is starting", StringComparison.Ordinal))
            {
                continue;
            }
            if (response is null || !response.Ok || !(response.Headers.GetValueOrDefault("content-type") ?? "").StartsWith("text/html", StringComparison.Ordinal))
            {
                continue;
            }
            var path = new Uri(page.Url).AbsolutePath;
            visited.Add($"{role} {path}");

            foreach (var phone in Phones)
            {
                await page.SetViewportSizeAsync(phone.Width, phone.Height);
                var result = await page.RunAxe(Wcag22AA);
                foreach (var rule in result.Violations)
                {
                    foreach (var node in rule.Nodes)
                    {
                        violations.Add($"{phone.Width}×{phone.Height} {role} {path}: {rule.Id} ({rule.Impact}) at {node.Target} — {rule.Help}");
                    }
                }
            }
            await page.SetViewportSizeAsync(Phones[0].Width, Phones[0].Height);

            foreach (var link in await page.EvaluateAsync<string[]>(Links))
            {
                var target = new Uri(link);
                if (FileEndings.Any(e => target.AbsolutePath.EndsWith(e, StringComparison.OrdinalIgnoreCase))
                    || target.AbsolutePath.StartsWith(JobsDashboard, StringComparison.Ordinal)
                    || !seen.Add(Shape(target.AbsolutePath)))
                {
                    continue;
                }
                queue.Enqueue(link);
            }
        }
    }

    // One page stands for all pages of its kind: segments that name one thing (an id, a code, a slug) are wildcards.
    private static string Shape(string path) =>
        string.Join('/', path.TrimEnd('/').Split('/').Select(s => s.Any(char.IsDigit) || s.Contains('-', StringComparison.Ordinal) ? "*" : s));
}
