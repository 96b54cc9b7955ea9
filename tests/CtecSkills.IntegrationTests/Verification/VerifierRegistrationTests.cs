using System.Net;
using CtecSkills.Core.Audit;
using CtecSkills.Core.Seeding;
using CtecSkills.Core.Verification;
using CtecSkills.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.IntegrationTests.Verification;

public sealed class VerifierRegistrationTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    private const string Password = "Hr-check-2026";

    internal static async Task<HtmlPage> ApplyAsync(HttpClient browser, string email, string organization, string locality = "500118",
        string password = Password, bool consent = true)
    {
        var page = await CtecSkillsApp.GetPageAsync(browser, "/verifiers/register");
        var form = page.Form("/verifiers/register")
            .Set("OrganizationName", organization)
            .Set("OrganizationKind", "Employer")
            .Set("LocalityCode", locality)
            .Set("ContactName", "赵敏")
            .Set("Email", email)
            .Set("Password", password)
            .Set("ConfirmPassword", password);
        if (consent)
        {
            form.Check("AcceptPrivacy");
        }
        return await CtecSkillsApp.SubmitAndFollowAsync(browser, form);
    }

    [Fact]
    public async Task Apply_ThenAdminApproves_TheAccountVerifiesForItsOrganization()
    {
        var email = $"hr-{Guid.NewGuid():N}@example.cn";
        using var applicant = app.CreateBrowserClient();
        var submitted = await ApplyAsync(applicant, email, "重庆永川智能制造有限公司");
        Assert.Equal("/verifiers/registered", submitted.Path);

        var waiting = await CtecSkillsApp.SignInWithPasswordAsync(applicant, email, Password);
        Assert.Contains("待审核", waiting.Text, StringComparison.Ordinal);

        var admin = await app.SignedInAsAdminAsync();
        var list = await CtecSkillsApp.GetPageAsync(admin, "/admin/verifiers");
        var id = await app.QueryAsync(db => db.VerifierApplications.Where(a => a.Email == email).Select(a => a.Id).SingleAsync());
        var approved = await CtecSkillsApp.SubmitAndFollowAsync(admin, list.Form($"/admin/verifiers/{id}/decide").Set("approve", "true").Set("reason", "营业执照已核对"));
        Assert.Contains("已批准", approved.Text, StringComparison.Ordinal);

        using var again = app.CreateBrowserClient();
        var me = await CtecSkillsApp.SignInWithPasswordAsync(again, email, Password);
        Assert.Contains("查验人员", me.Text, StringComparison.Ordinal);
        Assert.Contains("重庆永川智能制造有限公司", me.Text, StringComparison.Ordinal);
        var audit = await app.QueryAsync(db => db.AuditLog.AsNoTracking().SingleAsync(a => a.Subject == $"verifier-application/{id}"));
        Assert.Equal((AuditActions.ApproveVerifier, "营业执照已核对"), (audit.Action, audit.Reason));
    }

    [Fact]
    public async Task Reject_WithoutReason_IsRefused_WithReason_TheAccountNeverGetsTheRole()
    {
        var email = $"hr-{Guid.NewGuid():N}@example.cn";
        using var applicant = app.CreateBrowserClient();
        await ApplyAsync(applicant, email, "某某人力资源咨询公司");
        var id = await app.QueryAsync(db => db.VerifierApplications.Where(a => a.Email == email).Select(a => a.Id).SingleAsync());
        var admin = await app.SignedInAsAdminAsync();
        var list = await CtecSkillsApp.GetPageAsync(admin, "/admin/verifiers");
        var form = list.Form($"/admin/verifiers/{id}/decide").Set("approve", "false");

        var noReason = await CtecSkillsApp.SubmitAndFollowAsync(admin, form.Set("reason", ""));
        Assert.Contains("必须填写理由", noReason.Text, StringComparison.Ordinal);
        Assert.Equal(ApplicationStatus.Pending, await app.QueryAsync(db => db.VerifierApplications.Where(a => a.Id == id).Select(a => a.Status).SingleAsync()));

        await CtecSkillsApp.SubmitAndFollowAsync(admin, form.Set("reason", "不是用人单位"));
        var status = await app.QueryAsync(db => db.VerifierApplications.Where(a => a.Id == id).Select(a => a.Status).SingleAsync());
        Assert.Equal(ApplicationStatus.Rejected, status);
        var roles = await app.QueryAsync(db => db.UserRoles.CountAsync(r => db.Users.Any(u => u.Id == r.UserId && u.Email == email)));
        Assert.Equal(0, roles);

        // Deciding twice changes nothing.
        var twice = await CtecSkillsApp.SubmitAndFollowAsync(admin, form.Set("approve", "true"));
        Assert.Contains("已经处理过了", twice.Text, StringComparison.Ordinal);
        Assert.Equal(ApplicationStatus.Rejected, await app.QueryAsync(db => db.VerifierApplications.Where(a => a.Id == id).Select(a => a.Status).SingleAsync()));
    }

    [Theory]
    [InlineData("new", "999999", Password, true, "请选择列表中的地区")]
    [InlineData("new", "500118", "aaaaaaaaaa", true, "密码太简单")]
    [InlineData("new", "500118", Password, false, "请先阅读并同意隐私说明")]
    public async Task Apply_BadInput_NamesTheProblemAndCreatesNothing(string emailKind, string locality, string password, bool consent, string message)
    {
        var email = $"hr-{Guid.NewGuid():N}-{emailKind}@example.cn";
        var before = await app.QueryAsync(db => db.VerifierApplications.CountAsync());
        using var applicant = app.CreateBrowserClient();

        var page = await ApplyAsync(applicant, email, "测试单位", locality, password, consent);

        Assert.Equal("/verifiers/register", page.Path);
        Assert.Contains(message, page.Text, StringComparison.Ordinal);
        Assert.Equal(before, await app.QueryAsync(db => db.VerifierApplications.CountAsync()));
        Assert.False(await app.QueryAsync(db => db.Users.AnyAsync(u => u.Email == email)));
    }

    [Fact]
    public async Task Apply_WithAnEmailThatHasAnAccount_GetsTheSameAnswerAsANewOneAndChangesNothing()
    {
        var before = await app.QueryAsync(db => db.VerifierApplications.CountAsync());
        var analystHash = await app.QueryAsync(db => db.Users.Where(u => u.Email == DemoSeeder.AnalystEmail).Select(u => u.PasswordHash).SingleAsync());
        using var newcomer = app.CreateBrowserClient();
        using var prober = app.CreateBrowserClient();

        var fresh = await ApplyAsync(newcomer, $"hr-{Guid.NewGuid():N}@example.cn", "枚举测试单位甲");
        var taken = await ApplyAsync(prober, DemoSeeder.AnalystEmail, "枚举测试单位乙");

        Assert.Equal((fresh.Path, fresh.Status, fresh.Text), (taken.Path, taken.Status, taken.Text));
        Assert.Equal(before + 1, await app.QueryAsync(db => db.VerifierApplications.CountAsync()));
        Assert.False(await app.QueryAsync(db => db.VerifierApplications.AnyAsync(a => a.Email == DemoSeeder.AnalystEmail)));
        Assert.Equal(analystHash, await app.QueryAsync(db => db.Users.Where(u => u.Email == DemoSeeder.AnalystEmail).Select(u => u.PasswordHash).SingleAsync()));
    }

    [Fact]
    public async Task Approve_ApplicantNamedAnExistingOrganization_JoinsItOnlyWhenTheAdminChoosesIt()
    {
        const string bureau = "重庆市永川区人力资源和社会保障局";
        var email = $"hr-{Guid.NewGuid():N}@example.cn";
        using var applicant = app.CreateBrowserClient();
        await ApplyAsync(applicant, email, bureau);
        var id = await app.QueryAsync(db => db.VerifierApplications.Where(a => a.Email == email).Select(a => a.Id).SingleAsync());
        var bureauId = await app.QueryAsync(db => db.Organizations.Where(o => o.Name == bureau).Select(o => o.Id).SingleAsync());
        var admin = await app.SignedInAsAdminAsync();
        var list = await CtecSkillsApp.GetPageAsync(admin, "/admin/verifiers");
        Assert.Contains("已有同名单位", list.Text, StringComparison.Ordinal);

        var asTyped = await CtecSkillsApp.SubmitAndFollowAsync(admin, list.Form($"/admin/verifiers/{id}/decide").Set("approve", "true"));

        Assert.Contains("已有同名单位", asTyped.Text, StringComparison.Ordinal);
        Assert.Equal(ApplicationStatus.Pending, await app.QueryAsync(db => db.VerifierApplications.Where(a => a.Id == id).Select(a => a.Status).SingleAsync()));
        Assert.Null(await app.QueryAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.OrganizationId).SingleAsync()));

        var chosen = await CtecSkillsApp.SubmitAndFollowAsync(admin, asTyped.Form($"/admin/verifiers/{id}/decide")
            .Set("approve", "true").Set("organizationId", bureauId.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Contains("已批准", chosen.Text, StringComparison.Ordinal);
        Assert.Equal(bureauId, await app.QueryAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.OrganizationId).SingleAsync()));
    }

    [Fact]
    public async Task AdminPage_LearnerIsForbidden_AnonymousIsSentToSignIn()
    {
        var learner = await app.SignedInAsLearnerAsync();
        using var forbidden = await learner.GetAsync("/admin/verifiers");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        using var anonymous = app.CreateBrowserClient();
        using var redirected = await anonymous.GetAsync("/admin/verifiers");
        Assert.Equal(HttpStatusCode.Redirect, redirected.StatusCode);
    }
}
