using System.Net;
using System.Text.Json;
using CtecSkills.Core.Seeding;
using CtecSkills.IntegrationTests.Infrastructure;
using CtecSkills.TestHost;
using CtecSkills.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.IntegrationTests.Platform;

/// <summary>The app as Development starts it: the demo with its showcase (agreements, credentials, a half-way learner).</summary>
public sealed class ShowcaseApp : CtecSkillsApp
{
    protected override void AddSettings(IDictionary<string, string?> settings)
    {
        settings[SettingKeys.SeedShowcase] = "true";
        settings[SettingKeys.IndexDemoFacts] = "3000";
    }
}

public sealed class DemoShowcaseTests(ShowcaseApp app) : IClassFixture<ShowcaseApp>
{
    private Task<DemoCodes> CodesAsync() =>
        app.WithServiceAsync<DemoShowcaseSeeder, DemoCodes>(async s => (await s.FindCodesAsync(default))!);

    [Fact]
    public async Task FirstStart_EachPrintedCode_VerifiesOnTheVerifyPageAsItsStateSays()
    {
        var codes = await CodesAsync();
        Assert.NotNull(codes);
        var line = Pipeline.DemoCodesLine(codes);
        var browser = app.CreateBrowserClient();
        foreach (var (kind, code, status) in new[]
        {
            ("valid", codes.Valid, "有效"), ("valid-other-region", codes.RecognizedOtherWay, "有效"), ("expired", codes.Expired, "已过期"),
            ("suspended", codes.Suspended, "已暂停"), ("revoked", codes.Revoked, "已撤销"),
        })
        {
            // The start-up line prints it as people type it (with dashes); the verify page takes it so.
            var shown = DemoShowcaseSeeder.Display(code);
            Assert.Contains($"{kind} {shown}", line, StringComparison.Ordinal);
            var page = await CtecSkillsApp.GetPageAsync(browser, $"/verify/{Uri.EscapeDataString(shown)}");
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Equal(status, page.Document.QuerySelector(".verify-status")!.TextContent.Trim());
        }

        // The headline feature: a Sichuan certificate is recognized in Chongqing, a Chongqing one in Sichuan.
        var sichuan = await CtecSkillsApp.GetPageAsync(browser, $"/verify/{codes.Valid}");
        Assert.Contains("在重庆市认可", sichuan.Text, StringComparison.Ordinal);
        Assert.Contains(DemoShowcaseSeeder.AgreementFromSichuan, sichuan.Text, StringComparison.Ordinal);
        var chongqing = await CtecSkillsApp.GetPageAsync(browser, $"/verify/{codes.RecognizedOtherWay}");
        Assert.Contains("在四川省认可", chongqing.Text, StringComparison.Ordinal);
        Assert.Contains(DemoShowcaseSeeder.AgreementFromChongqing, chongqing.Text, StringComparison.Ordinal);

        // Real signatures: the issuers' keys are published.
        using var jwks = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/.well-known/jwks.json"));
        Assert.NotEmpty(jwks.RootElement.GetProperty("keys").EnumerateArray());
    }

    [Fact]
    public async Task FirstStart_CredentialsSitInSeveralDemoLearnersWallets_IssuedThroughTheRealIssuer()
    {
        var codes = await CodesAsync();
        var all = codes.All.Select(c => c.Code).ToList();
        var rows = await app.QueryAsync(db => db.IssuedCredentials.AsNoTracking().Where(c => all.Contains(c.VerificationCode)).ToListAsync());
        Assert.Equal(5, rows.Count);
        Assert.Equal(5, rows.Select(r => r.UserId).Distinct().Count());
        Assert.All(rows, r => Assert.Equal(3, r.Jws.Split('.').Length));
        // One status-list slot each, and the completion's issuance request marked done.
        Assert.Equal(5, rows.Select(r => (r.IssuerBaseId, r.StatusListSequence, r.StatusIndex)).Distinct().Count());
        var enrollments = rows.Select(r => r.EnrollmentId).ToList();
        Assert.Equal(5, await app.QueryAsync(db => db.IssuanceRequests.CountAsync(r => enrollments.Contains(r.EnrollmentId) && r.ProcessedAt != null)));
    }

