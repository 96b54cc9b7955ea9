using System.Text.Json.Nodes;
using CtecSkills.Core.Credentials;
using CtecSkills.Core.Seeding;
using CtecSkills.IntegrationTests.Infrastructure;

namespace CtecSkills.IntegrationTests.Credentials;

/// <summary>
/// Every credential the platform issues verifies in the Digital Credentials Consortium's verifier stack (what the
/// Learner Credential Wallet and VerifierPlus run), from its embedded eddsa-rdfc-2022 proof and the issuer's did:web
/// DID document alone; its status lists verify there too; a changed copy does not (issue 16).
/// </summary>
public sealed class DataIntegrityInteropTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    [Fact]
    public async Task IssuedCredentials_FromThreeIssuers_VerifyInTheDccStackWithTheirStatusListsAndTamperedCopiesDoNot()
    {
        var bases = new[] { DemoSeeder.Bases[0], DemoSeeder.Bases[3], DemoSeeder.Bases[5] };
        var enrollments = new List<int>();
        foreach (var at in bases)
        {
            enrollments.AddRange(await app.CompletedEnrollmentsAsync(at, 4));
        }
        await app.RunIssuingJobAsync();
        var issued = await app.CredentialsForAsync(enrollments);
        await app.RevokeAsAdminAsync(issued[1].VerificationCode, "测试：吊销后外部核验也应显示");
        var credentials = issued.Select(c => JsonNode.Parse(c.CredentialJson)!.AsObject()).ToList();
        var baseIds = issued.Select(c => c.IssuerBaseId).ToList();

        var genuine = await app.VerifyWithDccAsync(credentials, baseIds);

        Assert.Equal(12, genuine.Count);
        Assert.All(genuine, r => Assert.True(r!["verified"]!.GetValue<bool>(), r.ToJsonString()));
        Assert.True(genuine[1]!["status"]!["statuses"]!["revocation"]!.GetValue<bool>());
        Assert.False(genuine[0]!["status"]!["statuses"]!["revocation"]!.GetValue<bool>());
        Assert.All(credentials, c => Assert.Equal(DataIntegrityProofs.Cryptosuite, c["proof"]![0]!["cryptosuite"]!.GetValue<string>()));

        var renamed = Copy(credentials[0], c => c["credentialSubject"]!["achievement"]!["name"] = "高级电商运营师");
        var backdated = Copy(credentials[2], c => c["validFrom"] = "2020-01-01T00:00:00Z");
        // Signed by one issuer's key but claiming another issuer.
        var otherIssuer = Copy(credentials[4], c => c["issuer"]!["id"] = credentials[0]["issuer"]!["id"]!.GetValue<string>());
        var tampered = await app.VerifyWithDccAsync([renamed, backdated, otherIssuer], baseIds);

        Assert.All(tampered, r => Assert.False(r!["verified"]!.GetValue<bool>(), r.ToJsonString()));
    }

    [Fact]
    public async Task VerifyApi_CredentialJsonWithItsProof_ProofIsItsOwnCheckAndEachKindOfForgeryHasItsReason()
    {
        var a = await app.IssuedCredentialAsync(DemoSeeder.Bases[1]);
        var b = await app.IssuedCredentialAsync(DemoSeeder.Bases[2]);
        var genuine = JsonNode.Parse(a.CredentialJson)!.AsObject();
        var otherIssuer = JsonNode.Parse(b.CredentialJson)!["issuer"]!["id"]!.GetValue<string>();

        var valid = await app.VerifyApiOkAsync(genuine);
        var cases = new Dictionary<string, JsonObject>
        {
            ["proof-tampered"] = Copy(genuine, c => c["credentialSubject"]!["achievement"]!["name"] = "高级电商运营师"),
            ["proof-unknown-term"] = Copy(genuine, c => c["favouriteColour"] = "红色"),
            ["proof-controller-not-issuer"] = Copy(genuine, c => c["issuer"]!["id"] = otherIssuer),
            ["proof-unknown-key"] = Copy(genuine, c => c["proof"]![0]!["verificationMethod"] = "did:web:evil.example:issuers:1#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"),
            ["proof-unsupported"] = Copy(genuine, c => c["proof"]![0]!["cryptosuite"] = "ecdsa-rdfc-2019"),
            ["proof-malformed"] = Copy(genuine, c => c["proof"]![0]!["created"] = "昨天"),
        };

        Assert.Equal("valid", valid["status"]!.GetValue<string>());
        Assert.Contains(valid["checks"]!.AsArray(), c => c!["check"]!.GetValue<string>() == "proof" && c["reason"]!.GetValue<string>() == DataIntegrityProofs.Cryptosuite);
        foreach (var (reason, forged) in cases)
        {
            var answer = await app.VerifyApiOkAsync(forged);
            Assert.Equal("invalid", answer["status"]!.GetValue<string>());
            var failed = Assert.Single(answer["checks"]!.AsArray(), c => c!["result"]!.GetValue<string>() == "failed")!;
            Assert.Equal(("proof", reason), (failed["check"]!.GetValue<string>(), failed["reason"]!.GetValue<string>()));
        }
        // The page says it in words, for a pasted credential.
        using var visitor = app.CreateBrowserClient();
        var page = await CtecSkillsApp.GetPageAsync(visitor, "/verify");
        var result = await CtecSkillsApp.SubmitAndFollowAsync(visitor, page.Form("/verify").Set("input", cases["proof-tampered"].ToJsonString()));
        Assert.Contains("证书内容在签发后被改动过", result.Text);
    }

    private static JsonObject Copy(JsonObject credential, Action<JsonObject> change)
    {
        var copy = credential.DeepClone().AsObject();
        change(copy);
        return copy;
    }
}
