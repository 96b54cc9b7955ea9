using System.Globalization;
using System.Text;
using CtecSkills.Core.LinkedData;

namespace CtecSkills.UnitTests.LinkedData;

/// <summary>
/// Random RDF datasets of the kinds that make canonicalization hard: blank-node trees, cycles, stars of identical
/// leaves, twin subgraphs and small cliques (automorphic shapes), blank-node and IRI graph names, and literals with
/// Chinese text, control characters, characters above U+FFFF and private-use characters next to each other (where code
/// point and UTF-16 order part), language tags and datatypes. One seed, the same datasets every run.
/// </summary>
internal sealed class RandomDatasets(int seed)
{
    private readonly Random _random = new(seed);
    private int _nodes;

    private static readonly string[] Predicates =
        ["http://example.org/p", "http://example.org/q", "https://schema.org/name", "http://example.org/课程#学分",
            Rdf.Type, "https://www.w3.org/2018/credentials#credentialSubject"];

    private static readonly string[] Datatypes =
        ["http://www.w3.org/2001/XMLSchema#integer", "http://www.w3.org/2001/XMLSchema#dateTime",
            "http://www.w3.org/2001/XMLSchema#double", "http://www.w3.org/2001/XMLSchema#boolean", "http://example.org/dt", Rdf.Json];

    private static readonly string[] Languages = ["zh-CN", "en", "zh-Hans-CN", "en-US"];

    // Characters whose code point and UTF-16 orders disagree (the last four) beside ordinary ones.
    private static readonly string[] Leads = ["a", "Z", "中", "\u00E9", "\uE000", "\uFF5E", "\U0001F600", "\U00020BB7"];

    public List<RdfQuad> Next()
    {
        _nodes = 0;
        var quads = new List<RdfQuad>();
        var shapes = _random.Next(1, 4);
        for (var i = 0; i < shapes; i++)
        {
            var graph = _random.Next(5) switch
            {
                0 => new RdfBlankNode(NewLabel()),
                1 => new RdfIri($"http://example.org/graph/{_random.Next(3)}"),
                _ => (RdfTerm?)null,
            };
            AddShape(quads, graph);
        }
        return quads;
    }

    private void AddShape(List<RdfQuad> quads, RdfTerm? graph)
    {
        void Add(RdfTerm s, string p, RdfTerm o) => quads.Add(new RdfQuad(s, new RdfIri(p), o, graph));
        switch (_random.Next(7))
        {
            case 0:
                Tree(Add, NewNode(), depth: 0);
                break;
            case 1:
                {
                    // A cycle: every node looks the same until the algorithm tells them apart.
                    var ring = Nodes(_random.Next(2, 7));
                    var predicate = Pick(Predicates);
                    var literal = _random.Next(2) == 0 ? RandomLiteral() : null;
                    for (var k = 0; k < ring.Count; k++)
                    {
                        Add(ring[k], predicate, ring[(k + 1) % ring.Count]);
                        if (literal is not null)
                        {
                            Add(ring[k], Predicates[0], literal);
                        }
                    }
                    break;
                }
            case 2:
                {
                    // A star of identical leaves, around a blank node or an IRI.
                    RdfTerm center = _random.Next(2) == 0 ? NewNode() : new RdfIri($"http://example.org/s{_random.Next(5)}");
                    var leafLiteral = RandomLiteral();
                    foreach (var leaf in Nodes(_random.Next(2, 6)))
                    {
                        Add(center, Predicates[1], leaf);
                        Add(leaf, Predicates[2], leafLiteral);
                    }
                    break;
                }
            case 3:
                {
                    // The same small subgraph twice.
                    var size = _random.Next(2, 4);
                    var template = Enumerable.Range(0, size + 1)
                        .Select(_ => (From: _random.Next(size), Predicate: Pick(Predicates), To: _random.Next(size + 2), Literal: RandomLiteral()))
                        .ToList();
                    for (var copy = 0; copy < 2; copy++)
                    {
                        var nodes = Nodes(size);
                        foreach (var (from, predicate, to, literal) in template)
                        {
                            Add(nodes[from], predicate, to < size ? nodes[to] : literal);
                        }
                    }
                    break;
                }
            case 4:
                {
                    var clique = Nodes(3);
                    foreach (var a in clique)
                    {
                        foreach (var b in clique.Where(b => b != a))
                        {
                            Add(a, Predicates[0], b);
                        }
                    }
                    break;
                }
            case 5:
                {
                    // Literals that only their first character tells apart, on one subject.
                    RdfTerm subject = _random.Next(2) == 0 ? NewNode() : new RdfIri("http://example.org/s中");
                    foreach (var lead in Leads.OrderBy(_ => _random.Next()).Take(_random.Next(2, Leads.Length)))
                    {
                        Add(subject, Predicates[0], RdfLiteral.Plain(lead + RandomText(3)));
                    }
                    break;
                }
            default:
                {
                    var subject = new RdfIri($"urn:uuid:{new Guid(Enumerable.Range(0, 16).Select(_ => (byte)_random.Next(256)).ToArray())}");
                    for (var k = _random.Next(1, 6); k > 0; k--)
                    {
                        Add(subject, Pick(Predicates), _random.Next(3) == 0 ? Tree(Add, NewNode(), depth: 1) : RandomLiteral());
                    }
                    break;
                }
        }
    }

    private RdfBlankNode Tree(Action<RdfTerm, string, RdfTerm> add, RdfBlankNode node, int depth)
    {
        for (var k = _random.Next(1, 4); k > 0; k--)
        {
            add(node, Pick(Predicates), RandomLiteral());
        }
        if (depth < 3)
        {
            for (var k = _random.Next(0, 3); k > 0; k--)
            {
                add(node, Pick(Predicates), Tree(add, NewNode(), depth + 1));
            }
        }
        return node;
    }

    private RdfLiteral RandomLiteral() => _random.Next(6) switch
    {
        0 => RdfLiteral.LanguageString(RandomText(8), Pick(Languages)),
        1 => new RdfLiteral(_random.Next(-1000, 1000).ToString(CultureInfo.InvariantCulture), Datatypes[0]),
        2 => new RdfLiteral(new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(_random.Next())
            .ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), Datatypes[1]),
        3 => new RdfLiteral(RandomText(6), Pick(Datatypes)),
        _ => RdfLiteral.Plain(RandomText(12)),
    };

    private string RandomText(int maxLength)
    {
        var text = new StringBuilder();
        for (var n = _random.Next(maxLength + 1); n > 0; n--)
        {
            text.Append(_random.Next(8) switch
            {
                0 => ((char)_random.Next(0x4E00, 0x9FA6)).ToString(),
                1 => ((char)(_random.Next(0x21) is var c && c == 0x20 ? 0x7F : c)).ToString(),
                2 => Pick(["\"", "\\", " ", "'", "\u3000", "。"]),
                3 => char.ConvertFromUtf32(_random.Next(2) == 0 ? _random.Next(0x1F600, 0x1F650) : _random.Next(0x20000, 0x2A6E0)),
                4 => ((char)(_random.Next(2) == 0 ? _random.Next(0xE000, 0xF900) : _random.Next(0xFF01, 0xFFFE))).ToString(),
                _ => ((char)_random.Next('a', 'z' + 1)).ToString(),
            });
        }
        return text.ToString();
    }

    private List<RdfBlankNode> Nodes(int count) => [.. Enumerable.Range(0, count).Select(_ => NewNode())];

    private RdfBlankNode NewNode() => new(NewLabel());

    private string NewLabel() => $"b{_nodes++}";

    private string Pick(string[] items) => items[_random.Next(items.Length)];
}
