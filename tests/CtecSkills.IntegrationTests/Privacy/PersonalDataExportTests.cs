using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using CtecSkills.Core.Accounts;
using CtecSkills.Core.Cohorts;
using CtecSkills.Core.Credentials;
using CtecSkills.Core.Data;
using CtecSkills.Core.Portfolio;
using CtecSkills.Core.Privacy;
using CtecSkills.Core.Progress;
using CtecSkills.Core.Seeding;
using CtecSkills.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.IntegrationTests.Privacy;

/// <summary>"我的数据": a person downloads everything held about them, and only they can, while the link lasts.</summary>
public sealed class PersonalDataExportTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    private const string Bureau = "重庆市永川区人力资源和社会保障局";
    private static readonly DemoBase Chengdu = DemoSeeder.Bases[0];

    /// <summary>
    /// Tables that hold rows naming the person but are not information about them. Each needs a reason; a table that
    /// is not here and not in the export fails the comparison below, so a table added later is caught.
    /// </summary>
    private static readonly Dictionary<string, string> NotPersonalData = new(StringComparer.Ordinal)
    {
        // Authenticator keys, recovery codes and reset tokens: a way into the account, not a record of the person;
        // a copy in a zip would only be something to steal.
        ["AspNetUserTokens"] = "sign-in secrets",
    };

    [Fact]
    public async Task Export_LearnerWithDataOfEveryKind_ZipHoldsEveryRowTheDatabaseHoldsAboutThem()
    {
        var (learner, userId) = await app.SignedInLearnerAsync();
        var phone = await app.PhoneOfAsync(userId);
        await LearnerWithDataOfEveryKindAsync(learner, userId);

        var (exportId, files) = await app.DownloadMyDataAsync(learner, userId);

        var expected = await app.QueryAsync(db => RowsAboutAsync(db, userId, phone));
        // The scenario really covers each kind the page lists: otherwise the comparison would pass on empty tables.
        foreach (var table in new[] { "AspNetUsers", "Enrollments", "LessonProgress", "QuizAttempts", "Attendance", "AttendanceStrikes", "IssuedCredentials",
                     "PortfolioShares", "PortfolioShareViews", "WalletOffers", "VerificationLogs", "OutboundMessages", "DataExports" })
        {
            Assert.True(expected.ContainsKey(table), $"The scenario left no row about the learner in {table}.");
        }
        var exported = ExportedRows(CtecSkillsApp.DataJson(files));
        var missing = expected.Keys.Where(t => !exported.ContainsKey(t) && !NotPersonalData.ContainsKey(t)).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, $"These tables hold rows about the learner but the export has no section for them: {string.Join(", ", missing)}");
        foreach (var (table, rows) in expected.Where(e => !NotPersonalData.ContainsKey(e.Key)))
        {
            var inExport = exported[table];
            if (inExport.Ids is { } ids)
            {
                Assert.True(rows.Keys.ToHashSet(StringComparer.Ordinal).SetEquals(ids),
                    $"{table}: the database holds rows {string.Join(",", rows.Keys.Order())} about the learner, the export has {string.Join(",", ids.Order())}.");
            }
            else
            {
                Assert.True(rows.Keys.Count == inExport.Count, $"{table}: {rows.Keys.Count} rows in the database, {inExport.Count} in the export.");
            }
        }
        Assert.Contains(exportId.ToString(CultureInfo.InvariantCulture), exported["DataExports"].Ids!);
        // "我的数据" counts with COUNT queries rather than building the download: section by section, the same numbers.
        var (collected, counted) = await app.QueryAsync(async db =>
        {
            var collector = new PersonalDataCollector(db);
            return (await collector.CollectAsync(userId, default), await collector.CountAsync(userId, default));
        });
        Assert.Equal(collected!.ToDictionary(s => s.Key, s => s.Rows.Count), counted!);

        // What the person would look for: their phone, name, class and credential; and the files to take along.
        var name = await app.QueryAsync(db => db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).SingleAsync());
        var profileCsv = files["csv/profile.csv"];
        Assert.Equal(Encoding.UTF8.GetPreamble(), profileCsv[..3]);
        var profileText = Encoding.UTF8.GetString(profileCsv[3..]);
        Assert.Contains(phone, profileText, StringComparison.Ordinal);
        Assert.Contains(name, profileText, StringComparison.Ordinal);
        Assert.Contains("\r\n", profileText, StringComparison.Ordinal);
        Assert.All(files.Where(f => f.Key.EndsWith(".csv", StringComparison.Ordinal)), f => Assert.Equal(Encoding.UTF8.GetPreamble(), f.Value[..3]));
        var courseTitle = await app.QueryAsync(db => db.Courses.Where(c => c.Slug == CtecSkillsApp.TestCourseSlug).Select(c => c.Title).SingleAsync());
        Assert.Contains(courseTitle, Encoding.UTF8.GetString(files["csv/enrollments.csv"]), StringComparison.Ordinal);
        var dataJson = Encoding.UTF8.GetString(files[PersonalDataExportBuilder.DataFile]);
        Assert.Contains(name, dataJson, StringComparison.Ordinal);
        Assert.Contains(Bureau, dataJson, StringComparison.Ordinal);
        Assert.Contains("\n  ", dataJson, StringComparison.Ordinal);
        var credentials = await app.QueryAsync(db => db.IssuedCredentials.AsNoTracking().Where(c => c.UserId == userId).ToListAsync());
        foreach (var c in credentials)
        {
            var folder = PersonalDataExportBuilder.CredentialFolder(c.VerificationCode);
            Assert.Equal(c.Jws, Encoding.ASCII.GetString(files[folder + "credential.jws"]));
            Assert.Equal(c.CredentialJson, Encoding.UTF8.GetString(files[folder + "credential.json"]));
            Assert.Equal("%PDF", Encoding.ASCII.GetString(files[folder + "certificate.pdf"][..4]));
        }
        // Not even the hash of the share link's secret is in the file: the link itself is shown only once, when it is made.
        var tokens = await app.QueryAsync(db => db.PortfolioShares.Where(s => s.UserId == userId).Select(s => s.TokenHash)
            .Concat(db.WalletOffers.Where(o => o.UserId == userId).Select(o => o.TokenHash)).ToListAsync());
        Assert.All(tokens, t => Assert.DoesNotContain(t, dataJson, StringComparison.Ordinal));
        var readme = Encoding.UTF8.GetString(files[PersonalDataExportBuilder.ReadmeZh]);
        Assert.Contains("data.json", readme, StringComparison.Ordinal);
        Assert.Contains("证书", readme, StringComparison.Ordinal);
        Assert.True(files.ContainsKey(PersonalDataExportBuilder.ReadmeEn));
    }

    [Fact]
    public async Task MyDataPage_Learner_ListsEachKindWithCountsAndExplanations()
    {
        var (learner, userId) = await app.SignedInLearnerAsync();
        var cohortId = await app.CreateCohortAsync(Chengdu, capacity: 5);
        await app.EnrollAsync(learner, userId, cohortId);
        await CtecSkillsApp.ReadLessonsAsync(learner, 1, 2);

        var phone = await app.PhoneOfAsync(userId);
        var enrollments = await app.QueryAsync(db => db.Enrollments.CountAsync(e => e.UserId == userId));
        var lessons = await app.QueryAsync(db => db.LessonProgress.CountAsync(p => p.UserId == userId));
        var messages = await app.QueryAsync(db => db.OutboundMessages.CountAsync(m => m.Phone == phone));

        var page = await CtecSkillsApp.GetPageAsync(learner, "/me/data");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("我的数据", page.Heading);
        Assert.True(lessons >= 2 && messages >= 1, "The learner read two lessons and got a sign-in code.");
        foreach (var (key, label, count) in new[] { ("profile", "账户资料", 1), ("enrollments", "报名的班", enrollments), ("progress", "学习进度", lessons),
                     ("quizzes", "测验记录", 0), ("attendance", "签到记录", 0), ("credentials", "证书", 0), ("shares", "分享链接及其被查看记录", 0),
                     ("consent", "同意记录", 1), ("verifications", "哪些单位核验过您的证书", 0), ("messages", "发给您的短信", messages) })
        {
            var item = page.Document.QuerySelector($"#kind-{key}")?.TextContent ?? "";
            Assert.Contains(label, item, StringComparison.Ordinal);
            Assert.Contains($"{count} 条", item, StringComparison.Ordinal);
        }
        Assert.Contains("您报名了哪些班", page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_BySecondAccountAdminOrAForwardedLink_NotFoundOrSignIn()
    {
        var (learner, userId) = await app.SignedInLearnerAsync();
        var (exportId, _) = await app.DownloadMyDataAsync(learner, userId);
        var link = $"/me/data/exports/{exportId}";
        var (other, _) = await app.SignedInLearnerAsync();
        using var admin = await app.SignedInAsAdminAsync();
        using var stranger = app.CreateBrowserClient();

        using var byOther = await other.GetAsync(link);
        using var byAdmin = await admin.GetAsync(link);
        using var forwarded = await stranger.GetAsync(link);

        Assert.Equal(HttpStatusCode.NotFound, byOther.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, byAdmin.StatusCode);
        Assert.True(CtecSkillsApp.IsRedirect(forwarded.StatusCode));
        Assert.Contains("/account/", forwarded.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.NotEqual("application/zip", byOther.Content.Headers.ContentType?.MediaType);
        var otherPage = await CtecSkillsApp.GetPageAsync(other, "/me/data");
        Assert.Null(otherPage.Document.QuerySelector($"a[href='{link}']"));
    }

    [Fact]
    public async Task Download_AfterTheLinkExpired_SaysExpiredAskAgainAndThePurgeDeletesTheZip()
    {
        var (learner, userId) = await app.SignedInLearnerAsync();
        var (exportId, _) = await app.DownloadMyDataAsync(learner, userId);
        var export = Assert.Single(await app.ExportsOfAsync(userId));
        Assert.Equal(TimeSpan.FromHours(72), export.ExpiresAt - export.FinishedAt);
        var later = export.ExpiresAt!.Value.AddMinutes(1);

        var purged = await app.WithExportsAtAsync(later, s => s.PurgeExpiredAsync(default));
        var page = await CtecSkillsApp.GetPageAsync(learner, $"/me/data/exports/{exportId}");
        // Still before the expiry on the app's own clock: make the row say what the later clock did.
        await app.QueryAsync(db => db.DataExports.Where(x => x.Id == exportId).ExecuteUpdateAsync(s => s.SetProperty(x => x.ExpiresAt, TimeProvider.System.GetUtcNow().AddMinutes(-1))));
        var expired = await CtecSkillsApp.GetPageAsync(learner, $"/me/data/exports/{exportId}");

        Assert.True(purged >= 1);
        Assert.Null(Assert.Single(await app.ExportsOfAsync(userId)).Zip);
        Assert.Equal(HttpStatusCode.Gone, expired.Status);
        Assert.Contains("已过期，请重新生成", expired.Text, StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, page.Status);
        var list = await CtecSkillsApp.GetPageAsync(learner, "/me/data");
        Assert.Null(list.Document.QuerySelector($"a[href='/me/data/exports/{exportId}']"));
        Assert.Contains("已过期，请重新生成", list.Text, StringComparison.Ordinal);
        // A month later the row itself goes.
        await app.WithExportsAtAsync(later + PersonalDataExportService.ExpiredRowKept, s => s.PurgeExpiredAsync(default));
        Assert.Empty(await app.ExportsOfAsync(userId));
    }

    [Fact]
    public async Task Request_TwoTapsAtOnce_OneExportAndTheOtherSaysItIsBeingPrepared()
    {
        var (learner, userId) = await app.SignedInLearnerAsync();
        var page = await CtecSkillsApp.GetPageAsync(learner, "/me/data");
        var form = page.Form("/me/data/exports");

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => CtecSkillsApp.SubmitAsync(learner, form)));

        Assert.All(answers, a => Assert.True(CtecSkillsApp.IsRedirect(a.StatusCode), $"A tap was answered {a.StatusCode}."));
        var export = Assert.Single(await app.ExportsOfAsync(userId));
        Assert.Equal(DataExportState.Pending, export.State);
        var again = await CtecSkillsApp.SubmitAndFollowAsync(learner, (await CtecSkillsApp.GetPageAsync(learner, "/me/data")).Form("/me/data/exports"));
        Assert.Contains("文件正在准备，请稍等", again.Text, StringComparison.Ordinal);
        Assert.Contains("正在准备", again.Document.QuerySelector($"#export-{export.Id}")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("5", again.Document.QuerySelector("#exports")!.GetAttribute("data-refresh"));
        Assert.NotNull(again.Document.QuerySelector("noscript meta[http-equiv=refresh]"));
        Assert.Single(await app.ExportsOfAsync(userId));
    }

    [Fact]
    public async Task Request_MoreThanFiveInADay_RefusedWithAMessage()
    {
        var (learner, userId) = await app.SignedInLearnerAsync();
        for (var i = 0; i < PersonalDataExportService.MaxPerDay; i++)
        {
            await CtecSkillsApp.RequestMyDataAsync(learner);
            await app.RunExportJobAsync((await app.ExportsOfAsync(userId)).Last().Id);
        }

        var page = await CtecSkillsApp.RequestMyDataAsync(learner);

        Assert.Contains("一天最多生成 5 次", page.Text, StringComparison.Ordinal);
        Assert.Equal(PersonalDataExportService.MaxPerDay, (await app.ExportsOfAsync(userId)).Count);
    }

    [Fact]
    public async Task RunExport_JobKilledHalfWay_NeverReadyWithoutAZipAndTheSweepBuildsItAgain()
    {
        var (learner, userId) = await app.SignedInLearnerAsync();
        await CtecSkillsApp.RequestMyDataAsync(learner);
        var exportId = Assert.Single(await app.ExportsOfAsync(userId)).Id;
        // What a process killed while building leaves behind: claimed, no zip, nothing finished.
        var killedAt = TimeProvider.System.GetUtcNow();
        await app.QueryAsync(db => db.DataExports.Where(x => x.Id == exportId).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.State, DataExportState.Running)
            .SetProperty(x => x.StartedAt, killedAt)
            .SetProperty(x => x.LeaseUntil, killedAt + PersonalDataExportService.Lease)
            .SetProperty(x => x.ClaimedBy, Guid.NewGuid())));

        using var early = await learner.GetAsync($"/me/data/exports/{exportId}");
        await app.RunExportJobAsync(exportId);
        var stillRunning = Assert.Single(await app.ExportsOfAsync(userId));
        await app.WithExportsAtAsync(killedAt + PersonalDataExportService.Lease + TimeSpan.FromMinutes(1), async s =>
        {
            await s.RunPendingAsync(default);
            return 0;
        });

        Assert.True(CtecSkillsApp.IsRedirect(early.StatusCode), "A half-built export must not be served.");
        Assert.Equal(DataExportState.Running, stillRunning.State);
        Assert.Null(stillRunning.Zip);
        var rebuilt = Assert.Single(await app.ExportsOfAsync(userId));
        Assert.Equal(DataExportState.Ready, rebuilt.State);
        Assert.Equal(rebuilt.Bytes, rebuilt.Zip!.LongLength);
        Assert.True(CtecSkillsApp.Unzip(rebuilt.Zip).ContainsKey(PersonalDataExportBuilder.DataFile));
    }

    // ---- the learner and what the database holds -------------------------------------------------------------

    /// <summary>Enrolls, reads, passes the quiz, checks in (and is struck once), earns a credential, shares it (an HR bureau opens it) and has it verified.</summary>
    private async Task LearnerWithDataOfEveryKindAsync(HttpClient learner, string userId)
    {
        var cohortId = await app.CreateCohortAsync(Chengdu, capacity: 5);
        var enrollmentId = await app.EnrollAsync(learner, userId, cohortId);
        await CtecSkillsApp.ReadLessonsAsync(learner, 1, 2);
        Assert.Equal("Applied", (await CtecSkillsApp.SendOfflineReadAsync(learner, 3, Guid.NewGuid().ToString())).Outcome);
        await app.PassQuizAsync(learner);
        using var staff = await app.SignedInAsStaffAsync(Chengdu.StaffEmail);
        var sessionId = await app.AddSessionAsync(cohortId);
        var pass = await CtecSkillsApp.GetPageAsync(learner, await CtecSkillsApp.ReadCheckInUrlAsync(staff, sessionId));
        await CtecSkillsApp.SubmitAndFollowAsync(learner, pass.Form($"/checkin/{sessionId}"));
        var struckSession = await app.AddSessionAsync(cohortId);
        await app.QueryAsync(async db =>
        {
            db.AttendanceStrikes.Add(new AttendanceStrike { EnrollmentId = enrollmentId, SessionId = struckSession, StruckAt = TimeProvider.System.GetUtcNow(), StruckByUserId = "staff" });
            return await db.SaveChangesAsync();
        });
        var credential = await app.CredentialForAsync(userId, Chengdu);
        var (link, _) = await CtecSkillsApp.SharedLinkAsync(learner, [credential.Id], [credential.EnrollmentId]);
        await CtecSkillsApp.OfferToWalletAsync(learner, credential.VerificationCode);
        using var verifier = await app.SignedInAsVerifierAsync();
        await app.OpenShareAsync(link, verifier);
        var verified = await CtecSkillsApp.GetPageAsync(verifier, $"/verify/{credential.VerificationCode}");
        Assert.Equal(HttpStatusCode.OK, verified.Status);
        await app.DeliverMessagesAsync();
    }

    /// <summary>
    /// Every row of every table in the model that names the person — a column holding their account id or phone (or
    /// one of their credentials' ids or codes), or a foreign key to their account, enrollments, credentials or share
    /// links — by table, keyed by primary key. Read from the EF model, not from a list: a table added later is in it.
    /// </summary>
    private static async Task<Dictionary<string, Dictionary<string, object>>> RowsAboutAsync(AppDbContext db, string userId, string phone)
    {
        var enrollments = (await db.Enrollments.Where(e => e.UserId == userId).Select(e => e.Id).ToListAsync()).Cast<object>().ToHashSet();
        var credentials = await db.IssuedCredentials.Where(c => c.UserId == userId).Select(c => new { c.Id, c.CredentialId, c.VerificationCode }).ToListAsync();
        var shares = (await db.PortfolioShares.Where(s => s.UserId == userId).Select(s => s.Id).ToListAsync()).Cast<object>().ToHashSet();
        var owners = new Dictionary<Type, HashSet<object>>
        {
            [typeof(AppUser)] = [userId],
            [typeof(Enrollment)] = enrollments,
            [typeof(IssuedCredential)] = credentials.Select(c => (object)c.Id).ToHashSet(),
            [typeof(PortfolioShare)] = shares,
        };
        string[] needles = [userId, phone, .. credentials.Select(c => c.CredentialId), .. credentials.Select(c => c.VerificationCode)];

        var found = new Dictionary<string, Dictionary<string, object>>(StringComparer.Ordinal);
        var set = typeof(DbContext).GetMethod(nameof(DbContext.Set), Type.EmptyTypes)!;
        foreach (var entityType in db.Model.GetEntityTypes().Where(t => t.GetTableName() is not null && !t.IsOwned()))
        {
            var foreignKeys = entityType.GetForeignKeys()
                .Where(fk => owners.ContainsKey(fk.PrincipalEntityType.ClrType) && fk.Properties.Count == 1 && !fk.Properties[0].IsShadowProperty())
                .Select(fk => (Property: fk.Properties[0], Owners: owners[fk.PrincipalEntityType.ClrType]))
                .ToList();
            var texts = entityType.GetProperties().Where(p => p.ClrType == typeof(string) && !p.IsShadowProperty()).ToList();
            var key = entityType.FindPrimaryKey()!.Properties;
            var rows = ((IQueryable<object>)set.MakeGenericMethod(entityType.ClrType).Invoke(db, null)!).AsNoTracking().ToList();
            foreach (var row in rows)
            {
                var about = foreignKeys.Any(fk => fk.Property.GetGetter().GetClrValue(row) is { } v && fk.Owners.Contains(v))
                    || texts.Any(p => p.GetGetter().GetClrValue(row) is string s && needles.Any(n => s.Contains(n, StringComparison.Ordinal)));
                if (about)
                {
                    var id = string.Join("|", key.Select(p => Convert.ToString(p.GetGetter().GetClrValue(row), CultureInfo.InvariantCulture)));
                    var table = entityType.GetTableName()!;
                    (found.TryGetValue(table, out var byId) ? byId : found[table] = new(StringComparer.Ordinal))[id] = row;
                }
            }
        }
        return found;
    }

    private sealed record ExportedTable(HashSet<string>? Ids, int Count);

    /// <summary>The export's rows by the table each section says it comes from (a table may feed several sections).</summary>
    private static Dictionary<string, ExportedTable> ExportedRows(JsonElement data)
    {
        var tables = new Dictionary<string, (HashSet<string>? Ids, int Count)>(StringComparer.Ordinal);
        foreach (var section in data.GetProperty("sections").EnumerateObject())
        {
            var table = section.Value.GetProperty("table").GetString()!;
            var rows = section.Value.GetProperty("rows").EnumerateArray().ToList();
            var ids = rows.All(r => r.TryGetProperty("id", out _))
                ? rows.Select(r => r.GetProperty("id") is var id && id.ValueKind == JsonValueKind.Number ? id.GetRawText() : id.GetString()!).ToHashSet(StringComparer.Ordinal)
                : null;
            if (tables.TryGetValue(table, out var seen))
            {
                tables[table] = (seen.Ids is null || ids is null ? null : [.. seen.Ids, .. ids], seen.Count + rows.Count);
            }
            else
            {
                tables[table] = (ids, rows.Count);
            }
        }
        return tables.ToDictionary(t => t.Key, t => new ExportedTable(t.Value.Ids, t.Value.Count), StringComparer.Ordinal);
    }
}
