using System.Globalization;
using System.Text.Json.Nodes;
using CtecSkills.Core.Credentials;
using CtecSkills.Core.LinkedData;
using CtecSkills.Core.LinkedData.JsonLd;

namespace CtecSkills.UnitTests.LinkedData.JsonLd;

/// <summary>
/// Our RDF for credentials shaped like the ones we issue must be the RDF jsonld 9.0.0 (what the DCC wallet and
/// verifier run) produces from the same vendored contexts, or a Data Integrity proof we sign would not verify there.
/// </summary>
public sealed class JsonLdInteropTests
{
    private const int Count = 1_200;
    private readonly JsonLdProcessor _processor = new(new VendoredContextLoader());

    [Fact]
    public async Task ToRdf_GeneratedCredentials_SameDatasetsAsJsonLdJs()
    {
        var random = new Random(20261204);
        var documents = Enumerable.Range(0, Count).Select(i => i % 10 == 9 ? StatusListCredential(random, i) : OpenBadge(random, i)).ToList();

        var theirs = await RunJsonLdJs(documents, safe: true);

        var mismatches = new List<string>();
        for (var i = 0; i < documents.Count; i++)
        {
            var expected = theirs[i]!["nquads"]?.GetValue<string>()
                ?? throw new InvalidOperationException($"jsonld.js refused credential {i}: {theirs[i]!["error"]} {documents[i].ToJsonString()}");
            var ours = RdfDatasets.Relabelled(_processor.ToRdf(documents[i]));
            if (ours != RdfDatasets.Relabelled(NQuads.Parse(expected)))
            {
                mismatches.Add($"credential {i}: {documents[i].ToJsonString()}\nours:\n{ours}\njsonld.js:\n{expected}");
            }
        }
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {Count} differ; first:\n{mismatches.FirstOrDefault()}");
    }

