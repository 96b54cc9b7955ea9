using CtecSkills.Core.Seeding;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CtecSkills.E2E;

/// <summary>
/// The smallest phones in use (360 px wide): on the main pages of every role, nothing is wider than the screen and
/// every link, button and field is at least 44×44 px (WCAG 2.5.5) with at least 8 px to the next one.
/// </summary>
public sealed class PhoneLayoutTests(CtecSkillsSite site) : IClassFixture<CtecSkillsSite>
{
    private const int Width = 360;

    // Measured in the page: the document's scroll width, then every visible tap target that is not inside another
    // one (a checkbox inside its label counts as the label), its size and its distance to every other target.
    private const string Measure = """
        (width) => {
          const problems = [];
          const scroll = document.documentElement.scrollWidth;
          if (scroll > width) problems.push(`page is ${scroll} px wide`);
          const all = [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary, label.check')]
            .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden'; });
          const targets = all.filter(e => !all.some(o => o !== e && o.contains(e)) && !(e.closest('label') && e.matches('input')));
          const name = e => (e.innerText || e.value || e.getAttribute('aria-label') || e.name || e.type || '').trim().replace(/\s+/g, ' ').slice(0, 24);
          const rects = targets.map(e => e.getBoundingClientRect());
          targets.forEach((e, i) => {
            const r = rects[i];
            if (r.width < 43.5 || r.height < 43.5) problems.push(`${e.tagName.toLowerCase()} "${name(e)}" is ${Math.round(r.width)}×${Math.round(r.height)}`);
            if (r.right > width + 0.5) problems.push(`${e.tagName.toLowerCase()} "${name(e)}" ends at ${Math.round(r.right)} px`);
            for (let j = i + 1; j < targets.length; j++) {
              const o = rects[j];
              const dx = Math.max(0, Math.max(r.left, o.left) - Math.min(r.right, o.right));
              const dy = Math.max(0, Math.max(r.top, o.top) - Math.min(r.bottom, o.bottom));
              if (Math.max(dx, dy) < 7.5) problems.push(`"${name(e)}" and "${name(targets[j])}" are ${Math.round(Math.max(dx, dy))} px apart`);
            }
          });
          return problems;
        }
        """;

    [Fact]
    public async Task MainPagesOfEveryRole_At360Px_FitTheScreenWithTapTargetsOf44PxAnd8PxApart()
    {
        var problems = new List<string>();

        await using (var visitor = await site.NewPhoneAsync(width: Width, height: 640))
        {
            var page = await visitor.NewPageAsync();
            await page.GotoAsync("/");
            await CheckAsync(page, "home", problems);
            await Menu(page, "课程").TapAsync();
            await CheckAsync(page, "courses", problems);
            await page.Locator("main h2 a, main h3 a").First.TapAsync();
            await CheckAsync(page, "course", problems);
            await Menu(page, "登录 / 注册").TapAsync();
            await CheckAsync(page, "sign-in", problems);
        }

        var phone = DemoSeeder.LearnerPhone(29);
        var code = await site.IssuedCredentialCodeAsync(phone);
        await using (var learner = await site.NewPhoneAsync(width: Width, height: 640))
        {
            var page = await learner.NewPageAsync();
            await site.SignInWithSmsCodeAsync(page, phone);
            await CheckAsync(page, "learner-me", problems);
            await Menu(page, "我的证书").TapAsync();
            await Expect(page.GetByText(code).First).ToBeVisibleAsync();
            await CheckAsync(page, "learner-wallet", problems);
            await Menu(page, "分享证书").TapAsync();
            await CheckAsync(page, "learner-share", problems);
        }

        await VisitAsync("staff.chengdu@ctecskills.demo", ["培训班", "证书"], problems, async page =>
        {
            await Menu(page, "培训班").TapAsync();
            await page.GetByRole(AriaRole.Table).GetByRole(AriaRole.Link).First.TapAsync();
            await CheckAsync(page, "staff-cohort", problems);
            await page.GetByRole(AriaRole.Link, new() { Name = "手动考勤" }).First.TapAsync();
            await CheckAsync(page, "staff-attendance", problems);
            await Menu(page, "培训班").TapAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "打开签到二维码" }).First.TapAsync();
            await CheckAsync(page, "staff-checkin-screen", problems);
        });
        await VisitAsync(DemoSeeder.VerifierEmail, ["核验证书", "批量核验", "核验记录"], problems);
        await VisitAsync(DemoSeeder.AnalystEmail, ["指数", "自己的数据表"], problems);

        Assert.True(problems.Count == 0, "At 360 px:\n" + string.Join('\n', problems));
    }

    private async Task VisitAsync(string email, string[] menu, List<string> problems, Func<IPage, Task>? more = null)
    {
        await using var context = await site.NewPhoneAsync(width: Width, height: 640);
        var page = await context.NewPageAsync();
        await CtecSkillsSite.SignInWithPasswordAsync(page, email);
        foreach (var item in menu)
        {
            await Menu(page, item).TapAsync();
            await CheckAsync(page, $"{email.Split('@')[0]}-{item}", problems);
        }
        if (more is not null)
        {
            await more(page);
        }
    }

    private static async Task CheckAsync(IPage page, string name, List<string> problems)
    {
        await page.WaitForLoadStateAsync(LoadState.Load);
        await CtecSkillsSite.ScreenshotAsync(page, "360-" + name);
        var found = await page.EvaluateAsync<string[]>(Measure, Width);
        problems.AddRange(found.Select(p => $"{name} ({new Uri(page.Url).AbsolutePath}): {p}"));
    }

    private static ILocator Menu(IPage page, string name) =>
        page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = name, Exact = true });
}
