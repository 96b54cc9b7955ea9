using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CtecSkills.E2E;

/// <summary>The whole learning story on a phone, and the staff side of it at the base.</summary>
public sealed class LearningJourneyTests(CtecSkillsSite site) : IClassFixture<CtecSkillsSite>
{
    private const string CourseSlug = "farm-ecommerce-livestream";
    private const string CourseTitle = "农产品网上卖：电商与直播带货";
    private const string ChengduBase = "成都天府数字技能实训基地";
    private const string ChengduStaff = "staff.chengdu@ctecskills.demo";

    [Fact]
    public async Task RuralWoman_FindsEnrollsReadsPassesChecksIn_SeesTheCourseCompleted()
    {
        await using var phone = await site.NewPhoneAsync("zh-CN");
        var page = await phone.NewPageAsync();
        await site.SignUpAsync(page, "刘春梅");

        // Find a course for rural women.
        await Menu(page, "课程").TapAsync();
        await page.GetByLabel("适合谁").SelectOptionAsync(new SelectOptionValue { Label = "农村妇女" });
        await page.GetByRole(AriaRole.Button, new() { Name = "查找" }).TapAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = CourseTitle }).TapAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = CourseTitle, Level = 1 })).ToBeVisibleAsync();

        // Enroll in the cohort of the base in Chengdu.
        var cohort = page.Locator("section.card").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = ChengduBase }) });
        await cohort.GetByRole(AriaRole.Button, new() { Name = "报名" }).TapAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("报名");

        // Read every lesson, page by page, from My learning's "start" button.
        await Menu(page, "我的").TapAsync();
        var course = page.Locator("li.course").Filter(new() { HasText = CourseTitle });
        await course.GetByRole(AriaRole.Link, new() { Name = "开始学习" }).TapAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/lessons/1$"));
        for (var next = 2; await page.GetByRole(AriaRole.Link, new() { Name = "下一课" }).CountAsync() > 0; next++)
        {
            await page.GetByRole(AriaRole.Link, new() { Name = "下一课" }).TapAsync();
            await Expect(page).ToHaveURLAsync(new Regex($"/lessons/{next}$"));
        }
        await CtecSkillsSite.ScreenshotAsync(page, "lesson-last");

        // Take the quiz with the right answers.
        await Menu(page, "我的").TapAsync();
        await course.GetByRole(AriaRole.Link, new() { Name = "去做测验" }).TapAsync();
        var answers = RightAnswers();
        for (var i = 0; i < answers.Count; i++)
        {
            var question = page.GetByRole(AriaRole.Group).Nth(i);
            foreach (var option in answers[i])
            {
                await question.Locator("input").Nth(option).CheckAsync();
            }
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "交卷" }).TapAsync();
        await Expect(page.GetByText("通过了！")).ToBeVisibleAsync();

        await Menu(page, "我的").TapAsync();
        await Expect(course).ToContainTextAsync("还需要到课 2 小时");

        // At the class, staff show the check-in code; the learner's camera opens its URL.
        var checkInUrl = await ReadCheckInUrlAsStaffAsync();
        await page.GotoAsync(checkInUrl);
        await Expect(page.GetByText(CourseTitle)).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "签到" }).TapAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/me$"));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("签到成功");
        await Expect(course).ToContainTextAsync("已结业");
        await Expect(course).ToContainTextAsync("证书正在生成，约 1 分钟");
        await Expect(course).Not.ToContainTextAsync("下次上课");
        await Expect(course.Locator("progress")).ToHaveAttributeAsync("value", "100");
        await CtecSkillsSite.ScreenshotAsync(page, "me-completed");
    }

    [Fact]
    public async Task CheckIn_LinkForwardedToAClassmateAtHome_IsRefusedWhileStaffSeeTheRealCheckInLive()
    {
        await using var inRoomPhone = await site.NewPhoneAsync("zh-CN");
        var inRoom = await inRoomPhone.NewPageAsync();
        await site.SignUpAsync(inRoom, "陈小燕");
        await EnrollInChengduAsync(inRoom);
        await using var atHomePhone = await site.NewPhoneAsync("zh-CN");
        var atHome = await atHomePhone.NewPageAsync();
        await site.SignUpAsync(atHome, "杨小琴");
        await EnrollInChengduAsync(atHome);

        // Staff put the code on the screen and leave it open.
        await using var desk = await site.NewPhoneAsync("zh-CN", width: 1280, height: 900);
        var screen = await OpenCheckInScreenAsStaffAsync(desk);
        var live = screen.Locator("#live");
        await Expect(live).Not.ToContainTextAsync("陈小燕");
        await screen.GetByText("显示签到链接").TapAsync();
        var checkInUrl = await screen.Locator(".url a").GetAttributeAsync("href") ?? throw new InvalidOperationException("No check-in URL on the screen.");

        // The learner in the room scans and checks in, then sends the page's address to a classmate at home.
        await inRoom.GotoAsync(checkInUrl);
        await Expect(inRoom.GetByText(CourseTitle)).ToBeVisibleAsync();
        var forwarded = inRoom.Url;
        await inRoom.GetByRole(AriaRole.Button, new() { Name = "签到" }).TapAsync();
        await Expect(inRoom.GetByRole(AriaRole.Status)).ToContainTextAsync("签到成功");

        await atHome.GotoAsync(forwarded);
        await Expect(atHome.GetByRole(AriaRole.Alert)).ToContainTextAsync("不能替别人签到");
        await Expect(atHome.GetByText(CourseTitle)).ToHaveCountAsync(0);
        await Expect(atHome.GetByRole(AriaRole.Button, new() { Name = "签到" })).ToHaveCountAsync(0);
        await CtecSkillsSite.ScreenshotAsync(atHome, "checkin-forwarded-refused");

        // The staff screen shows the learner who really checked in without anyone touching it, and not the other one.
        await Expect(live).ToContainTextAsync("陈小燕", new() { Timeout = 10_000 });
        await Expect(live).Not.ToContainTextAsync("杨小琴");
        await CtecSkillsSite.ScreenshotAsync(screen, "checkin-live-list");

        // Someone who is not in the room is struck out from the same list.
        var line = screen.Locator("[data-live-present] li").Filter(new() { HasText = "陈小燕" });
        await line.GetByRole(AriaRole.Button, new() { Name = "划掉：不在教室" }).TapAsync();
        await Expect(screen.GetByRole(AriaRole.Status)).ToContainTextAsync("已划掉 陈小燕 的签到");
        await Expect(screen.Locator("[data-live-present]")).Not.ToContainTextAsync("陈小燕");
        await Expect(screen.Locator("[data-live-struck]")).ToContainTextAsync("陈小燕");
    }

    [Fact]
    public async Task Staff_UploadABadRoster_SeeEveryBadRowAndNothingIsImported()
    {
        await using var desk = await site.NewPhoneAsync("zh-CN", width: 1280, height: 900);
        var page = await desk.NewPageAsync();
        await CtecSkillsSite.SignInWithPasswordAsync(page, ChengduStaff);
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "培训班", Exact = true }).TapAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = CourseTitle }).First.TapAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/cohorts/[0-9]+$"));
        var before = await page.Locator("#learners tbody tr").CountAsync();
        Assert.True(before > 0, "The demo cohort should have learners placed by the demo data.");

        var csv = "姓名,手机号,性别,出生年份,地区代码,城乡,人群\r\n"
            + "王秀兰,13912340001,女,1982,510100,乡村,农村妇女\r\n"
            + "李桂英,1391234,女,1979,510100,乡村,农村妇女\r\n"
            + "张建军,13912340003,男,1890,999999,城镇,农民工\r\n";
        await page.GetByLabel("花名册文件").SetInputFilesAsync(new FilePayload
        {
            Name = "花名册.csv",
            MimeType = "text/csv",
            Buffer = CodePagesEncodingProvider.Instance.GetEncoding(54936)!.GetBytes(csv),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "导入" }).TapAsync();

        var errors = page.GetByRole(AriaRole.Alert);
        await Expect(errors).ToContainTextAsync("第 3 行");
        await Expect(errors).ToContainTextAsync("第 4 行");
        await CtecSkillsSite.ScreenshotAsync(page, "roster-errors");
        await Expect(page.Locator("#learners tbody tr")).ToHaveCountAsync(before);
        Assert.DoesNotContain("王秀兰", await page.Locator("#learners").InnerTextAsync(), StringComparison.Ordinal);
    }

    private async Task<string> ReadCheckInUrlAsStaffAsync()
    {
        await using var desk = await site.NewPhoneAsync("zh-CN", width: 1280, height: 900);
        var page = await OpenCheckInScreenAsStaffAsync(desk);
        await CtecSkillsSite.ScreenshotAsync(page, "checkin-screen");
        await page.GetByText("显示签到链接").TapAsync();
        return await page.Locator(".url a").GetAttributeAsync("href") ?? throw new InvalidOperationException("No check-in URL on the screen.");
    }

    /// <summary>Chengdu's staff tap their way to the check-in code of the course's first class.</summary>
    private static async Task<IPage> OpenCheckInScreenAsStaffAsync(IBrowserContext desk)
    {
        var page = await desk.NewPageAsync();
        await CtecSkillsSite.SignInWithPasswordAsync(page, ChengduStaff);
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "培训班", Exact = true }).TapAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = CourseTitle }).First.TapAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "打开签到二维码" }).First.TapAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "签到二维码" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "用手机扫码签到" })).ToBeVisibleAsync();
        return page;
    }

    private static async Task EnrollInChengduAsync(IPage page)
    {
        await Menu(page, "课程").TapAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = CourseTitle }).TapAsync();
        var cohort = page.Locator("section.card").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = ChengduBase }) });
        await cohort.GetByRole(AriaRole.Button, new() { Name = "报名" }).TapAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("报名");
    }

    private static ILocator Menu(IPage page, string name) =>
        page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = name, Exact = true });

    /// <summary>The course's right answers, from the same package the demo data was imported from.</summary>
    private static List<List<int>> RightAnswers() => CtecSkillsSite.RightAnswers(CourseSlug);
}
