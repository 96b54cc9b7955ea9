using System.Net;
using CtecSkills.Core.Seeding;
using CtecSkills.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.IntegrationTests.Organizations;

/// <summary>Admins decide who works for which base; that membership is what opens a base's pages to staff.</summary>
public sealed class BaseStaffTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    [Fact]
    public async Task AddStaff_NewEmailWithInitialPassword_PersonSignsInAndSeesOnlyThatBase()
    {
        using var admin = await app.SignedInAsAdminAsync();
        var baseId = await app.GetStaffBaseIdAsync(DemoSeeder.Bases[3].StaffEmail);
        var form = (await CtecSkillsApp.GetPageAsync(admin, $"/bases/{baseId}")).Form($"/bases/{baseId}/staff")
            .Set("Email", "new.trainer@example.cn")
            .Set("DisplayName", "赵老师")
            .Set("InitialPassword", "Start-2026-ok");

        var details = await CtecSkillsApp.SubmitAndFollowAsync(admin, form);

        Assert.Contains("已为 new.trainer@example.cn 创建工作人员账号", details.Text);
        Assert.Contains("赵老师", details.Text);
        using var trainer = app.CreateBrowserClient();
        await CtecSkillsApp.SignInWithPasswordAsync(trainer, "new.trainer@example.cn", "Start-2026-ok");
        var bases = await CtecSkillsApp.GetPageAsync(trainer, "/bases");
        Assert.Contains(DemoSeeder.Bases[3].Name, bases.Text);
        Assert.DoesNotContain(DemoSeeder.Bases[0].Name, bases.Text);
    }

    [Fact]
    public async Task AddStaff_NewEmailWithoutPassword_AsksForOneAndCreatesNothing()
    {
        using var admin = await app.SignedInAsAdminAsync();
        var baseId = await app.GetStaffBaseIdAsync(DemoSeeder.Bases[4].StaffEmail);
        var form = (await CtecSkillsApp.GetPageAsync(admin, $"/bases/{baseId}")).Form($"/bases/{baseId}/staff")
            .Set("Email", "nopassword@example.cn")
            .Set("DisplayName", "钱老师");

        var page = await CtecSkillsApp.SubmitAndFollowAsync(admin, form);

        Assert.Contains("这是新账号，请设一个初始密码", page.Text);
        Assert.False(await app.QueryAsync(db => db.Users.AnyAsync(u => u.Email == "nopassword@example.cn")));
    }

    [Fact]
    public async Task AddStaff_ExistingStaffOfAnotherBase_NowWorksForBothAndTwiceIsRefused()
    {
        using var admin = await app.SignedInAsAdminAsync();
        var email = DemoSeeder.Bases[5].StaffEmail;
        var own = await app.GetStaffBaseIdAsync(email);
        var other = await app.GetStaffBaseIdAsync(DemoSeeder.Bases[6].StaffEmail);
        HtmlForm Add(HtmlPage page) => page.Form($"/bases/{other}/staff").Set("Email", email).Set("DisplayName", "杨帆");

        await CtecSkillsApp.SubmitAndFollowAsync(admin, Add(await CtecSkillsApp.GetPageAsync(admin, $"/bases/{other}")));
        var again = await CtecSkillsApp.SubmitAndFollowAsync(admin, Add(await CtecSkillsApp.GetPageAsync(admin, $"/bases/{other}")));

        Assert.Contains("这个人已经是本基地的工作人员", again.Text);
        using var staff = await app.SignedInAsStaffAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await CtecSkillsApp.GetPageAsync(staff, $"/bases/{own}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await CtecSkillsApp.GetPageAsync(staff, $"/bases/{other}")).Status);
    }

    [Fact]
    public async Task RemoveStaff_PersonLosesAccessToThatBase()
    {
        var email = DemoSeeder.Bases[1].StaffEmail;
        var baseId = await app.GetStaffBaseIdAsync(email);
        var userId = await app.QueryAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        using var admin = await app.SignedInAsAdminAsync();
        var remove = (await CtecSkillsApp.GetPageAsync(admin, $"/bases/{baseId}")).Form($"/bases/{baseId}/staff/{userId}/remove");

        var page = await CtecSkillsApp.SubmitAndFollowAsync(admin, remove);

        Assert.Contains("已移出", page.Text);
        using var staff = await app.SignedInAsStaffAsync(email);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/bases/{baseId}")).StatusCode);
    }

    [Fact]
    public async Task AddStaff_AsStaff_IsForbiddenAndChangesNothing()
    {
        var email = DemoSeeder.Bases[2].StaffEmail;
        using var staff = await app.SignedInAsStaffAsync(email);
        var baseId = await app.GetStaffBaseIdAsync(email);
        var token = (await CtecSkillsApp.GetPageAsync(staff, $"/bases/{baseId}/edit")).Form($"/bases/{baseId}/edit");
        var forged = token.RetargetTo($"/bases/{baseId}/staff").Set("Email", "intruder@example.cn").Set("DisplayName", "x").Set("InitialPassword", "Intruder-2026");

        using var response = await CtecSkillsApp.SubmitAsync(staff, forged);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False(await app.QueryAsync(db => db.Users.AnyAsync(u => u.Email == "intruder@example.cn")));
    }
}
