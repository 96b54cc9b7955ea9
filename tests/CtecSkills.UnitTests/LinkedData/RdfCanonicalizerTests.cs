using System.Text.Json;
using CtecSkills.Core.LinkedData;

namespace CtecSkills.UnitTests.LinkedData;

public sealed class RdfCanonicalizerTests
{
    private static readonly string SuiteFolder = Path.Combine(AppContext.BaseDirectory, "TestData", "rdf-canon");

    private sealed record SuiteTest(string Id, string Type, string Action, string? Result, RdfcHashAlgorithm HashAlgorithm);

    private static readonly Dictionary<string, SuiteTest> Suite = ReadManifest();

    private static Dictionary<string, SuiteTest> ReadManifest()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(SuiteFolder, "manifest.jsonld")));
        return manifest.RootElement.GetProperty("entries").EnumerateArray().Select(e => new SuiteTest(
                e.GetProperty("id").GetString()!.TrimStart('#'),
                e.GetProperty("type").GetString()!,
                e.GetProperty("action").GetString()!,
                e.TryGetProperty("result", out var result) ? result.GetString() : null,
                e.TryGetProperty("hashAlgorithm", out var hash) && hash.GetString() == "SHA384"
                    ? RdfcHashAlgorithm.Sha384 : RdfcHashAlgorithm.Sha256))
            .ToDictionary(t => t.Id, StringComparer.Ordinal);
    }

    /// <summary>Every entry of the W3C RDFC-1.0 suite's manifest, by id.</summary>
    public static TheoryData<string> SuiteTests() => [.. Suite.Keys];

    [Theory]
    [MemberData(nameof(SuiteTests))]
    public void Canonicalize_W3CSuiteEntry_GivesTheExpectedResult(string id)
    {
        var test = Suite[id];
        var input = NQuads.Parse(File.ReadAllText(Path.Combine(SuiteFolder, test.Action)));
        var options = new RdfcOptions { HashAlgorithm = test.HashAlgorithm };

        switch (test.Type)
        {
            case "rdfc:RDFC10EvalTest":
                Assert.Equal(File.ReadAllText(Path.Combine(SuiteFolder, test.Result!)),
                    RdfCanonicalizer.Canonicalize(input, options).CanonicalNQuads);
                break;
            case "rdfc:RDFC10MapTest":
                using (var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(SuiteFolder, test.Result!))))
                {
                    Assert.Equal(
                        expected.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
                        RdfCanonicalizer.Canonicalize(input, options).IssuedIdentifiers);
                }
                break;
            case "rdfc:RDFC10NegativeEvalTest":
                Assert.Throws<RdfcWorkLimitExceededException>(() => RdfCanonicalizer.Canonicalize(input, options));
                break;
            default:
                Assert.Fail($"{id}: unknown test type {test.Type}");
                break;
        }
    }

    [Fact]
    public void Canonicalize_HardestPositiveSuiteTestUnderALowWorkLimit_ThrowsTheWorkLimitException()
    {
        // test044 (two six-node circles) needs 3,348 units, the most of any positive test in the suite.
        var input = NQuads.Parse(File.ReadAllText(Path.Combine(SuiteFolder, Suite["test044c"].Action)));

        Assert.NotEmpty(RdfCanonicalizer.Canonicalize(input, new RdfcOptions { WorkLimit = 3_348 }).CanonicalNQuads);
        var error = Assert.Throws<RdfcWorkLimitExceededException>(
            () => RdfCanonicalizer.Canonicalize(input, new RdfcOptions { WorkLimit = 3_347 }));
        Assert.Equal(3_347, error.WorkLimit);
    }

    [Fact]
    public void Canonicalize_RelabelledAndReorderedDataset_GivesTheSameCanonicalForm()
    {
        var input = NQuads.Parse(File.ReadAllText(Path.Combine(SuiteFolder, Suite["test044c"].Action)));
        var random = new Random(16);
        for (var round = 0; round < 20; round++)
        {
            var shuffled = BlankNodeScramble.Scramble(input, random);

            Assert.Equal(File.ReadAllText(Path.Combine(SuiteFolder, Suite["test044c"].Result!)),
                RdfCanonicalizer.Canonicalize(shuffled).CanonicalNQuads);
        }
    }

    [Fact]
    public void Canonicalize_CharactersAboveFFFFAgainstPrivateUse_SortByCodePointOrByUtf16AsAsked()
    {
        var subject = new RdfIri("http://example.org/s");
        var predicate = new RdfIri("http://example.org/p");
        RdfQuad[] quads = [new(subject, predicate, RdfLiteral.Plain("\U0001F600")), new(subject, predicate, RdfLiteral.Plain("\uE000"))];
        const string privateUse = "<http://example.org/s> <http://example.org/p> \"\uE000\" .\n";
        const string emoji = "<http://example.org/s> <http://example.org/p> \"\U0001F600\" .\n";

        Assert.Equal(privateUse + emoji, RdfCanonicalizer.Canonicalize(quads).CanonicalNQuads);
        Assert.Equal(emoji + privateUse,
            RdfCanonicalizer.Canonicalize(quads, new RdfcOptions { LineOrder = RdfcLineOrder.Utf16 }).CanonicalNQuads);
    }

    [Fact]
    public void Canonicalize_QuadGivenTwice_IsWrittenOnceAndHashedOnce()
    {
        var once = NQuads.Parse("_:a <http://example.org/p> _:b .\n_:b <http://example.org/q> \"x\" .\n");
        var twice = NQuads.Parse("_:a <http://example.org/p> _:b .\n_:a <http://example.org/p> _:b .\n_:b <http://example.org/q> \"x\" .\n");

        Assert.Equal(RdfCanonicalizer.Canonicalize(once).CanonicalNQuads, RdfCanonicalizer.Canonicalize(twice).CanonicalNQuads);
    }

    [Fact]
    public void Canonicalize_BlankNodePredicateOrLiteralSubject_IsRefusedAsNotRdf()
    {
        var iri = new RdfIri("http://example.org/p");

        Assert.Throws<ArgumentException>(() => RdfCanonicalizer.Canonicalize([new RdfQuad(new RdfBlankNode("a"), new RdfBlankNode("p"), iri)]));
        Assert.Throws<ArgumentException>(() => RdfCanonicalizer.Canonicalize([new RdfQuad(RdfLiteral.Plain("s"), iri, iri)]));
        Assert.Throws<ArgumentException>(() => RdfCanonicalizer.Canonicalize([new RdfQuad(iri, iri, iri, RdfLiteral.Plain("g"))]));
    }
}
