using System.Net;
using CtecSkills.Core.Seeding;
using CtecSkills.IntegrationTests.Infrastructure;

namespace CtecSkills.IntegrationTests.Authorization;

/// <summary>Who may open which page: anonymous people are sent to sign in, the wrong role gets 403.</summary>
public sealed class RoleAuthorizationTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    public enum Who
    {
        Anonymous,
        Learner,
        Staff,
        Verifier,
        Analyst,
        Admin,
    }

    public static TheoryData<string, Who, HttpStatusCode> AdminPages()
    {
        var data = new TheoryData<string, Who, HttpStatusCode>();
        foreach (var path in new[] { "/admin", "/admin/population", "/admin/sms-outbox", "/admin/organizations", "/admin/population/current.csv" })
        {
            data.Add(path, Who.Learner, HttpStatusCode.Forbidden);
            data.Add(path, Who.Staff, HttpStatusCode.Forbidden);
            data.Add(path, Who.Admin, HttpStatusCode.OK);
        }
        data.Add("/admin", Who.Verifier, HttpStatusCode.Forbidden);
        // Staff and verifiers, not a learner: the fixture has only so many demo learners to sign in.
        data.Add("/admin/mail-outbox", Who.Staff, HttpStatusCode.Forbidden);
        data.Add("/admin/mail-outbox", Who.Verifier, HttpStatusCode.Forbidden);
        data.Add("/admin/mail-outbox", Who.Admin, HttpStatusCode.OK);
        data.Add("/admin", Who.Analyst, HttpStatusCode.Forbidden);
        // Analysts build releases; only an admin publishes them.
        // (No learner row: the fixture has a demo learner per learner row, and every other route already shows learners out.)
        data.Add("/admin/index-releases", Who.Staff, HttpStatusCode.Forbidden);
        data.Add("/admin/index-releases", Who.Analyst, HttpStatusCode.Forbidden);
        data.Add("/admin/index-releases", Who.Admin, HttpStatusCode.OK);
        data.Add("/bases", Who.Learner, HttpStatusCode.Forbidden);
        data.Add("/bases", Who.Verifier, HttpStatusCode.Forbidden);
        data.Add("/bases", Who.Staff, HttpStatusCode.OK);
        data.Add("/bases", Who.Admin, HttpStatusCode.OK);
        data.Add("/bases/new", Who.Staff, HttpStatusCode.Forbidden);
        data.Add("/bases/new", Who.Admin, HttpStatusCode.OK);
        data.Add("/me", Who.Learner, HttpStatusCode.OK);
        // Demo data: each base runs one cohort of three classes, in base order; the Staff role signs in as the fifth
        // base's staff (Yubei), whose cohort is 5 with classes 13–15.
        foreach (var path in new[] { "/sessions/13/checkin", "/sessions/13/attendance", "/cohorts/5/progress.csv" })
        {
            data.Add(path, Who.Learner, HttpStatusCode.Forbidden);
            data.Add(path, Who.Verifier, HttpStatusCode.Forbidden);
            data.Add(path, Who.Analyst, HttpStatusCode.Forbidden);
            data.Add(path, Who.Staff, HttpStatusCode.OK);
            data.Add(path, Who.Admin, HttpStatusCode.OK);
        }
        foreach (var path in new[] { "/index", "/index/decompose" })
        {
            data.Add(path, Who.Learner, HttpStatusCode.Forbidden);
            data.Add(path, Who.Staff, HttpStatusCode.Forbidden);
            data.Add(path, Who.Verifier, HttpStatusCode.Forbidden);
            data.Add(path, Who.Analyst, HttpStatusCode.OK);
            data.Add(path, Who.Admin, HttpStatusCode.OK);
        }
        // Methodology and open data are public: a release is built to be safe to publish.
        data.Add("/index/methodology", Who.Anonymous, HttpStatusCode.OK);
        data.Add("/api/v1/index/releases", Who.Anonymous, HttpStatusCode.OK);
        data.Add("/api/v1/index/releases", Who.Learner, HttpStatusCode.OK);
        // Verification is public: what a QR code on paper opens for anyone.
        foreach (var who in new[] { Who.Anonymous, Who.Learner, Who.Staff, Who.Verifier, Who.Analyst, Who.Admin })
        {
            data.Add("/verify", who, HttpStatusCode.OK);
            data.Add("/verify/0000000000A", who, HttpStatusCode.OK);
        }
        // Batch verification and the verification history are for approved verifiers (and admins, who see everyone's).
        foreach (var path in new[] { "/verify/batch", "/verify/history", "/verify/history/export.csv" })
        {
            data.Add(path, Who.Learner, HttpStatusCode.Forbidden);
            data.Add(path, Who.Staff, HttpStatusCode.Forbidden);
            data.Add(path, Who.Analyst, HttpStatusCode.Forbidden);
            data.Add(path, Who.Verifier, HttpStatusCode.OK);
            data.Add(path, Who.Admin, HttpStatusCode.OK);
        }
        data.Add(CtecSkills.Web.Infrastructure.Pipeline.JobsDashboardPath, Who.Learner, HttpStatusCode.Forbidden);
        data.Add(CtecSkills.Web.Infrastructure.Pipeline.JobsDashboardPath, Who.Staff, HttpStatusCode.Forbidden);
        data.Add(CtecSkills.Web.Infrastructure.Pipeline.JobsDashboardPath, Who.Admin, HttpStatusCode.OK);
        return data;
    }

    /// <summary>Credential pages (issue 4): the wallet is the learner's, the issued list staff's and admins', keys admins' only.</summary>
    public static TheoryData<string, Who, HttpStatusCode> CredentialPages()
    {
        var data = new TheoryData<string, Who, HttpStatusCode>();
        foreach (var who in new[] { Who.Staff, Who.Verifier, Who.Analyst, Who.Admin })
        {
            data.Add("/me/credentials", who, HttpStatusCode.Forbidden);
        }
        data.Add("/me/credentials", Who.Learner, HttpStatusCode.OK);
        foreach (var who in new[] { Who.Learner, Who.Verifier, Who.Analyst })
        {
            data.Add("/credentials/manage", who, HttpStatusCode.Forbidden);
            data.Add("/courses/manage/smartphone-basics/achievements", who, HttpStatusCode.Forbidden);
            data.Add("/cohorts/1/credentials", who, HttpStatusCode.Forbidden);
        }
        data.Add("/credentials/manage", Who.Staff, HttpStatusCode.OK);
        data.Add("/credentials/manage", Who.Admin, HttpStatusCode.OK);
        // Demo courses belong to the first base; the staff member here works at another one.
        data.Add("/courses/manage/smartphone-basics/achievements", Who.Staff, HttpStatusCode.NotFound);
        data.Add("/courses/manage/smartphone-basics/achievements", Who.Admin, HttpStatusCode.OK);
        data.Add("/credentials/manage/0000000000A", Who.Staff, HttpStatusCode.NotFound);
        foreach (var who in new[] { Who.Learner, Who.Staff, Who.Verifier, Who.Analyst })
        {
            data.Add("/admin/issuers", who, HttpStatusCode.Forbidden);
        }
        data.Add("/admin/issuers", Who.Admin, HttpStatusCode.OK);
        foreach (var who in Enum.GetValues<Who>())
        {
            data.Add("/.well-known/jwks.json", who, HttpStatusCode.OK);
            data.Add("/issuers/1", who, HttpStatusCode.OK);
            data.Add("/status-lists/1/revocation/1", who, HttpStatusCode.OK);
        }
        return data;
    }

    /// <summary>Share links (issue 4): the list is the learner's, another learner's link is 404, the public page needs no sign-in.</summary>
    public static TheoryData<string, Who, HttpStatusCode> PortfolioPages()
    {
        var data = new TheoryData<string, Who, HttpStatusCode>();
        foreach (var who in new[] { Who.Staff, Who.Verifier, Who.Analyst, Who.Admin })
        {
            data.Add("/me/shares", who, HttpStatusCode.Forbidden);
            data.Add("/me/shares/1", who, HttpStatusCode.Forbidden);
        }
        data.Add("/me/shares", Who.Learner, HttpStatusCode.OK);
        data.Add("/me/shares/999999", Who.Learner, HttpStatusCode.NotFound);
        foreach (var who in Enum.GetValues<Who>())
        {
            // An unknown link is a plain 404 page for everyone, never a sign-in.
            data.Add("/p/AAAAAAAAAAAAAAAAAAAAAA", who, HttpStatusCode.NotFound);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AdminPages))]
    [MemberData(nameof(CredentialPages))]
    [MemberData(nameof(PortfolioPages))]
    public async Task Get_PageAsRole_ReturnsExpectedStatus(string path, Who who, HttpStatusCode expected)
    {
        using var browser = await SignedInAsync(who);

        using var response = await browser.GetAsync(path);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Forbidden)
        {
            var page = await HtmlPage.LoadAsync(response);
            Assert.Contains("没有权限", page.Text);
        }
    }

    [Theory]
    [InlineData("/admin")]
    [InlineData("/admin/population")]
    [InlineData("/admin/sms-outbox")]
    [InlineData("/admin/mail-outbox")]
    [InlineData("/account/password")]
    [InlineData("/admin/organizations")]
    [InlineData("/bases")]
    [InlineData("/me")]
    [InlineData("/admin/jobs")]
    [InlineData("/sessions/1/checkin")]
    [InlineData("/cohorts/1/progress.csv")]
    [InlineData("/index")]
    [InlineData("/index/decompose")]
    [InlineData("/me/credentials")]
    [InlineData("/credentials/manage")]
    [InlineData("/admin/issuers")]
    [InlineData("/admin/index-releases")]
    [InlineData("/courses/manage/smartphone-basics/achievements")]
    [InlineData("/me/shares")]
    [InlineData("/me/shares/1")]
    [InlineData("/verify/batch")]
    [InlineData("/verify/history")]
    public async Task Get_ProtectedPageAnonymously_RedirectsToSignIn(string path)
    {
        using var browser = app.CreateBrowserClient();

        using var response = await browser.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal("/account/phone", new Uri(new Uri("http://localhost"), location).AbsolutePath);
        Assert.Contains(Uri.EscapeDataString(path), location.OriginalString, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Post_ProtectedFormAnonymously_ChangesNothingAndRedirectsToSignIn()
    {
        using var browser = app.CreateBrowserClient();
        var home = await CtecSkillsApp.GetPageAsync(browser, "/");
        var form = home.Form("/culture").RetargetTo("/bases/new").Set("Name", "匿名创建的基地");

        using var response = await CtecSkillsApp.SubmitAsync(browser, form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(DemoSeeder.Bases.Count, await app.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.TrainingBases)));
    }

    [Fact]
    public async Task PostCreateBase_AsStaffWithValidToken_Returns403AndCreatesNothing()
    {
        using var staff = await app.SignedInAsStaffAsync(DemoSeeder.Bases[6].StaffEmail);
        var own = await app.GetStaffBaseIdAsync(DemoSeeder.Bases[6].StaffEmail);
        var form = (await CtecSkillsApp.GetPageAsync(staff, $"/bases/{own}/edit")).Form($"/bases/{own}/edit")
            .RetargetTo("/bases/new")
            .Set("Name", "员工自建的基地");

        using var response = await CtecSkillsApp.SubmitAsync(staff, form);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(DemoSeeder.Bases.Count, await app.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.TrainingBases)));
    }

    private async Task<HttpClient> SignedInAsync(Who who) => who switch
    {
        Who.Anonymous => app.CreateBrowserClient(),
        Who.Learner => await app.SignedInAsLearnerAsync(),
        Who.Staff => await app.SignedInAsStaffAsync(DemoSeeder.Bases[4].StaffEmail),
        Who.Verifier => await app.SignedInAsStaffAsync(DemoSeeder.VerifierEmail),
        Who.Analyst => await app.SignedInAsStaffAsync(DemoSeeder.AnalystEmail),
        _ => await app.SignedInAsAdminAsync(),
    };
}
