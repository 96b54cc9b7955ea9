using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CtecSkills.Core.Audit;
using CtecSkills.Core.Credentials;
using CtecSkills.Core.Regions;
using CtecSkills.Core.Seeding;
using CtecSkills.Core.Verification;
using CtecSkills.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CtecSkills.IntegrationTests.Credentials;

/// <summary>
/// A fixture of its own: marking a key compromised changes what every later verification of its issuer says
/// (issue 12, point 6).
/// </summary>
public sealed class IssuerKeyCompromiseTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    private static readonly DemoBase Chengdu = DemoSeeder.Bases[0];
    private static readonly DemoBase Yubei = DemoSeeder.Bases[4];

    [Fact]
    public async Task MarkCompromised_FromAMoment_SignedAfterFailsEverywhereSignedBeforeStaysValid()
    {
        var before = await app.IssuedCredentialAsync(Chengdu);
        // iat is to the second: the next credential is signed in a later second than the first.
        await Task.Delay(1100);
        var after = await app.IssuedCredentialAsync(Chengdu);
        Assert.Equal(before.KeyId, after.KeyId);
        var baseId = await app.GetStaffBaseIdAsync(Chengdu.StaffEmail);
        var moment = DateTimeOffset.FromUnixTimeSeconds(after.ValidFrom.ToUnixTimeSeconds());
        Assert.True(IssuedAt(before) < moment && IssuedAt(after) >= moment);

        using var admin = await app.SignedInAsAdminAsync();
        var marked = await MarkCompromisedAsync(admin, baseId, before.KeyId, Beijing(moment), "备份盘丢失，私钥可能外泄");

        Assert.Contains("已标记泄露", marked.Text);
        // The verify page, by code.
        using var visitor = app.CreateBrowserClient();
        var beforePage = await CtecSkillsApp.GetPageAsync(visitor, $"/verify/{before.VerificationCode}");
        var afterPage = await CtecSkillsApp.GetPageAsync(visitor, $"/verify/{after.VerificationCode}");
        Assert.Contains("有效", beforePage.Document.QuerySelector(".verify-status")!.TextContent);
        Assert.Contains("泄露之前签发", beforePage.Text);
        Assert.Contains("verify-invalid", afterPage.Html);
        Assert.Contains("签名密钥已泄露", afterPage.Text);
        // The API, by code and by the JWS an employer was given.
        foreach (var request in new object[] { new { code = after.VerificationCode }, new { jws = after.Jws } })
        {
            var answer = await app.VerifyApiOkAsync(request);
            Assert.Equal("invalid", answer["status"]!.GetValue<string>());
            Assert.Contains(answer["checks"]!.AsArray(), c => c!["reason"]!.GetValue<string>() == CredentialVerifier.KeyCompromised);
        }
        Assert.Equal("valid", (await app.VerifyApiOkAsync(new { jws = before.Jws }))["status"]!.GetValue<string>());
        // The batch page.
        using var verifier = await app.SignedInAsVerifierAsync();
        var batch = await CtecSkillsApp.UploadBatchAsync(verifier, Encoding.UTF8.GetBytes($"{before.VerificationCode}\n{after.VerificationCode}\n"));
        var (_, records) = CtecSkillsApp.DownloadBatchResult(batch);
        Assert.Contains(records, r => r.Contains(after.VerificationCode) && r.Any(f => f.Contains("签名密钥已泄露", StringComparison.Ordinal)));
        Assert.DoesNotContain(records, r => r.Contains(before.VerificationCode) && r.Any(f => f.Contains("签名密钥已泄露", StringComparison.Ordinal)));
        // Nothing new is signed with it: the issuer has a new current key.
        var next = await app.IssuedCredentialAsync(Chengdu);
        Assert.NotEqual(before.KeyId, next.KeyId);
        Assert.Equal("valid", (await app.VerifyApiOkAsync(new { code = next.VerificationCode }))["status"]!.GetValue<string>());
        Assert.True(await app.QueryAsync(db => db.AuditLog.AnyAsync(a => a.Action == AuditActions.CompromiseIssuerKey && a.TrainingBaseId == baseId)));
    }

    [Fact]
    public async Task MarkCompromised_AttackerWithTheLeakedKeyBackdatesACredential_VerifiesAsCompromised()
    {
        var genuine = await app.IssuedCredentialAsync(Yubei);
        var baseId = await app.GetStaffBaseIdAsync(Yubei.StaffEmail);
        using var admin = await app.SignedInAsAdminAsync();
        await MarkCompromisedAsync(admin, baseId, genuine.KeyId, await NowAfterAsync(genuine), "签名服务器被入侵");

        // The attacker has the private key and signs a better certificate, dated before the compromise.
        var forged = JsonNode.Parse(genuine.CredentialJson)!.AsObject();
        forged["credentialSubject"]!["achievement"]!["name"] = "高级电商运营师";
        using var leaked = await LeakedKeyAsync(genuine.KeyId);
        var jws = VcJwt.Sign(forged, leaked, genuine.KeyId);
        var answer = await app.VerifyApiOkAsync(new { jws });

        Assert.Equal("invalid", answer["status"]!.GetValue<string>());
        Assert.Contains(answer["checks"]!.AsArray(), c => c!["reason"]!.GetValue<string>() == CredentialVerifier.KeyCompromised);
        Assert.Equal("valid", (await app.VerifyApiOkAsync(new { jws = genuine.Jws }))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Reissue_AfterCompromise_WalletKeepsOneEntryOldIsRevokedAndPointsToTheNewOne()
    {
        var (learner, userId, old) = await app.LearnerWithCredentialAsync(Chengdu);
        var baseId = await app.GetStaffBaseIdAsync(Chengdu.StaffEmail);
        using var admin = await app.SignedInAsAdminAsync();
        await MarkCompromisedAsync(admin, baseId, old.KeyId, await NowAfterAsync(old), "运维人员离职未交还密钥");
        var keyId = await app.QueryAsync(db => db.IssuerKeys.Where(k => k.KeyId == old.KeyId).Select(k => k.Id).SingleAsync());

        var page = await CtecSkillsApp.GetPageAsync(admin, "/admin/issuers");
        var started = await CtecSkillsApp.SubmitAndFollowAsync(admin, page.Form($"/admin/issuers/{baseId}/keys/{keyId}/reissue"));
        Assert.Contains("已开始重新签发", started.Text);
        // The job the button enqueued, run as Hangfire would (tests have no job server).
        var adminId = await app.QueryAsync(db => db.Users.Where(u => u.Email == CtecSkillsApp.AdminEmail).Select(u => u.Id).SingleAsync());
        var run = await app.WithServiceAsync<CredentialReissuer, ReissueResult>(r => r.ReissueAsync(keyId, adminId, default));
        var again = await app.WithServiceAsync<CredentialReissuer, ReissueResult>(r => r.ReissueAsync(keyId, adminId, default));

        Assert.True(run.Reissued >= 1);
        Assert.Equal(0, again.Reissued);
        var mine = await app.QueryAsync(db => db.IssuedCredentials.AsNoTracking().Where(c => c.UserId == userId).OrderBy(c => c.Id).ToListAsync());
        var replacement = Assert.Single(mine, c => c.ReplacedByCredentialId is null);
        var replaced = Assert.Single(mine, c => c.Id == old.Id);
        Assert.Equal(replacement.CredentialId, replaced.ReplacedByCredentialId);
        Assert.NotNull(replaced.RevokedAt);
        Assert.NotEqual(old.KeyId, replacement.KeyId);
        // The same achievement as signed, for the same enrollment; the old phone-free subject is not reused.
        Assert.Equal(JsonNode.Parse(old.CredentialJson)!["credentialSubject"]!["achievement"]!.ToJsonString(),
            JsonNode.Parse(replacement.CredentialJson)!["credentialSubject"]!["achievement"]!.ToJsonString());
        Assert.Equal(old.EnrollmentId, replacement.EnrollmentId);

        // The learner's wallet shows one entry: the new one.
        var wallet = await CtecSkillsApp.GetPageAsync(learner, "/me/credentials");
        Assert.Contains(replacement.VerificationCode, wallet.Html);
        Assert.DoesNotContain(old.VerificationCode, wallet.Html);
        // The old one is revoked in its published status list and names its replacement.
        Assert.True(await app.PublishedStatusAsync(replaced, StatusPurpose.Revocation));
        var oldAnswer = await app.VerifyApiOkAsync(new { code = old.VerificationCode });
        Assert.True(oldAnswer["status"]!.GetValue<string>() == "revoked", oldAnswer.ToJsonString());
        Assert.Equal(replacement.VerificationCode, oldAnswer["credential"]!["replacedBy"]!.GetValue<string>());
        using var visitor = app.CreateBrowserClient();
        var oldPage = await CtecSkillsApp.GetPageAsync(visitor, $"/verify/{old.VerificationCode}");
        Assert.NotNull(oldPage.Document.QuerySelector($"a[href='/verify/{replacement.VerificationCode}']"));
        Assert.Equal("valid", (await app.VerifyApiOkAsync(new { code = replacement.VerificationCode }))["status"]!.GetValue<string>());
        Assert.True((await app.VerifyAgainstPublishedJwksAsync(replacement.Jws)).IsValid);
        Assert.True(await app.QueryAsync(db => db.AuditLog.AnyAsync(a => a.Action == AuditActions.ReissueCredential
            && a.Subject == AuditActions.CredentialSubject(old.VerificationCode))));
        learner.Dispose();
    }

    [Fact]
    public async Task Reissue_TwoJobsAtOnce_EachCredentialReplacedExactlyOnce()
    {
        var enrollments = await app.CompletedEnrollmentsAsync(Yubei, 4);
        await app.RunIssuingJobAsync();
        var issued = await app.CredentialsForAsync(enrollments);
        var baseId = await app.GetStaffBaseIdAsync(Yubei.StaffEmail);
        var adminId = await app.QueryAsync(db => db.Users.Where(u => u.Email == CtecSkillsApp.AdminEmail).Select(u => u.Id).SingleAsync());
        var keyId = await app.QueryAsync(db => db.IssuerKeys.Where(k => k.KeyId == issued[0].KeyId).Select(k => k.Id).SingleAsync());
        if (await app.QueryAsync(db => db.IssuerKeys.AnyAsync(k => k.Id == keyId && k.CompromisedAt == null)))
        {
            using var admin = await app.SignedInAsAdminAsync();
            await MarkCompromisedAsync(admin, baseId, issued[0].KeyId, await NowAfterAsync(issued[^1]), "并发测试");
        }

        var runs = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            app.WithServiceAsync<CredentialReissuer, ReissueResult>(r => r.ReissueAsync(keyId, adminId, default))));

        var rows = await app.CredentialsForAsync(enrollments);
        Assert.Equal(4, rows.Count(c => c.ReplacedByCredentialId is null));
        Assert.All(issued, c => Assert.Single(rows, r => r.Id == c.Id && r.ReplacedByCredentialId is not null));
        Assert.Equal(8, rows.Count);
        Assert.True(runs.Sum(r => r.Reissued) >= 4);
    }

    [Fact]
    public async Task MarkCompromised_BadInputOrNotAnAdmin_ClearMessageAndNothingChanges()
    {
        var credential = await app.IssuedCredentialAsync(DemoSeeder.Bases[5]);
        var baseId = await app.GetStaffBaseIdAsync(DemoSeeder.Bases[5].StaffEmail);
        var keyId = await app.QueryAsync(db => db.IssuerKeys.Where(k => k.KeyId == credential.KeyId).Select(k => k.Id).SingleAsync());
        using var admin = await app.SignedInAsAdminAsync();
        var page = await CtecSkillsApp.GetPageAsync(admin, "/admin/issuers");
        var action = $"/admin/issuers/{baseId}/keys/{keyId}/compromise";
        var now = TimeProvider.System.GetUtcNow();

        var noReason = await CtecSkillsApp.SubmitAndFollowAsync(admin, page.Form(action).Set("from", Beijing(now)).Set("reason", "  "));
        var future = await CtecSkillsApp.SubmitAndFollowAsync(admin, page.Form(action).Set("from", Beijing(now.AddHours(2))).Set("reason", "测试"));
        var garbage = await CtecSkillsApp.SubmitAndFollowAsync(admin, page.Form(action).Set("from", "昨天下午").Set("reason", "测试"));
        var tooLong = await CtecSkillsApp.SubmitAndFollowAsync(admin, page.Form(action).Set("from", Beijing(now)).Set("reason", new string('密', 501)));
        using var staff = await app.SignedInAsStaffAsync(DemoSeeder.Bases[5].StaffEmail);
        using var byStaff = await CtecSkillsApp.SubmitAsync(staff, page.Form(action).Set("from", Beijing(now)).Set("reason", "不是管理员"));

        Assert.Equal(HttpStatusCode.BadRequest, noReason.Status);
        Assert.Contains("请写明原因", noReason.Text);
        Assert.Equal(HttpStatusCode.BadRequest, future.Status);
        Assert.Contains("不能晚于现在", future.Text);
        Assert.Equal(HttpStatusCode.BadRequest, garbage.Status);
        Assert.Contains("请填写泄露的日期和时间", garbage.Text);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.Status);
        Assert.Contains("最多 500 个字", tooLong.Text);
        Assert.False(byStaff.Headers.Location?.OriginalString.StartsWith("/admin/issuers", StringComparison.Ordinal) == true, "Staff marked a key.");
        Assert.False(await app.QueryAsync(db => db.IssuerKeys.AnyAsync(k => k.Id == keyId && (k.CompromisedAt != null || k.RetiredAt != null))));
        Assert.Equal("valid", (await app.VerifyApiOkAsync(new { code = credential.VerificationCode }))["status"]!.GetValue<string>());
        // Someone else's key id under this base's address is not found.
        var otherKey = await app.QueryAsync(db => db.IssuerKeys.Where(k => k.TrainingBaseId != baseId).Select(k => k.Id).FirstAsync());
        using var wrongBase = await CtecSkillsApp.SubmitAsync(admin, page.Form(action).RetargetTo($"/admin/issuers/{baseId}/keys/{otherKey}/compromise")
            .Set("from", Beijing(now)).Set("reason", "测试"));
        Assert.Equal(HttpStatusCode.NotFound, wrongBase.StatusCode);
    }

    private static DateTimeOffset IssuedAt(IssuedCredential credential) =>
        DateTimeOffset.FromUnixTimeSeconds(JsonNode.Parse(Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(credential.Jws.Split('.')[1])))!["iat"]!.GetValue<long>());

    /// <summary>"From now", in a later second than the credential's iat (which is to the second): it was signed before.</summary>
    private static async Task<string> NowAfterAsync(IssuedCredential credential)
    {
        while (TimeProvider.System.GetUtcNow() < IssuedAt(credential).AddSeconds(1))
        {
            await Task.Delay(100);
        }
        return Beijing(TimeProvider.System.GetUtcNow());
    }

    private static string Beijing(DateTimeOffset instant) =>
        instant.ToOffset(BeijingTime.Offset).ToString(Web.Features.Credentials.IssuerKeysController.MomentFormat, CultureInfo.InvariantCulture);

    private async Task<HtmlPage> MarkCompromisedAsync(HttpClient admin, int baseId, string kid, string from, string reason)
    {
        var keyId = await app.QueryAsync(db => db.IssuerKeys.Where(k => k.KeyId == kid).Select(k => k.Id).SingleAsync());
        var page = await CtecSkillsApp.GetPageAsync(admin, "/admin/issuers");
        return await CtecSkillsApp.SubmitAndFollowAsync(admin, page.Form($"/admin/issuers/{baseId}/keys/{keyId}/compromise")
            .Set("from", from).Set("reason", reason));
    }

    /// <summary>What an attacker who copied the key would hold: the private key itself.</summary>
    private async Task<RSA> LeakedKeyAsync(string kid)
    {
        var protectedKey = await app.QueryAsync(db => db.IssuerKeys.Where(k => k.KeyId == kid).Select(k => k.ProtectedPrivateKey).SingleAsync());
        var pkcs8 = app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(IssuerKeyStore.ProtectionPurpose)
            .Unprotect(Convert.FromBase64String(protectedKey));
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(pkcs8, out _);
        return rsa;
    }
}
