using System.Net;
using CtecSkills.Core.Catalog;
using CtecSkills.Core.Credentials;
using CtecSkills.Core.Organizations;
using CtecSkills.Core.Regions;
using CtecSkills.Core.Seeding;
using CtecSkills.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.IntegrationTests.Credentials;

/// <summary>A fixture of its own: adding an achievement changes what every later issue of the test course signs.</summary>
public sealed class AchievementTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    private static readonly DemoBase Chengdu = DemoSeeder.Bases[0];
    private static readonly DemoBase Chongqing = DemoSeeder.Bases[4];

    [Fact]
    public async Task Achievements_StaffOfOwnerBase_AddsOneAndBadInputChangesNothing()
    {
        var slug = await app.EnsureCourseAsync();
        using var staff = await app.SignedInAsStaffAsync(Chengdu.StaffEmail);
        var page = await CtecSkillsApp.GetPageAsync(staff, $"/courses/manage/{slug}/achievements");
        var before = await app.QueryAsync(db => db.Achievements.CountAsync());

        var bad = await CtecSkillsApp.SubmitAndFollowAsync(staff, page.Form($"/courses/manage/{slug}/achievements")
            .Set("Name", "").Set("Description", "说明").Set("CriteriaNarrative", "条件").Set("ValidityMonths", "0"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Contains("请填写证书名称", bad.Text);
        Assert.Equal(before, await app.QueryAsync(db => db.Achievements.CountAsync()));

        var good = await CtecSkillsApp.SubmitAndFollowAsync(staff, page.Form($"/courses/manage/{slug}/achievements")
            .Set("Name", "扫码能手徽章").Set("Description", "会扫码").Set("CriteriaNarrative", "测验满分").Set("AchievementType", "Badge").Set("ValidityMonths", ""));
        Assert.Contains("扫码能手徽章", good.Text);
        Assert.Equal(before + 1, await app.QueryAsync(db => db.Achievements.CountAsync()));

        using var other = await app.SignedInAsStaffAsync(Chongqing.StaffEmail);
        using var denied = await other.GetAsync($"/courses/manage/{slug}/achievements");
        Assert.Equal(HttpStatusCode.NotFound, denied.StatusCode);
    }

    [Fact]
    public async Task RecognitionByLevel_StaffChangeTheAchievementsLevelAfterIssuing_IssuedCredentialKeepsWhatItSays()
    {
        var credential = await app.IssuedCredentialAsync(Chengdu);
        var achievement = await app.QueryAsync(db => db.Achievements.AsNoTracking().Include(a => a.Course).SingleAsync(a => a.Id == credential.AchievementId));
        var otherLevel = achievement.Level == CourseLevel.Beginner ? CourseLevel.Advanced : CourseLevel.Beginner;
        var tag = Guid.NewGuid().ToString("N")[..6];
        using (var admin = await app.SignedInAsAdminAsync())
        {
            var form = await CtecSkillsApp.GetPageAsync(admin, "/admin/recognition");
            await CtecSkillsApp.SubmitAndFollowAsync(admin, form.Form("/admin/recognition")
                .Set("Reference", $"川渝人社发〔2026〕等级-{tag}").Set("IssuedInProvince", "510000").Set("RecognizedInProvince", "500000")
                .Set("Category", achievement.Course!.Category.ToString()).Set("Level", achievement.Level.ToString()).Set("AchievementId", "")
                .Set("LocalStandard", "重庆市同级证书")
                .Set("ValidFrom", BeijingTime.Today(TimeProvider.System).AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
                .Set("ValidUntil", ""));
        }
        var before = await app.VerifyApiOkAsync(new { code = credential.VerificationCode });

        var saved = await app.WithServiceAsync<AchievementService, AchievementSaveResult>(s => s.SaveAsync(achievement.Course!.Slug, achievement.Id,
            new AchievementInput
            {
                Name = achievement.Name,
                Description = achievement.Description,
                CriteriaNarrative = achievement.CriteriaNarrative,
                AchievementType = achievement.AchievementType,
                Level = otherLevel,
                ValidityMonths = achievement.ValidityMonths,
            }, new BaseActor("admin", IsAdmin: true), CancellationToken.None));
        var after = await app.VerifyApiOkAsync(new { code = credential.VerificationCode });
        using var browser = app.CreateBrowserClient();
        var page = await CtecSkillsApp.GetPageAsync(browser, $"/verify/{credential.VerificationCode}");
        // Issued after the edit: this one says the other level, so the level's agreement does not cover it.
        var later = await app.IssuedCredentialAsync(Chengdu);
        var laterAnswer = await app.VerifyApiOkAsync(new { code = later.VerificationCode });

        Assert.True(saved.Succeeded);
        Assert.Contains(tag, before["recognizedIn"]!.ToJsonString(), StringComparison.Ordinal);
        // Recognition follows what was signed, not the row staff edited afterwards (issue 12, point 7).
        Assert.Contains(tag, after["recognizedIn"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains(tag, page.Text, StringComparison.Ordinal);
        Assert.Contains(otherLevel.ToString(), later.CredentialJson, StringComparison.Ordinal);
        Assert.DoesNotContain(tag, laterAnswer["recognizedIn"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Achievements_TextWithANoncharacter_RefusedWithAMessageAndNothingSaved()
    {
        var slug = await app.EnsureCourseAsync();
        using var staff = await app.SignedInAsStaffAsync(Chengdu.StaffEmail);
        var page = await CtecSkillsApp.GetPageAsync(staff, $"/courses/manage/{slug}/achievements");
        var before = await app.QueryAsync(db => db.Achievements.CountAsync());

        // U+FFFF survives a browser's UTF-8 form encoding (a lone surrogate would not: it arrives as U+FFFD).
        var bad = await CtecSkillsApp.SubmitAndFollowAsync(staff, page.Form($"/courses/manage/{slug}/achievements")
            .Set("Name", "复制来的徽章").Set("Description", "会扫码\uFFFF").Set("CriteriaNarrative", "测验满分").Set("AchievementType", "Badge")
            .Set("ValidityMonths", ""));

        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Contains("无法识别的特殊字符", bad.Text);
        Assert.Equal(before, await app.QueryAsync(db => db.Achievements.CountAsync()));
    }

    [Fact]
    public async Task BaseEdit_AddressWithANoncharacter_RefusedOnTheAddressAndNothingSaved()
    {
        using var staff = await app.SignedInAsStaffAsync(Chongqing.StaffEmail);
        var baseId = await app.GetStaffBaseIdAsync(Chongqing.StaffEmail);
        var address = await app.QueryAsync(db => db.TrainingBases.Where(b => b.Id == baseId).Select(b => b.Address).SingleAsync());
        var form = (await CtecSkillsApp.GetPageAsync(staff, $"/bases/{baseId}/edit")).Form($"/bases/{baseId}/edit").Set("Address", "渝北区\uFFFE1号");

        var bad = await CtecSkillsApp.SubmitAndFollowAsync(staff, form);

        Assert.Contains("无法识别的特殊字符", bad.Text);
        Assert.Equal(address, await app.QueryAsync(db => db.TrainingBases.Where(b => b.Id == baseId).Select(b => b.Address).SingleAsync()));
    }

    [Fact]
    public async Task RunIssuingJob_AchievementTextWrittenAroundTheForm_IssuesNothingAndStaffIssueOnceCorrected()
    {
        var enrollments = await app.CompletedEnrollmentsAsync(Chengdu, 2);
        var slug = await app.EnsureCourseAsync();
        var achievementId = await app.QueryAsync(db => db.Achievements.Where(a => a.Course!.Slug == slug).OrderBy(a => a.Id).Select(a => a.Id).FirstAsync());
        var description = await app.QueryAsync(db => db.Achievements.Where(a => a.Id == achievementId).Select(a => a.Description).SingleAsync());
        // What an old row or a direct database edit can hold: U+FFFE, which rdf-canonize writes raw. (A lone surrogate
        // cannot be stored: PostgreSQL refuses it and SQLite's UTF-8 turns it into U+FFFD.)
        await app.QueryAsync(db => db.Achievements.Where(a => a.Id == achievementId)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.Description, description + "\uFFFE")));

        await app.RunIssuingJobAsync();

        Assert.Empty(await app.CredentialsForAsync(enrollments));
        Assert.All(await app.QueryAsync(db => db.IssuanceRequests.Where(r => enrollments.Contains(r.EnrollmentId)).Select(r => r.LastError).ToListAsync()),
            e => Assert.Equal(CredentialIssuer.UnsignableText, e));

        await app.QueryAsync(db => db.Achievements.Where(a => a.Id == achievementId)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.Description, description)));
        // The request is answered (with its reason); what is still owed is issued as staff do, by "issue missing".
        await app.RunIssuingJobAsync();
        Assert.Empty(await app.CredentialsForAsync(enrollments));
        await app.WithServiceAsync<CredentialIssuer, IssueRunResult>(s => s.IssueForEnrollmentsAsync(enrollments, CancellationToken.None));

        Assert.Equal(enrollments.Order(), (await app.CredentialsForAsync(enrollments)).Select(c => c.EnrollmentId).Order());
    }
}
