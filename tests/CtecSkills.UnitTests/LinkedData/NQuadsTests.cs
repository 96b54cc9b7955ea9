using CtecSkills.Core.LinkedData;

namespace CtecSkills.UnitTests.LinkedData;

public sealed class NQuadsTests
{
    private static readonly string SuiteFolder = Path.Combine(AppContext.BaseDirectory, "TestData", "rdf-canon", "rdfc10");

    /// <summary>Every expected output of the W3C RDFC-1.0 suite is canonical N-Quads: read and written again, unchanged.</summary>
    public static TheoryData<string> CanonicalOutputs() =>
        [.. Directory.GetFiles(SuiteFolder, "*-rdfc10.nq").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(CanonicalOutputs))]
    public void ParseThenSerialize_CanonicalSuiteOutput_IsByteForByteTheSame(string file)
    {
        var text = File.ReadAllText(Path.Combine(SuiteFolder, file));

        Assert.Equal(text, NQuads.Serialize(NQuads.Parse(text)));
    }

    /// <summary>
    /// A fact, not a theory: xunit passes theory strings through UTF-8 when it lists the cases, which turns a lone
    /// surrogate into U+FFFD and would test something else.
    /// </summary>
    [Fact]
    public void CanonicalizesAlike_TextThatRdfCanonizeWritesRaw_IsFalseAndIsWhatTheWriterEscapes()
    {
        string[] alike = ["扫码支付 结业证书", "emoji 😀 and 𠮷, control \u0001, private use \uE000, replacement \uFFFD"];
        string[] unlike = ["noncharacter \uFFFE", "noncharacter \uFFFF", "lone high \uD83D at the end", "\uD83D", "lone low \uDE00 inside", "reversed \uDE00\uD83D"];

        Assert.All(alike, t => Assert.True(NQuads.CanonicalizesAlike(t)));
        Assert.All(unlike, t => Assert.False(NQuads.CanonicalizesAlike(t)));
        // What the answer means: exactly that text gets an escape RDFC-1.0 adds and rdf-canonize does not.
        Assert.All(alike, t => Assert.DoesNotMatch(@"\\u(D[89A-F]|FFF[EF])", NQuads.Serialize(RdfLiteral.Plain(t))));
        Assert.All(unlike, t => Assert.Matches(@"\\u(D[89A-F]|FFF[EF])", NQuads.Serialize(RdfLiteral.Plain(t))));
    }

    [Fact]
    public void Serialize_ControlCharactersAndQuotes_UseTheCanonicalEscapes()
    {
        var quad = new RdfQuad(new RdfBlankNode("b0"), new RdfIri("http://example.org/p"),
            RdfLiteral.Plain("a\"b\\c\td\be\nf\rg\fh\u0000i\u000Bj\u007Fk\u001Fl中文"));

        Assert.Equal("_:b0 <http://example.org/p> \"a\\\"b\\\\c\\td\\be\\nf\\rg\\fh\\u0000i\\u000Bj\\u007Fk\\u001Fl中文\" .\n",
            NQuads.Serialize(quad));
    }

    [Fact]
    public void Serialize_TypedLanguageAndPlainLiteralsAndNamedGraph_WriteOnlyWhatCanonicalFormAllows()
    {
        var subject = new RdfIri("http://example.org/s");
        var predicate = new RdfIri("http://example.org/p");
        var graph = new RdfBlankNode("g");

        Assert.Equal(
            "<http://example.org/s> <http://example.org/p> \"3.5E0\"^^<http://www.w3.org/2001/XMLSchema#double> _:g .\n"
            + "<http://example.org/s> <http://example.org/p> \"你好\"@zh-CN .\n"
            + "<http://example.org/s> <http://example.org/p> \"plain\" .\n",
            NQuads.Serialize([
                new RdfQuad(subject, predicate, new RdfLiteral("3.5E0", "http://www.w3.org/2001/XMLSchema#double"), graph),
                new RdfQuad(subject, predicate, RdfLiteral.LanguageString("你好", "zh-CN")),
                new RdfQuad(subject, predicate, new RdfLiteral("plain", Rdf.XsdString)),
            ]));
    }

    [Fact]
    public void Parse_UnicodeEscapesAndEchars_AreDecoded()
    {
        var quad = Assert.Single(NQuads.Parse("<http://a.example/s> <http://a.example/p> \"\\u4E2D\\U0001F600\\t\\'\" .\n"));

        Assert.Equal(RdfLiteral.Plain("中😀\t'"), quad.Object);
    }

    [Theory]
    [InlineData("<http://a.example/s> <http://a.example/p> \"unterminated .")]
    [InlineData("<http://a.example/s> \"literal\" <http://a.example/o> .")]
    [InlineData("<http://a.example/s> <http://a.example/p> <http://a.example/o>")]
    [InlineData("<relative> <http://a.example/p> <http://a.example/o> .")]
    [InlineData("<http://a.example/s> <http://a.example/p> \"x\" . extra")]
    public void Parse_NotNQuads_ThrowsFormatExceptionNamingTheLine(string line)
    {
        var error = Assert.Throws<FormatException>(() => NQuads.Parse("# comment\n" + line + "\n"));

        Assert.StartsWith("N-Quads line 2,", error.Message);
    }
}
