using System.Net;
using CtecSkills.Core.Accounts;
using CtecSkills.Core.Seeding;
using CtecSkills.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.IntegrationTests.Accounts;

/// <summary>Learners sign up and sign in with their phone and an SMS code, through the real pages.</summary>
public sealed class PhoneSignUpTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    [Fact]
    public async Task SignUp_NewPhoneWithCodeNameAndPrivacyTick_LandsOnMeAsLearnerWithConsentStored()
    {
        using var browser = app.CreateBrowserClient();

        var codePage = await CtecSkillsApp.RequestSmsCodeAsync(browser, "138 1234 5678");
        Assert.Equal("/account/code", codePage.Path);
        Assert.Contains("138****5678", codePage.Text);

        var form = codePage.Form("/account/code")
            .Set("Code", await app.ReadLatestSmsCodeAsync("13812345678"))
            .Set("DisplayName", "李春梅")
            .Check("AcceptPrivacy");
        var answer = await CtecSkillsApp.SubmitAsync(browser, form);
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal("/me", answer.Headers.Location?.OriginalString);

        var me = await CtecSkillsApp.FollowAsync(browser, answer);
        Assert.Equal(HttpStatusCode.OK, me.Status);
        Assert.Contains("李春梅", me.Heading);

        var user = await FindUserAsync("13812345678");
        Assert.NotNull(user);
        Assert.Equal("李春梅", user.DisplayName);
        Assert.Equal(PrivacyNotice.CurrentVersion, user.PrivacyNoticeVersion);
        Assert.NotNull(user.PrivacyAcceptedAt);
        Assert.Equal([Roles.Learner], await RolesOfAsync(user.Id));
    }

    [Fact]
    public async Task SignUp_WithoutPrivacyTick_ShowsErrorAndCreatesNoUser()
    {
        using var browser = app.CreateBrowserClient();
        var codePage = await CtecSkillsApp.RequestSmsCodeAsync(browser, "13812340001");

        var form = codePage.Form("/account/code")
            .Set("Code", await app.ReadLatestSmsCodeAsync("13812340001"))
            .Set("DisplayName", "王小丫");
        var page = await CtecSkillsApp.SubmitAndFollowAsync(browser, form);

        Assert.Equal("/account/code", page.Path);
        Assert.Contains("请先阅读并勾选同意隐私说明", page.Text);
        Assert.Null(await FindUserAsync("13812340001"));
    }

    [Fact]
    public async Task SignUp_TickForgottenThenGiven_SameCodeStillSignsUp()
    {
        const string phone = "13812340007";
        using var browser = app.CreateBrowserClient();
        var codePage = await CtecSkillsApp.RequestSmsCodeAsync(browser, phone);
        var code = await app.ReadLatestSmsCodeAsync(phone);

        // The missing tick is answered before the code is checked, so it costs none of the five tries.
        var again = await CtecSkillsApp.SubmitAndFollowAsync(browser, codePage.Form("/account/code").Set("Code", code).Set("DisplayName", "周小燕"));
        Assert.Contains("请先阅读并勾选同意隐私说明", again.Text);
        var me = await CtecSkillsApp.SubmitAndFollowAsync(browser, again.Form("/account/code").Set("Code", code).Check("AcceptPrivacy"));

        Assert.Equal("/me", me.Path);
        Assert.Contains("周小燕", me.Heading);
    }

    [Fact]
    public async Task SignIn_LockedOutLearnerWithRightCode_IsRefusedAndNotSignedIn()
    {
        var phone = DemoSeeder.LearnerPhone(1);
        await app.QueryAsync(db => db.Users.Where(u => u.PhoneNumber == phone)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.LockoutEnd, TimeProvider.System.GetUtcNow().AddMinutes(15))));
        using var browser = app.CreateBrowserClient();
        var codePage = await CtecSkillsApp.RequestSmsCodeAsync(browser, phone);

        var page = await CtecSkillsApp.SubmitAndFollowAsync(browser,
            codePage.Form("/account/code").Set("Code", await app.ReadLatestSmsCodeAsync(phone)));

        Assert.Equal("/account/code", page.Path);
        Assert.Contains("账户已暂时锁定", page.Text);
        using var me = await browser.GetAsync("/me");
        Assert.True(CtecSkillsApp.IsRedirect(me.StatusCode), "A locked-out learner must not be signed in.");
    }

    [Fact]
    public async Task SignUp_WrongCode_ShowsErrorWithTriesLeftAndCreatesNoUser()
    {
        using var browser = app.CreateBrowserClient();
        var codePage = await CtecSkillsApp.RequestSmsCodeAsync(browser, "13812340002");
        var wrong = WrongCode(await app.ReadLatestSmsCodeAsync("13812340002"));

        var page = await CtecSkillsApp.SubmitAndFollowAsync(browser,
            codePage.Form("/account/code").Set("Code", wrong).Set("DisplayName", "赵大山").Check("AcceptPrivacy"));

        Assert.Equal("/account/code", page.Path);
        Assert.Contains("验证码不对，还可以试 4 次", page.Text);
        Assert.Null(await FindUserAsync("13812340002"));
    }

    [Fact]
    public async Task SignUp_FiveWrongCodes_RightCodeAfterwardsIsRefused()
    {
        const string phone = "13812340003";
        using var browser = app.CreateBrowserClient();
        var page = await CtecSkillsApp.RequestSmsCodeAsync(browser, phone);
        var right = await app.ReadLatestSmsCodeAsync(phone);

        for (var attempt = 1; attempt <= SmsCode.MaxAttempts; attempt++)
        {
            page = await CtecSkillsApp.SubmitAndFollowAsync(browser,
                page.Form("/account/code").Set("Code", WrongCode(right)).Set("DisplayName", "孙二娘").Check("AcceptPrivacy"));
        }
        Assert.Contains("错误次数太多", page.Text);

        page = await CtecSkillsApp.SubmitAndFollowAsync(browser,
            page.Form("/account/code").Set("Code", right).Set("DisplayName", "孙二娘").Check("AcceptPrivacy"));

        Assert.Equal("/account/code", page.Path);
        Assert.Contains("错误次数太多，这个验证码已作废", page.Text);
        Assert.Null(await FindUserAsync(phone));
    }

    [Fact]
    public async Task SignUp_CodePostedWithoutAntiforgeryToken_Returns400AndCreatesNoUser()
    {
        const string phone = "13812340004";
        using var browser = app.CreateBrowserClient();
        var codePage = await CtecSkillsApp.RequestSmsCodeAsync(browser, phone);
        var form = codePage.Form("/account/code")
            .Set("Code", await app.ReadLatestSmsCodeAsync(phone))
            .Set("DisplayName", "钱多多")
            .Check("AcceptPrivacy")
            .Remove(HtmlForm.TokenField);

        using var answer = await CtecSkillsApp.SubmitAsync(browser, form);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Null(await FindUserAsync(phone));
    }

    [Fact]
    public async Task RequestCode_PostedWithoutAntiforgeryToken_Returns400AndSendsNothing()
    {
        const string phone = "13812340005";
        using var browser = app.CreateBrowserClient();
        var page = await CtecSkillsApp.GetPageAsync(browser, "/account/phone");

        using var answer = await CtecSkillsApp.SubmitAsync(browser, page.Form("/account/phone").Set("Phone", phone).Remove(HtmlForm.TokenField));

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal(0, await app.QueryAsync(db => db.OutboundMessages.CountAsync(m => m.Phone == phone)));
        Assert.Equal(0, await app.QueryAsync(db => db.SmsCodes.CountAsync(c => c.Phone == phone)));
    }

    [Fact]
    public async Task RequestCode_InvalidPhone_ShowsErrorAndStoresNoSms()
    {
        using var browser = app.CreateBrowserClient();
        var before = await app.QueryAsync(db => db.OutboundMessages.CountAsync());

        var page = await CtecSkillsApp.RequestSmsCodeAsync(browser, "12345");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("/account/phone", page.Path);
        Assert.Contains("手机号应是 11 位数字", page.Text);
        Assert.Equal(before, await app.QueryAsync(db => db.OutboundMessages.CountAsync()));
    }

    [Fact]
    public async Task SignIn_ReturningDemoLearnerWithCode_LandsOnMeWithTheirName()
    {
        using var browser = app.CreateBrowserClient();
        var phone = DemoSeeder.LearnerPhone(0);

        var codePage = await CtecSkillsApp.RequestSmsCodeAsync(browser, phone);
        Assert.False(codePage.HasField("AcceptPrivacy"), "A returning learner is not asked to sign up again.");
        var me = await CtecSkillsApp.SubmitAndFollowAsync(browser,
            codePage.Form("/account/code").Set("Code", await app.ReadLatestSmsCodeAsync(phone)));

        Assert.Equal("/me", me.Path);
        Assert.Contains(DemoSeeder.LearnerNames[0], me.Heading);
        Assert.Equal(1, await app.QueryAsync(db => db.Users.CountAsync(u => u.PhoneNumber == phone)));
    }

    [Fact]
    public async Task SmsOutbox_AdminFiltersByPhone_ShowsOnlyThatPhonesCodeWhichSignsUp()
    {
        const string phone = "13812340006";
        using var browser = app.CreateBrowserClient();
        var codePage = await CtecSkillsApp.RequestSmsCodeAsync(browser, phone);
        using var otherLearner = app.CreateBrowserClient();
        await CtecSkillsApp.RequestSmsCodeAsync(otherLearner, "13812340007");
        await app.DeliverMessagesAsync();
        using var admin = await app.SignedInAsAdminAsync();

        var outbox = await CtecSkillsApp.GetPageAsync(admin, "/admin/sms-outbox?phone=" + Uri.EscapeDataString("138 1234 0006"));

        var rows = outbox.Document.QuerySelectorAll("tbody tr").Select(r => r.TextContent).ToList();
        var row = Assert.Single(rows);
        Assert.Contains(phone, row);
        var code = System.Text.RegularExpressions.Regex.Match(row, @"(?<!\d)\d{6}(?!\d)").Value;
        var me = await CtecSkillsApp.SubmitAndFollowAsync(browser,
            codePage.Form("/account/code").Set("Code", code).Set("DisplayName", "周测试").Check("AcceptPrivacy"));
        Assert.Equal("/me", me.Path);
    }

    [Fact]
    public async Task SignUp_NameWithScript_IsShownAsTextNotRun()
    {
        using var browser = app.CreateBrowserClient();

        var me = await app.SignUpWithPhoneAsync(browser, "13812340008", "<script>alert(1)</script>");

        Assert.Equal("/me", me.Path);
        Assert.Contains("<script>alert(1)</script>", me.Heading);
        Assert.DoesNotContain("<script>alert(1)</script>", me.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(me.Document.QuerySelectorAll("script"), s => s.TextContent.Contains("alert", StringComparison.Ordinal));
    }

    private Task<AppUser?> FindUserAsync(string phone) =>
        app.QueryAsync(db => db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.PhoneNumber == phone));

    private Task<List<string>> RolesOfAsync(string userId) =>
        app.QueryAsync(db => db.UserRoles.Where(r => r.UserId == userId)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!)
            .ToListAsync());

    private static string WrongCode(string right) => right == "000000" ? "111111" : "000000";
}
