using System.Net;
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
}
