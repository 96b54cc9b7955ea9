using System.Net;
using CtecSkills.Core.Seeding;
using CtecSkills.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.IntegrationTests.Organizations;

/// <summary>Staff see and change only their own base; every other base looks as if it did not exist.</summary>
public sealed class TrainingBaseTenancyTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    private static readonly DemoBase BaseA = DemoSeeder.Bases[0];
    private static readonly DemoBase BaseB = DemoSeeder.Bases[1];

    [Theory]
    [InlineData("/bases/{0}")]
    [InlineData("/bases/{0}/edit")]
    public async Task Get_OtherBasesPageAsStaff_Returns404(string path)
    {
        using var staffA = await app.SignedInAsStaffAsync(BaseA.StaffEmail);
        var baseB = await app.GetStaffBaseIdAsync(BaseB.StaffEmail);

        using var response = await staffA.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, path, baseB));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var page = await HtmlPage.LoadAsync(response);
        Assert.DoesNotContain(BaseB.Name, page.Text);
    }

    [Fact]
    public async Task PostEdit_OtherBaseAsStaff_Returns404AndLeavesItUnchanged()
    {
        using var staffA = await app.SignedInAsStaffAsync(BaseA.StaffEmail);
        var baseA = await app.GetStaffBaseIdAsync(BaseA.StaffEmail);
        var baseB = await app.GetStaffBaseIdAsync(BaseB.StaffEmail);
        // A genuine form and token from staff A's own edit page, aimed at base B.
        var ownForm = (await CtecSkillsApp.GetPageAsync(staffA, $"/bases/{baseA}/edit")).Form($"/bases/{baseA}/edit");
        var forged = ownForm.RetargetTo($"/bases/{baseB}/edit")
            .Set("Name", BaseB.Name)
            .Set("LocalityCode", BaseB.LocalityCode)
            .Set("Address", "被篡改的地址 1 号");

        using var response = await CtecSkillsApp.SubmitAsync(staffA, forged);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(BaseB.Address, await AddressOfAsync(baseB));
    }

    [Fact]
    public async Task Details_OwnBaseAsStaff_Returns200WithItsName()
    {
        using var staffA = await app.SignedInAsStaffAsync(BaseA.StaffEmail);
        var baseA = await app.GetStaffBaseIdAsync(BaseA.StaffEmail);

        var page = await CtecSkillsApp.GetPageAsync(staffA, $"/bases/{baseA}");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains(BaseA.Name, page.Text);
    }

    [Fact]
    public async Task PostEdit_OwnBaseAddressAsStaff_SavesAddressAndRedirectsToDetails()
    {
        var email = DemoSeeder.Bases[2].StaffEmail;
        using var staff = await app.SignedInAsStaffAsync(email);
        var own = await app.GetStaffBaseIdAsync(email);
        var form = (await CtecSkillsApp.GetPageAsync(staff, $"/bases/{own}/edit")).Form($"/bases/{own}/edit")
            .Set("Address", "南充市顺庆区新地址 88 号");

        using var response = await CtecSkillsApp.SubmitAsync(staff, form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/bases/{own}", response.Headers.Location?.OriginalString);
        Assert.Equal("南充市顺庆区新地址 88 号", await AddressOfAsync(own));
        var details = await CtecSkillsApp.FollowAsync(staff, response);
        Assert.Contains("南充市顺庆区新地址 88 号", details.Text);
    }

    [Fact]
    public async Task PostEdit_OwnBaseNameAsStaff_KeepsTheNameOnlyAdminsMayChange()
    {
        var demo = DemoSeeder.Bases[3];
        using var staff = await app.SignedInAsStaffAsync(demo.StaffEmail);
        var own = await app.GetStaffBaseIdAsync(demo.StaffEmail);
        var form = (await CtecSkillsApp.GetPageAsync(staff, $"/bases/{own}/edit")).Form($"/bases/{own}/edit")
            .Set("Name", "改名的基地");

        using var response = await CtecSkillsApp.SubmitAsync(staff, form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(demo.Name, await app.QueryAsync(db => db.TrainingBases.Where(b => b.Id == own).Select(b => b.Name).SingleAsync()));
    }

    [Fact]
    public async Task Index_AsStaff_ListsOnlyTheirOwnBase()
    {
        using var staffA = await app.SignedInAsStaffAsync(BaseA.StaffEmail);

        var page = await CtecSkillsApp.GetPageAsync(staffA, "/bases");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains(BaseA.Name, page.Text);
        foreach (var other in DemoSeeder.Bases.Skip(1))
        {
            Assert.DoesNotContain(other.Name, page.Text);
        }
    }

    [Fact]
    public async Task Index_AsAdmin_ListsEveryBase()
    {
        using var admin = await app.SignedInAsAdminAsync();

        var page = await CtecSkillsApp.GetPageAsync(admin, "/bases");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.All(DemoSeeder.Bases, b => Assert.Contains(b.Name, page.Text));
    }

    [Fact]
    public async Task Details_OtherBaseAsAdmin_Returns200()
    {
        using var admin = await app.SignedInAsAdminAsync();
        var baseB = await app.GetStaffBaseIdAsync(BaseB.StaffEmail);

        var page = await CtecSkillsApp.GetPageAsync(admin, $"/bases/{baseB}");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains(BaseB.Name, page.Text);
    }

    [Fact]
    public async Task PostEdit_OwnBaseWithBadContactPhone_ShowsErrorAndSavesNothing()
    {
        var demo = DemoSeeder.Bases[5];
        using var staff = await app.SignedInAsStaffAsync(demo.StaffEmail);
        var own = await app.GetStaffBaseIdAsync(demo.StaffEmail);
        var form = (await CtecSkillsApp.GetPageAsync(staff, $"/bases/{own}/edit")).Form($"/bases/{own}/edit")
            .Set("Address", "不应保存的地址")
            .Set("ContactPhone", "call me");

        using var response = await CtecSkillsApp.SubmitAsync(staff, form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("联系电话只能有数字", (await HtmlPage.LoadAsync(response)).Text);
        Assert.Equal(demo.Address, await AddressOfAsync(own));
    }

    [Fact]
    public async Task Create_NewBaseAsAdmin_SavesItAndShowsItsPage()
    {
        using var admin = await app.SignedInAsAdminAsync();
        var form = (await CtecSkillsApp.GetPageAsync(admin, "/bases/new")).Form("/bases/new")
            .Set("Name", "自贡彩灯数字技能培训点")
            .Set("Kind", "Enterprise")
            .Set("LocalityCode", "510300")
            .Set("Address", "自贡市自流井区彩灯大道 1 号")
            .Set("ContactName", "罗军")
            .Set("ContactPhone", "0813-2101234");

        var page = await CtecSkillsApp.SubmitAndFollowAsync(admin, form);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("基地已创建", page.Text);
        Assert.Contains("自贡彩灯数字技能培训点", page.Text);
        Assert.Equal("510300", await app.QueryAsync(db => db.TrainingBases.Where(b => b.Name == "自贡彩灯数字技能培训点").Select(b => b.LocalityCode).SingleAsync()));
    }

    private Task<string> AddressOfAsync(int baseId) =>
        app.QueryAsync(db => db.TrainingBases.AsNoTracking().Where(b => b.Id == baseId).Select(b => b.Address).SingleAsync());
}
