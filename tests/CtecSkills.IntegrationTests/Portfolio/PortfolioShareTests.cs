using System.Globalization;
using System.Net;
using System.Text;
using CtecSkills.Core.Portfolio;
using CtecSkills.Core.Regions;
using CtecSkills.Core.Seeding;
using CtecSkills.Core.Verification;
using CtecSkills.IntegrationTests.Infrastructure;
using CtecSkills.IntegrationTests.Verification;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.IntegrationTests.Portfolio;

/// <summary>A learner shares chosen credentials and courses by link; whoever opens it sees them, the learner sees who did.</summary>
public sealed class PortfolioShareTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    private const string AchievementName = "扫码支付安全 结业证书";
    private const string Bureau = "重庆市永川区人力资源和社会保障局";
    private static readonly DemoBase Chengdu = DemoSeeder.Bases[0];

    [Fact]
    public async Task CreateShare_CredentialAndCourseFor7Days_ListedWithLinkAndAStrangerSeesBothWithTheNameMasked()
    {
        var (learner, userId, credential) = await app.LearnerWithCredentialAsync(Chengdu);
        var holder = await DisplayNameAsync(userId);
        var courseTitle = await app.QueryAsync(db => db.Courses.Where(c => c.Slug == CtecSkillsApp.TestCourseSlug).Select(c => c.Title).SingleAsync());

        var page = await CtecSkillsApp.CreateShareAsync(learner, [credential.Id], [credential.EnrollmentId], lifetime: "7", label: "给永川人社局");

        Assert.Equal("/me/shares", page.Path);
        Assert.Contains("链接已生成", page.Text, StringComparison.Ordinal);
        var link = CtecSkillsApp.NewestShareLink(page);
        Assert.Matches("^/p/[A-Za-z0-9_-]{22}$", link);
        var share = await app.QueryAsync(db => db.PortfolioShares.AsNoTracking().Include(s => s.Items).SingleAsync(s => s.UserId == userId));
        Assert.Equal(TimeSpan.FromDays(7), share.ExpiresAt - share.CreatedAt);
        Assert.Equal(2, share.Items.Count);
        var listed = page.Document.QuerySelector($"#share-{share.Id}")!.TextContent;
        Assert.Contains("给永川人社局", listed, StringComparison.Ordinal);
        Assert.Contains("有效", listed, StringComparison.Ordinal);
        Assert.Contains(AchievementName, listed, StringComparison.Ordinal);
        Assert.Contains(courseTitle, listed, StringComparison.Ordinal);
        Assert.Contains(Beijing(share.ExpiresAt), listed, StringComparison.Ordinal);
        Assert.Contains("被查看 0 次", listed, StringComparison.Ordinal);

        var (opened, headers) = await app.OpenShareAsync(link);

        Assert.Equal(HttpStatusCode.OK, opened.Status);
        Assert.Contains(CredentialVerifier.MaskName(holder), opened.Heading, StringComparison.Ordinal);
        Assert.DoesNotContain(holder, opened.Text, StringComparison.Ordinal);
        Assert.Contains(AchievementName, opened.Text, StringComparison.Ordinal);
        Assert.Contains(Chengdu.Name, opened.Text, StringComparison.Ordinal);
        Assert.Contains("有效", opened.Text, StringComparison.Ordinal);
        Assert.Contains(courseTitle, opened.Text, StringComparison.Ordinal);
        Assert.NotNull(opened.Document.QuerySelector($"a[href='/verify/{credential.VerificationCode}']"));
        Assert.Equal("noindex", Assert.Single(headers.GetValues("X-Robots-Tag")));
        Assert.True(headers.CacheControl?.NoStore, "The share page must not be cached.");
        Assert.Equal("no-referrer", Assert.Single(headers.GetValues("Referrer-Policy")));
        Assert.DoesNotContain("style=", opened.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateShare_AnotherLearnersCredentialOrCourseOrAnUnfinishedCourse_RefusedWithAMessageAndNothingSaved()
    {
        var (learner, userId, own) = await app.LearnerWithCredentialAsync(Chengdu);
        var foreign = await app.IssuedCredentialAsync(Chengdu);
        var unfinished = await UnfinishedEnrollmentAsync(userId);

        var pages = new[]
        {
            await CtecSkillsApp.CreateShareAsync(learner, [own.Id, foreign.Id], []),
            await CtecSkillsApp.CreateShareAsync(learner, [own.Id], [foreign.EnrollmentId]),
            await CtecSkillsApp.CreateShareAsync(learner, [], [unfinished]),
            await CtecSkillsApp.CreateShareAsync(learner, [long.MaxValue], []),
        };

        Assert.All(pages, page =>
        {
            Assert.Equal(HttpStatusCode.BadRequest, page.Status);
            Assert.Contains("不属于您", page.Document.QuerySelector("[role=alert]")?.TextContent ?? "", StringComparison.Ordinal);
        });
        Assert.Equal(0, await app.QueryAsync(db => db.PortfolioShares.CountAsync(s => s.UserId == userId)));
    }

    [Fact]
    public async Task CreateShare_BadLifetimeNothingChosenOrLongLabel_RefusedEachWithItsMessageAndNothingSaved()
    {
        var (learner, userId, credential) = await app.LearnerWithCredentialAsync(Chengdu);

        foreach (var lifetime in new[] { "14", "0", "-7", "365", "abc", "" })
        {
            var page = await CtecSkillsApp.CreateShareAsync(learner, [credential.Id], [], lifetime);
            Assert.Equal(HttpStatusCode.BadRequest, page.Status);
            Assert.Contains("有效期只能选 7 天、30 天或 90 天", page.Text, StringComparison.Ordinal);
        }
        var nothing = await CtecSkillsApp.CreateShareAsync(learner, [], []);
        var longLabel = await CtecSkillsApp.CreateShareAsync(learner, [credential.Id], [], label: new string('备', PortfolioShareService.LabelLength + 1));

        Assert.Equal(HttpStatusCode.BadRequest, nothing.Status);
        Assert.Contains("请至少选择一张证书或一门课程", nothing.Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, longLabel.Status);
        Assert.Contains($"备注最多 {PortfolioShareService.LabelLength} 个字", longLabel.Text, StringComparison.Ordinal);
        Assert.Equal(0, await app.QueryAsync(db => db.PortfolioShares.CountAsync(s => s.UserId == userId)));
    }

    [Fact]
    public async Task OpenShare_ByAnonymousVisitorVerifierAndStaff_EachViewLoggedAndShownToTheLearnerButNotTheirOwn()
    {
        var (learner, _, credential) = await app.LearnerWithCredentialAsync(Chengdu);
        var (link, shareId) = await CtecSkillsApp.SharedLinkAsync(learner, [credential.Id], []);
        using var verifier = await app.SignedInAsVerifierAsync();
        using var staff = await app.SignedInAsStaffAsync(DemoSeeder.Bases[4].StaffEmail);

        await app.OpenShareAsync(link);
        await app.OpenShareAsync(link, verifier);
        await app.OpenShareAsync(link, staff);
        var (own, _) = await app.OpenShareAsync(link, learner);

        Assert.Contains("您自己打开不计入访问记录", own.Text, StringComparison.Ordinal);
        var views = await app.QueryAsync(db => db.PortfolioShareViews.AsNoTracking().Where(v => v.PortfolioShareId == shareId).OrderBy(v => v.Id).ToListAsync());
        Assert.Equal(new string?[] { null, Bureau, DemoSeeder.Bases[4].Name }, views.Select(v => v.ViewerOrganization));
        var list = await CtecSkillsApp.GetPageAsync(learner, "/me/shares");
        var listed = list.Document.QuerySelector($"#share-{shareId}")!.TextContent;
        Assert.Contains("被查看 3 次", listed, StringComparison.Ordinal);
        Assert.Contains("匿名访问者", listed, StringComparison.Ordinal);
        Assert.Contains(Bureau, listed, StringComparison.Ordinal);
        Assert.Contains(DemoSeeder.Bases[4].Name, listed, StringComparison.Ordinal);
        Assert.Contains(Beijing(views[^1].At), listed, StringComparison.Ordinal);
        var details = await CtecSkillsApp.GetPageAsync(learner, $"/me/shares/{shareId}");
        Assert.Equal(HttpStatusCode.OK, details.Status);
        Assert.Equal(3, details.Document.QuerySelectorAll(".share-views li").Length);
    }

    [Fact]
    public async Task RevokeShare_ThenOpen_410WithAPlainPageAndTheLearnerSeesRevoked()
    {
        var (learner, _, credential) = await app.LearnerWithCredentialAsync(Chengdu);
        var (link, shareId) = await CtecSkillsApp.SharedLinkAsync(learner, [credential.Id], []);
        var list = await CtecSkillsApp.GetPageAsync(learner, "/me/shares");

        var after = await CtecSkillsApp.SubmitAndFollowAsync(learner, list.Form($"/me/shares/{shareId}/revoke"));
        var (opened, headers) = await app.OpenShareAsync(link);

        Assert.Equal("/me/shares", after.Path);
        Assert.Contains("已撤销", after.Document.QuerySelector($"#share-{shareId}")!.TextContent, StringComparison.Ordinal);
        Assert.Null(after.Document.QuerySelector($"#share-{shareId} input.share-url"));
        Assert.Equal(HttpStatusCode.Gone, opened.Status);
        Assert.Equal("分享链接已被撤销", opened.Heading);
        Assert.DoesNotContain(AchievementName, opened.Text, StringComparison.Ordinal);
        Assert.Equal("noindex", Assert.Single(headers.GetValues("X-Robots-Tag")));
        Assert.Equal(0, await app.QueryAsync(db => db.PortfolioShareViews.CountAsync(v => v.PortfolioShareId == shareId)));
    }

    [Fact]
    public async Task OpenShare_AfterItExpired_410AndTheLearnerSeesExpired()
    {
        var (learner, _, credential) = await app.LearnerWithCredentialAsync(Chengdu);
        var (link, shareId) = await CtecSkillsApp.SharedLinkAsync(learner, [credential.Id], [], lifetime: "90");
        await app.QueryAsync(db => db.PortfolioShares.Where(s => s.Id == shareId)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.ExpiresAt, TimeProvider.System.GetUtcNow().AddMinutes(-1))));

        var (opened, _) = await app.OpenShareAsync(link);
        var list = await CtecSkillsApp.GetPageAsync(learner, "/me/shares");

        Assert.Equal(HttpStatusCode.Gone, opened.Status);
        Assert.Equal("分享链接已过期", opened.Heading);
        Assert.DoesNotContain(AchievementName, opened.Text, StringComparison.Ordinal);
        Assert.Contains("已过期", list.Document.QuerySelector($"#share-{shareId}")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/p/AAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("/p/not-a-token")]
    [InlineData("/p/%E7%8E%8B%E5%B0%8F%E6%98%8E%3Cscript%3E")]
    public async Task OpenShare_UnknownOrMalformedToken_404WithAPlainPage(string link)
    {
        var (opened, headers) = await app.OpenShareAsync(link);

        Assert.Equal(HttpStatusCode.NotFound, opened.Status);
        Assert.Equal("找不到这个分享链接", opened.Heading);
        Assert.Equal("no-referrer", Assert.Single(headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task AnotherLearner_OpensOrRevokesSomeoneElsesShareById_404AndTheLinkStillWorks()
    {
        var (owner, _, credential) = await app.LearnerWithCredentialAsync(Chengdu);
        var (link, shareId) = await CtecSkillsApp.SharedLinkAsync(owner, [credential.Id], []);
        var (stranger, _, _) = await app.LearnerWithCredentialAsync(Chengdu);
        var strangersPage = await CtecSkillsApp.GetPageAsync(stranger, "/me/shares");

        using var details = await stranger.GetAsync($"/me/shares/{shareId}");
        using var revoke = await CtecSkillsApp.SubmitAsync(stranger, strangersPage.Form("/me/shares").RetargetTo($"/me/shares/{shareId}/revoke"));

        Assert.Equal(HttpStatusCode.NotFound, details.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, revoke.StatusCode);
        Assert.DoesNotContain(link, strangersPage.Html, StringComparison.Ordinal);
        Assert.Null(await app.QueryAsync(db => db.PortfolioShares.Where(s => s.Id == shareId).Select(s => s.RevokedAt).SingleAsync()));
        Assert.Equal(HttpStatusCode.OK, (await app.OpenShareAsync(link)).Page.Status);
    }

    [Fact]
    public async Task OpenShare_CredentialRevokedAfterSharing_ShowsRevoked()
    {
        var (learner, _, credential) = await app.LearnerWithCredentialAsync(Chengdu);
        var (link, _) = await CtecSkillsApp.SharedLinkAsync(learner, [credential.Id], []);
        using var staff = await app.SignedInAsStaffAsync(Chengdu.StaffEmail);
        var manage = await CtecSkillsApp.GetPageAsync(staff, $"/credentials/manage/{credential.VerificationCode}");
        await CtecSkillsApp.SubmitAndFollowAsync(staff, manage.Form($"/credentials/manage/{credential.VerificationCode}/status")
            .Set("reason", "考试作弊").Add("change", "Revoke"));

        var (opened, _) = await app.OpenShareAsync(link);

        Assert.Equal(HttpStatusCode.OK, opened.Status);
        var card = opened.Document.QuerySelector("section.card.verify-revoked");
        Assert.NotNull(card);
        Assert.Contains("已撤销", card.TextContent, StringComparison.Ordinal);
        Assert.Null(opened.Document.QuerySelector("section.card.verify-valid"));
    }

    [Fact]
    public async Task HolderNameChoice_OnAndOffInTheWallet_VerifyPageApiAndShareShowTheFullNameOnlyWhenOn()
    {
        var (learner, userId, credential) = await app.LearnerWithCredentialAsync(Chengdu);
        var holder = await DisplayNameAsync(userId);
        var masked = CredentialVerifier.MaskName(holder);
        var (link, _) = await CtecSkillsApp.SharedLinkAsync(learner, [credential.Id], []);
        var code = credential.VerificationCode;
        var wallet = await CtecSkillsApp.GetPageAsync(learner, "/me/credentials");
        Assert.Null(wallet.Document.QuerySelector($"[id='c-{code}'] input[name=showFullName][checked]"));
        Assert.Equal(masked, await VerifyPageHolderAsync(code));
        Assert.Equal(masked, await VerifyApiHolderAsync(code));

        var on = await CtecSkillsApp.SubmitAndFollowAsync(learner, wallet.Form($"/me/credentials/{code}/holder-name").Check("showFullName"));

        Assert.Contains("核验时显示您的全名", on.Text, StringComparison.Ordinal);
        Assert.NotNull(on.Document.QuerySelector($"[id='c-{code}'] input[name=showFullName][checked]"));
        Assert.Equal(holder, await VerifyPageHolderAsync(code));
        Assert.Equal(holder, await VerifyApiHolderAsync(code));
        Assert.Contains(holder, (await app.OpenShareAsync(link)).Page.Heading, StringComparison.Ordinal);

        var off = await CtecSkillsApp.SubmitAndFollowAsync(learner, on.Form($"/me/credentials/{code}/holder-name").Remove("showFullName"));

        Assert.Contains("核验时只显示部分姓名", off.Text, StringComparison.Ordinal);
        Assert.Equal(masked, await VerifyPageHolderAsync(code));
        Assert.Equal(masked, await VerifyApiHolderAsync(code));
        var shared = (await app.OpenShareAsync(link)).Page;
        Assert.Contains(masked, shared.Heading, StringComparison.Ordinal);
        Assert.DoesNotContain(holder, shared.Text, StringComparison.Ordinal);

        using var stranger = await app.SignedInAsLearnerAsync();
        var strangersPage = await CtecSkillsApp.GetPageAsync(stranger, "/me");
        using var foreign = await CtecSkillsApp.SubmitAsync(stranger, strangersPage.Form("/account/signout")
            .RetargetTo($"/me/credentials/{code}/holder-name").Set("showFullName", "true"));
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(masked, await VerifyApiHolderAsync(code));
    }

    [Fact]
    public async Task SharesPage_WithALinkAndItsViews_FirstViewWithin14KbAndNoInlineStyle()
    {
        var (learner, _, credential) = await app.LearnerWithCredentialAsync(Chengdu);
        var created = await CtecSkillsApp.CreateShareAsync(learner, [credential.Id], [credential.EnrollmentId]);
        await app.OpenShareAsync(CtecSkillsApp.NewestShareLink(created));
        await CtecSkillsApp.CreateShareAsync(learner, [credential.Id], []);

        // The page right after making a link: the list with its views and the new link, the heaviest it gets.
        var page = await CtecSkillsApp.CreateShareAsync(learner, [credential.Id], [credential.EnrollmentId]);
        var css = await learner.GetByteArrayAsync("/css/site.css");
        var js = await learner.GetByteArrayAsync("/js/copy-link.js");

        var weight = CtecSkillsApp.GzipSize(Encoding.UTF8.GetBytes(page.Html)) + CtecSkillsApp.GzipSize(css) + CtecSkillsApp.GzipSize(js);
        Assert.True(weight <= 14 * 1024, $"/me/shares weighs {weight} bytes compressed.");
        Assert.DoesNotContain("style=", page.Html, StringComparison.Ordinal);
        // Without JavaScript the link is in a read-only box to copy from; the copy button only appears with it.
        Assert.NotNull(page.Document.QuerySelector("input.share-url[readonly]"));
        Assert.NotNull(page.Document.QuerySelector("button[data-copy][hidden]"));
    }

    private Task<string> DisplayNameAsync(string userId) =>
        app.QueryAsync(db => db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).SingleAsync());

    private async Task<int> UnfinishedEnrollmentAsync(string userId)
    {
        var cohortId = await app.CreateCohortAsync(Chengdu, capacity: 5);
        return await app.QueryAsync(async db =>
        {
            var enrollment = new Core.Cohorts.Enrollment
            {
                CohortId = cohortId,
                UserId = userId,
                Status = Core.Cohorts.EnrollmentStatus.Enrolled,
                Source = Core.Cohorts.EnrollmentSource.Self,
                EnrolledAt = TimeProvider.System.GetUtcNow(),
            };
            db.Enrollments.Add(enrollment);
            await db.SaveChangesAsync();
            return enrollment.Id;
        });
    }

    private async Task<string?> VerifyPageHolderAsync(string code)
    {
        var page = await CtecSkillsApp.GetPageAsync(app.CreateBrowserClient(), $"/verify/{code}");
        var terms = page.Document.QuerySelectorAll(".verify-summary dt");
        return terms.FirstOrDefault(t => t.TextContent.Trim() == "持有人")?.NextElementSibling?.TextContent.Trim();
    }

    private async Task<string?> VerifyApiHolderAsync(string code) =>
        (await app.VerifyApiOkAsync(new { code }))["credential"]?["holder"]?.GetValue<string>();

    private static string Beijing(DateTimeOffset instant) =>
        instant.ToOffset(BeijingTime.Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}

/// <summary>The public share page shares the verification limit: a client walking the token space is stopped.</summary>
public sealed class PortfolioRateLimitTests(LowVerifyLimitApp app) : IClassFixture<LowVerifyLimitApp>
{
    [Fact]
    public async Task OpenShare_MoreThanTheVerifyLimitWithinAMinute_Gets429()
    {
        using var client = app.CreateClient();
        for (var i = 0; i < LowVerifyLimitApp.VerifyPerMinute; i++)
        {
            using var allowed = await client.GetAsync($"/p/AAAAAAAAAAAAAAAAAAAAA{i}");
            Assert.Equal(HttpStatusCode.NotFound, allowed.StatusCode);
        }

        using var refused = await client.GetAsync("/p/AAAAAAAAAAAAAAAAAAAAAB");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
    }
}
