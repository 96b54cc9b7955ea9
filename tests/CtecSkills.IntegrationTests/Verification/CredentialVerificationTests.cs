using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CtecSkills.Core.Credentials;
using CtecSkills.Core.Regions;
using CtecSkills.Core.Seeding;
using CtecSkills.Core.Verification;
using CtecSkills.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CtecSkills.IntegrationTests.Verification;

public sealed class CredentialVerificationTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    private static readonly DemoBase Chengdu = DemoSeeder.Bases[0];

    private static string Check(JsonNode body, string check) =>
        string.Join(",", body["checks"]!.AsArray().Where(c => c!["check"]!.GetValue<string>() == check)
            .Select(c => c!["result"]!.GetValue<string>() + ":" + c["reason"]!.GetValue<string>()));

    [Fact]
    public async Task VerifyPage_ByCodeFromQr_SaysValidWithAchievementIssuerDateMaskedHolderAndLogsWithoutTheCredential()
    {
        var credential = await app.IssuedCredentialAsync(Chengdu);
        var holder = await app.QueryAsync(db => db.Users.Where(u => u.Id == credential.UserId).Select(u => u.DisplayName).SingleAsync());

        var page = await CtecSkillsApp.GetPageAsync(app.CreateBrowserClient(), $"/verify/{credential.VerificationCode}");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("有效", page.Heading);
        Assert.Contains("扫码支付安全 结业证书", page.Text, StringComparison.Ordinal);
        Assert.Contains(Chengdu.Name, page.Text, StringComparison.Ordinal);
        Assert.Contains(credential.ValidFrom.ToOffset(BeijingTime.Offset).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), page.Text, StringComparison.Ordinal);
        Assert.Contains(CredentialVerifier.MaskName(holder), page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(holder, page.Text, StringComparison.Ordinal);
        Assert.Contains("公布的状态列表中没有标记", page.Text, StringComparison.Ordinal);
        var log = await app.QueryAsync(db => db.VerificationLogs.AsNoTracking().Where(l => l.CredentialCode == credential.VerificationCode).ToListAsync());
        var entry = Assert.Single(log);
        Assert.Equal((VerificationStatus.Valid, "page", (string?)null), (entry.Outcome, entry.Channel, entry.UserId));
        Assert.Equal(credential.CredentialId, entry.CredentialId);
    }

    [Fact]
    public async Task VerifyPage_ForHr_SaysValidInPlainWordsWithTheTechnicalChecksFoldedAndTheCodeCalledHeYanMa()
    {
        var credential = await app.IssuedCredentialAsync(Chengdu);

        var page = await CtecSkillsApp.GetPageAsync(app.CreateBrowserClient(), $"/verify/{credential.VerificationCode}");

        var details = page.Document.QuerySelector("section.verify-result details")!;
        Assert.Equal("技术细节（逐项检查）", details.QuerySelector("summary")!.TextContent.Trim());
        Assert.False(details.HasAttribute("open"));
        Assert.NotNull(details.QuerySelector("ul.verify-checks"));
        var outside = page.Document.QuerySelector("main")!.Clone(deep: true) as AngleSharp.Dom.IElement;
        foreach (var folded in outside!.QuerySelectorAll("details"))
        {
            folded.Remove();
        }
        foreach (var jargon in new[] { "JWS", "JWT", "JSON", "RS256", "状态列表", "验证码" })
        {
            Assert.DoesNotContain(jargon, outside.TextContent, StringComparison.Ordinal);
        }
        Assert.Equal("核验码", page.Document.QuerySelector("label[for='verify-input']")!.TextContent.Trim());
    }

    [Fact]
    public async Task VerifyPage_HolderRenamedAfterIssue_StillShowsTheNameTheCredentialWasIssuedTo()
    {
        var credential = await app.IssuedCredentialAsync(Chengdu);
        var issuedTo = await app.QueryAsync(db => db.Users.Where(u => u.Id == credential.UserId).Select(u => u.DisplayName).SingleAsync());
        await app.QueryAsync(db => db.Users.Where(u => u.Id == credential.UserId).ExecuteUpdateAsync(u => u.SetProperty(x => x.DisplayName, "欧阳改名")));
        await app.QueryAsync(db => db.IssuedCredentials.Where(c => c.Id == credential.Id).ExecuteUpdateAsync(c => c.SetProperty(x => x.HolderNamePublic, true)));

        var page = await CtecSkillsApp.GetPageAsync(app.CreateBrowserClient(), $"/verify/{credential.VerificationCode}");

        Assert.Equal("有效", page.Heading);
        Assert.Contains(issuedTo, page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("欧阳改名", page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerificationLog_WithNobodyWaitingForIt_IsStoredByTheBackgroundWriter()
    {
        var credential = await app.IssuedCredentialAsync(Chengdu);

        await app.VerifyApiOkAsync(new { code = credential.VerificationCode });

        // Read without flushing the writer (QueryAsync would): the row must land on its own, within a few gathers.
        var stored = 0;
        for (var attempt = 0; attempt < 100 && stored == 0; attempt++)
        {
            await Task.Delay(VerificationLogWriter.Gather / 5);
            await using var scope = app.Services.CreateAsyncScope();
            stored = await scope.ServiceProvider.GetRequiredService<Core.Data.AppDbContext>().VerificationLogs
                .CountAsync(l => l.CredentialCode == credential.VerificationCode && l.Channel == "api");
        }
        Assert.Equal(1, stored);
    }

    [Theory]
    [InlineData("王小明", "王*明")]
    [InlineData("王明", "王*")]
    [InlineData("欧阳小明", "欧*明")]
    public void MaskName_ChineseNames_KeepFirstAndLastCharacter(string name, string masked) =>
        Assert.Equal(masked, CredentialVerifier.MaskName(name));

    [Fact]
    public async Task VerifyApi_ByJws_VerifiedWithEveryCheckPassed()
    {
        var credential = await app.IssuedCredentialAsync(Chengdu);

        var body = await app.VerifyApiOkAsync(new { jws = credential.Jws });

        Assert.True(body["verified"]!.GetValue<bool>());
        Assert.Equal("valid", body["status"]!.GetValue<string>());
        Assert.Equal("passed:rs256", Check(body, "signature"));
        Assert.Equal("passed:kid-in-jwks", Check(body, "issuer"));
        Assert.Equal("passed:clear-in-status-list", Check(body, "revoked"));
        Assert.Equal("passed:clear-in-status-list", Check(body, "suspended"));
        Assert.Equal(credential.VerificationCode, body["credential"]!["code"]!.GetValue<string>());
        Assert.Equal("扫码支付安全 结业证书", body["credential"]!["achievement"]!.GetValue<string>());
        Assert.DoesNotContain("identifier", body.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyApi_WalletJsonDownload_VerifiedAndAChangedCopyIsNot()
    {
        var credential = await app.IssuedCredentialAsync(Chengdu);
        var json = JsonNode.Parse(credential.CredentialJson)!;

        var body = await app.VerifyApiOkAsync(json);
        json["credentialSubject"]!["achievement"]!["name"] = "高级证书";
        var changed = await app.VerifyApiOkAsync(json);
        // Without its proof, the changed copy is judged against what we issued.
        json.AsObject().Remove("proof");
        var changedWithoutProof = await app.VerifyApiOkAsync(json);

        Assert.Equal("valid", body["status"]!.GetValue<string>());
        Assert.Equal("passed:eddsa-rdfc-2022", Check(body, "proof"));
        Assert.Equal("invalid", changed["status"]!.GetValue<string>());
        Assert.Equal("failed:proof-tampered", Check(changed, "proof"));
        Assert.Equal("invalid", changedWithoutProof["status"]!.GetValue<string>());
        Assert.Equal("failed:json-differs-from-issued", Check(changedWithoutProof, "signature"));
    }

    [Fact]
    public async Task VerifyPage_AfterStaffRevoke_SaysRevokedFromThePublishedStatusList()
    {
        var credential = await app.IssuedCredentialAsync(Chengdu);
        using var staff = await app.SignedInAsStaffAsync(Chengdu.StaffEmail);
        var manage = await CtecSkillsApp.GetPageAsync(staff, $"/credentials/manage/{credential.VerificationCode}");
        await CtecSkillsApp.SubmitAndFollowAsync(staff, manage.Form($"/credentials/manage/{credential.VerificationCode}/status")
            .Set("reason", "考试作弊").Add("change", "Revoke"));

        var page = await CtecSkillsApp.GetPageAsync(app.CreateBrowserClient(), $"/verify/{credential.VerificationCode}");
        var body = await app.VerifyApiOkAsync(new { code = credential.VerificationCode });

        Assert.Equal("已撤销", page.Heading);
        Assert.Contains("公布的状态列表显示此证书已被撤销", page.Text, StringComparison.Ordinal);
        Assert.False(body["verified"]!.GetValue<bool>());
        Assert.Equal("revoked", body["status"]!.GetValue<string>());
        Assert.Equal("failed:revoked-in-status-list", Check(body, "revoked"));
    }

    [Fact]
    public async Task VerifyPage_AfterAdminSuspends_SaysSuspended()
    {
        var credential = await app.IssuedCredentialAsync(Chengdu);
        using var admin = await app.SignedInAsAdminAsync();
        var url = $"/credentials/manage/{credential.VerificationCode}";
        var manage = await CtecSkillsApp.GetPageAsync(admin, url);
        await CtecSkillsApp.SubmitAndFollowAsync(admin, manage.Form(url + "/status").Set("reason", "核实身份中").Add("change", "Suspend"));

        var page = await CtecSkillsApp.GetPageAsync(app.CreateBrowserClient(), $"/verify/{credential.VerificationCode}");

        Assert.Equal("已暂停", page.Heading);
    }

    [Fact]
    public async Task VerifyApi_TamperedPayload_SignatureFailed()
    {
        var credential = await app.IssuedCredentialAsync(Chengdu);
        var parts = credential.Jws.Split('.');
        var payload = parts[1].ToCharArray();
        payload[60] = payload[60] == 'A' ? 'B' : 'A';

        var body = await app.VerifyApiOkAsync(new { jws = $"{parts[0]}.{new string(payload)}.{parts[2]}" });

        Assert.False(body["verified"]!.GetValue<bool>());
        Assert.Equal("invalid", body["status"]!.GetValue<string>());
        Assert.Equal("failed:signature-mismatch", Check(body, "signature"));
    }

    [Fact]
    public async Task VerifyApi_TruncatedJws_FormatFailed()
    {
        var credential = await app.IssuedCredentialAsync(Chengdu);

        var body = await app.VerifyApiOkAsync(new { jws = credential.Jws[..credential.Jws.LastIndexOf('.')] });

        Assert.Equal("invalid", body["status"]!.GetValue<string>());
        Assert.Equal("failed:jws-malformed", Check(body, "format"));
    }

    [Fact]
    public async Task VerifyApi_SignedWithAKeyWeNeverPublished_IssuerUnknown()
    {
        var credential = await app.IssuedCredentialAsync(Chengdu);
        using var stranger = RSA.Create(2048);
        var forged = VcJwt.Sign((JsonObject)JsonNode.Parse(credential.CredentialJson)!, stranger, credential.KeyId + "-forged");

        var body = await app.VerifyApiOkAsync(new { jws = forged });

        Assert.Equal("invalid", body["status"]!.GetValue<string>());
        Assert.Equal("failed:unknown-kid", Check(body, "issuer"));
    }

    [Theory]
    [InlineData("{\"code\": ")]
    [InlineData("[1, 2]")]
    [InlineData("{\"hello\": \"world\"}")]
    public async Task VerifyApi_MalformedInput_400ProblemDetails(string request)
    {
        var (status, contentType, body) = await app.PostVerifyApiAsync(new StringContent(request, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Equal(400, body!["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task VerifyPage_UnknownCode_SaysNoCredentialHasIt()
    {
        var page = await CtecSkillsApp.GetPageAsync(app.CreateBrowserClient(), $"/verify/{VerificationCode.NewRandom()}");

        Assert.Equal("无效", page.Heading);
        Assert.Contains("没有与此核验码对应的证书", page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyPage_TypedCodeWithOneWrongCharacter_SaysCheckTheCode()
    {
        var credential = await app.IssuedCredentialAsync(Chengdu);
        var code = credential.VerificationCode.ToCharArray();
        code[3] = code[3] == '7' ? '8' : '7';
        var client = app.CreateBrowserClient();
        var form = await CtecSkillsApp.GetPageAsync(client, "/verify");

        var page = await CtecSkillsApp.SubmitAndFollowAsync(client, form.Form("/verify").Set("input", new string(code)));

        Assert.Equal("无效", page.Heading);
        Assert.Contains("请核对核验码——有一个字符看起来不对", page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyPage_CodeTypedLowercaseWithHyphens_SaysValid()
    {
        var credential = await app.IssuedCredentialAsync(Chengdu);
        var display = VerificationCode.Parse(credential.VerificationCode).Code!.Value.ToDisplayString().ToLowerInvariant();
        var client = app.CreateBrowserClient();
        var form = await CtecSkillsApp.GetPageAsync(client, "/verify");

        var page = await CtecSkillsApp.SubmitAndFollowAsync(client, form.Form("/verify").Set("input", display));

        Assert.Equal("有效", page.Heading);
    }

    [Fact]
    public async Task Verify_AgreementInForce_RecognizedInChongqingButNotUnderAnExpiredOne()
    {
        var credential = await app.IssuedCredentialAsync(Chengdu);
        using var admin = await app.SignedInAsAdminAsync();
        var today = BeijingTime.Today(TimeProvider.System);
        var tag = Guid.NewGuid().ToString("N")[..6];
        await CtecSkillsApp.RecordAgreementAsync(admin, $"川渝人社发〔2026〕{tag}-旧", "510000", "500000", credential.AchievementId,
            today.AddDays(-60), today.AddDays(-1), "重庆市旧标准");

        var before = await app.VerifyApiOkAsync(new { code = credential.VerificationCode });
        await CtecSkillsApp.RecordAgreementAsync(admin, $"川渝人社发〔2026〕{tag}-新", "510000", "500000", credential.AchievementId,
            today.AddDays(-1), null, "重庆市数字技能初级证书");
        var after = await app.VerifyApiOkAsync(new { code = credential.VerificationCode });
        var page = await CtecSkillsApp.GetPageAsync(app.CreateBrowserClient(), $"/verify/{credential.VerificationCode}");

        Assert.DoesNotContain(tag, before["recognizedIn"]!.ToJsonString(), StringComparison.Ordinal);
        var line = Assert.Single(after["recognizedIn"]!.AsArray(), r => r!["agreement"]!.GetValue<string>().Contains(tag, StringComparison.Ordinal))!;
        Assert.Equal(("500000", "重庆市数字技能初级证书"), (line["province"]!.GetValue<string>(), line["localStandard"]!.GetValue<string>()));
        Assert.Contains($"在重庆市认可，等同于「重庆市数字技能初级证书」（协议：川渝人社发〔2026〕{tag}-新）", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("重庆市旧标准", page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyPage_UploadedWalletJsonFile_SaysValidAndPageIsSmallWithoutInlineStyle()
    {
        var credential = await app.IssuedCredentialAsync(Chengdu);
        var client = app.CreateBrowserClient();
        var form = await CtecSkillsApp.GetPageAsync(client, "/verify");

        using var response = await client.PostAsync("/verify",
            form.Form("/verify").ToMultipart("file", Encoding.UTF8.GetBytes(credential.CredentialJson), "credential.json", "application/json"));
        var page = await HtmlPage.LoadAsync(response);

        Assert.Equal("有效", page.Heading);
        Assert.Contains("文件与签发的证书完全一致", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", page.Html, StringComparison.Ordinal);
        var css = await client.GetByteArrayAsync("/css/site.css");
        var weight = CtecSkillsApp.GzipSize(Encoding.UTF8.GetBytes(page.Html)) + CtecSkillsApp.GzipSize(css);
        Assert.True(weight <= 14 * 1024, $"The verify page weighs {weight} bytes compressed.");
    }

    [Fact]
    public async Task VerifyPage_NothingTyped_SaysWhatToDo()
    {
        var client = app.CreateBrowserClient();
        var form = await CtecSkillsApp.GetPageAsync(client, "/verify");

        var page = await CtecSkillsApp.SubmitAndFollowAsync(client, form.Form("/verify").Set("input", "  "));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("请输入核验码，或选择一个电子证书文件", page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApi_Document_DescribesTheVerifyApiAndTheVcApiVerifier()
    {
        using var api = app.CreateClient();

        var document = await api.GetStringAsync("/openapi/v1.json");

        Assert.Contains("/api/v1/verify", document, StringComparison.Ordinal);
        Assert.Contains("recognizedIn", document, StringComparison.Ordinal);
        var json = JsonNode.Parse(document)!;
        var vcApi = json["paths"]!["/credentials/verify"]!["post"]!;
        Assert.Equal(["200", "400", "413", "415", "429"], vcApi["responses"]!.AsObject().Select(r => r.Key).Order());
        Assert.Contains("application/json", vcApi["requestBody"]!["content"]!.AsObject().Select(c => c.Key));
        Assert.Equal("application/json", Assert.Single(vcApi["responses"]!["200"]!["content"]!.AsObject()).Key);
        foreach (var status in new[] { "400", "413", "415", "429" })
        {
            Assert.Equal("application/problem+json", Assert.Single(vcApi["responses"]![status]!["content"]!.AsObject()).Key);
        }
        var schemas = json["components"]!["schemas"]!;
        Assert.Equal(["options", "verifiableCredential"], Properties(schemas["VcApiVerifyRequest"]!));
        Assert.Equal(["returnCredential", "returnProblemDetails"], Properties(schemas["VcApiVerifyOptions"]!));
        Assert.Equal(["checks", "credential", "errors", "problemDetails", "verified", "warnings"], Properties(schemas["VcApiVerifyResponse"]!));
        // problemDetails and credential are left out unless asked for.
        Assert.Equal(["checks", "errors", "verified", "warnings"], schemas["VcApiVerifyResponse"]!["required"]!.AsArray().Select(r => r!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal(["check", "detail", "reason", "title", "type"], Properties(schemas["VcApiProblemDto"]!));
    }

    private static List<string> Properties(JsonNode schema) => [.. schema["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal)];

    [Theory]
    [InlineData(-400, -30, "expired", "failed:after-valid-until", "expired")]
    [InlineData(30, 400, "not-yet-valid", "failed:before-valid-from", "not-yet-valid")]
    public async Task VerifyApi_SignedByOurIssuerOutsideItsValidity_SaysExpiredOrNotYetValid(int fromDays, int untilDays, string check, string result, string status)
    {
        var credential = await app.IssuedCredentialAsync(Chengdu);
        var json = (JsonObject)JsonNode.Parse(credential.CredentialJson)!;
        json["validFrom"] = OpenBadgeCredentialBuilder.FormatDate(TimeProvider.System.GetUtcNow().AddDays(fromDays));
        json["validUntil"] = OpenBadgeCredentialBuilder.FormatDate(TimeProvider.System.GetUtcNow().AddDays(untilDays));
        var jws = await app.WithServiceAsync<IssuerKeyStore, string>(async keys =>
        {
            using var key = await keys.GetSigningKeyAsync(credential.IssuerBaseId, default);
            return VcJwt.Sign(json, key.Key, key.KeyId);
        });

        var body = await app.VerifyApiOkAsync(new { jws });

        Assert.False(body["verified"]!.GetValue<bool>());
        Assert.Equal(status, body["status"]!.GetValue<string>());
        Assert.Equal(result, Check(body, check));
        Assert.Equal("passed:rs256", Check(body, "signature"));
    }
}
