using System.Text.Json;
using System.Text.Json.Nodes;
using CtecSkills.Core.LinkedData;
using CtecSkills.Core.LinkedData.JsonLd;

namespace CtecSkills.UnitTests.LinkedData.JsonLd;

/// <summary>
/// Runs the W3C JSON-LD 1.1 API expansion and to-RDF suites (TestData/json-ld). Every test of both manifests is either
/// run or listed in <see cref="Skipped"/> with its reason.
/// </summary>
public sealed class JsonLdTestSuiteTests
{
    private const string SuiteBase = "https://w3c.github.io/json-ld-api/tests/";
    private static readonly string SuiteFolder = Path.Combine(AppContext.BaseDirectory, "TestData", "json-ld");

    /// <summary>Tests we do not run, and why. Keys are "manifest#id"; a reason applies to every id listed with it.</summary>
    private static readonly Dictionary<string, string> Skipped = BuildSkipped();

    private static Dictionary<string, string> BuildSkipped()
    {
        var skipped = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(string reason, params string[] ids)
        {
            foreach (var id in ids)
            {
                skipped[id] = reason;
            }
        }
        Add("jsonld.js 9, the processor the verifiers run, checks an IRI only for a scheme (no check for '<>' or a second '#'); "
            + "we match it, so these IRIs are kept where the suite drops them.", "toRdf#te111", "toRdf#te112", "toRdf#tli12");
        Add("The expandContext option (a context given beside the document) is not part of our API.", "expand#t0077", "toRdf#te077");
        return skipped;
    }

    /// <summary>Tests whose options put them out of scope as a group; null when the test is in scope.</summary>
    private static string? OutOfScope(JsonObject test)
    {
        var option = test["option"] as JsonObject;
        if (option?["specVersion"]?.GetValue<string>() == "json-ld-1.0")
        {
            return "JSON-LD 1.0 only: we implement processing mode json-ld-1.1.";
        }
        if (option?["processingMode"]?.GetValue<string>() == "json-ld-1.0")
        {
            return "Processing mode json-ld-1.0: we implement json-ld-1.1 only.";
        }
        if (option?["produceGeneralizedRdf"] is not null || test["requires"]?.GetValue<string>() == "GeneralizedRdf")
        {
            return "Generalized RDF (blank node predicates) is not RDF that can be signed.";
        }
        if (option?["rdfDirection"] is not null || test["requires"] is not null)
        {
            return "rdfDirection modes (i18n-datatype, compound-literal): jsonld.js verifiers run without one, so neither do we.";
        }
        return null;
    }

    public static TheoryData<string> ExpandTests() => Ids("expand");

    public static TheoryData<string> ToRdfTests() => Ids("toRdf");

    private static TheoryData<string> Ids(string manifest) =>
        [.. Manifest(manifest).Select(t => manifest + t["@id"]!.GetValue<string>())];

