using System.Buffers;
using System.Globalization;
using System.Text;

namespace CtecSkills.Core.LinkedData;

/// <summary>
/// N-Quads (https://www.w3.org/TR/n-quads/): written in the canonical form RDFC-1.0 defines (its appendix A — single
/// spaces, plain strings without their datatype, the escapes below, one line feed after every quad), and read from any
/// valid N-Quads document (the test suites' inputs).
/// </summary>
public static class NQuads
{
    /// <summary>The quads in canonical N-Quads form, in the order given.</summary>
    public static string Serialize(IEnumerable<RdfQuad> quads)
    {
        var text = new StringBuilder();
        foreach (var quad in quads)
        {
            Append(text, quad);
        }
        return text.ToString();
    }

    /// <summary>One quad in canonical N-Quads form, ending with a line feed.</summary>
    public static string Serialize(RdfQuad quad)
    {
        var text = new StringBuilder();
        Append(text, quad);
        return text.ToString();
    }

    /// <summary>One term as canonical N-Quads write it.</summary>
    public static string Serialize(RdfTerm term)
    {
        var text = new StringBuilder();
        AppendTerm(text, term);
        return text.ToString();
    }

    private static void Append(StringBuilder text, RdfQuad quad)
    {
        AppendTerm(text, quad.Subject);
        text.Append(' ');
        AppendTerm(text, quad.Predicate);
        text.Append(' ');
        AppendTerm(text, quad.Object);
        text.Append(' ');
        if (quad.Graph is not null)
        {
            AppendTerm(text, quad.Graph);
            text.Append(' ');
        }
        text.Append(".\n");
    }

    private static void AppendTerm(StringBuilder text, RdfTerm term)
    {
        switch (term)
        {
            case RdfIri iri:
                text.Append('<').Append(iri.Value).Append('>');
                break;
            case RdfBlankNode node:
                text.Append("_:").Append(node.Label);
                break;
            case RdfLiteral literal:
                text.Append('"');
                AppendEscaped(text, literal.Value);
                text.Append('"');
                if (literal.Language is not null)
                {
                    text.Append('@').Append(literal.Language);
                }
                else if (literal.Datatype != Rdf.XsdString)
                {
                    text.Append("^^<").Append(literal.Datatype).Append('>');
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(term), term, "Not an RDF term.");
        }
    }