    [Fact]
    public async Task SecondSeeding_AddsNothing()
    {
        async Task<int[]> CountAsync() =>
        [
            await app.QueryAsync(db => db.RecognitionAgreements.CountAsync()),
            await app.QueryAsync(db => db.IssuedCredentials.CountAsync()),
            await app.QueryAsync(db => db.IssuanceRequests.CountAsync()),
            await app.QueryAsync(db => db.LessonProgress.CountAsync()),
            await app.QueryAsync(db => db.Enrollments.CountAsync(e => e.CompletedAt != null)),
            await app.QueryAsync(db => db.AuditLog.CountAsync()),
            await app.QueryAsync(db => db.IndexReleases.CountAsync()),
        ];
        var before = await CountAsync();
        Assert.True(before[0] == 2 && before[1] >= 5 && before[3] > 0 && before[6] > 0, string.Join(",", before));
        var codes = await CodesAsync();

        await app.WithServiceAsync<DemoShowcaseSeeder, bool>(async s =>
        {
            await s.SeedAsync(default);
            return true;
        });

        Assert.Equal(before, await CountAsync());
        Assert.Equal(codes, await CodesAsync());
    }

    [Fact]
    public async Task BatchPage_OffersTheSampleFileOfTheDemoCodes_WhichVerifiesAsPrinted()
    {
        var codes = await CodesAsync();
        var hr = await app.SignedInAsVerifierAsync();
        var page = await CtecSkillsApp.GetPageAsync(hr, "/verify/batch");
        var link = page.Document.QuerySelectorAll("a").FirstOrDefault(a => a.TextContent.Contains("示例文件", StringComparison.Ordinal));
        Assert.NotNull(link);
        var file = await hr.GetByteArrayAsync(link!.GetAttribute("href"));
        var text = Core.Text.CsvTextDecoder.Decode(file);
        Assert.All(codes.All, c => Assert.Contains(DemoShowcaseSeeder.Display(c.Code), text, StringComparison.Ordinal));

        var result = await CtecSkillsApp.UploadBatchAsync(hr, file, "demo-codes.csv");
        Assert.Equal(HttpStatusCode.OK, result.Status);
        var (_, records) = CtecSkillsApp.DownloadBatchResult(result);
        var body = string.Join("\n", records.Skip(1).Select(r => string.Join(",", r)));
        Assert.Equal(6, records.Count - 1);
        foreach (var status in new[] { "有效", "已过期", "已暂停", "已撤销" })
        {
            Assert.Contains(status, body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task HalfWayLearner_SeesHalfTheLessonsTickedOnTheCoursePage()
    {
        var phone = DemoSeeder.LearnerPhone(DemoShowcaseSeeder.HalfWayLearner);
        var slug = await app.QueryAsync(db => db.Enrollments.Where(e => e.User!.PhoneNumber == phone).Select(e => e.Cohort!.Course!.Slug).SingleAsync());
        var learner = app.CreateBrowserClient();
        await app.SignInWithCodeAsync(learner, phone);

        var course = await CtecSkillsApp.GetPageAsync(learner, $"/courses/{slug}");
        var lessons = course.Document.QuerySelectorAll("ol.lessons li").Length;
        var ticked = course.Document.QuerySelectorAll("ol.lessons li .tick").Length;
        Assert.True(lessons >= 2);
        Assert.Equal(lessons / 2, ticked);
        Assert.Contains($"已学 {lessons / 2}/{lessons}", course.Text, StringComparison.Ordinal);
        var me = await CtecSkillsApp.GetPageAsync(learner, "/me");
        Assert.Contains($"已学 {lessons / 2}/{lessons}", me.Text, StringComparison.Ordinal);
    }
}