    private static IEnumerable<JsonObject> Manifest(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(SuiteFolder, name + "-manifest.jsonld")))!["sequence"]!.AsArray().Cast<JsonObject>();

    [Theory]
    [MemberData(nameof(ExpandTests))]
    public void Expand_W3cSuite(string id) => Run(id);

    [Theory]
    [MemberData(nameof(ToRdfTests))]
    public void ToRdf_W3cSuite(string id) => Run(id);

    [Fact]
    public void Suite_RunsMostTests()
    {
        var all = Manifest("expand").Select(t => ("expand" + t["@id"], t)).Concat(Manifest("toRdf").Select(t => ("toRdf" + t["@id"], t))).ToList();
        var run = all.Count(e => !Skipped.ContainsKey(e.Item1) && OutOfScope(e.t) is null);

        Assert.True(run > all.Count * 0.9, $"Only {run} of {all.Count} suite tests run.");
    }

    private static void Run(string id)
    {
        var manifest = id[..id.IndexOf('#')];
        var test = Manifest(manifest).Single(t => manifest + t["@id"]!.GetValue<string>() == id);
        if (Skipped.ContainsKey(id) || OutOfScope(test) is not null)
        {
            return;
        }
        var input = test["input"]!.GetValue<string>();
        var baseIri = test["option"]?["base"]?.GetValue<string>() ?? SuiteBase + input;
        var options = new JsonLdOptions { Base = new Uri(baseIri, UriKind.Absolute), SafeMode = false };
        var processor = new JsonLdProcessor(new SuiteContextLoader());
        var document = JsonNode.Parse(File.ReadAllText(Path.Combine(SuiteFolder, input)))!;
        var types = test["@type"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();
        if (types.Contains("jld:NegativeEvaluationTest"))
        {
            var error = Assert.Throws<JsonLdException>(() =>
            {
                if (manifest == "expand")
                {
                    processor.Expand(document, options);
                }
                else
                {
                    processor.ToRdf(document, options);
                }
            });
            Assert.Equal(test["expectErrorCode"]!.GetValue<string>(), error.Code);
            return;
        }
        if (manifest == "expand")
        {
            var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(SuiteFolder, test["expect"]!.GetValue<string>())));
            var actual = processor.Expand(document, options);
            Assert.True(JsonLdEquals(expected, actual, inList: false), $"expected {expected?.ToJsonString()}\nactual   {actual.ToJsonString()}");
            return;
        }
        var quads = processor.ToRdf(document, options);
        if (types.Contains("jld:PositiveSyntaxTest"))
        {
            return;
        }
        var expectedQuads = NQuads.Parse(File.ReadAllText(Path.Combine(SuiteFolder, test["expect"]!.GetValue<string>())));
        Assert.Equal(RdfDatasets.Relabelled(expectedQuads), RdfDatasets.Relabelled(quads));
    }

    /// <summary>JSON-LD equality: arrays are unordered, except an @list's items; numbers compare by value.</summary>
    private static bool JsonLdEquals(JsonNode? expected, JsonNode? actual, bool inList)
    {
        switch (expected)
        {
            case null:
                return actual is null;
            case JsonObject map:
                return actual is JsonObject other && map.Count == other.Count
                    && map.All(e => other.TryGetPropertyValue(e.Key, out var value) && JsonLdEquals(e.Value, value, e.Key == "@list"));
            case JsonArray array:
                {
                    if (actual is not JsonArray otherArray || array.Count != otherArray.Count)
                    {
                        return false;
                    }
                    if (inList)
                    {
                        return array.Zip(otherArray).All(p => JsonLdEquals(p.First, p.Second, false));
                    }
                    var unmatched = otherArray.ToList();
                    foreach (var item in array)
                    {
                        var match = unmatched.FindIndex(o => JsonLdEquals(item, o, false));
                        if (match < 0)
                        {
                            return false;
                        }
                        unmatched.RemoveAt(match);
                    }
                    return true;
                }
            default:
                if (actual is not JsonValue)
                {
                    return false;
                }
                if (expected.GetValueKind() == JsonValueKind.Number && actual.GetValueKind() == JsonValueKind.Number)
                {
                    return expected.GetValue<double>() == actual.GetValue<double>();
                }
                return JsonNode.DeepEquals(expected, actual);
        }
    }

    /// <summary>Serves the suite's own context files at the addresses the suite gives them; nothing else.</summary>
    private sealed class SuiteContextLoader : IJsonLdContextLoader
    {
        public JsonNode LoadContextDocument(string url)
        {
            if (!url.StartsWith(SuiteBase, StringComparison.Ordinal))
            {
                throw new JsonLdException("loading remote context failed", $"{url} is not part of the suite.");
            }
            var path = Path.Combine(SuiteFolder, url[SuiteBase.Length..]);
            if (!File.Exists(path))
            {
                throw new JsonLdException("loading remote context failed", $"{url} is not in the suite.");
            }
            try
            {
                return JsonNode.Parse(File.ReadAllText(path)) ?? throw new JsonLdException("invalid remote context", $"{url} is null.");
            }
            catch (JsonException e)
            {
                throw new JsonLdException("loading remote context failed", $"{url} is not JSON: {e.Message}");
            }
        }
    }
}