    private static void AppendEscaped(StringBuilder text, string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '\b': text.Append("\\b"); break;
                case '\t': text.Append("\\t"); break;
                case '\n': text.Append("\\n"); break;
                case '\f': text.Append("\\f"); break;
                case '\r': text.Append("\\r"); break;
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                default:
                    // U+0000–U+001F (those without an ECHAR), DEL, and what XML 1.1's Char excludes (U+FFFE, U+FFFF; a
                    // lone surrogate cannot stand in well-formed text either) take a lowercase \u and four upper hex digits.
                    if (c < 0x20 || c == 0x7F || c == '\uFFFE' || c == '\uFFFF' || IsLoneSurrogate(value, i))
                    {
                        text.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        text.Append(c);
                    }
                    break;
            }
        }
    }

    /// <summary>
    /// Whether every RDFC-1.0 implementation writes <paramref name="value"/> the same in canonical N-Quads: false when it
    /// holds U+FFFE, U+FFFF or a lone surrogate, which the specification escapes and rdf-canonize (what most verifiers
    /// run) writes raw, so a proof over such text would not verify there (docs/decisions/0032).
    /// </summary>
    public static bool CanonicalizesAlike(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] is '\uFFFE' or '\uFFFF' || IsLoneSurrogate(value, i))
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsLoneSurrogate(string value, int i) =>
        char.IsHighSurrogate(value[i]) ? i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1])
        : char.IsLowSurrogate(value[i]) && (i == 0 || !char.IsHighSurrogate(value[i - 1]));

    /// <summary>Reads an N-Quads document; throws <see cref="FormatException"/> naming the line of the first error.</summary>
    public static IReadOnlyList<RdfQuad> Parse(string document)
    {
        var quads = new List<RdfQuad>();
        var lines = document.Split('\n');
        for (var n = 0; n < lines.Length; n++)
        {
            var reader = new LineReader(lines[n].TrimEnd('\r'), n + 1);
            reader.SkipSpace();
            if (reader.AtEndOrComment)
            {
                continue;
            }
            var subject = reader.ReadTerm(allowLiteral: false);
            reader.SkipSpace();
            var predicate = reader.ReadTerm(allowLiteral: false);
            if (predicate is not RdfIri)
            {
                throw reader.Error("a predicate must be an IRI");
            }
            reader.SkipSpace();
            var @object = reader.ReadTerm(allowLiteral: true);
            reader.SkipSpace();
            RdfTerm? graph = null;
            if (!reader.Peek('.'))
            {
                graph = reader.ReadTerm(allowLiteral: false);
                reader.SkipSpace();
            }
            reader.Expect('.');
            reader.SkipSpace();
            if (!reader.AtEndOrComment)
            {
                throw reader.Error("text after the final '.'");
            }
            quads.Add(new RdfQuad(subject, predicate, @object, graph));
        }
        return quads;
    }

    private static readonly SearchValues<char> SchemeCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.");

    private sealed class LineReader(string line, int number)
    {
        private int _at;

        public bool AtEndOrComment => _at >= line.Length || line[_at] == '#';

        public FormatException Error(string what) =>
            new($"N-Quads line {number}, column {_at + 1}: {what}.");

        public void SkipSpace()
        {
            while (_at < line.Length && line[_at] is ' ' or '\t')
            {
                _at++;
            }
        }

        public bool Peek(char c) => _at < line.Length && line[_at] == c;

        public void Expect(char c)
        {
            if (!Peek(c))
            {
                throw Error($"expected '{c}'");
            }
            _at++;
        }

        public RdfTerm ReadTerm(bool allowLiteral)
        {
            if (Peek('<'))
            {
                return new RdfIri(ReadIri());
            }
            if (Peek('_'))
            {
                Expect('_');
                Expect(':');
                var start = _at;
                while (_at < line.Length && line[_at] is not (' ' or '\t' or '<' or '"') && !(line[_at] == '.' && IsLabelEnd()))
                {
                    _at++;
                }
                if (_at == start)
                {
                    throw Error("empty blank node label");
                }
                return new RdfBlankNode(line[start.._at]);
            }
            if (allowLiteral && Peek('"'))
            {
                return ReadLiteral();
            }
            throw Error(allowLiteral ? "expected an IRI, a blank node or a literal" : "expected an IRI or a blank node");
        }

        // A '.' ends a label when nothing but space, a comment or the end follows it.
        private bool IsLabelEnd()
        {
            var next = _at + 1;
            while (next < line.Length && line[next] is ' ' or '\t')
            {
                next++;
            }
            return next >= line.Length || line[next] == '#';
        }

        private string ReadIri()
        {
            Expect('<');
            var iri = new StringBuilder();
            while (true)
            {
                if (_at >= line.Length)
                {
                    throw Error("unterminated IRI");
                }
                var c = line[_at++];
                if (c == '>')
                {
                    break;
                }
                if (c == '\\')
                {
                    AppendUnicodeEscape(iri);
                    continue;
                }
                if (c is ' ' or '<' or '"' or '{' or '}' or '|' or '^' or '`' || c <= 0x20)
                {
                    throw Error($"'{c}' is not allowed in an IRI");
                }
                iri.Append(c);
            }
            var value = iri.ToString();
            if (!HasScheme(value))
            {
                throw Error($"'{value}' is not an absolute IRI");
            }
            return value;
        }

        // An absolute IRI starts with a scheme: a letter, then letters, digits, '+', '-' or '.', then ':'.
        private static bool HasScheme(string iri)
        {
            var colon = iri.IndexOf(':');
            return colon > 0 && char.IsAsciiLetter(iri[0])
                && iri.AsSpan(1, colon - 1).IndexOfAnyExcept(SchemeCharacters) < 0;
        }

        private RdfLiteral ReadLiteral()
        {
            Expect('"');
            var value = new StringBuilder();
            while (true)
            {
                if (_at >= line.Length)
                {
                    throw Error("unterminated string");
                }
                var c = line[_at++];
                if (c == '"')
                {
                    break;
                }
                if (c == '\\')
                {
                    if (_at >= line.Length)
                    {
                        throw Error("unterminated escape");
                    }
                    var e = line[_at];
                    string? echar = e switch
                    {
                        't' => "\t",
                        'b' => "\b",
                        'n' => "\n",
                        'r' => "\r",
                        'f' => "\f",
                        '"' => "\"",
                        '\'' => "'",
                        '\\' => "\\",
                        _ => null,
                    };
                    if (echar is not null)
                    {
                        _at++;
                        value.Append(echar);
                    }
                    else
                    {
                        AppendUnicodeEscape(value);
                    }
                    continue;
                }
                if (c is '\n' or '\r')
                {
                    throw Error("a line break inside a string must be escaped");
                }
                value.Append(c);
            }
            if (Peek('@'))
            {
                _at++;
                var start = _at;
                while (_at < line.Length && (char.IsAsciiLetterOrDigit(line[_at]) || line[_at] == '-'))
                {
                    _at++;
                }
                if (_at == start)
                {
                    throw Error("empty language tag");
                }
                return RdfLiteral.LanguageString(value.ToString(), line[start.._at]);
            }
            if (Peek('^'))
            {
                Expect('^');
                Expect('^');
                return new RdfLiteral(value.ToString(), ReadIri());
            }
            return RdfLiteral.Plain(value.ToString());
        }

        // After a backslash: \uXXXX or \UXXXXXXXX.
        private void AppendUnicodeEscape(StringBuilder text)
        {
            var width = _at < line.Length ? line[_at] switch { 'u' => 4, 'U' => 8, _ => 0 } : 0;
            if (width == 0 || _at + 1 + width > line.Length
                || !int.TryParse(line.AsSpan(_at + 1, width), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
                || code > 0x10FFFF || code is >= 0xD800 and <= 0xDFFF)
            {
                throw Error("bad escape");
            }
            _at += 1 + width;
            text.Append(char.ConvertFromUtf32(code));
        }
    }
}
