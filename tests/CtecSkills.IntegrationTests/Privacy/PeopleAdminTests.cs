using System.Net;
using System.Text;
using CtecSkills.Core.Audit;
using CtecSkills.Core.Privacy;
using CtecSkills.Core.Seeding;
using CtecSkills.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.IntegrationTests.Privacy;

/// <summary>个人信息请求: an admin finds a person by phone and exports their data on a written request, and leaves a trace.</summary>
public sealed class PeopleAdminTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    private const string WrittenRequest = "2026-12-01 本人书面申请（编号 SQ-0007），因不会用手机，由管理员导出";

    [Fact]
    public async Task FindByPhone_TypedAsPeopleTypeIt_OpensAMaskedPersonPageAndLeavesAnAuditEntry()
    {
        var (_, userId) = await app.SignedInLearnerAsync();
        var phone = await app.PhoneOfAsync(userId);
        using var admin = await app.SignedInAsAdminAsync();
        var adminId = await AdminIdAsync();

        var person = await FindAsync(admin, $"+86 {phone[..3]} {phone[3..7]} {phone[7..]}");

        Assert.Equal($"/admin/people/{userId}", person.Path);
        Assert.Contains(Core.Accounts.PhoneNumber.Mask(phone), person.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(phone, person.Text, StringComparison.Ordinal);
        Assert.Contains("学员", person.Text, StringComparison.Ordinal);
        Assert.Contains("报名的班", person.Document.QuerySelector("#kind-enrollments")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(person.Document.QuerySelector($"a[href='/admin/people/{userId}/delete']"));
        var audit = await app.QueryAsync(db => db.AuditLog.AsNoTracking().Where(a => a.Action == AuditActions.FindPersonByPhone && a.ActorUserId == adminId).ToListAsync());
        Assert.Contains(audit, a => a.Subject == AuditActions.UserSubject(userId));
        Assert.All(audit, a => Assert.DoesNotContain(phone, a.Subject + a.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task FindByPhone_NotAMobileNumberOrNobodyHasIt_SaysSoAndTheUnknownLookupIsAuditedWithoutThePhone()
    {
        using var admin = await app.SignedInAsAdminAsync();
        var adminId = await AdminIdAsync();
        var before = await app.QueryAsync(db => db.AuditLog.CountAsync(a => a.Action == AuditActions.FindPersonByPhone && a.Subject == AuditActions.NobodyFound));

        var invalid = await FindAsync(admin, "12345");
        var unknown = await FindAsync(admin, "13799998888");

        Assert.Equal(HttpStatusCode.BadRequest, invalid.Status);
        Assert.Contains("请输入 11 位手机号", invalid.Document.QuerySelector("#phone-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Contains("没有这个手机号的账户", unknown.Text, StringComparison.Ordinal);
        Assert.Equal(before + 1, await app.QueryAsync(db => db.AuditLog.CountAsync(a => a.Action == AuditActions.FindPersonByPhone && a.Subject == AuditActions.NobodyFound)));
        Assert.False(await app.QueryAsync(db => db.AuditLog.AnyAsync(a => a.ActorUserId == adminId && a.Subject.Contains("13799998888"))));
    }

    [Fact]
    public async Task Export_OnAWrittenRequest_ReasonRequiredAuditedAndOnlyThatAdminDownloadsIt()
    {
        var (learner, userId) = await app.SignedInLearnerAsync();
        var phone = await app.PhoneOfAsync(userId);
        using var admin = await app.SignedInAsAdminAsync();
        var adminId = await AdminIdAsync();
        var person = await FindAsync(admin, phone);

        var blank = await CtecSkillsApp.SubmitAndFollowAsync(admin, person.Form($"/admin/people/{userId}/exports").Set("reason", "  "));
        var tooLong = await CtecSkillsApp.SubmitAndFollowAsync(admin, person.Form($"/admin/people/{userId}/exports").Set("reason", new string('因', AuditEntry.ReasonLength + 1)));
        Assert.Equal(HttpStatusCode.BadRequest, blank.Status);
        Assert.Contains("请写明原因", blank.Document.QuerySelector("#reason-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.Status);
        Assert.Contains($"不能超过 {AuditEntry.ReasonLength} 个字", tooLong.Text, StringComparison.Ordinal);
        Assert.Empty(await app.ExportsOfAsync(userId));

        var started = await CtecSkillsApp.SubmitAndFollowAsync(admin, person.Form($"/admin/people/{userId}/exports").Set("reason", WrittenRequest));

        Assert.Contains("已开始准备", started.Text, StringComparison.Ordinal);
        var export = Assert.Single(await app.ExportsOfAsync(userId));
        Assert.Equal(adminId, export.RequestedByUserId);
        Assert.Equal(WrittenRequest, export.Reason);
        var audit = await app.QueryAsync(db => db.AuditLog.AsNoTracking().SingleAsync(a => a.Action == AuditActions.ExportPersonalData && a.Subject == AuditActions.UserSubject(userId)));
        Assert.Equal(adminId, audit.ActorUserId);
        Assert.Equal(WrittenRequest, audit.Reason);

        await app.RunExportJobAsync(export.Id);
        var ready = await CtecSkillsApp.GetPageAsync(admin, $"/admin/people/{userId}");
        var link = ready.Document.QuerySelector($"a[href='/admin/people/{userId}/exports/{export.Id}']");
        Assert.True(link is not null, ready.Text);
        using var download = await admin.GetAsync(link.GetAttribute("href"));
        Assert.Equal("application/zip", download.Content.Headers.ContentType?.MediaType);
        var files = CtecSkillsApp.Unzip(await download.Content.ReadAsByteArrayAsync());
        Assert.Contains(phone, Encoding.UTF8.GetString(files[PersonalDataExportBuilder.DataFile]), StringComparison.Ordinal);

        // The learner's own page lists their own downloads only; the admin's copy is not reachable from their account.
        using var byLearner = await learner.GetAsync($"/admin/people/{userId}/exports/{export.Id}");
        using var viaMe = await learner.GetAsync($"/me/data/exports/{export.Id}");
        Assert.Equal(HttpStatusCode.Forbidden, byLearner.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, viaMe.StatusCode);
    }

    [Fact]
    public async Task PeoplePages_StaffVerifierOrLearner_Forbidden()
    {
        var (learner, userId) = await app.SignedInLearnerAsync();
        using var staff = await app.SignedInAsStaffAsync(DemoSeeder.Bases[0].StaffEmail);
        using var verifier = await app.SignedInAsVerifierAsync();
        using var admin = await app.SignedInAsAdminAsync();
        var menu = await CtecSkillsApp.GetPageAsync(admin, "/admin");
        Assert.NotNull(menu.Document.QuerySelector("a[href='/admin/people']"));

        foreach (var client in new[] { learner, staff, verifier })
        {
            foreach (var path in new[] { "/admin/people", $"/admin/people/{userId}", $"/admin/people/{userId}/exports/1" })
            {
                using var response = await client.GetAsync(path);
                Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            }
        }
    }

    private Task<string> AdminIdAsync() =>
        app.QueryAsync(db => db.Users.Where(u => u.Email == CtecSkillsApp.AdminEmail).Select(u => u.Id).SingleAsync());

    /// <summary>管理 → 个人信息请求 → types the phone and taps 查找.</summary>
    private static async Task<HtmlPage> FindAsync(HttpClient admin, string phone)
    {
        var menu = await CtecSkillsApp.GetPageAsync(admin, "/admin");
        var href = menu.Document.QuerySelector("a[href='/admin/people']")!.GetAttribute("href")!;
        var page = await CtecSkillsApp.GetPageAsync(admin, href);
        return await CtecSkillsApp.SubmitAndFollowAsync(admin, page.Form("/admin/people/find").Set("phone", phone));
    }
}
