using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CtecSkills.Core.Credentials;
using CtecSkills.Core.Seeding;
using CtecSkills.Core.Verification;
using CtecSkills.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.IntegrationTests.Verification;

/// <summary>
/// <c>POST /credentials/verify</c> as a W3C VC API client sees it: an issued credential with its embedded proof, the same
/// credential as an enveloped VC-JWT, and the forged, revoked, expired and malformed cases (issue 16, ADR 0035).
/// </summary>
public sealed class VcApiVerifyTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    private static readonly DemoBase Chengdu = DemoSeeder.Bases[0];

    private static List<string> Strings(JsonNode? array) => [.. array!.AsArray().Select(n => n!.GetValue<string>())];

    private static JsonObject SingleError(JsonObject answer)
    {
        Assert.False(answer["verified"]!.GetValue<bool>(), answer.ToJsonString());
        var error = Assert.Single(answer["errors"]!.AsArray())!.AsObject();
        // problemDetails carries the same problem (the errors first, then the warnings).
        Assert.True(JsonNode.DeepEquals(error, answer["problemDetails"]![0]), answer.ToJsonString());
        return error;
    }

    [Fact]
    public async Task VerifyCredential_IssuedCredentialWithItsProof_VerifiedWithProofStatusAndValidityChecks()
    {
        var credential = await app.IssuedCredentialAsync(Chengdu);

        var seen = await app.PostVcApiAsync(System.Net.Http.Json.JsonContent.Create(new { verifiableCredential = JsonNode.Parse(credential.CredentialJson) }));
        var answer = seen.Body!.AsObject();

        Assert.Equal((HttpStatusCode.OK, "application/json"), (seen.Status, seen.ContentType));
        Assert.True(answer["verified"]!.GetValue<bool>(), answer.ToJsonString());
        Assert.Equal(["proof", "format", "signature", "issuer", "not-yet-valid", "expired", "revoked", "suspended"], Strings(answer["checks"]));
        Assert.Empty(answer["errors"]!.AsArray());
        Assert.Empty(answer["warnings"]!.AsArray());
        Assert.Empty(answer["problemDetails"]!.AsArray());
        Assert.False(answer.ContainsKey("credential"));
        // The same (no) CORS as /api/v1/verify: a server-to-server API, like the VC API's own callers.
        Assert.False(seen.AllowsAnyOrigin);
    }

    [Fact]
    public async Task VerifyCredential_SameCredentialEnvelopedAsItsVcJwt_VerifiedAndReturnedWhenAsked()
    {
        var credential = await app.IssuedCredentialAsync(Chengdu);
        var envelope = CtecSkillsApp.Enveloped(credential.Jws);

        var answer = await app.VcApiOkAsync(new { verifiableCredential = envelope, options = new { returnCredential = true } });

        Assert.True(answer["verified"]!.GetValue<bool>(), answer.ToJsonString());
        Assert.Equal(["format", "signature", "issuer", "not-yet-valid", "expired", "revoked", "suspended"], Strings(answer["checks"]));
        Assert.True(JsonNode.DeepEquals(envelope, answer["credential"]));
    }

    [Fact]
    public async Task VerifyCredential_NameChangedInTheJsonOrInTheEnvelopedToken_CryptographicSecurityErrorInEitherLanguage()
    {
        var credential = await app.IssuedCredentialAsync(Chengdu);
        var renamed = JsonNode.Parse(credential.CredentialJson)!.AsObject();
        renamed["credentialSubject"]!["achievement"]!["name"] = "高级电商运营师";
        var parts = credential.Jws.Split('.');
        var payload = parts[1].ToCharArray();
        payload[60] = payload[60] == 'A' ? 'B' : 'A';
        var forgedJws = $"{parts[0]}.{new string(payload)}.{parts[2]}";

        var zh = SingleError(await app.VcApiOkAsync(new { verifiableCredential = renamed }));
        var en = SingleError(await app.VcApiOkAsync(new { verifiableCredential = renamed }, language: "en"));
        var envelope = SingleError(await app.VcApiOkAsync(new { verifiableCredential = CtecSkillsApp.Enveloped(forgedJws) }));

        Assert.Equal(VcApiAnswer.CryptographicSecurityError, zh["type"]!.GetValue<string>());
        Assert.Equal(("CRYPTOGRAPHIC_SECURITY_ERROR", "proof", "proof-tampered"),
            (zh["title"]!.GetValue<string>(), zh["check"]!.GetValue<string>(), zh["reason"]!.GetValue<string>()));
        Assert.Equal("内嵌证明不匹配：证书内容在签发后被改动过。", zh["detail"]!.GetValue<string>());
        Assert.Equal("The embedded proof does not match: the credential was changed after it was issued.", en["detail"]!.GetValue<string>());
        Assert.Equal((VcApiAnswer.CryptographicSecurityError, "signature-mismatch"), (envelope["type"]!.GetValue<string>(), envelope["reason"]!.GetValue<string>()));
    }

    [Fact]
    public async Task VerifyCredential_RevokedByItsIssuer_NotVerifiedWithTheRevocationAsAnError()
    {
        var credential = await app.IssuedCredentialAsync(Chengdu);
        await app.RevokeAsAdminAsync(credential.VerificationCode, "测试：VC API 也应显示吊销");

        var embedded = SingleError(await app.VcApiOkAsync(new { verifiableCredential = JsonNode.Parse(credential.CredentialJson) }));
        var envelopedAnswer = await app.VcApiOkAsync(new { verifiableCredential = CtecSkillsApp.Enveloped(credential.Jws) });
        var enveloped = SingleError(envelopedAnswer);

        Assert.Equal((VcApiAnswer.OwnProblemTypes + "revoked-in-status-list", "revoked", "revoked-in-status-list"),
            (embedded["type"]!.GetValue<string>(), embedded["check"]!.GetValue<string>(), embedded["reason"]!.GetValue<string>()));
        Assert.Equal("公布的状态列表显示此证书已被撤销。", embedded["detail"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(embedded, enveloped));
        // The proof and the signature still stand: a verifier sees it is genuine, and revoked.
        Assert.Contains("signature", Strings(envelopedAnswer["checks"]));
        Assert.DoesNotContain("revoked", Strings(envelopedAnswer["checks"]));
    }

    [Theory]
    [InlineData(-400, -30, "expired", "after-valid-until")]
    [InlineData(30, 400, "not-yet-valid", "before-valid-from")]
    public async Task VerifyCredential_SignedByOurIssuerOutsideItsValidity_RangeError(int fromDays, int untilDays, string check, string reason)
    {
        var credential = await app.IssuedCredentialAsync(Chengdu);
        var json = JsonNode.Parse(credential.CredentialJson)!.AsObject();
        json["validFrom"] = OpenBadgeCredentialBuilder.FormatDate(TimeProvider.System.GetUtcNow().AddDays(fromDays));
        json["validUntil"] = OpenBadgeCredentialBuilder.FormatDate(TimeProvider.System.GetUtcNow().AddDays(untilDays));
        var jws = await app.WithServiceAsync<IssuerKeyStore, string>(async keys =>
        {
            using var key = await keys.GetSigningKeyAsync(credential.IssuerBaseId, default);
            return VcJwt.Sign(json, key.Key, key.KeyId);
        });

        var error = SingleError(await app.VcApiOkAsync(new { verifiableCredential = CtecSkillsApp.Enveloped(jws) }));

        Assert.Equal((VcApiAnswer.RangeError, "RANGE_ERROR", check, reason),
            (error["type"]!.GetValue<string>(), error["title"]!.GetValue<string>(), error["check"]!.GetValue<string>(), error["reason"]!.GetValue<string>()));
    }

    [Fact]
    public async Task VerifyCredential_ProblemDetailsNotWanted_LeftOutButErrorsStay()
    {
        var credential = await app.IssuedCredentialAsync(Chengdu);
        var renamed = JsonNode.Parse(credential.CredentialJson)!.AsObject();
        renamed["name"] = "伪造的证书";

        var answer = await app.VcApiOkAsync(new { verifiableCredential = renamed, options = new { returnProblemDetails = false, returnCredential = false } });

        Assert.False(answer.ContainsKey("problemDetails"));
        Assert.False(answer.ContainsKey("credential"));
        Assert.Equal("proof-tampered", Assert.Single(answer["errors"]!.AsArray())!["reason"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{\"verifiableCredential\": ", VcApiAnswer.ParsingError)]
    [InlineData("[1, 2]", VcApiAnswer.ParsingError)]
    [InlineData("", VcApiAnswer.ParsingError)]
    [InlineData("{}", VcApiAnswer.MalformedValueError)]
    [InlineData("{\"verifiableCredential\": \"eyJhbGciOiJSUzI1NiJ9.e30.c2ln\"}", VcApiAnswer.MalformedValueError)]
    [InlineData("{\"verifiableCredential\": [{}]}", VcApiAnswer.MalformedValueError)]
    [InlineData("{\"verifiablePresentation\": {}}", VcApiAnswer.MalformedValueError)]
    [InlineData("{\"verifiableCredential\": {\"@context\": \"https://www.w3.org/ns/credentials/v2\", \"type\": \"EnvelopedVerifiableCredential\", \"id\": \"https://example.org/vc.jwt\"}}", VcApiAnswer.MalformedValueError)]
    [InlineData("{\"verifiableCredential\": {\"@context\": \"https://www.w3.org/ns/credentials/v2\", \"type\": \"EnvelopedVerifiableCredential\", \"id\": \"data:application/vc+jwt,\"}}", VcApiAnswer.MalformedValueError)]
    [InlineData("{\"verifiableCredential\": {\"@context\": \"https://www.w3.org/ns/credentials/v2\", \"type\": [\"EnvelopedVerifiableCredential\"], \"id\": \"data:application/vc+sd-jwt,eyJ9.e30.c2ln\"}}", VcApiAnswer.MalformedValueError)]
    [InlineData("{\"verifiableCredential\": {\"@context\": \"https://www.w3.org/2018/credentials/v1\", \"type\": \"EnvelopedVerifiableCredential\", \"id\": \"data:application/vc+jwt,eyJ9.e30.c2ln\"}}", VcApiAnswer.MalformedValueError)]
    [InlineData("{\"verifiableCredential\": {\"id\": \"urn:uuid:1\"}, \"options\": {\"challenge\": \"abc\"}}", VcApiAnswer.UnknownOptionProvided)]
    [InlineData("{\"verifiableCredential\": {\"id\": \"urn:uuid:1\"}, \"options\": {\"returnResults\": true}}", VcApiAnswer.UnknownOptionProvided)]
    [InlineData("{\"verifiableCredential\": {\"id\": \"urn:uuid:1\"}, \"options\": {\"returnCredential\": \"yes\"}}", VcApiAnswer.ParsingError)]
    [InlineData("{\"verifiableCredential\": {\"id\": \"urn:uuid:1\"}, \"options\": 7}", VcApiAnswer.ParsingError)]
    public async Task VerifyCredential_MalformedRequest_400ProblemDetailsAndNothingLogged(string body, string type)
    {
        var logged = await VcApiLogRowsAsync();

        var seen = await app.PostVcApiAsync(new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal((HttpStatusCode.BadRequest, "application/problem+json"), (seen.Status, seen.ContentType));
        Assert.Equal((400, type, VcApiAnswer.TitleOf(type)), (seen.Body!["status"]!.GetValue<int>(), seen.Body["type"]!.GetValue<string>(), seen.Body["title"]!.GetValue<string>()));
        Assert.False(string.IsNullOrWhiteSpace(seen.Body["detail"]!.GetValue<string>()));
        Assert.Equal(logged, await VcApiLogRowsAsync());
    }

    [Fact]
    public async Task VerifyCredential_FormPostInsteadOfJson_415ProblemDetailsAndNothingLogged()
    {
        var credential = await app.IssuedCredentialAsync(Chengdu);
        var logged = await VcApiLogRowsAsync();

        var form = await app.PostVcApiAsync(new FormUrlEncodedContent([new("verifiableCredential", credential.CredentialJson)]));

        Assert.Equal((HttpStatusCode.UnsupportedMediaType, "application/problem+json"), (form.Status, form.ContentType));
        Assert.Equal(logged, await VcApiLogRowsAsync());
    }

    [Fact]
    public async Task VerifyCredential_BySignedInVerifier_InTheirHistoryAndExportAsTheVcApiChannel()
    {
        var credential = await app.IssuedCredentialAsync(Chengdu);
        using var verifier = await app.SignedInAsVerifierAsync();

        var seen = await app.PostVcApiAsync(System.Net.Http.Json.JsonContent.Create(new { verifiableCredential = JsonNode.Parse(credential.CredentialJson) }), client: verifier);
        var history = await CtecSkillsApp.GetPageAsync(verifier, "/verify/history");
        var csv = Encoding.UTF8.GetString(await verifier.GetByteArrayAsync("/verify/history/export.csv"));

        Assert.Equal(HttpStatusCode.OK, seen.Status);
        var mine = await app.VerificationLogsOfAsync(DemoSeeder.VerifierEmail);
        var entry = Assert.Single(mine, l => l.CredentialId == credential.CredentialId);
        Assert.Equal((VerificationStatus.Valid, "vc-api", credential.VerificationCode), (entry.Outcome, entry.Channel, entry.CredentialCode));
        var row = Assert.Single(history.Document.QuerySelectorAll("tbody tr"), r => r.TextContent.Contains(credential.VerificationCode, StringComparison.Ordinal));
        Assert.Contains("W3C VC 接口", row.TextContent, StringComparison.Ordinal);
        Assert.Contains(csv.Split('\n'), line => line.Contains(credential.VerificationCode, StringComparison.Ordinal) && line.Contains("W3C VC 接口", StringComparison.Ordinal));
    }

    private Task<int> VcApiLogRowsAsync() => app.QueryAsync(db => db.VerificationLogs.CountAsync(l => l.Channel == "vc-api"));
}