    [Fact]
    public async Task ToRdf_CredentialWithUnknownTerm_RefusedByUsAndByJsonLdJsInSafeMode()
    {
        var credential = OpenBadge(new Random(1), 1);
        credential["credentialSubject"]!["nickname"] = "小明";

        var theirs = await RunJsonLdJs([credential], safe: true);

        Assert.Contains("invalid property", theirs[0]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        var ours = Assert.Throws<JsonLdException>(() => _processor.ToRdf(credential));
        Assert.Equal("invalid property", ours.Code);
        Assert.Contains("nickname", ours.Message, StringComparison.Ordinal);
    }

    /// <summary>Edge cases around what safe mode refuses: both processors refuse, or both give the same dataset.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ToRdf_EdgeDocuments_SameOutcomeAsJsonLdJs(bool safe)
    {
        string[] edges =
        [
            """{"id": "relative/id", "name": "x"}""",
            """{"name": "x", "credentialSubject": {"id": "did:example:1", "name": null}}""",
            """{"name": {"@value": "x", "@language": "ZH-Hans-CN"}}""",
            """{"name": {"@value": "x", "@language": "zh", "@direction": "rtl"}}""",
            """{"name": {"@value": "x", "@language": "not a tag"}}""",
            """{"credentialSubject": [], "name": []}""",
            """{"credentialSubject": {}}""",
            """{"credentialSubject": {"id": "did:example:1"}}""",
            """{"@type": "VerifiableCredential", "credentialSchema": {"id": "https://example.org/s", "type": "JsonSchema", "jsonSchema": {"b": [1.5, 2, "中"], "a": {"z": null}}}}""",
            """{"validFrom": "not a date", "name": 12345678901234567890}""",
            """{"name": 1.0, "description": -0.000001}""",
            """{"name": true, "description": "\u0000\u001f\u007f"}""",
            """{"issuer": "_:b0", "credentialSubject": {"id": "_:b0"}}""",
            """{"type": ["VerifiableCredential", "https://example.org/CustomType"], "name": "x"}""",
            """{"type": ["VerifiableCredential", "ex:CustomType"], "name": "x"}""",
            """{"credentialSubject": {"id": "did:example:1", "https://example.org/full-iri": "kept"}}""",
            """{"@id": "https://example.org/c", "name": "x", "@included": [{"@id": "https://example.org/other", "name": "y"}]}""",
        ];
        var documents = edges.Select(e =>
        {
            var document = JsonNode.Parse(e)!.AsObject();
            var withContext = new JsonObject { ["@context"] = new JsonArray(VendoredContextLoader.CredentialsV2, VendoredContextLoader.OpenBadgesV3) };
            foreach (var (name, value) in document.ToList())
            {
                document.Remove(name);
                withContext[name] = value;
            }
            return withContext;
        }).ToList();

        var theirs = await RunJsonLdJs(documents, safe);

        for (var i = 0; i < documents.Count; i++)
        {
            if (!safe && edges[i].Contains("not a tag", StringComparison.Ordinal))
            {
                // Without safe mode jsonld.js writes the malformed tag into N-Quads ("x"@not a tag), which no parser
                // reads back; we drop the value as the spec says. In safe mode both refuse it.
                continue;
            }
            string? ours;
            try
            {
                ours = RdfDatasets.Relabelled(_processor.ToRdf(documents[i], new JsonLdOptions { SafeMode = safe }));
            }
            catch (JsonLdException)
            {
                ours = null;
            }
            var expected = theirs[i]!["nquads"]?.GetValue<string>() is { } nquads ? RdfDatasets.Relabelled(NQuads.Parse(nquads)) : null;
            Assert.True(expected == ours, $"{edges[i]} (safe: {safe})\njsonld.js: {expected ?? theirs[i]!["error"]!.ToString()}\nours: {ours ?? "refused"}");
        }
    }

    private static async Task<JsonArray> RunJsonLdJs(IReadOnlyList<JsonObject> documents, bool safe)
    {
        var input = new JsonObject { ["safe"] = safe, ["documents"] = new JsonArray([.. documents.Select(d => d.DeepClone())]) };
        var (exitCode, output, error) = await NodeInterop.RunAsync("jsonld-to-rdf.mjs", [], standardInput: input.ToJsonString());
        Assert.True(exitCode == 0, error);
        return JsonNode.Parse(output)!.AsArray();
    }

    private static readonly string[] Words =
    [
        "数字技能", "办公软件", "一级", "高级", "广州", "培训基地", "Excel 数据透视表", "网络安全", "😀 emoji", "引号\"和\\反斜杠",
        "tab\there", "line\nbreak", "ctrl\u0001\u001f\u007f", "nul\u0000byte", "sep\u2028\u2029", "  spaces  ", "ąčę ñ", "", "中文，标点。", "'single'",
    ];

    private static string Text(Random random) =>
        string.Join(random.Next(3) == 0 ? "" : " ", Enumerable.Range(0, random.Next(1, 4)).Select(_ => Words[random.Next(Words.Length)]));

    private static FrameworkAlignment Alignment(Random random, string path) =>
        new(new Uri($"https://skills.example.cn/framework/{path}/{random.Next(1000)}"), Text(random))
        {
            TargetCode = random.Next(2) == 0 ? null : $"DS-{random.Next(100)}",
            TargetFramework = random.Next(2) == 0 ? null : Text(random),
            TargetType = random.Next(3) switch { 0 => null, 1 => "ext:SkillLevel", _ => "CFItem" },
        };

    private static JsonObject OpenBadge(Random random, int i)
    {
        var validFrom = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(random.NextInt64(0, 300_000_000));
        var status = new List<CredentialStatusEntry>();
        for (var s = random.Next(3); s > 0; s--)
        {
            status.Add(new CredentialStatusEntry(s == 1 ? StatusPurpose.Revocation : StatusPurpose.Suspension,
                new Uri($"https://skills.example.cn/status/{random.Next(10)}/{(s == 1 ? "revocation" : "suspension")}/1"), random.Next(131_072)));
        }
        var credential = OpenBadgeCredentialBuilder.Build(new OpenBadgeCredentialInput(
            new Uri($"urn:uuid:{RandomGuid(random)}"),
            new IssuerProfile(new Uri($"https://skills.example.cn/issuers/{random.Next(50)}"), Text(random))
            {
                Url = random.Next(2) == 0 ? null : new Uri("https://skills.example.cn/"),
            },
            new AchievementDefinition(new Uri($"https://skills.example.cn/achievements/{random.Next(500)}"), Text(random), Text(random),
                Text(random), random.Next(2) == 0 ? "Certificate" : "ext:DigitalSkill", Alignment(random, "category"), Alignment(random, "level")),
            new CredentialRecipient(new Uri($"urn:uuid:{RandomGuid(random)}")),
            validFrom,
            random.Next(2) == 0 ? null : validFrom.AddDays(random.Next(1, 2000)),
            status));
        var achievement = credential["credentialSubject"]!["achievement"]!.AsObject();
        switch (i % 5)
        {
            case 0:
                achievement["creditsAvailable"] = Math.Round(random.NextDouble() * 100, random.Next(0, 4));
                break;
            case 1:
                achievement["creditsAvailable"] = random.Next(-5, 1000);
                break;
            case 2:
                credential["credentialSubject"]!["creditsEarned"] = random.Next(2) == 0 ? 1e21 * random.Next(1, 9) : random.NextDouble() / 1000;
                break;
            case 3:
                credential["description"] = Text(random);
                credential["awardedDate"] = validFrom.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
                break;
        }
        return credential;
    }

    private static JsonObject StatusListCredential(Random random, int i)
    {
        var list = new BitstringStatusList();
        for (var n = random.Next(20); n > 0; n--)
        {
            list[random.Next(list.Length)] = true;
        }
        var url = $"https://skills.example.cn/status/{i}/revocation/{random.Next(1, 5)}";
        return new JsonObject
        {
            ["@context"] = new JsonArray(OpenBadgeCredentialBuilder.VcContext),
            ["id"] = url,
            ["type"] = new JsonArray("VerifiableCredential", "BitstringStatusListCredential"),
            ["issuer"] = $"https://skills.example.cn/issuers/{random.Next(50)}",
            ["validFrom"] = OpenBadgeCredentialBuilder.FormatDate(DateTimeOffset.UnixEpoch.AddSeconds(random.NextInt64(1_600_000_000, 1_900_000_000))),
            ["credentialSubject"] = new JsonObject
            {
                ["id"] = url + "#list",
                ["type"] = "BitstringStatusList",
                ["statusPurpose"] = random.Next(2) == 0 ? "revocation" : "suspension",
                ["encodedList"] = list.Encode(),
                ["ttl"] = random.Next(1, 3600) * 1000L,
            },
        };
    }

    private static Guid RandomGuid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }
}
