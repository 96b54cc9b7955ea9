using System.Net;
using CtecSkills.Core.Audit;
using CtecSkills.Core.Catalog;
using CtecSkills.Core.Recognition;
using CtecSkills.Core.Regions;
using CtecSkills.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.IntegrationTests.Recognition;

public sealed class RecognitionAgreementTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    private const string Sichuan = "510000";
    private const string Chongqing = "500000";

    private static DateOnly Today => BeijingTime.Today(TimeProvider.System);

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<HtmlPage> RecordAsync(HttpClient admin, string reference, string from, string to, string category, string level,
        string achievement, DateOnly validFrom, DateOnly? validUntil, string standard = "重庆市数字技能初级证书")
    {
        var page = await CtecSkillsApp.GetPageAsync(admin, "/admin/recognition");
        return await CtecSkillsApp.SubmitAndFollowAsync(admin, page.Form("/admin/recognition")
            .Set("Reference", reference).Set("IssuedInProvince", from).Set("RecognizedInProvince", to)
            .Set("Category", category).Set("Level", level).Set("AchievementId", achievement)
            .Set("LocalStandard", standard).Set("ValidFrom", Day(validFrom)).Set("ValidUntil", validUntil is { } u ? Day(u) : ""));
    }

    [Fact]
    public async Task Agreements_OnlyThoseInForceAndCoveringTheKind_CountForAVerification()
    {
        var admin = await app.SignedInAsAdminAsync();
        var tag = Guid.NewGuid().ToString("N")[..6];
        await RecordAsync(admin, $"川渝人社发〔2026〕{tag}-1号", Sichuan, Chongqing, "SafePayment", "Beginner", "", Today.AddDays(-30), null);
        await RecordAsync(admin, $"川渝人社发〔2026〕{tag}-2号", Sichuan, Chongqing, "SafePayment", "", "", Today.AddDays(-60), Today.AddDays(-1));
        await RecordAsync(admin, $"川渝人社发〔2026〕{tag}-3号", Sichuan, Chongqing, "SafePayment", "", "", Today.AddDays(1), null);
        var page = await RecordAsync(admin, $"川渝人社发〔2026〕{tag}-4号", Chongqing, Sichuan, "SafePayment", "", "", Today.AddDays(-5), null, "四川省数字素养合格证");
        Assert.Contains("协议已登记", page.Text, StringComparison.Ordinal);
        Assert.Contains("今天不在有效期内", page.Text, StringComparison.Ordinal);

        var fromSichuan = await app.WithServiceAsync<RecognitionService, List<Core.Recognition.Recognition>>(s =>
            s.RecognizedInAsync(Sichuan, CourseCategory.SafePayment, CourseLevel.Beginner, null, Today, default));
        var mine = fromSichuan.Where(r => r.Reference.Contains(tag, StringComparison.Ordinal)).ToList();
        var only = Assert.Single(mine);
        Assert.Equal(($"川渝人社发〔2026〕{tag}-1号", Chongqing, "重庆市"), (only.Reference, only.ProvinceCode, only.ProvinceName));

        var otherLevel = await app.WithServiceAsync<RecognitionService, List<Core.Recognition.Recognition>>(s =>
            s.RecognizedInAsync(Sichuan, CourseCategory.SafePayment, CourseLevel.Advanced, null, Today, default));
        Assert.DoesNotContain(otherLevel, r => r.Reference.Contains(tag, StringComparison.Ordinal));

        // Ending the one in force today: from tomorrow it no longer counts, and the decision is audited.
        var id = only.AgreementId;
        var list = await CtecSkillsApp.GetPageAsync(admin, "/admin/recognition");
        await CtecSkillsApp.SubmitAndFollowAsync(admin, list.Form($"/admin/recognition/{id}/end").Set("lastDay", Day(Today)).Set("reason", "新协议替代"));
        var tomorrow = await app.WithServiceAsync<RecognitionService, List<Core.Recognition.Recognition>>(s =>
            s.RecognizedInAsync(Sichuan, CourseCategory.SafePayment, CourseLevel.Beginner, null, Today.AddDays(1), default));
        Assert.DoesNotContain(tomorrow, r => r.AgreementId == id);
        Assert.True(await app.QueryAsync(db => db.AuditLog.AnyAsync(a => a.Subject == $"recognition/{id}" && a.Action == AuditActions.EndRecognition && a.Reason == "新协议替代")));
    }

    [Fact]
    public async Task Agreement_ForOneAchievement_CoversOnlyThatAchievement()
    {
        var admin = await app.SignedInAsAdminAsync();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var ids = await app.QueryAsync(db => db.Achievements.OrderBy(a => a.Id).Select(a => a.Id).Take(2).ToListAsync());
        await RecordAsync(admin, $"单项互认-{tag}", Chongqing, Sichuan, "", "", ids[0].ToString(System.Globalization.CultureInfo.InvariantCulture), Today, null, "四川省电商直播技能证书");

        var that = await app.WithServiceAsync<RecognitionService, List<Core.Recognition.Recognition>>(s =>
            s.RecognizedInAsync(Chongqing, CourseCategory.ECommerce, CourseLevel.Intermediate, ids[0], Today, default));
        var other = await app.WithServiceAsync<RecognitionService, List<Core.Recognition.Recognition>>(s =>
            s.RecognizedInAsync(Chongqing, CourseCategory.ECommerce, CourseLevel.Intermediate, ids[1], Today, default));
        Assert.Contains(that, r => r.Reference == $"单项互认-{tag}" && r.LocalStandard == "四川省电商直播技能证书");
        Assert.DoesNotContain(other, r => r.Reference == $"单项互认-{tag}");
    }

    [Theory]
    [InlineData(Sichuan, Sichuan, "SafePayment", "", 0, "不能相同")]
    [InlineData(Sichuan, Chongqing, "", "", 0, "请选择证书类别")]
    [InlineData(Sichuan, Chongqing, "SafePayment", "7", 0, "只能选一种")]
    [InlineData(Sichuan, Chongqing, "SafePayment", "", -3, "到期日不能早于生效日")]
    public async Task Agreement_BadInput_IsRefusedWithTheReasonAndNothingIsSaved(string from, string to, string category, string achievement, int untilDays, string message)
    {
        var admin = await app.SignedInAsAdminAsync();
        var before = await app.QueryAsync(db => db.RecognitionAgreements.CountAsync());
        var page = await RecordAsync(admin, "坏协议", from, to, category, "", achievement, Today, untilDays == 0 ? null : Today.AddDays(untilDays));
        Assert.Contains(message, page.Text, StringComparison.Ordinal);
        Assert.Equal(before, await app.QueryAsync(db => db.RecognitionAgreements.CountAsync()));
    }

    [Fact]
    public async Task Agreement_ForOneAchievement_IsPickedByNameAndAnUnknownOneIsRefusedWithNothingSaved()
    {
        var admin = await app.SignedInAsAdminAsync();
        var achievement = await app.QueryAsync(db => db.Achievements.OrderBy(a => a.Id).Select(a => new { a.Id, a.Name }).FirstAsync());
        var form = await CtecSkillsApp.GetPageAsync(admin, "/admin/recognition");
        Assert.Contains(achievement.Name, form.Text, StringComparison.Ordinal);
        var tag = Guid.NewGuid().ToString("N")[..6];
        var before = await app.QueryAsync(db => db.RecognitionAgreements.CountAsync());

        var refused = await RecordAsync(admin, $"川渝人社发〔2026〕{tag}-9号", Sichuan, Chongqing, "", "", "999999", Today, null);

        Assert.Contains("所选证书不存在。", refused.Text, StringComparison.Ordinal);
        Assert.Equal(before, await app.QueryAsync(db => db.RecognitionAgreements.CountAsync()));

        var saved = await RecordAsync(admin, $"川渝人社发〔2026〕{tag}-8号", Sichuan, Chongqing, "", "", achievement.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Today, null);

        Assert.Contains("协议已登记", saved.Text, StringComparison.Ordinal);
        Assert.Contains("适用：" + achievement.Name, saved.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AgreementsPage_IsForAdminsOnly()
    {
        var staff = await app.SignedInAsStaffAsync(Core.Seeding.DemoSeeder.Bases[0].StaffEmail);
        using var forbidden = await staff.GetAsync("/admin/recognition");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }
}
