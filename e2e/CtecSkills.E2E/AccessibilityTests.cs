using System.Text;
using System.Text.RegularExpressions;
using CtecSkills.Core.Seeding;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CtecSkills.E2E;

/// <summary>
/// axe-core (WCAG 2.2 A/AA) finds nothing on any page of any role, on the smallest phones in use (360×640) and on a
/// common one (390×844). Each role signs in as the demo people do and follows the links its pages show, starting at
/// the home page, so that a page nothing links to is not checked either (and the navigation tests would miss it).
/// </summary>
public sealed class AccessibilityTests(CtecSkillsSite site) : IClassFixture<CtecSkillsSite>
{
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

    // Page shapes checked so far, by any role: each is checked once per phone size.
    private readonly HashSet<string> _checkedShapes = new(StringComparer.Ordinal);

    [Fact]
    public async Task EveryPageOfEveryRole_OnPhonesOf360And390Px_HasNoWcag22AaViolations()
    {
        var violations = new List<string>();
        var visited = new List<string>();

        var learnerPhone = DemoSeeder.LearnerPhone(27);
        var code = await site.IssuedCredentialCodeAsync(learnerPhone);
        await CrawlAsync("learner", page => site.SignInWithSmsCodeAsync(page, learnerPhone), violations, visited, async page =>
        {
            // The quiz's result page comes after answering: every first option, whatever it scores.
            await page.GotoAsync("/");
            await Menu(page, "课程").TapAsync();
            await page.Locator("main h2 a, main h3 a").First.TapAsync();
            await page.Locator("main a[href$='/quiz']").First.TapAsync();
            foreach (var question in await page.Locator("fieldset.question").AllAsync())
            {
                await question.Locator("input").First.CheckAsync();
            }
            await page.GetByRole(AriaRole.Button, new() { Name = "交卷" }).TapAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/quiz/attempts/[0-9]+$"));
            return "quiz result";
        });
        await CrawlAsync("visitor", _ => Task.CompletedTask, violations, visited);
        await CrawlAsync("staff", page => CtecSkillsSite.SignInWithPasswordAsync(page, "staff.chengdu@ctecskills.demo"), violations, visited);
        await CrawlAsync("hr", page => CtecSkillsSite.SignInWithPasswordAsync(page, DemoSeeder.VerifierEmail), violations, visited, async page =>
        {
            // The verification result and the batch result are answers to forms.
            await Menu(page, "核验证书").TapAsync();
            await page.GetByLabel("核验码", new() { Exact = true }).FillAsync(code);
            await page.GetByRole(AriaRole.Button, new() { Name = "验证", Exact = true }).TapAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "有效", Level = 1, Exact = true })).ToBeVisibleAsync();
            visited.Add("hr verify result");
            await CheckAsync(page, "hr", "verify result", violations);
            await Menu(page, "批量核验").TapAsync();
            await page.GetByLabel("核验码文件（CSV）").SetInputFilesAsync(new FilePayload
            {
                Name = "codes.csv",
                MimeType = "text/csv",
                Buffer = Encoding.UTF8.GetBytes($"核验码\n{code}\n不是核验码\n"),
            });
            await page.GetByRole(AriaRole.Button, new() { Name = "开始核验" }).TapAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "批量核验结果", Level = 1 })).ToBeVisibleAsync();
            return "batch result";
        });
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
    private async Task CrawlAsync(string role, Func<IPage, Task> signIn, List<string> violations, List<string> visited, Func<IPage, Task<string>>? forms = null)
    {
        await using var context = await site.NewPhoneAsync(width: 360, height: 640);
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
            // A page another role has checked already is only followed for its links (its menu is checked on the home
            // page of every role); a link that led to the sign-in page is not checked twice either.
            if (path == "/" || _checkedShapes.Add(Shape(path)))
            {
                visited.Add($"{role} {path}");
                await CheckAsync(page, role, path, violations);
            }

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

        // Pages that only a form leads to: the role fills it in, and the page it lands on is checked.
        if (forms is not null)
        {
            var name = await forms(page);
            visited.Add($"{role} {name}");
            await CheckAsync(page, role, name, violations);
        }
    }

    private static async Task CheckAsync(IPage page, string role, string path, List<string> violations) =>
        violations.AddRange(await Axe.ViolationsAsync(page, role, path));

    private static ILocator Menu(IPage page, string name) =>
        page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = name, Exact = true });

    // One page stands for all pages of its kind: segments that name one thing (an id, a code, a slug) are wildcards.
    private static string Shape(string path) =>
        string.Join('/', path.TrimEnd('/').Split('/').Select(s => s.Any(char.IsDigit) || s.Contains('-', StringComparison.Ordinal) ? "*" : s));
}
