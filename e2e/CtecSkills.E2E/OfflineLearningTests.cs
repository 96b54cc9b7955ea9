using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CtecSkills.E2E;

/// <summary>
/// A learner in a village between two towers: saves the course while in signal, reads and answers the quiz with none,
/// and everything counts once when the phone is back online (docs/decisions/0027, 0028).
/// </summary>
public sealed class OfflineLearningTests(CtecSkillsSite site) : IClassFixture<CtecSkillsSite>
{
    private const string CourseSlug = "farm-ecommerce-livestream";
    private const string CourseTitle = "农产品网上卖：电商与直播带货";
    private const string ChengduBase = "成都天府数字技能实训基地";
    private const string ChengduStaff = "staff.chengdu@ctecskills.demo";

    [Fact]
    public async Task SavedCourse_ReadAndAnsweredOffline_CountsOnceBackOnlineAndTheCredentialFollows()
    {
        const string name = "赵秀英";
        await using var phone = await site.NewPhoneAsync("zh-CN");
        var page = await phone.NewPageAsync();

        // In signal: enroll, check in at the class, read the first three lessons.
        await SignUpAndEnrollAsync(page, name);
        await page.GotoAsync(await ReadCheckInUrlAsStaffAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "签到" }).TapAsync();
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("签到成功");
        await Menu(page, "课程").TapAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = CourseTitle }).TapAsync();
        await LessonLink(page, 1).TapAsync();
        for (var next = 2; next <= 3; next++)
        {
            await page.GetByRole(AriaRole.Link, new() { Name = "下一课" }).TapAsync();
            await Expect(page).ToHaveURLAsync(new Regex($"/lessons/{next}$"));
        }

        // Save the course: the size first, then 已保存.
        await page.GetByRole(AriaRole.Link, new() { Name = CourseTitle }).First.TapAsync();
        var save = page.Locator("#offline-save");
        await Expect(save).ToContainTextAsync(new Regex("需要流量约 [0-9.]+ (KB|MB)"));
        await save.GetByRole(AriaRole.Button, new() { Name = "保存到手机，离线也能学" }).TapAsync();
        await Expect(save.GetByRole(AriaRole.Status)).ToHaveTextAsync("已保存");
        await CtecSkillsSite.ScreenshotAsync(page, "offline-saved");
        Assert.Equal(3, (await site.ProgressOfAsync(name, CourseSlug)).LessonsRead);

        // No signal: the saved lessons and quiz open; a page not saved shows the offline page with the saved course.
        await phone.SetOfflineAsync(true);
        await LessonLink(page, 4).TapAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/lessons/4$"));
        for (var next = 5; next <= 6; next++)
        {
            await page.GetByRole(AriaRole.Link, new() { Name = "下一课" }).TapAsync();
            await Expect(page).ToHaveURLAsync(new Regex($"/lessons/{next}$"));
        }
        await page.GetByRole(AriaRole.Link, new() { Name = "课都学完了，测一测" }).TapAsync();
        var answers = CtecSkillsSite.RightAnswers(CourseSlug);
        for (var i = 0; i < answers.Count; i++)
        {
            foreach (var option in answers[i])
            {
                await page.GetByRole(AriaRole.Group).Nth(i).Locator("input").Nth(option).CheckAsync();
            }
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "交卷" }).TapAsync();
        await Expect(page.GetByText("会在联网后评分")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = CourseTitle })).ToBeVisibleAsync();
        await CtecSkillsSite.ScreenshotAsync(page, "offline-quiz-queued");
        await Menu(page, "我的证书").TapAsync();
        await Expect(page.GetByText("这一页还没有保存在手机上")).ToBeVisibleAsync();
        var offline = await site.ProgressOfAsync(name, CourseSlug);
        Assert.Equal((3, 0, false), (offline.LessonsRead, offline.QuizAttempts, offline.Completed));
        var queued = await QueueAsync(page);
        Assert.Equal(4, queued.GetArrayLength());

        // Back in signal: the queue is sent; then sent again as if the first answers were lost on the way.
        await phone.SetOfflineAsync(false);
        var graded = page.GetByRole(AriaRole.Link, new() { Name = "您离线时答的测验已经评分，点这里看成绩" });
        await Expect(graded).ToBeVisibleAsync();
        await RequeueAsync(page, queued);
        await page.ReloadAsync();
        for (var tries = 0; tries < 50 && (await QueueAsync(page)).GetArrayLength() > 0; tries++)
        {
            await Task.Delay(200);
        }
        Assert.Equal(0, (await QueueAsync(page)).GetArrayLength());
        var online = await site.ProgressOfAsync(name, CourseSlug);
        Assert.Equal((6, 1, 4, true), (online.LessonsRead, online.QuizAttempts, online.KeyedSteps, online.Completed));

        // The grade, then the certificate as for a learner who was online all along.
        await page.GetByRole(AriaRole.Link, new() { Name = "您离线时答的测验已经评分，点这里看成绩" }).TapAsync();
        await Expect(page.GetByText("通过了！")).ToBeVisibleAsync();
        await site.RunCredentialIssuingAsync();
        await Menu(page, "我的证书").TapAsync();
        await Expect(page.GetByText(CourseTitle).First).ToBeVisibleAsync();
        await CtecSkillsSite.ScreenshotAsync(page, "offline-credential");
    }

    [Fact]
    public async Task SavedCourse_ChangedOnTheServer_IsSavedAgainOnTheNextVisitOnline()
    {
        await using var phone = await site.NewPhoneAsync("zh-CN");
        var page = await phone.NewPageAsync();
        await SignUpAndEnrollAsync(page, "钱玉兰");
        await Menu(page, "课程").TapAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = CourseTitle }).TapAsync();
        var save = page.Locator("#offline-save");
        await save.GetByRole(AriaRole.Button, new() { Name = "保存到手机，离线也能学" }).TapAsync();
        await Expect(save.GetByRole(AriaRole.Status)).ToHaveTextAsync("已保存");

        await site.AppendToLessonAsync(CourseSlug, 2, "直播前先把网络测一测。");
        await Menu(page, "我的").TapAsync();
        await Menu(page, "课程").TapAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = CourseTitle }).TapAsync();
        await Expect(save.GetByRole(AriaRole.Status)).ToHaveTextAsync("已保存");

        await phone.SetOfflineAsync(true);
        await LessonLink(page, 2).TapAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/lessons/2$"));
        await Expect(page.GetByText("直播前先把网络测一测。")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task SharedPhone_FirstLearnerSignsOutBeforeTheQueueIsSent_NextLearnerGetsNeitherTheStepNorTheSavedPages()
    {
        await using var phone = await site.NewPhoneAsync("zh-CN");
        var page = await phone.NewPageAsync();
        var firstPhone = await SignUpAndEnrollAsync(page, "周桂芳");
        await Menu(page, "课程").TapAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = CourseTitle }).TapAsync();
        var save = page.Locator("#offline-save");
        await save.GetByRole(AriaRole.Button, new() { Name = "保存到手机，离线也能学" }).TapAsync();
        await Expect(save.GetByRole(AriaRole.Status)).ToHaveTextAsync("已保存");

        // She reads lesson 1 without signal; when the signal is back the server is busy, so the step stays queued.
        await phone.RouteAsync("**/offline/token", route => route.FulfillAsync(new() { Status = 503 }));
        await phone.SetOfflineAsync(true);
        await LessonLink(page, 1).TapAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/lessons/1$"));
        await phone.SetOfflineAsync(false);
        await page.GetByRole(AriaRole.Link, new() { Name = CourseTitle }).First.TapAsync();
        await Expect(save.GetByRole(AriaRole.Status)).ToHaveTextAsync("已保存");
        Assert.Equal(1, (await QueueAsync(page)).GetArrayLength());
        await page.GetByRole(AriaRole.Button, new() { Name = "退出" }).TapAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "用手机号开始" })).ToBeVisibleAsync();

        // Signed out, without signal: her saved lesson is not on the phone any more, nor listed.
        await phone.SetOfflineAsync(true);
        await page.GotoAsync($"/courses/{CourseSlug}/lessons/1");
        await Expect(page.GetByText("这一页还没有保存在手机上")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = CourseTitle })).ToHaveCountAsync(0);
        await phone.SetOfflineAsync(false);
        await phone.UnrouteAsync("**/offline/token");

        // Her sister signs up on the same phone, in the same course: the queue is flushed for her, without the step.
        await SignUpAndEnrollAsync(page, "周桂兰");
        await Menu(page, "课程").TapAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = CourseTitle }).TapAsync();
        await Expect(save.GetByRole(AriaRole.Button, new() { Name = "保存到手机，离线也能学" })).ToBeVisibleAsync();
        for (var tries = 0; tries < 15 && (await site.ProgressOfAsync("周桂兰", CourseSlug)).LessonsRead == 0; tries++)
        {
            await Task.Delay(200);
        }
        Assert.Equal(0, (await site.ProgressOfAsync("周桂兰", CourseSlug)).LessonsRead);
        Assert.Equal(1, (await QueueAsync(page)).GetArrayLength());

        // The first learner signs in again: her step is sent, as hers.
        await page.GetByRole(AriaRole.Button, new() { Name = "退出" }).TapAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "用手机号开始" })).ToBeVisibleAsync();
        await site.LetAMinutePassForCodesAsync(firstPhone);
        await site.SignInWithSmsCodeAsync(page, firstPhone);
        for (var tries = 0; tries < 50 && (await QueueAsync(page)).GetArrayLength() > 0; tries++)
        {
            await Task.Delay(200);
        }
        Assert.Equal(0, (await QueueAsync(page)).GetArrayLength());
        Assert.Equal(1, (await site.ProgressOfAsync("周桂芳", CourseSlug)).LessonsRead);
        Assert.Equal(0, (await site.ProgressOfAsync("周桂兰", CourseSlug)).LessonsRead);
    }

    [Fact]
    public async Task CoursePage_WithoutJavaScript_ShowsNoSaveButtonAndLessonsStillOpen()
    {
        await using var phone = await site.NewPhoneAsync("zh-CN", javaScript: false);
        var page = await phone.NewPageAsync();
        await SignUpAndEnrollAsync(page, "孙丽华");
        await Menu(page, "课程").TapAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = CourseTitle }).TapAsync();

        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "保存到手机，离线也能学" })).ToBeHiddenAsync();
        await LessonLink(page, 1).TapAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/lessons/1$"));
        Assert.Equal(1, (await site.ProgressOfAsync("孙丽华", CourseSlug)).LessonsRead);
    }

    /// <summary>A newcomer signs up and enrolls in the course's class in Chengdu, from the catalogue; returns the phone.</summary>
    private async Task<string> SignUpAndEnrollAsync(IPage page, string name)
    {
        var number = await site.SignUpAsync(page, name);
        await Menu(page, "课程").TapAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = CourseTitle }).TapAsync();
        var cohort = page.Locator("section.card").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = ChengduBase }) });
        await cohort.GetByRole(AriaRole.Button, new() { Name = "报名" }).TapAsync();
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("报名");
        return number;
    }

    /// <summary>The steps waiting in the phone's IndexedDB queue.</summary>
    private static async Task<JsonElement> QueueAsync(IPage page) =>
        await page.EvaluateAsync<JsonElement>(@"() => new Promise((resolve, reject) => {
            const open = indexedDB.open('ctec-offline');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
                const read = open.result.transaction('queue').objectStore('queue').getAll();
                read.onsuccess = () => { open.result.close(); resolve(read.result); };
            };
        })");

    /// <summary>Puts steps back in the queue with their keys, as when the server's answers never reached the phone.</summary>
    private static async Task RequeueAsync(IPage page, JsonElement steps) =>
        await page.EvaluateAsync(@"json => new Promise((resolve, reject) => {
            const steps = JSON.parse(json);
            const open = indexedDB.open('ctec-offline');
            open.onsuccess = () => {
                const tx = open.result.transaction('queue', 'readwrite');
                steps.forEach(s => tx.objectStore('queue').put(s));
                tx.oncomplete = () => { open.result.close(); resolve(); };
                tx.onerror = () => reject(tx.error);
            };
        })", steps.GetRawText());

    private async Task<string> ReadCheckInUrlAsStaffAsync()
    {
        await using var desk = await site.NewPhoneAsync("zh-CN", width: 1280, height: 900);
        var page = await desk.NewPageAsync();
        await CtecSkillsSite.SignInWithPasswordAsync(page, ChengduStaff);
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "培训班", Exact = true }).TapAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = CourseTitle }).First.TapAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "打开签到二维码" }).First.TapAsync();
        await page.GetByText("显示签到链接").TapAsync();
        return await page.Locator(".url a").GetAttributeAsync("href") ?? throw new InvalidOperationException("No check-in URL on the screen.");
    }

    /// <summary>A lesson in the course page's list ("4. 标题").</summary>
    private static ILocator LessonLink(IPage page, int number) =>
        page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex($"^{number}\\. ") });

    private static ILocator Menu(IPage page, string name) =>
        page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = name, Exact = true });

}
