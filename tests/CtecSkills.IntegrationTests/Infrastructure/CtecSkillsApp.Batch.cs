using System.Globalization;
using CsvHelper;
using CtecSkills.Core.Organizations;
using CtecSkills.Core.Seeding;
using CtecSkills.Core.Text;
using CtecSkills.Core.Verification;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.IntegrationTests.Infrastructure;

public partial class CtecSkillsApp
{
    /// <summary>The demo HR verifier (永川区人社局), signed in with their password.</summary>
    public Task<HttpClient> SignedInAsVerifierAsync() => SignedInWithPasswordAsync(DemoSeeder.VerifierEmail);

    /// <summary>
    /// Another employer applies for a verifier account and an admin approves it (through the same service as
    /// /admin/verifiers); returns the new verifier signed in, their email and their organization's id.
    /// </summary>
    public async Task<(HttpClient Browser, string Email, int OrganizationId)> NewApprovedVerifierAsync(string organizationName)
    {
        var email = $"hr-{Guid.NewGuid():N}@example.cn";
        var applied = await WithServiceAsync<VerifierRegistrationService, RegistrationResult>(s => s.ApplyAsync(
            new VerifierApplicationInput(organizationName, OrganizationKind.Employer, "500118", "赵敏", email, DemoPassword), default));
        var adminId = await QueryAsync(db => db.Users.Where(u => u.Email == AdminEmail).Select(u => u.Id).SingleAsync());
        var decided = await WithServiceAsync<VerifierRegistrationService, DecisionOutcome>(s => s.DecideAsync(applied.ApplicationId!.Value, true, null, adminId, "营业执照已核对", default));
        Assert.Equal(DecisionOutcome.Approved, decided);
        var organizationId = await QueryAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.OrganizationId!.Value).SingleAsync());
        return (await SignedInWithPasswordAsync(email), email, organizationId);
    }

    /// <summary>Uploads a file on /verify/batch as the browser would; returns the page answered.</summary>
    public static async Task<HtmlPage> UploadBatchAsync(HttpClient browser, byte[] file, string fileName = "codes.csv")
    {
        var form = (await GetPageAsync(browser, "/verify/batch")).Form("/verify/batch");
        using var response = await browser.PostAsync(form.Action, form.ToMultipart("file", file, fileName));
        return await HtmlPage.LoadAsync(response);
    }

    /// <summary>What the result page's download link saves: its bytes (from the data: URL) read back as CSV records.</summary>
    public static (byte[] Bytes, List<string[]> Records) DownloadBatchResult(HtmlPage page)
    {
        var link = page.Document.QuerySelector("a[download]");
        Assert.True(link is not null, "The result page has no download link: " + page.Text);
        var href = link.GetAttribute("href")!;
        const string prefix = "data:text/csv;charset=utf-8;base64,";
        Assert.StartsWith(prefix, href, StringComparison.Ordinal);
        var bytes = Convert.FromBase64String(href[prefix.Length..]);
        return (bytes, ReadCsv(CsvTextDecoder.Decode(bytes)));
    }

    public static List<string[]> ReadCsv(string text)
    {
        using var csv = CsvReader.FromText(text, CsvFiles.ReaderOptions with { HasHeader = false, SkipEmptyLines = false });
        var records = new List<string[]>();
        while (csv.Read())
        {
            records.Add([.. Enumerable.Range(0, csv.FieldCount).Select(csv.GetString)]);
        }
        return records;
    }

    /// <summary>An admin revokes the credential on its manage page, which republishes the status list.</summary>
    public async Task RevokeAsAdminAsync(string code, string reason)
    {
        using var admin = await SignedInAsAdminAsync();
        var url = $"/credentials/manage/{code}";
        var manage = await GetPageAsync(admin, url);
        await SubmitAndFollowAsync(admin, manage.Form(url + "/status").Set("reason", reason).Add("change", "Revoke"));
    }

    public Task<List<VerificationLog>> VerificationLogsOfAsync(string email) =>
        QueryAsync(db => db.VerificationLogs.AsNoTracking()
            .Where(l => db.Users.Any(u => u.Id == l.UserId && u.Email == email))
            .OrderBy(l => l.Id).ToListAsync());

    public static string Day(DateTimeOffset instant) =>
        instant.ToOffset(Core.Regions.BeijingTime.Offset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
