using System.Text.Json.Nodes;
using CtecSkills.Core.LinkedData;
using CtecSkills.Core.LinkedData.JsonLd;

namespace CtecSkills.UnitTests.LinkedData.JsonLd;

/// <summary>Our own behaviour beyond the W3C suites: safe mode, vendored contexts only, protected terms.</summary>
public sealed class JsonLdProcessorTests
{
    private readonly JsonLdProcessor _processor = new(new VendoredContextLoader());

    private static JsonObject Credential(Action<JsonObject>? change = null)
    {
        var credential = new JsonObject
        {
            ["@context"] = new JsonArray(VendoredContextLoader.CredentialsV2, VendoredContextLoader.OpenBadgesV3),
            ["id"] = "urn:uuid:2f1c6b1e-0d4a-4f7e-9a55-0b0a7c1e9d11",
            ["type"] = new JsonArray("VerifiableCredential", "OpenBadgeCredential"),
            ["issuer"] = new JsonObject { ["id"] = "https://skills.example.cn/issuers/1", ["type"] = new JsonArray("Profile"), ["name"] = "广州市培训基地" },
            ["validFrom"] = "2026-12-01T08:00:00Z",
            ["credentialSubject"] = new JsonObject
            {
                ["id"] = "urn:uuid:5b0e2d0a-3f4c-4d7b-8e1a-9c2b1a0f7e66",
                ["type"] = new JsonArray("AchievementSubject"),
                ["achievement"] = new JsonObject
                {
                    ["id"] = "https://skills.example.cn/achievements/7",
                    ["type"] = new JsonArray("Achievement"),
                    ["name"] = "数字技能 一级",
                    ["criteria"] = new JsonObject { ["narrative"] = "完成全部练习" },
                    ["creditsAvailable"] = 3.5,
                },
            },
        };
        change?.Invoke(credential);
        return credential;
    }

    [Fact]
    public void ToRdf_OpenBadgeCredential_GivesTheTypedQuadsVerifiersSign()
    {
        var nquads = NQuads.Serialize(_processor.ToRdf(Credential()));

        Assert.Contains("<urn:uuid:2f1c6b1e-0d4a-4f7e-9a55-0b0a7c1e9d11> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential> .\n", nquads);
        Assert.Contains("<https://www.w3.org/2018/credentials#validFrom> \"2026-12-01T08:00:00Z\"^^<http://www.w3.org/2001/XMLSchema#dateTime> .\n", nquads);
        Assert.Contains("<https://purl.imsglobal.org/spec/vc/ob/vocab.html#creditsAvailable> \"3.5E0\"^^<https://www.w3.org/2001/XMLSchema#float> .\n", nquads);
        Assert.Contains("\"数字技能 一级\" .\n", nquads);
    }

    [Fact]
    public void ToRdf_UndefinedTermInSafeMode_IsRefusedNamingTheTerm()
    {
        var credential = Credential(c => c["credentialSubject"]!["favouriteColour"] = "blue");

        var error = Assert.Throws<JsonLdException>(() => _processor.ToRdf(credential));

        Assert.Equal("invalid property", error.Code);
        Assert.Contains("favouriteColour", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToRdf_UndefinedTermWithSafeModeOff_IsDroppedAsTheSpecSays()
    {
        var with = _processor.ToRdf(Credential(c => c["credentialSubject"]!["favouriteColour"] = "blue"), new JsonLdOptions { SafeMode = false });

        Assert.Equal(NQuads.Serialize(_processor.ToRdf(Credential())), NQuads.Serialize(with));
    }

    [Fact]
    public void ToRdf_UndefinedType_IsRefusedInSafeMode()
    {
        var error = Assert.Throws<JsonLdException>(() => _processor.ToRdf(Credential(c => c["type"]!.AsArray().Add("FancyCredential"))));

        Assert.Equal("relative @type reference", error.Code);
        Assert.Contains("FancyCredential", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expand_RemoteContextNotVendored_IsRefusedWithoutTheNetwork()
    {
        var document = Credential(c => c["@context"]!.AsArray().Add("https://example.org/evil-context.jsonld"));

        var error = Assert.Throws<JsonLdException>(() => _processor.Expand(document));

        Assert.Equal("loading remote context failed", error.Code);
        Assert.Contains("https://example.org/evil-context.jsonld", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expand_RedefiningAProtectedVcTerm_FailsAsProtectedTermRedefinition()
    {
        var document = Credential(c => c["@context"]!.AsArray().Add(new JsonObject { ["name"] = "https://example.org/not-a-name" }));

        var error = Assert.Throws<JsonLdException>(() => _processor.Expand(document));

        Assert.Equal("protected term redefinition", error.Code);
    }

    [Fact]
    public void Expand_SameDefinitionOfAProtectedTerm_IsAllowed()
    {
        var document = Credential(c => c["@context"]!.AsArray().Add(new JsonObject
        {
            ["@version"] = 1.1,
            ["id"] = "@id",
        }));

        Assert.Single(_processor.Expand(document));
    }

    [Fact]
    public void ToRdf_JsonLiteral_UsesJsonCanonicalization()
    {
        var document = JsonNode.Parse("""
            {"@context": {"data": {"@id": "http://example.org/data", "@type": "@json"}},
             "@id": "http://example.org/s",
             "data": {"b": [1.0, 1e21, 0.000001, "中\u0001"], "a": true}}
            """)!;

        var quad = Assert.Single(_processor.ToRdf(document));

        Assert.Equal(new RdfLiteral("{\"a\":true,\"b\":[1,1e+21,0.000001,\"中\\u0001\"]}", Rdf.Json), quad.Object);
    }

    [Fact]
    public void VendoredContexts_AreByteIdenticalToTheReferenceCopies()
    {
        Assert.Equal(File.ReadAllBytes(Path.Combine(NodeInterop.RepositoryRoot(), "src", "CtecSkills.Core", "LinkedData", "Contexts", "credentials-v2.jsonld")),
            VendoredContextLoader.ReadBytes(VendoredContextLoader.CredentialsV2));
        Assert.Equal("59955CED6697D61E03F2B2556FEBE5308AB16842846F5B586D7F1F7ADEC92734",
            Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(VendoredContextLoader.ReadBytes(VendoredContextLoader.CredentialsV2))));
    }

    [Fact]
    public void ToRdf_ManyThreadsOnOneProcessor_GiveTheSameQuads()
    {
        var expected = NQuads.Serialize(_processor.ToRdf(Credential()));
        var processor = new JsonLdProcessor(new VendoredContextLoader());

        var results = Enumerable.Range(0, 64).AsParallel().Select(_ => NQuads.Serialize(processor.ToRdf(Credential()))).ToList();

        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Theory]
    [InlineData("unsigned.json", "canonDocDataInt.txt")]
    [InlineData("proofConfigDataInt.json", "proofCanonDataInt.txt")]
    [InlineData("ob-document.json", "ob-document-canon.txt")]
    [InlineData("ob-proof-config.json", "ob-proof-canon.txt")]
    public void ToRdf_PublishedEddsaVector_IsTheDatasetOfItsCanonicalNQuads(string document, string canonical)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "TestData", "json-ld-vectors");

        var quads = _processor.ToRdf(JsonNode.Parse(File.ReadAllText(Path.Combine(folder, document)))!);

        Assert.Equal(RdfDatasets.Relabelled(NQuads.Parse(File.ReadAllText(Path.Combine(folder, canonical)))), RdfDatasets.Relabelled(quads));
    }
}
