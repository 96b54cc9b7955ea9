using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CtecSkills.Core.Analytics;
using CtecSkills.Core.Credentials;
using CtecSkills.Core.Seeding;
using CtecSkills.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CtecSkills.IntegrationTests.Credentials;

public sealed class CredentialIssuingTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    private static readonly DemoBase Chengdu = DemoSeeder.Bases[0];
    private static readonly DemoBase Chongqing = DemoSeeder.Bases[4];

    [Fact]
    public async Task RunIssuingJob_CompletedEnrollment_IssuesOneSignedOpenBadgeCredentialThatVerifiesAgainstPublishedKeys()
    {
        var enrollments = await app.CompletedEnrollmentsAsync(Chengdu, 1);

        await app.RunIssuingJobAsync();

        var credential = Assert.Single(await app.CredentialsForAsync(enrollments));
        var json = JsonNode.Parse(credential.CredentialJson)!;
        Assert.Equal(["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
            json["@context"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(["VerifiableCredential", "OpenBadgeCredential"], json["type"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("扫码支付安全 结业证书", json["credentialSubject"]!["achievement"]!["name"]!.GetValue<string>());
        Assert.NotNull(json["validUntil"]);
        Assert.Matches("^urn:uuid:", json["credentialSubject"]!["id"]!.GetValue<string>());
        Assert.Null(json["credentialSubject"]!["identifier"]);
        var phone = await app.QueryAsync(db => db.Users.Where(u => u.Id == credential.UserId).Select(u => u.PhoneNumber!).SingleAsync());
        Assert.DoesNotContain(phone, credential.CredentialJson, StringComparison.Ordinal);
        Assert.Equal(2, json["credentialStatus"]!.AsArray().Count);

        var verified = await app.VerifyAgainstPublishedJwksAsync(credential.Jws);
        Assert.True(verified.IsValid, verified.Detail);
        Assert.True(VerificationCode.Parse(credential.VerificationCode).IsValid);

        Assert.Null(await app.QueryAsync(db => db.IssuanceRequests.Where(r => r.EnrollmentId == enrollments[0]).Select(r => r.LastError).SingleAsync()));
        Assert.True(await app.QueryAsync(db => db.IssuanceRequests.AnyAsync(r => r.EnrollmentId == enrollments[0] && r.ProcessedAt != null)));
        Assert.Equal(1, await app.QueryAsync(db => db.LearningFacts.CountAsync(f => f.Kind == FactKind.Credential && f.Pseudonym == new LearnerPseudonym(Convert.FromBase64String(app.PseudonymKey)).Of(credential.UserId!))));
        await app.DeliverMessagesAsync();
        var sms = await app.QueryAsync(db => db.SmsOutbox.Where(m => m.Phone == phone).Select(m => m.Text).ToListAsync());
        Assert.Contains(sms, t => t.Contains("扫码支付安全 结业证书", StringComparison.Ordinal) && t.Contains("/me/credentials", StringComparison.Ordinal));
    }

    [Fact]
    public async Task IssuedJws_VerifiedByJoseAgainstPublishedJwks_PassesAndTamperingFails()
    {
        var enrollments = await app.CompletedEnrollmentsAsync(Chengdu, 1);
        await app.RunIssuingJobAsync();
        var credential = Assert.Single(await app.CredentialsForAsync(enrollments));

        var (exitCode, output) = await app.VerifyWithJoseAsync(credential.Jws);
        var parts = credential.Jws.Split('.');
        var payload = parts[1].ToCharArray();
        payload[60] = payload[60] == 'A' ? 'B' : 'A';
        var (tamperedExit, tamperedOutput) = await app.VerifyWithJoseAsync($"{parts[0]}.{new string(payload)}.{parts[2]}");

        Assert.True(exitCode == 0, output);
        Assert.Contains(credential.KeyId, output, StringComparison.Ordinal);
        Assert.Equal(1, tamperedExit);
        Assert.Contains("ERR_JWS_SIGNATURE_VERIFICATION_FAILED", tamperedOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunIssuingJob_OneBatchForTwoIssuersWithoutKeys_EveryCredentialSignedByItsOwnIssuer()
    {
        var wanzhou = await app.CompletedEnrollmentsAsync(DemoSeeder.Bases[5], 2);
        var tongnan = await app.CompletedEnrollmentsAsync(DemoSeeder.Bases[6], 2);

        await app.RunIssuingJobAsync();

        var credentials = await app.CredentialsForAsync([.. wanzhou, .. tongnan]);
        Assert.Equal(4, credentials.Count);
        Assert.Equal(2, credentials.Select(c => c.KeyId).Distinct().Count());
        foreach (var credential in credentials)
        {
            var verified = await app.VerifyAgainstPublishedJwksAsync(credential.Jws);
            Assert.True(verified.IsValid, verified.Detail);
        }
    }

    [Fact]
    public async Task RunIssuingJob_TwiceConcurrentlyAndAgain_ExactlyOneCredentialPerEnrollment()
    {
        var enrollments = await app.CompletedEnrollmentsAsync(Chengdu, 8);

        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(app.RunIssuingJobAsync)));
        await app.RunIssuingJobAsync();

        var credentials = await app.CredentialsForAsync(enrollments);
        Assert.Equal(8, credentials.Count);
        Assert.Equal(8, credentials.Select(c => c.EnrollmentId).Distinct().Count());
        Assert.Equal(8, credentials.Select(c => c.StatusIndex).Distinct().Count());
        var userIds = credentials.Select(c => c.UserId!).ToList();
        var pseudonym = new LearnerPseudonym(Convert.FromBase64String(app.PseudonymKey));
        var pseudonyms = userIds.Select(pseudonym.Of).ToList();
        Assert.Equal(8, await app.QueryAsync(db => db.LearningFacts.CountAsync(f => f.Kind == FactKind.Credential && pseudonyms.Contains(f.Pseudonym))));
        Assert.False(await app.QueryAsync(db => db.IssuanceRequests.AnyAsync(r => enrollments.Contains(r.EnrollmentId) && r.ProcessedAt == null)));
    }

    [Fact]
    public async Task RunIssuingJob_AfterARunDiedBetweenSigningAndCommit_IssuesExactlyOnce()
    {
        var enrollments = await app.CompletedEnrollmentsAsync(Chengdu, 3);

        await app.RunIssuingThatDiesBeforeCommitAsync();
        Assert.Empty(await app.CredentialsForAsync(enrollments));
        await app.RunIssuingJobAsync();
        await app.RunIssuingJobAsync();

        var credentials = await app.CredentialsForAsync(enrollments);
        Assert.Equal(3, credentials.Count);
        Assert.Equal(3, credentials.Select(c => c.EnrollmentId).Distinct().Count());
        Assert.All(credentials, c => Assert.True(VerificationCode.Parse(c.VerificationCode).IsValid));
    }

    [Fact]
    public async Task RunIssuing_DatabaseRefusesOneEnrollmentWithoutAUniqueViolation_OthersIssuedItsRequestKeepsTheErrorAndANextRunIssuesIt()
    {
        var enrollments = await app.CompletedEnrollmentsAsync(Chengdu, 3);

        var (result, refused) = await app.RunIssuingWhereTheDatabaseRefusesAsync(enrollments[1]);

        // Once in the batch, once on its own: an error that is not a lost race is not retried as one.
        Assert.Equal(2, refused);
        Assert.True(result.Failed >= 1);
        var credentials = await app.CredentialsForAsync(enrollments);
        Assert.Equal([enrollments[0], enrollments[2]], credentials.Select(c => c.EnrollmentId).Order());
        var request = await app.QueryAsync(db => db.IssuanceRequests.AsNoTracking().SingleAsync(r => r.EnrollmentId == enrollments[1]));
        Assert.Null(request.ProcessedAt);
        Assert.Equal(1, request.Attempts);
        Assert.StartsWith("DbUpdateException: FOREIGN KEY", request.LastError, StringComparison.Ordinal);

        await app.RunIssuingJobAsync();

        credentials = await app.CredentialsForAsync(enrollments);
        Assert.Equal(enrollments.Order(), credentials.Select(c => c.EnrollmentId).Order());
        Assert.Null(await app.QueryAsync(db => db.IssuanceRequests.Where(r => r.EnrollmentId == enrollments[1]).Select(r => r.LastError).SingleAsync()));
    }

    [Fact]
    public async Task GetSigningKey_BaseDoesNotExist_ForeignKeyErrorThrownAtOnceNotTakenForARace()
    {
        var (error, saves) = await app.GetSigningKeyOfMissingBaseAsync();

        var refused = Assert.IsType<DbUpdateException>(error);
        Assert.False(Core.Data.UniqueViolation.Is(refused));
        Assert.Equal(1, saves);
    }

    [Fact]
    public async Task PublishedAddresses_EveryShapeCredentialUrlsBuildsForAnIssuedCredential_IsServedAndParsesBack()
    {
        var enrollments = await app.CompletedEnrollmentsAsync(Chengdu, 1);
        await app.RunIssuingJobAsync();
        var credential = Assert.Single(await app.CredentialsForAsync(enrollments));
        var urls = app.Services.GetRequiredService<CredentialUrls>();
        var statusList = urls.StatusList(credential.IssuerBaseId, StatusPurpose.Suspension, credential.StatusListSequence);

        foreach (var url in new[] { urls.Jwks, urls.Issuer(credential.IssuerBaseId), urls.Achievement(credential.AchievementId), statusList, urls.Verify(credential.VerificationCode) })
        {
            Assert.NotEmpty(await app.FetchPublishedAsync(url.AbsoluteUri));
        }
        Assert.True(urls.TryParseStatusList(statusList.AbsoluteUri, out var address));
        Assert.Equal(new StatusListAddress(credential.IssuerBaseId, StatusPurpose.Suspension, credential.StatusListSequence), address);
        Assert.True(urls.TryParseIssuer(credential.KeyId, out var issuer));
        Assert.Equal(credential.IssuerBaseId, issuer);
        var json = JsonNode.Parse(credential.CredentialJson)!;
        Assert.True(urls.TryParseAchievement(json["credentialSubject"]!["achievement"]!["id"]!.GetValue<string>(), out var achievement));
        Assert.Equal(credential.AchievementId, achievement);
    }

    [Fact]
    public async Task Insert_SecondCredentialForSameEnrollmentAndAchievement_RefusedByDatabase()
    {
        var enrollments = await app.CompletedEnrollmentsAsync(Chengdu, 1);
        await app.RunIssuingJobAsync();
        var first = Assert.Single(await app.CredentialsForAsync(enrollments));

        var insert = app.QueryAsync(async db =>
        {
            db.IssuedCredentials.Add(new IssuedCredential
            {
                CredentialId = "urn:uuid:" + Guid.NewGuid(),
                EnrollmentId = first.EnrollmentId,
                AchievementId = first.AchievementId,
                UserId = first.UserId,
                IssuerBaseId = first.IssuerBaseId,
                VerificationCode = VerificationCode.NewRandom().ToString(),
                KeyId = first.KeyId,
                CredentialJson = "{}",
                Jws = "x",
                StatusListSequence = first.StatusListSequence,
                StatusIndex = first.StatusIndex + 1,
            });
            return await db.SaveChangesAsync();
        });

        await Assert.ThrowsAsync<DbUpdateException>(() => insert);
    }

    [Fact]
    public async Task Revoke_ByStaffOfIssuingBase_PublishedStatusListSaysRevokedAndWalletShowsIt()
    {
        var enrollments = await app.CompletedEnrollmentsAsync(Chengdu, 1);
        await app.RunIssuingJobAsync();
        var credential = Assert.Single(await app.CredentialsForAsync(enrollments));
        Assert.False(await app.PublishedStatusAsync(credential, StatusPurpose.Revocation));

        using var staff = await app.SignedInAsStaffAsync(Chengdu.StaffEmail);
        var page = await CtecSkillsApp.GetPageAsync(staff, $"/credentials/manage/{credential.VerificationCode}");
        var after = await CtecSkillsApp.SubmitAndFollowAsync(staff, page.Form($"/credentials/manage/{credential.VerificationCode}/status")
            .Set("reason", "考试作弊").Add("change", "Revoke"));

        Assert.Contains("已撤销", after.Text);
        Assert.True(await app.PublishedStatusAsync(credential, StatusPurpose.Revocation));
        Assert.False(await app.PublishedStatusAsync(credential, StatusPurpose.Suspension));
        var audit = await app.QueryAsync(db => db.AuditLog.SingleAsync(a => a.Subject == "credential:" + credential.VerificationCode));
        Assert.Equal("credential.revoke", audit.Action);
        Assert.Equal("考试作弊", audit.Reason);

        using var learner = await SignInAsOwnerAsync(credential);
        var wallet = await CtecSkillsApp.GetPageAsync(learner, "/me/credentials");
        Assert.Contains("已撤销", wallet.Text);
        Assert.Contains("考试作弊", wallet.Text);
        Assert.Null(wallet.Document.QuerySelector("a[href$='certificate.pdf']"));
        Assert.DoesNotContain("打印版证书", wallet.Text, StringComparison.Ordinal);
        var pdf = await learner.GetByteArrayAsync($"/me/credentials/{credential.VerificationCode}/certificate.pdf");
        Assert.Equal("扫码支付安全 结业证书" + CertificatePdf.RevokedTitleSuffix, PdfTitle(pdf));
    }

    private static string PdfTitle(byte[] pdf)
    {
        using var stream = new MemoryStream(pdf);
        using var document = PdfSharp.Pdf.IO.PdfReader.Open(stream, PdfSharp.Pdf.IO.PdfDocumentOpenMode.Import);
        return document.Info.Title;
    }

    [Fact]
    public async Task SuspendThenUnsuspend_ByAdmin_StatusListFollows()
    {
        var enrollments = await app.CompletedEnrollmentsAsync(Chengdu, 1);
        await app.RunIssuingJobAsync();
        var credential = Assert.Single(await app.CredentialsForAsync(enrollments));
        using var admin = await app.SignedInAsAdminAsync();
        var url = $"/credentials/manage/{credential.VerificationCode}";

        var page = await CtecSkillsApp.GetPageAsync(admin, url);
        page = await CtecSkillsApp.SubmitAndFollowAsync(admin, page.Form(url + "/status").Set("reason", "核实身份中").Add("change", "Suspend"));
        Assert.Contains("已暂停", page.Text);
        Assert.True(await app.PublishedStatusAsync(credential, StatusPurpose.Suspension));

        page = await CtecSkillsApp.SubmitAndFollowAsync(admin, page.Form(url + "/status").Set("reason", "已核实").Add("change", "Unsuspend"));
        Assert.Contains("有效", page.Text);
        Assert.False(await app.PublishedStatusAsync(credential, StatusPurpose.Suspension));
    }

    [Fact]
    public async Task Revoke_ByStaffOfAnotherBase_NotFoundAndNothingChanges()
    {
        var enrollments = await app.CompletedEnrollmentsAsync(Chengdu, 1);
        await app.RunIssuingJobAsync();
        var credential = Assert.Single(await app.CredentialsForAsync(enrollments));
        using var own = await app.SignedInAsStaffAsync(Chengdu.StaffEmail);
        var form = (await CtecSkillsApp.GetPageAsync(own, $"/credentials/manage/{credential.VerificationCode}"))
            .Form($"/credentials/manage/{credential.VerificationCode}/status");

        using var other = await app.SignedInAsStaffAsync(Chongqing.StaffEmail);
        var otherPage = await CtecSkillsApp.GetPageAsync(other, "/credentials/manage");
        var token = otherPage.Document.QuerySelector($"input[name='{HtmlForm.TokenField}']")?.GetAttribute("value");
        using var view = await other.GetAsync($"/credentials/manage/{credential.VerificationCode}");
        Assert.Equal(HttpStatusCode.NotFound, view.StatusCode);
        using var post = await other.PostAsync(form.Action, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [HtmlForm.TokenField] = token ?? "",
            ["reason"] = "试一试",
            ["change"] = "Revoke",
        }));

        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Null(await app.QueryAsync(db => db.IssuedCredentials.Where(c => c.Id == credential.Id).Select(c => c.RevokedAt).SingleAsync()));
        Assert.False(await app.PublishedStatusAsync(credential, StatusPurpose.Revocation));
    }

    [Fact]
    public async Task Revoke_WithoutReason_SaysSoAndNothingChanges()
    {
        var enrollments = await app.CompletedEnrollmentsAsync(Chengdu, 1);
        await app.RunIssuingJobAsync();
        var credential = Assert.Single(await app.CredentialsForAsync(enrollments));
        using var staff = await app.SignedInAsStaffAsync(Chengdu.StaffEmail);
        var page = await CtecSkillsApp.GetPageAsync(staff, $"/credentials/manage/{credential.VerificationCode}");

        var after = await CtecSkillsApp.SubmitAndFollowAsync(staff, page.Form($"/credentials/manage/{credential.VerificationCode}/status")
            .Set("reason", "  ").Add("change", "Revoke"));

        Assert.Equal(HttpStatusCode.BadRequest, after.Status);
        Assert.Contains("请写明原因", after.Text);
        Assert.Null(await app.QueryAsync(db => db.IssuedCredentials.Where(c => c.Id == credential.Id).Select(c => c.RevokedAt).SingleAsync()));
    }

    [Fact]
    public async Task Wallet_Learner_SeesQrCodeAndDownloadsJsonJwsAndPdfWithinPageBudget()
    {
        var enrollments = await app.CompletedEnrollmentsAsync(Chengdu, 1);
        await app.RunIssuingJobAsync();
        var credential = Assert.Single(await app.CredentialsForAsync(enrollments));
        using var learner = await SignInAsOwnerAsync(credential);

        var wallet = await CtecSkillsApp.GetPageAsync(learner, "/me/credentials");

        var display = VerificationCode.Parse(credential.VerificationCode).Code!.Value.ToDisplayString();
        Assert.Contains(display, wallet.Text);
        Assert.Equal("核验码 " + display, wallet.Document.QuerySelector("p.code")!.TextContent.Trim());
        Assert.DoesNotContain("验证码", wallet.Text, StringComparison.Ordinal);
        Assert.Equal("打印版证书", wallet.Document.QuerySelector("a[href$='certificate.pdf']")!.TextContent.Trim());
        Assert.Equal("给用人单位的电子证书文件", wallet.Document.QuerySelector("a[href$='credential.json']")!.TextContent.Trim());
        Assert.NotNull(wallet.Document.QuerySelector("details a[href$='credential.jwt']"));
        Assert.Contains("扫码支付安全 结业证书", wallet.Text);
        Assert.NotNull(wallet.Document.QuerySelector($"a[href$='/verify/{credential.VerificationCode}']"));
        var qrSrc = wallet.Document.QuerySelector("img.qr")!.GetAttribute("src")!;
        var svg = await learner.GetStringAsync(qrSrc);
        Assert.StartsWith("<svg", svg.TrimStart().StartsWith("<?xml", StringComparison.Ordinal) ? svg[svg.IndexOf("<svg", StringComparison.Ordinal)..] : svg.TrimStart(), StringComparison.Ordinal);
        Assert.DoesNotContain("style=", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", wallet.Html, StringComparison.Ordinal);

        Assert.Equal(credential.CredentialJson, await learner.GetStringAsync($"/me/credentials/{credential.VerificationCode}/credential.json"));
        Assert.Equal(credential.Jws, await learner.GetStringAsync($"/me/credentials/{credential.VerificationCode}/credential.jwt"));
        var pdf = await learner.GetByteArrayAsync($"/me/credentials/{credential.VerificationCode}/certificate.pdf");
        Assert.Equal("%PDF", Encoding.ASCII.GetString(pdf, 0, 4));
        Assert.Contains("/FontFile2", Encoding.Latin1.GetString(pdf), StringComparison.Ordinal);
        Assert.True(pdf.Length < 400_000, $"The PDF is {pdf.Length} bytes.");
        Assert.Equal("扫码支付安全 结业证书", PdfTitle(pdf));

        var css = await learner.GetByteArrayAsync("/css/site.css");
        var weight = CtecSkillsApp.GzipSize(Encoding.UTF8.GetBytes(wallet.Html)) + CtecSkillsApp.GzipSize(css);
        Assert.True(weight <= 14 * 1024, $"The wallet's first view weighs {weight} bytes compressed.");

        using var stranger = await app.SignedInAsLearnerAsync();
        using var foreign = await stranger.GetAsync($"/me/credentials/{credential.VerificationCode}/credential.json");
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
    }

    [Fact]
    public async Task RotateKey_ByAdmin_OldCredentialStillVerifiesNewOnesUseNewKeyAndNoPrivateKeyIsShown()
    {
        var first = await app.CompletedEnrollmentsAsync(Chengdu, 1);
        await app.RunIssuingJobAsync();
        var old = Assert.Single(await app.CredentialsForAsync(first));
        using var admin = await app.SignedInAsAdminAsync();
        var page = await CtecSkillsApp.GetPageAsync(admin, "/admin/issuers");
        var baseId = await app.GetStaffBaseIdAsync(Chengdu.StaffEmail);

        var after = await CtecSkillsApp.SubmitAndFollowAsync(admin, page.Form($"/admin/issuers/{baseId}/rotate"));
        var second = await app.CompletedEnrollmentsAsync(Chengdu, 1);
        await app.RunIssuingJobAsync();
        var fresh = Assert.Single(await app.CredentialsForAsync(second));

        Assert.Contains("密钥已更换", after.Text);
        Assert.NotEqual(old.KeyId, fresh.KeyId);
        Assert.True((await app.VerifyAgainstPublishedJwksAsync(old.Jws)).IsValid);
        Assert.True((await app.VerifyAgainstPublishedJwksAsync(fresh.Jws)).IsValid);
        var jwks = await app.FetchPublishedAsync("http://localhost/.well-known/jwks.json");
        var profile = await app.FetchPublishedAsync($"http://localhost/issuers/{baseId}");
        Assert.Contains(old.KeyId, profile, StringComparison.Ordinal);
        Assert.Contains(fresh.KeyId, profile, StringComparison.Ordinal);
        foreach (var text in new[] { jwks, profile, after.Html })
        {
            Assert.DoesNotContain("\"d\"", text, StringComparison.Ordinal);
            Assert.DoesNotContain("PRIVATE KEY", text, StringComparison.Ordinal);
        }
        Assert.All(JsonNode.Parse(jwks)!["keys"]!.AsArray(), k => Assert.Null(k!["d"]));
        var stored = await app.QueryAsync(db => db.IssuerKeys.Select(k => k.ProtectedPrivateKey).FirstAsync());
        using var rsa = System.Security.Cryptography.RSA.Create();
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => rsa.ImportPkcs8PrivateKey(Convert.FromBase64String(stored), out _));
    }

    [Fact]
    public async Task StatusList_FetchedTwice_HasCachingHeadersAndAnswers304ToItsETag()
    {
        var enrollments = await app.CompletedEnrollmentsAsync(Chengdu, 1);
        await app.RunIssuingJobAsync();
        var credential = Assert.Single(await app.CredentialsForAsync(enrollments));
        var url = JsonNode.Parse(credential.CredentialJson)!["credentialStatus"]![0]!["statusListCredential"]!.GetValue<string>();
        using var client = app.CreateClient();

        using var first = await client.GetAsync(new Uri(url).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.True(first.Headers.CacheControl!.MaxAge <= TimeSpan.FromMinutes(10));
        var etag = first.Headers.ETag!;
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url).PathAndQuery);
        request.Headers.IfNoneMatch.Add(etag);
        using var second = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        using var unknown = await client.GetAsync("/status-lists/99999/revocation/1");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task BulkIssue_ByStaff_IssuesOnlyCompletedEnrollmentsWithoutCredentialAndShowsProgress()
    {
        var enrollments = await app.CompletedEnrollmentsAsync(Chengdu, 3, withRequests: false);
        var cohortId = await app.QueryAsync(db => db.Enrollments.Where(e => e.Id == enrollments[0]).Select(e => e.CohortId).SingleAsync());
        using var staff = await app.SignedInAsStaffAsync(Chengdu.StaffEmail);
        var page = await CtecSkillsApp.GetPageAsync(staff, $"/cohorts/{cohortId}/credentials");
        Assert.Contains("3 人", page.Text);

        page = await CtecSkillsApp.SubmitAndFollowAsync(staff, page.Form($"/cohorts/{cohortId}/credentials/bulk"));
        // While issuing, the progress and the list refresh in place (with JavaScript), the whole page only without it.
        Assert.Equal(["3", "3"], page.Document.QuerySelectorAll("#bulk, #issued").Select(p => p.GetAttribute("data-refresh")));
        Assert.NotNull(page.Document.QuerySelector("noscript meta[http-equiv=refresh]"));
        var runId = await app.QueryAsync(db => db.BulkIssueRuns.Where(r => r.CohortId == cohortId).Select(r => r.Id).SingleAsync());
        await app.WithServiceAsync<CredentialIssuingJob, bool>(async job => { await job.RunBulkAsync(runId, default); return true; });
        page = await CtecSkillsApp.GetPageAsync(staff, $"/cohorts/{cohortId}/credentials");

        Assert.Equal(3, (await app.CredentialsForAsync(enrollments)).Count);
        Assert.Contains("已发 3 / 3", page.Text);
        Assert.Contains("0 人", page.Text);
        Assert.Empty(page.Document.QuerySelectorAll("[data-refresh]:not([data-refresh='']), meta[http-equiv=refresh]").Select(e => e.OuterHtml));

        using var other = await app.SignedInAsStaffAsync(Chongqing.StaffEmail);
        using var denied = await other.GetAsync($"/cohorts/{cohortId}/credentials");
        Assert.Equal(HttpStatusCode.NotFound, denied.StatusCode);
    }

    [Fact]
    public async Task DemoSeed_EveryDemoCourse_HasOneAchievementInChinese()
    {
        var achievements = await app.QueryAsync(db => db.Achievements.Where(a => a.Course!.Slug != CtecSkillsApp.TestCourseSlug)
            .Select(a => new { a.Course!.Slug, a.Name }).ToListAsync());
        var demoCourses = await app.QueryAsync(db => db.Courses.CountAsync(c => c.Slug != CtecSkillsApp.TestCourseSlug));

        Assert.Equal(demoCourses, achievements.Select(a => a.Slug).Distinct().Count());
        Assert.All(achievements, a => Assert.Contains("证书", a.Name, StringComparison.Ordinal));
    }

    private async Task<HttpClient> SignInAsOwnerAsync(IssuedCredential credential)
    {
        var phone = await app.QueryAsync(db => db.Users.Where(u => u.Id == credential.UserId).Select(u => u.PhoneNumber!).SingleAsync());
        var client = app.CreateBrowserClient();
        var landed = await app.SignInWithCodeAsync(client, phone);
        Assert.Equal("/me", landed.Path);
        return client;
    }

}
