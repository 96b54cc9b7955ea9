using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CtecSkills.Core.Accounts;
using CtecSkills.Core.Analytics;
using CtecSkills.Core.Regions;
using CtecSkills.Core.Seeding;
using CtecSkills.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CtecSkills.IntegrationTests.Analytics;

/// <summary>Facts of completed demo cohorts → a release built by an analyst → dashboard, API and CSV tell the same story.</summary>
public sealed class IndexReleaseTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    private static readonly DateTimeOffset March2025 = new(2025, 3, 10, 10, 0, 0, BeijingTime.Offset);

    [Fact]
    public async Task BuildRelease_CompletedDemoCohorts_DashboardApiAndCsvAgree()
    {
        // 14 learners of Chengdu's city districts and 12 rural learners of Tongnan complete; 3 of Wanzhou are below k.
        var pseudonyms = new List<string>();
        pseudonyms.AddRange(await app.CompleteCourseForDemoLearnersAsync(Enumerable.Range(0, 14), "510100", Area.Urban, LearnerGroup.MigrantWorker, March2025, credentialed: true));
        pseudonyms.AddRange(await app.CompleteCourseForDemoLearnersAsync(Enumerable.Range(14, 12), "500152", Area.Rural, LearnerGroup.RuralWoman, March2025, credentialed: false));
        pseudonyms.AddRange(await app.CompleteCourseForDemoLearnersAsync(Enumerable.Range(26, 3), "500101", Area.Urban, LearnerGroup.Other, March2025, credentialed: false));
        using var analyst = await app.SignedInAsStaffAsync(DemoSeeder.AnalystEmail);

        var dashboard = await BuildAsync(analyst, "Month", "2025", "3");

        Assert.Matches(@"^/index/releases/\d+$", dashboard.Path);
        Assert.Contains("2025-03", dashboard.Heading + dashboard.Text, StringComparison.Ordinal);
        var id = int.Parse(dashboard.Path.Split('/')[^1], CultureInfo.InvariantCulture);
        await app.PublishReleaseAsAdminAsync(id);
        using var api = app.CreateClient();
        var json = await api.GetFromJsonAsync<JsonElement>($"/api/v1/index/releases/{id}");
        var cells = json.GetProperty("cells").EnumerateArray().ToList();
        var total = cells.Single(c => c.GetProperty("level").GetString() == "total");
        Assert.Equal(29, total.GetProperty("completions").GetInt32());
        Assert.Equal(29, total.GetProperty("enrollments").GetInt32());
        Assert.Equal(14, total.GetProperty("credentialedLearners").GetInt32());
        Assert.Equal(26, total.GetProperty("priorityCompletions").GetInt32());
        var wanzhou = cells.Single(c => c.GetProperty("level").GetString() == "area" && c.GetProperty("localityCode").GetString() == "500101" && c.GetProperty("area").GetString() == "urban");
        Assert.Equal(JsonValueKind.Null, wanzhou.GetProperty("completions").ValueKind);

        // The dashboard shows the same totals and the same Theil T.
        var figures = dashboard.Document.QuerySelectorAll("dl.figures dd").Select(d => d.TextContent.Trim()).ToList();
        Assert.Equal("29", figures[1]);
        var theilT = json.GetProperty("measures").GetProperty("theilT").GetProperty("total").GetDouble();
        Assert.Contains(theilT.ToString("0.0000", CultureInfo.InvariantCulture), dashboard.Text, StringComparison.Ordinal);
        Assert.Equal(3, dashboard.Document.QuerySelectorAll("figure.chart svg[role=img]").Length);
        Assert.All(dashboard.Document.QuerySelectorAll("figure.chart"), f => Assert.NotNull(f.QuerySelector("table")));

        // The CSV has the same cells, and no pseudonym appears in any export.
        using var csvResponse = await api.GetAsync($"/api/v1/index/releases/{id}.csv");
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType!.MediaType);
        var csv = Encoding.UTF8.GetString(await csvResponse.Content.ReadAsByteArrayAsync());
        Assert.StartsWith("\uFEFFlevel,province_code", csv, StringComparison.Ordinal);
        var totalLine = csv.Split('\n').Single(l => l.StartsWith("total,", StringComparison.Ordinal));
        Assert.Contains(",29,29,29,14,26", totalLine, StringComparison.Ordinal);
        var exported = csv + json.GetRawText() + await api.GetStringAsync($"/api/v1/index/releases/{id}.json");
        Assert.All(pseudonyms, p => Assert.DoesNotContain(p, exported, StringComparison.Ordinal));
    }

    [Fact]
    public async Task BuildRelease_LearnersCompletingThroughTheRealFlow_AreCountedWithTheirCredentials()
    {
        // Twelve urban Chengdu learners are placed by staff, completed (staff, with a reason) and issued credentials by
        // the issuing job: the same path a real completion takes, nothing written to the facts by hand.
        var cohortId = await app.CreateCohortAsync(DemoSeeder.Bases[0], capacity: 20, name: "指数联调班");
        await app.EnsureAchievementAsync();
        var learnerIds = await app.CreateLearnersAsync(12);
        await app.QueryAsync(db => db.Users.Where(u => learnerIds.Contains(u.Id)).ExecuteUpdateAsync(u => u
            .SetProperty(x => x.LocalityCode, "510100").SetProperty(x => x.Area, Area.Urban).SetProperty(x => x.LearnerGroup, LearnerGroup.RuralWoman)
            .SetProperty(x => x.Gender, Gender.Female).SetProperty(x => x.BirthYear, 1985)));
        var phones = await app.QueryAsync(db => db.Users.Where(u => learnerIds.Contains(u.Id)).Select(u => u.PhoneNumber!).ToListAsync());
        foreach (var phone in phones)
        {
            await app.WithServiceAsync<Core.Cohorts.EnrollmentService, Core.Cohorts.EnrollResult?>(e => e.EnrollByStaffAsync(cohortId, CtecSkillsApp.Admin, phone, default));
        }
        var enrollments = await app.QueryAsync(db => db.Enrollments.Where(e => e.CohortId == cohortId).Select(e => e.Id).ToListAsync());
        Assert.Equal(12, enrollments.Count);
        foreach (var id in enrollments)
        {
            Assert.Equal(Core.Progress.CompleteOutcome.Completed, await app.WithServiceAsync<Core.Progress.LearningEventService, Core.Progress.CompleteOutcome?>(
                p => p.CompleteManuallyAsync(id, cohortId, CtecSkillsApp.Admin, "线下考核合格", default)));
        }
        await app.RunIssuingJobAsync();
        Assert.Equal(12, await app.QueryAsync(db => db.IssuedCredentials.CountAsync(c => enrollments.Contains(c.EnrollmentId))));

        var now = TimeProvider.System.GetUtcNow().ToOffset(BeijingTime.Offset);
        using var analyst = await app.SignedInAsStaffAsync(DemoSeeder.AnalystEmail);
        var dashboard = await BuildAsync(analyst, "Month", now.Year.ToString(CultureInfo.InvariantCulture), now.Month.ToString(CultureInfo.InvariantCulture));
        var releaseId = int.Parse(dashboard.Path.Split('/')[^1], CultureInfo.InvariantCulture);
        await app.PublishReleaseAsAdminAsync(releaseId);
        using var api = app.CreateClient();
        var json = await api.GetFromJsonAsync<JsonElement>($"/api/v1/index/releases/{releaseId}");
        var chengduUrban = json.GetProperty("cells").EnumerateArray().Single(c => c.GetProperty("level").GetString() == "area"
            && c.GetProperty("localityCode").GetString() == "510100" && c.GetProperty("area").GetString() == "urban");
        Assert.Equal(12, chengduUrban.GetProperty("completions").GetInt32());
        Assert.Equal(12, chengduUrban.GetProperty("credentialedLearners").GetInt32());
        Assert.Equal(12, chengduUrban.GetProperty("priorityCompletions").GetInt32());
    }

    [Fact]
    public async Task ReleasesApi_ListLatestAndUnknown_AnswerAsDocumented()
    {
        await app.CompleteCourseForDemoLearnersAsync(Enumerable.Range(0, 10), "510700", Area.Urban, LearnerGroup.Other, new DateTimeOffset(2024, 6, 1, 12, 0, 0, BeijingTime.Offset), credentialed: true);
        using var analyst = await app.SignedInAsStaffAsync(DemoSeeder.AnalystEmail);
        var built = await BuildAsync(analyst, "Quarter", "2024", "2");
        await app.PublishReleaseAsAdminAsync(int.Parse(built.Path.Split('/')[^1], CultureInfo.InvariantCulture));
        using var api = app.CreateClient();

        var list = await api.GetFromJsonAsync<JsonElement>("/api/v1/index/releases");
        var latest = await api.GetFromJsonAsync<JsonElement>("/api/v1/index/releases/latest");
        using var missing = await api.GetAsync("/api/v1/index/releases/999999");

        Assert.Contains(list.EnumerateArray(), r => r.GetProperty("period").GetProperty("label").GetString() == "2024-Q2");
        Assert.Equal(built.Path.Split('/')[^1], latest.GetProperty("release").GetProperty("id").GetInt32().ToString(CultureInfo.InvariantCulture));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType!.MediaType);
        var problem = await missing.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task BuildRelease_QuarterFive_ShowsMessageAndBuildsNothing()
    {
        using var analyst = await app.SignedInAsStaffAsync(DemoSeeder.AnalystEmail);
        var before = await app.QueryAsync(db => db.IndexReleases.CountAsync());

        var page = await BuildAsync(analyst, "Quarter", "2025", "5");

        Assert.Equal("/index/releases", page.Path);
        Assert.Contains("时段不对", page.Text, StringComparison.Ordinal);
        Assert.Equal(before, await app.QueryAsync(db => db.IndexReleases.CountAsync()));
    }

    [Fact]
    public async Task NightlyJob_RunTwice_BuildsThePreviousMonthOnce()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var job = scope.ServiceProvider.GetRequiredService<IndexReleaseJob>();

        await job.RunAsync(default);
        var second = await job.RunAsync(default);

        Assert.Equal(0, second);
        var nightly = await app.QueryAsync(db => db.IndexReleases.Where(r => r.CreatedBy == IndexReleaseJob.CreatedBy).ToListAsync());
        Assert.Single(nightly, r => r.PeriodKind == ReleasePeriodKind.Month);
        Assert.Single(nightly, r => r.PeriodKind == ReleasePeriodKind.Year);
        Assert.All(nightly, r => Assert.Null(r.PublishedAt));
    }

    [Fact]
    public async Task DecomposeApi_BadTable_Returns400NamingEachBadRow()
    {
        using var api = app.CreateClient();
        const string csv = "province,locality,area,population,value\n四川,成都,urban,100,5\n四川,成都,urban,100,6\n重庆,万州,city,0,x\n";

        using var response = await api.PostAsync("/api/v1/index/decompose", new StringContent(csv, Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("problem").GetString())).ToList();
        Assert.Contains((3, "DuplicateCell"), errors);
        Assert.Contains((4, "UnknownArea"), errors);
        Assert.Contains((4, "PopulationNotPositive"), errors);
        Assert.Contains((4, "ValueNotNumber"), errors);
    }

    [Fact]
    public async Task DecomposeApi_JsonTable_ReturnsADecompositionThatAddsUp()
    {
        using var api = app.CreateClient();
        var rows = new object[]
        {
            new { province = "四川", locality = "成都市", area = "urban", population = 16_500_000, value = 12.5 },
            new { province = "四川", locality = "成都市", area = "rural", population = 4_400_000, value = 6.1 },
            new { province = "四川", locality = "南充市", area = "urban", population = 3_000_000, value = 8.0 },
            new { province = "四川", locality = "南充市", area = "rural", population = 2_600_000, value = 3.9 },
            new { province = "重庆", locality = "万州区", area = "urban", population = 1_200_000, value = 9.2 },
            new { province = "重庆", locality = "万州区", area = "rural", population = 400_000, value = 4.4 },
        };

        using var response = await api.PostAsJsonAsync("/api/v1/index/decompose", rows);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var measures = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("measures");
        var t = measures.GetProperty("theilT");
        Assert.Equal(
            t.GetProperty("total").GetDouble(),
            t.GetProperty("betweenProvinces").GetDouble() + t.GetProperty("betweenLocalitiesWithinProvinces").GetDouble() + t.GetProperty("withinLocalities").GetDouble(),
            10);
        Assert.True(t.GetProperty("withinLocalities").GetDouble() > 0);
        Assert.Equal(JsonValueKind.Object, measures.GetProperty("theilTByTier").ValueKind);
        Assert.Contains(measures.GetProperty("provinceCoordination").GetProperty("bandZh").GetString()!, "极度失调 严重失调 中度失调 轻度失调 濒临失调 勉强协调 初级协调 中级协调 良好协调 优质协调", StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecomposePage_Gb18030FileWithBadRows_NamesEachRowInChinese()
    {
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        using var analyst = await app.SignedInAsStaffAsync(DemoSeeder.AnalystEmail);
        var page = await CtecSkillsApp.GetPageAsync(analyst, "/index/decompose");
        var bytes = Encoding.GetEncoding("GB18030").GetBytes("省份,地区,城乡,人口,数值\n四川,成都,城镇,100,5\n四川,成都,乡村,-3,1\n");
        using var content = new MultipartFormDataContent
        {
            { new StringContent(page.Form("/index/decompose")[HtmlForm.TokenField]!), "__RequestVerificationToken" },
            { new ByteArrayContent(bytes), "file", "table.csv" },
        };

        var result = await CtecSkillsApp.FollowAsync(analyst, await analyst.PostAsync("/index/decompose", content));

        Assert.Contains("第 3 行", result.Text, StringComparison.Ordinal);
        Assert.Contains("人口“-3”必须大于 0", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApi_Document_DescribesTheIndexApi()
    {
        using var api = app.CreateClient();

        var document = await api.GetStringAsync("/openapi/v1.json");

        Assert.Contains("/api/v1/index/releases/latest", document, StringComparison.Ordinal);
        Assert.Contains("/api/v1/index/decompose", document, StringComparison.Ordinal);
    }

    private static async Task<HtmlPage> BuildAsync(HttpClient analyst, string kind, string year, string number)
    {
        var dashboard = await CtecSkillsApp.GetPageAsync(analyst, "/index");
        var form = dashboard.Form("/index/releases").Set("Kind", kind).Set("Year", year).Set("Number", number).Set("K", "10");
        return await CtecSkillsApp.SubmitAndFollowAsync(analyst, form);
    }
}
