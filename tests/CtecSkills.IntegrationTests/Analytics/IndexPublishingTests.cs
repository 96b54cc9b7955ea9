using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CtecSkills.Core.Accounts;
using CtecSkills.Core.Analytics;
using CtecSkills.Core.Audit;
using CtecSkills.Core.Regions;
using CtecSkills.Core.Seeding;
using CtecSkills.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.IntegrationTests.Analytics;

/// <summary>
/// A release is a draft until an admin publishes it: the anonymous open data sees nothing of a draft, an analyst cannot
/// publish their own, two admins at once publish it once, and k has a floor the analyst is told about.
/// </summary>
public sealed class IndexPublishingTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    [Fact]
    public async Task Publish_DraftFromTheAdminMenu_ReachesTheOpenDataOnlyThenAndIsAudited()
    {
        var id = await BuildDraftAsync(2023, 5);
        using var api = app.CreateClient();

        // A draft: the analyst sees and downloads it; the anonymous API does not know it in any form.
        using var analyst = await app.SignedInAsStaffAsync(DemoSeeder.AnalystEmail);
        var dashboard = await CtecSkillsApp.GetPageAsync(analyst, $"/index/releases/{id}");
        Assert.Contains("草稿", dashboard.Text, StringComparison.Ordinal);
        using (var draftCsv = await analyst.GetAsync($"/index/releases/{id}.csv"))
        {
            Assert.Equal(HttpStatusCode.OK, draftCsv.StatusCode);
            Assert.Contains("\ntotal,", await draftCsv.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        await AssertNotPublicAsync(api, id);

        var landed = await app.PublishReleaseAsAdminAsync(id);

        Assert.Equal("/admin/index-releases", landed.Path);
        Assert.Contains($"已发布 #{id}", landed.Text, StringComparison.Ordinal);
        var json = await api.GetFromJsonAsync<JsonElement>($"/api/v1/index/releases/{id}");
        Assert.Equal(id, json.GetProperty("release").GetProperty("id").GetInt32());
        using (var csv = await api.GetAsync($"/api/v1/index/releases/{id}.csv"))
        {
            Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        }
        var list = await api.GetFromJsonAsync<JsonElement>("/api/v1/index/releases");
        Assert.Contains(list.EnumerateArray(), r => r.GetProperty("id").GetInt32() == id);
        var adminId = await app.QueryAsync(db => db.Users.Where(u => u.Email == CtecSkillsApp.AdminEmail).Select(u => u.Id).SingleAsync());
        var audit = await app.QueryAsync(db => db.AuditLog.Where(a => a.Subject == AuditActions.IndexReleaseSubject(id)).ToListAsync());
        var entry = Assert.Single(audit);
        Assert.Equal((AuditActions.PublishIndexRelease, adminId), (entry.Action, entry.ActorUserId));
        var release = await app.QueryAsync(db => db.IndexReleases.SingleAsync(r => r.Id == id));
        Assert.Equal(CtecSkillsApp.AdminEmail, release.PublishedBy);
        var after = await CtecSkillsApp.GetPageAsync(analyst, $"/index/releases/{id}");
        Assert.Contains($"/api/v1/index/releases/{id}.csv", after.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_AnalystWithAValidToken_Returns403AndTheReleaseStaysADraft()
    {
        var id = await BuildDraftAsync(2023, 6);
        using var analyst = await app.SignedInAsStaffAsync(DemoSeeder.AnalystEmail);
        var dashboard = await CtecSkillsApp.GetPageAsync(analyst, "/index");
        var forged = dashboard.Form("/index/releases").RetargetTo($"/admin/index-releases/{id}/publish");

        using var response = await CtecSkillsApp.SubmitAsync(analyst, forged);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(await app.QueryAsync(db => db.IndexReleases.Where(r => r.Id == id).Select(r => r.PublishedAt).SingleAsync()));
        using var api = app.CreateClient();
        await AssertNotPublicAsync(api, id);
    }

    [Fact]
    public async Task Publish_TwoAdminsPressingAtOnce_PublishesOnceWithOneAuditEntry()
    {
        var id = await BuildDraftAsync(2023, 7);
        using var first = await app.SignedInAsAdminAsync();
        using var second = await app.SignedInAsAdminAsync();
        var forms = new List<(HttpClient Browser, HtmlForm Form)>();
        foreach (var browser in new[] { first, second, first, second, first, second })
        {
            var page = await CtecSkillsApp.GetPageAsync(browser, "/admin/index-releases");
            forms.Add((browser, page.Form($"/admin/index-releases/{id}/publish")));
        }

        var responses = await Task.WhenAll(forms.Select(f => CtecSkillsApp.SubmitAsync(f.Browser, f.Form)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        foreach (var r in responses)
        {
            r.Dispose();
        }
        Assert.Equal(1, await app.QueryAsync(db => db.AuditLog.CountAsync(a => a.Subject == AuditActions.IndexReleaseSubject(id) && a.Action == AuditActions.PublishIndexRelease)));
        Assert.NotNull(await app.QueryAsync(db => db.IndexReleases.Where(r => r.Id == id).Select(r => r.PublishedAt).SingleAsync()));
        var list = await CtecSkillsApp.GetPageAsync(first, "/admin/index-releases");
        Assert.Null(list.Document.QuerySelector($"form[action='/admin/index-releases/{id}/publish']"));
    }

    [Theory]
    [InlineData("None", "1", "k 不能小于 5")]
    [InlineData("None", "4", "k 不能小于 5")]
    [InlineData("Gender", "9", "k 不能小于 10")]
    [InlineData("TargetGroup", "5", "k 不能小于 10")]
    public async Task BuildRelease_KBelowItsFloor_ShowsTheReasonBesideKAndSavesNothing(string breakdown, string k, string reason)
    {
        using var analyst = await app.SignedInAsStaffAsync(DemoSeeder.AnalystEmail);
        var before = await app.QueryAsync(db => db.IndexReleases.CountAsync());
        var dashboard = await CtecSkillsApp.GetPageAsync(analyst, "/index");
        var form = dashboard.Form("/index/releases").Set("Kind", "Month").Set("Year", "2023").Set("Number", "8").Set("Breakdown", breakdown).Set("K", k);

        var page = await CtecSkillsApp.SubmitAndFollowAsync(analyst, form);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains(reason, page.Document.QuerySelector("#K + .field-error")?.TextContent ?? "", StringComparison.Ordinal);
        Assert.Contains("没有保存任何发布", page.Text, StringComparison.Ordinal);
        Assert.Equal(before, await app.QueryAsync(db => db.IndexReleases.CountAsync()));
    }

    [Fact]
    public async Task Publish_DraftFromBeforeTheFloor_HasNoButtonIsRefusedAndTheDatabaseRefusesItToo()
    {
        // A release built with k = 1 before there was a floor, left a draft by the migration.
        var referenceId = await app.QueryAsync(db => db.PopulationReferences.Where(p => p.IsCurrent).Select(p => p.Id).SingleAsync());
        var legacy = new IndexRelease
        {
            PeriodKind = ReleasePeriodKind.Month,
            Year = 2022,
            PeriodNumber = 1,
            FirstMonth = 202201,
            LastMonth = 202201,
            Breakdown = ReleaseBreakdown.None,
            K = 1,
            Method = IndexReleaseService.MethodSuppression,
            CreatedAt = DateTimeOffset.UnixEpoch,
            CreatedBy = "analyst",
            PopulationReferenceId = referenceId,
            PopulationSource = "census",
            PopulationYear = 2020,
        };
        await app.QueryAsync(async db =>
        {
            db.IndexReleases.Add(legacy);
            return await db.SaveChangesAsync();
        });
        var draft = await BuildDraftAsync(2023, 9);
        using var admin = await app.SignedInAsAdminAsync();
        var list = await CtecSkillsApp.GetPageAsync(admin, "/admin/index-releases");
        Assert.Contains("k 低于现行下限", list.Text, StringComparison.Ordinal);
        Assert.Null(list.Document.QuerySelector($"form[action='/admin/index-releases/{legacy.Id}/publish']"));
        var forged = list.Form($"/admin/index-releases/{draft}/publish").RetargetTo($"/admin/index-releases/{legacy.Id}/publish");

        var page = await CtecSkillsApp.SubmitAndFollowAsync(admin, forged);

        Assert.Contains("不能发布", page.Document.QuerySelector("[role=alert]")?.TextContent ?? "", StringComparison.Ordinal);
        Assert.Null(await app.QueryAsync(db => db.IndexReleases.Where(r => r.Id == legacy.Id).Select(r => r.PublishedAt).SingleAsync()));
        await Assert.ThrowsAsync<DbUpdateException>(() => app.QueryAsync(async db =>
        {
            var row = await db.IndexReleases.SingleAsync(r => r.Id == legacy.Id);
            db.Entry(row).Property(r => r.PublishedAt).CurrentValue = DateTimeOffset.UnixEpoch;
            return await db.SaveChangesAsync();
        }));
    }

    [Fact]
    public async Task BuildRelease_StrongNoiseOverThinCells_PublishedCellsStayConsistent()
    {
        var at = new DateTimeOffset(2023, 10, 10, 10, 0, 0, BeijingTime.Offset);
        await app.CompleteCourseForDemoLearnersAsync(Enumerable.Range(14, 6), "510100", Area.Urban, LearnerGroup.RuralWoman, at, credentialed: true);
        await app.CompleteCourseForDemoLearnersAsync(Enumerable.Range(20, 2), "500152", Area.Rural, LearnerGroup.Other, at, credentialed: false);

        var cells = new List<IndexReleaseCell>();
        for (var i = 0; i < 4; i++)
        {
            var built = await app.WithServiceAsync<IndexReleaseService, ReleaseResult>(s =>
                s.BuildAsync(new ReleaseRequest(new ReleasePeriod(ReleasePeriodKind.Month, 2023, 10), ReleaseBreakdown.None, IndexReleaseService.MinK, 0.05, "analyst"), default));
            var release = await app.WithServiceAsync<IndexReleaseService, IndexRelease?>(s => s.GetAsync(built.Release!.Id, ReleaseScope.All, default));
            cells.AddRange(release!.Cells);
        }

        Assert.All(cells, c => Assert.False(c.Completers > c.Completions, $"{c.Level} {c.LocalityCode} {c.Area}: {c.Completers} > {c.Completions}"));
        Assert.All(cells, c => Assert.False(c.PriorityCompletions > c.Completions, $"{c.Level} {c.LocalityCode} {c.Area}: {c.PriorityCompletions} > {c.Completions}"));
        Assert.All(cells, c => Assert.False(c.Enrollments < 0 || c.Completions < 0 || c.Completers < 0 || c.CredentialedLearners < 0 || c.PriorityCompletions < 0));
    }

    private async Task<int> BuildDraftAsync(int year, int month)
    {
        await app.CompleteCourseForDemoLearnersAsync(Enumerable.Range(0, 12), "510700", Area.Urban, LearnerGroup.Other,
            new DateTimeOffset(year, month, 5, 12, 0, 0, BeijingTime.Offset), credentialed: true);
        using var analyst = await app.SignedInAsStaffAsync(DemoSeeder.AnalystEmail);
        var dashboard = await CtecSkillsApp.GetPageAsync(analyst, "/index");
        var form = dashboard.Form("/index/releases").Set("Kind", "Month").Set("Year", year.ToString(CultureInfo.InvariantCulture))
            .Set("Number", month.ToString(CultureInfo.InvariantCulture)).Set("K", "10");
        var built = await CtecSkillsApp.SubmitAndFollowAsync(analyst, form);
        Assert.Matches(@"^/index/releases/\d+$", built.Path);
        return int.Parse(built.Path.Split('/')[^1], CultureInfo.InvariantCulture);
    }

    private static async Task AssertNotPublicAsync(HttpClient api, int id)
    {
        foreach (var path in new[] { $"/api/v1/index/releases/{id}", $"/api/v1/index/releases/{id}.csv", $"/api/v1/index/releases/{id}.json" })
        {
            using var response = await api.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        var list = await api.GetFromJsonAsync<JsonElement>("/api/v1/index/releases");
        Assert.DoesNotContain(list.EnumerateArray(), r => r.GetProperty("id").GetInt32() == id);
        using var latest = await api.GetAsync("/api/v1/index/releases/latest");
        if (latest.StatusCode == HttpStatusCode.OK)
        {
            Assert.NotEqual(id, (await latest.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("release").GetProperty("id").GetInt32());
        }
    }
}
