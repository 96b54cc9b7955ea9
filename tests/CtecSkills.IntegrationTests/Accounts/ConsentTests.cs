using System.Net;
using System.Text;
using CtecSkills.Core.Accounts;
using CtecSkills.Core.Analytics;
using CtecSkills.Core.Cohorts;
using CtecSkills.Core.Progress;
using CtecSkills.Core.Seeding;
using CtecSkills.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.IntegrationTests.Accounts;

/// <summary>Consent to the privacy notice as a history: given, asked again, withdrawn, and what withdrawal stops.</summary>
public sealed class ConsentTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    private static readonly DemoBase Chengdu = DemoSeeder.Bases[0];

    [Fact]
    public async Task SignUp_WithPhone_RecordsOneGivenStepForTheCurrentNotice()
    {
        using var browser = app.CreateBrowserClient();
        var phone = app.NewPhone();

        var landed = await app.SignUpWithPhoneAsync(browser, phone, "林小满");

        Assert.Equal("/me", landed.Path);
        var step = Assert.Single(await HistoryAsync(await UserIdAsync(phone)));
        Assert.Equal((PrivacyNotice.CurrentVersion, true, ConsentWay.SignUp), (step.NoticeVersion, step.Given, step.Way));
    }

    [Fact]
    public async Task SignIn_AfterTheNoticeChanged_AsksAgainOnEveryLearnerPageUntilAccepted()
    {
        var userId = (await app.CreateLearnersAsync(1))[0];
        var phone = await app.PhoneOfAsync(userId);
        await AcceptedEarlierNoticeAsync(userId);
        using var browser = app.CreateBrowserClient();

        var landed = await app.SignInWithCodeAsync(browser, phone);

        Assert.Equal("/me/consent", landed.Path);
        Assert.Contains("隐私政策更新了", landed.Text);
        Assert.Contains("同意并继续", landed.Text);
        Assert.NotNull(landed.Document.QuerySelector("a[href='/me/delete']"));
        Assert.NotNull(landed.Document.QuerySelector("a[href='/me/data']"));
        using (var wallet = await browser.GetAsync("/me/credentials"))
        {
            Assert.True(CtecSkillsApp.IsRedirect(wallet.StatusCode));
            Assert.StartsWith("/me/consent", wallet.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.OK, (await CtecSkillsApp.GetPageAsync(browser, "/privacy")).Status);

        var courses = await CtecSkillsApp.GetPageAsync(browser, "/courses");
        Assert.Equal("/me/consent", courses.Path);
        var back = await CtecSkillsApp.SubmitAndFollowAsync(browser, courses.Form("/me/consent/accept"));

        Assert.Equal("/courses", back.Path);
        Assert.Equal("/me", (await CtecSkillsApp.GetPageAsync(browser, "/me")).Path);
        var history = await HistoryAsync(userId);
        Assert.Equal([(false, true), (true, true)], history.Select(h => (h.NoticeVersion == PrivacyNotice.CurrentVersion, h.Given)));
        Assert.Equal(ConsentWay.NewVersion, history[^1].Way);
    }

    [Fact]
    public async Task ConsentPage_AfterAcceptingOnAnotherDevice_LetsThisSessionGoOnWithoutAskingAgain()
    {
        var userId = (await app.CreateLearnersAsync(1))[0];
        await AcceptedEarlierNoticeAsync(userId);
        using var browser = app.CreateBrowserClient();
        Assert.Equal("/me/consent", (await app.SignInWithCodeAsync(browser, await app.PhoneOfAsync(userId))).Path);

        Assert.True(await app.WithServiceAsync<ConsentService, bool>(s => s.AcceptAsync(userId, default)));
        var me = await CtecSkillsApp.GetPageAsync(browser, "/me");

        Assert.Equal("/me", me.Path);
        Assert.Equal(2, (await HistoryAsync(userId)).Count);
    }

    [Fact]
    public async Task Accept_PressedTwiceAtOnce_RecordsOneStep()
    {
        var userId = (await app.CreateLearnersAsync(1))[0];
        var phone = await app.PhoneOfAsync(userId);
        await AcceptedEarlierNoticeAsync(userId);
        using var again = app.CreateBrowserClient();
        var page = await app.SignInWithCodeAsync(again, phone);
        var form = page.Form("/me/consent/accept");

        var answers = await Task.WhenAll(CtecSkillsApp.SubmitAsync(again, form), CtecSkillsApp.SubmitAsync(again, form));

        Assert.All(answers, a => Assert.True(CtecSkillsApp.IsRedirect(a.StatusCode)));
        Assert.Equal(2, (await HistoryAsync(userId)).Count);
    }

    [Fact]
    public async Task RosterLearner_BeforeAccepting_IsNotCountedInTheIndex_AndAcceptingRecordsTheFirstSignInStep()
    {
        var cohort = await app.CreateCohortAsync(Chengdu, capacity: 5, name: "名单同意班");
        using var staff = await app.SignedInAsStaffAsync(Chengdu.StaffEmail);
        var phone = app.NewPhone();
        await CtecSkillsApp.ImportRosterAsync(staff, cohort, CtecSkillsApp.RosterCsv(Encoding.UTF8, $"吴桂芳,{phone},女,1980,510100,乡村,农村妇女"));
        var userId = await UserIdAsync(phone);

        Assert.Equal(0, await app.FactCountAsync(FactKind.Enrollment, userId));
        Assert.Empty(await HistoryAsync(userId));

        using var learner = app.CreateBrowserClient();
        var landed = await app.SignInWithCodeAsync(learner, phone);
        Assert.Equal("/me/consent", landed.Path);
        Assert.Equal("/me/consent", (await CtecSkillsApp.GetPageAsync(learner, "/me")).Path);
        await CtecSkillsApp.SubmitAndFollowAsync(learner, landed.Form("/me/consent/accept"));

        var step = Assert.Single(await HistoryAsync(userId));
        Assert.Equal((true, ConsentWay.FirstSignInAfterRoster), (step.Given, step.Way));
        Assert.Equal(0, await app.FactCountAsync(FactKind.Enrollment, userId));
    }

    [Fact]
    public async Task Withdraw_WithoutTickingTheConfirmation_IsRefusedAndChangesNothing()
    {
        var (browser, userId) = await app.SignedInLearnerAsync();
        using var _ = browser;

        var page = await CtecSkillsApp.GetPageAsync(browser, "/me/consent");
        var refused = await CtecSkillsApp.SubmitAndFollowAsync(browser, page.Form("/me/consent/withdraw"));

        Assert.Contains("请先勾选“我已看懂”，再撤回同意。", refused.Text);
        Assert.All(await HistoryAsync(userId), h => Assert.True(h.Given));
        Assert.Equal(PrivacyNotice.CurrentVersion, await VersionAsync(userId));
    }

    [Fact]
    public async Task Withdraw_FromMe_SaysWhatFollows_BlocksLearnerPagesAndEveryNewEnrollment_AndCanBeGivenAgain()
    {
        var (browser, userId) = await app.SignedInLearnerAsync();
        using var _ = browser;
        var phone = await app.PhoneOfAsync(userId);
        var cohort = await app.CreateCohortAsync(Chengdu, capacity: 5, name: "撤回测试班");
        var me = await CtecSkillsApp.GetPageAsync(browser, "/me");
        Assert.NotNull(me.Document.QuerySelector("a[href='/me/consent']"));
        var page = await CtecSkillsApp.GetPageAsync(browser, "/me/consent");
        Assert.Contains("不能再报名新的课程", page.Text);
        Assert.Contains("已经拿到的证书照样可以核验", page.Text);
        Assert.Contains("仍然可以注销账号", page.Text);

        var done = await CtecSkillsApp.SubmitAndFollowAsync(browser, page.Form("/me/consent/withdraw").Check("Understood"));

        Assert.Equal("/me/consent", done.Path);
        Assert.Contains("已撤回同意", done.Text);
        Assert.Contains("同意并继续", done.Text);
        var history = await HistoryAsync(userId);
        Assert.Equal((false, ConsentWay.Withdrawn), (history[^1].Given, history[^1].Way));
        Assert.Null(await VersionAsync(userId));

        // Self-enrollment: the page is closed to them, and the rule holds below the page too.
        var courses = await CtecSkillsApp.GetPageAsync(browser, $"/courses/{CtecSkillsApp.TestCourseSlug}");
        Assert.Equal("/me/consent", courses.Path);
        using (var forced = await browser.PostAsync($"/cohorts/{cohort}/enroll", done.Form("/me/consent/accept").RetargetTo($"/cohorts/{cohort}/enroll").ToContent()))
        {
            Assert.True(CtecSkillsApp.IsRedirect(forced.StatusCode));
        }
        Assert.Equal(EnrollOutcome.ConsentWithdrawn,
            (await app.WithServiceAsync<EnrollmentService, EnrollResult>(s => s.EnrollAsync(cohort, userId, default))).Outcome);

        // Staff by phone, and a roster holding them: refused with a message, nothing stored from the file.
        using var staff = await app.SignedInAsStaffAsync(Chengdu.StaffEmail);
        var details = await CtecSkillsApp.GetPageAsync(staff, $"/cohorts/{cohort}");
        var byPhone = await CtecSkillsApp.SubmitAndFollowAsync(staff, details.Form($"/cohorts/{cohort}/enrollments").Set("phone", phone));
        Assert.Contains("这位学员已撤回隐私同意，不能加入新的班。", byPhone.Text);
        var newcomer = app.NewPhone();
        var roster = await CtecSkillsApp.ImportRosterAsync(staff, cohort, CtecSkillsApp.RosterCsv(Encoding.UTF8,
            $"新学员,{newcomer},男,1990,510100,城镇,农民工", $"撤回者,{phone},女,1985,510100,乡村,农村妇女"));
        Assert.Contains("第 3 行", roster.Text);
        Assert.Contains("撤回者 已撤回隐私同意", roster.Text);
        Assert.False(await app.QueryAsync(db => db.Users.AnyAsync(u => u.PhoneNumber == newcomer)));
        Assert.False(await app.QueryAsync(db => db.Enrollments.AnyAsync(e => e.CohortId == cohort)));

        // Given again: the history shows every step and enrolling works again.
        var again = await CtecSkillsApp.SubmitAndFollowAsync(browser, done.Form("/me/consent/accept"));
        Assert.Equal("/me", again.Path);
        Assert.Equal(ConsentWay.GivenAgain, (await HistoryAsync(userId))[^1].Way);
        Assert.Equal(EnrollOutcome.Enrolled,
            (await app.WithServiceAsync<EnrollmentService, EnrollResult>(s => s.EnrollAsync(cohort, userId, default))).Outcome);
    }

    [Fact]
    public async Task Completion_OfALearnerWhoWithdrew_AddsNoIndexFact()
    {
        var cohort = await app.CreateCohortAsync(Chengdu, capacity: 5, name: "统计测试班");
        var learners = await app.CreateLearnersAsync(2);
        var enrollmentIds = new List<int>();
        foreach (var learner in learners)
        {
            await app.WithServiceAsync<EnrollmentService, EnrollResult>(s => s.EnrollAsync(cohort, learner, default));
            enrollmentIds.Add(await app.QueryAsync(db => db.Enrollments.Where(e => e.CohortId == cohort && e.UserId == learner).Select(e => e.Id).SingleAsync()));
        }
        Assert.True(await app.WithServiceAsync<ConsentService, bool>(s => s.WithdrawAsync(learners[1], default)));

        foreach (var id in enrollmentIds)
        {
            await app.WithServiceAsync<LearningEventService, CompleteOutcome?>(s => s.CompleteManuallyAsync(id, cohort, CtecSkillsApp.Admin, "测试", default));
        }

        Assert.Equal(1, await app.FactCountAsync(FactKind.Completion, learners[0]));
        Assert.Equal(0, await app.FactCountAsync(FactKind.Completion, learners[1]));
        Assert.All(await app.QueryAsync(db => db.Enrollments.Where(e => enrollmentIds.Contains(e.Id)).ToListAsync()), e => Assert.NotNull(e.CompletedAt));
    }

    [Fact]
    public async Task Withdraw_ForgedWithAnotherAccountsId_WithdrawsOnlyTheSender()
    {
        var (victim, victimId) = await app.SignedInLearnerAsync();
        victim.Dispose();
        var (attacker, attackerId) = await app.SignedInLearnerAsync();
        using var _ = attacker;

        var page = await CtecSkillsApp.GetPageAsync(attacker, "/me/consent");
        await CtecSkillsApp.SubmitAsync(attacker, page.Form("/me/consent/withdraw").Check("Understood").Set("userId", victimId).Set("id", victimId));

        Assert.Equal(PrivacyNotice.CurrentVersion, await VersionAsync(victimId));
        Assert.All(await HistoryAsync(victimId), h => Assert.True(h.Given));
        Assert.Null(await VersionAsync(attackerId));
    }

    private Task<string> UserIdAsync(string phone) =>
        app.QueryAsync(db => db.Users.Where(u => u.PhoneNumber == phone).Select(u => u.Id).SingleAsync());

    private Task<List<ConsentRecord>> HistoryAsync(string userId) =>
        app.QueryAsync(db => db.ConsentRecords.AsNoTracking().Where(r => r.UserId == userId).OrderBy(r => r.Id).ToListAsync());

    private Task<string?> VersionAsync(string userId) =>
        app.QueryAsync(db => db.Users.Where(u => u.Id == userId).Select(u => u.PrivacyNoticeVersion).SingleAsync());

    // What a learner looks like the day a new notice is published: their consent is to the one before.
    private async Task AcceptedEarlierNoticeAsync(string userId)
    {
        await app.QueryAsync(db => db.ConsentRecords.Where(r => r.UserId == userId).ExecuteUpdateAsync(r => r.SetProperty(x => x.NoticeVersion, "2026-11")));
        await app.QueryAsync(db => db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(u => u.SetProperty(x => x.PrivacyNoticeVersion, "2026-11")));
    }
}
