using System.Text.RegularExpressions;
using CtecSkills.Core.Seeding;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CtecSkills.E2E;

/// <summary>
/// Each role finds its daily work from the home page by tapping only, in at most two taps: the menu, then the page's
/// own link. The only address typed is the site's own.
/// </summary>
public sealed class RoleNavigationTests(CtecSkillsSite site) : IClassFixture<CtecSkillsSite>
{
    private const string ChengduStaff = "staff.chengdu@ctecskills.demo";

    [Fact]
    public async Task Staff_FromTheHomePage_ReachCheckInAttendanceRosterProgressAndCredentialsByTapping()
    {
        var (context, page) = await site.SignedInWithPasswordAsync(ChengduStaff);
        await using var _ = context;

        // Today's check-in screen: 培训班, then the class's 打开签到二维码.
        await page.GotoAsync("/");
        await Menu(page, "培训班").TapAsync();
        var coming = page.Locator("section").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "近期的课" }) });
        await coming.GetByRole(AriaRole.Link, new() { Name = "打开签到二维码" }).First.TapAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "签到二维码", Level = 1 })).ToBeVisibleAsync(new() { Timeout = 20_000 });

        // The attendance sheet of the same class, two taps again.
        await page.GotoAsync("/");
        await Menu(page, "培训班").TapAsync();
        await coming.GetByRole(AriaRole.Link, new() { Name = "手动考勤" }).First.TapAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/sessions/[0-9]+/attendance$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "考勤", Level = 1 })).ToBeVisibleAsync();

        // Roster import and progress: 培训班, then the cohort.
        await page.GotoAsync("/");
        await Menu(page, "培训班").TapAsync();
        await page.GetByRole(AriaRole.Table).GetByRole(AriaRole.Link).First.TapAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/cohorts/[0-9]+$"));
        await Expect(page.GetByLabel("花名册文件")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "导入" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "导出学员进度" })).ToBeVisibleAsync();
        await Expect(page.Locator("#learners progress").First).ToBeVisibleAsync();

        // Credentials issued by the base: one tap.
        await page.GotoAsync("/");
        await Menu(page, "证书").TapAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "已发证书", Level = 1 })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task HrClerk_FromTheHomePage_ReachesCheckOneCheckManyAndHistoryInOneTap()
    {
        var (context, page) = await site.SignedInWithPasswordAsync(DemoSeeder.VerifierEmail);
        await using var _ = context;

        await page.GotoAsync("/");
        await Menu(page, "核验证书").TapAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/verify$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();

        await page.GotoAsync("/");
        await Menu(page, "批量核验").TapAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "批量核验", Level = 1 })).ToBeVisibleAsync();

        await page.GotoAsync("/");
        await Menu(page, "核验记录").TapAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "核验记录", Level = 1 })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Analyst_FromTheHomePage_ReachesTheIndexItsReleasesAndTheirOwnTable()
    {
        var (context, page) = await site.SignedInWithPasswordAsync(DemoSeeder.AnalystEmail);
        await using var _ = context;

        await page.GotoAsync("/");
        await Menu(page, "指数").TapAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "人力资本指数", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "发布记录", Level = 2 })).ToBeVisibleAsync();

        await page.GotoAsync("/");
        await Menu(page, "自己的数据表").TapAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "用自己的数据表计算指数", Level = 1 })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Learner_FromTheHomePage_ReachesCoursesCertificatesAndSharingInOneTap()
    {
        var phone = DemoSeeder.LearnerPhone(28);
        await site.IssuedCredentialCodeAsync(phone);
        await using var learnerPhone = await site.NewPhoneAsync();
        var page = await learnerPhone.NewPageAsync();
        await site.SignInWithSmsCodeAsync(page, phone);

        await page.GotoAsync("/");
        await Menu(page, "课程").TapAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "课程", Level = 1 })).ToBeVisibleAsync();

        await page.GotoAsync("/");
        await Menu(page, "我的证书").TapAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "我的证书", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 2 }).First).ToBeVisibleAsync();

        await page.GotoAsync("/");
        await Menu(page, "分享证书").TapAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "分享我的证书", Level = 1 })).ToBeVisibleAsync();

        await page.GotoAsync("/");
        await Menu(page, "我的").TapAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/me$"));
    }

    [Fact]
    public async Task Learner_LeavingAClassWithJavaScriptOff_IsAskedFirstAndStaysUntilTheyConfirm()
    {
        // Demo learner 1 was placed in a class by the demo data.
        await using var phone = await site.NewPhoneAsync(javaScript: false);
        var page = await phone.NewPageAsync();
        await site.SignInWithSmsCodeAsync(page, DemoSeeder.LearnerPhone(1));
        var course = page.Locator("li.course").First;
        var title = (await course.GetByRole(AriaRole.Heading, new() { Level = 3 }).InnerTextAsync()).Trim();
        Assert.Equal(0, await page.GetByText("退出这个班").CountAsync());

        await course.GetByText("不再参加这个班", new() { Exact = true }).TapAsync();
        var confirm = course.GetByRole(AriaRole.Button, new() { Name = "确定，不再参加这个班" });
        await Expect(confirm).ToBeVisibleAsync();
        await Expect(course.GetByText("名额会让给别人")).ToBeVisibleAsync();

        // Tapping the first line only opened the question: the class is still there after a reload.
        await page.ReloadAsync();
        await Expect(page.Locator("li.course").Filter(new() { HasText = title })).ToHaveCountAsync(1);

        await course.GetByText("不再参加这个班", new() { Exact = true }).TapAsync();
        await confirm.TapAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("您已不再参加这个班");
        await Expect(page.Locator("li.course").Filter(new() { HasText = title })).ToHaveCountAsync(0);
    }

    private static ILocator Menu(IPage page, string name) =>
        page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = name, Exact = true });
}
