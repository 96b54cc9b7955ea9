using System.Security.Cryptography;
using System.Text;

namespace CtecSkills.Core.LinkedData;

/// <summary>
/// RDF Dataset Canonicalization, RDFC-1.0 (https://www.w3.org/TR/rdf-canon/): the same dataset always gives the same
/// N-Quads, however its blank nodes were labelled and its quads ordered — the bytes an eddsa-rdfc-2022 proof signs.
/// Written here because no .NET package served to us implements it (ADR 0032).
/// </summary>
public static class RdfCanonicalizer
{
    /// <summary>
    /// Canonicalizes <paramref name="quads"/>; throws <see cref="RdfcWorkLimitExceededException"/> when the dataset's
    /// blank nodes need more work than <see cref="RdfcOptions.WorkLimit"/> allows (a poisoned dataset).
    /// </summary>
    public static RdfcResult Canonicalize(IReadOnlyList<RdfQuad> quads, RdfcOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(quads);
        foreach (var quad in quads)
        {
            if (quad.Subject is RdfLiteral || quad.Predicate is not RdfIri || quad.Graph is RdfLiteral)
            {
                throw new ArgumentException(
                    $"Not an RDF quad (a subject and graph name are IRIs or blank nodes, a predicate an IRI): {quad}", nameof(quads));
            }
        }
        var state = new State(quads, options ?? new RdfcOptions());
        return state.Run();
    }

    private sealed class State
    {
        private readonly List<RdfQuad> _quads;
        private readonly RdfcOptions _options;
        private readonly Dictionary<string, List<RdfQuad>> _quadsByNode = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _firstDegreeHashes = new(StringComparer.Ordinal);
        private readonly IdentifierIssuer _canonicalIssuer = new("c14n");
        private readonly IComparer<string> _lineOrder;
        private long _work;

        public State(IReadOnlyList<RdfQuad> quads, RdfcOptions options)
        {
            // A dataset is a set: a quad given twice counts once, in hashes and in the output.
            _quads = [.. quads.Distinct()];
            _options = options;
            _lineOrder = options.LineOrder == RdfcLineOrder.Utf16 ? StringComparer.Ordinal : CodePointComparer.Instance;
        }

        public RdfcResult Run()
        {
            foreach (var quad in _quads)
            {
                foreach (var (node, _) in BlankNodesOf(quad))
                {
                    if (!_quadsByNode.TryGetValue(node, out var list))
                    {
                        _quadsByNode[node] = list = [];
                    }
                    // A quad that names the same blank node twice is listed once.
                    if (list.Count == 0 || !ReferenceEquals(list[^1], quad))
                    {
                        list.Add(quad);
                    }
                }
            }

            var nodesByHash = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var node in _quadsByNode.Keys)
            {
                var hash = HashFirstDegree(node);
                if (!nodesByHash.TryGetValue(hash, out var list))
                {
                    nodesByHash[hash] = list = [];
                }
                list.Add(node);
            }

            foreach (var (_, nodes) in nodesByHash)
            {
                if (nodes.Count == 1)
                {
                    _canonicalIssuer.Issue(nodes[0]);
                }
            }

            foreach (var (_, nodes) in nodesByHash)
            {
                if (nodes.Count == 1)
                {
                    continue;
                }
                var hashPaths = new List<(string Hash, IdentifierIssuer Issuer)>();
                foreach (var node in nodes)
                {
                    if (_canonicalIssuer.Has(node))
                    {
                        continue;
                    }
                    var temporary = new IdentifierIssuer("b");
                    temporary.Issue(node);
                    hashPaths.Add(HashNDegree(node, temporary));
                }
                foreach (var (_, issuer) in hashPaths.OrderBy(p => p.Hash, StringComparer.Ordinal))
                {
                    foreach (var existing in issuer.IssuedInOrder)
                    {
                        _canonicalIssuer.Issue(existing);
                    }
                }
            }

            var lines = new List<string>(_quads.Count);
            foreach (var quad in _quads)
            {
                lines.Add(NQuads.Serialize(Relabel(quad, node => _canonicalIssuer.Get(node)!)));
            }
            lines.Sort(_lineOrder);
            return new RdfcResult(string.Concat(lines), _canonicalIssuer.IssuedMap());
        }

        private string HashFirstDegree(string node)
        {
            if (_firstDegreeHashes.TryGetValue(node, out var known))
            {
                return known;
            }
            var lines = _quadsByNode[node]
                .Select(q => NQuads.Serialize(Relabel(q, label => label == node ? "a" : "z")))
                .ToList();
            lines.Sort(_lineOrder);
            return _firstDegreeHashes[node] = Hash(string.Concat(lines));
        }

        private string HashRelated(string related, RdfQuad quad, IdentifierIssuer issuer, char position)
        {
            var input = new StringBuilder().Append(position);
            if (position != 'g')
            {
                input.Append('<').Append(((RdfIri)quad.Predicate).Value).Append('>');
            }
            var identifier = _canonicalIssuer.Get(related) ?? issuer.Get(related);
            input.Append(identifier is not null ? "_:" + identifier : HashFirstDegree(related));
            return Hash(input.ToString());
        }

        private (string Hash, IdentifierIssuer Issuer) HashNDegree(string node, IdentifierIssuer issuer)
        {
            CountWork();
            var relatedByHash = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var quad in _quadsByNode[node])
            {
                foreach (var (related, position) in BlankNodesOf(quad))
                {
                    if (related == node)
                    {
                        continue;
                    }
                    var hash = HashRelated(related, quad, issuer, position);
                    if (!relatedByHash.TryGetValue(hash, out var list))
                    {
                        relatedByHash[hash] = list = [];
                    }
                    list.Add(related);
                }
            }

            var data = new StringBuilder();
            foreach (var (hash, related) in relatedByHash)
            {
                data.Append(hash);
                string? chosenPath = null;
                IdentifierIssuer? chosenIssuer = null;
                foreach (var permutation in Permutations(related))
                {
                    CountWork();
                    var issuerCopy = issuer.Clone();
                    var path = new StringBuilder();
                    var recursion = new List<string>();
                    var skip = false;
                    foreach (var other in permutation)
                    {
                        var canonical = _canonicalIssuer.Get(other);
                        if (canonical is not null)
                        {
                            path.Append("_:").Append(canonical);
                        }
                        else
                        {
                            if (!issuerCopy.Has(other))
                            {
                                recursion.Add(other);
                            }
                            path.Append("_:").Append(issuerCopy.Issue(other));
                        }
                        if (IsWorse(path, chosenPath))
                        {
                            skip = true;
                            break;
                        }
                    }
                    if (skip)
                    {
                        continue;
                    }
                    foreach (var other in recursion)
                    {
                        var result = HashNDegree(other, issuerCopy);
                        path.Append("_:").Append(issuerCopy.Issue(other)).Append('<').Append(result.Hash).Append('>');
                        issuerCopy = result.Issuer;
                        if (IsWorse(path, chosenPath))
                        {
                            skip = true;
                            break;
                        }
                    }
                    if (skip)
                    {
                        continue;
                    }
                    var finished = path.ToString();
                    if (chosenPath is null || string.CompareOrdinal(finished, chosenPath) < 0)
                    {
                        chosenPath = finished;
                        chosenIssuer = issuerCopy;
                    }
                }
                data.Append(chosenPath);
                issuer = chosenIssuer!;
            }
            return (Hash(data.ToString()), issuer);
        }

        // Paths hold only "_:", identifiers, hex hashes and angle brackets (ASCII): ordinal order is code point order.
        private static bool IsWorse(StringBuilder path, string? chosenPath) =>
            chosenPath is not null && path.Length >= chosenPath.Length
            && string.CompareOrdinal(path.ToString(), chosenPath) > 0;

        private void CountWork()
        {
            if (++_work > _options.WorkLimit)
            {
                throw new RdfcWorkLimitExceededException(_options.WorkLimit);
            }
        }

        private string Hash(string input)
        {
            var bytes = Encoding.UTF8.GetBytes(input);
            return Convert.ToHexStringLower(_options.HashAlgorithm == RdfcHashAlgorithm.Sha384
                ? SHA384.HashData(bytes)
                : SHA256.HashData(bytes));
        }
    }

    private static IEnumerable<(string Label, char Position)> BlankNodesOf(RdfQuad quad)
    {
        if (quad.Subject is RdfBlankNode subject)
        {
            yield return (subject.Label, 's');
        }
        if (quad.Object is RdfBlankNode @object)
        {
            yield return (@object.Label, 'o');
        }
        if (quad.Graph is RdfBlankNode graph)
        {
            yield return (graph.Label, 'g');
        }
    }

    private static RdfQuad Relabel(RdfQuad quad, Func<string, string> label)
    {
        RdfTerm Map(RdfTerm term) => term is RdfBlankNode node ? new RdfBlankNode(label(node.Label)) : term;
        return new RdfQuad(Map(quad.Subject), quad.Predicate, Map(quad.Object), quad.Graph is null ? null : Map(quad.Graph));
    }

    // Every order of the items (lexicographic over their positions), each yielded as a fresh array.
    private static IEnumerable<string[]> Permutations(List<string> items)
    {
        var order = Enumerable.Range(0, items.Count).ToArray();
        while (true)
        {
            yield return [.. order.Select(i => items[i])];
            var i = order.Length - 2;
            while (i >= 0 && order[i] >= order[i + 1])
            {
                i--;
            }
            if (i < 0)
            {
                yield break;
            }
            var j = order.Length - 1;
            while (order[j] <= order[i])
            {
                j--;
            }
            (order[i], order[j]) = (order[j], order[i]);
            Array.Reverse(order, i + 1, order.Length - i - 1);
        }
    }

    /// <summary>RDFC-1.0's identifier issuer: a prefix, a counter, and what it issued in the order it issued it.</summary>
    private sealed class IdentifierIssuer(string prefix)
    {
        private readonly Dictionary<string, string> _issued = new(StringComparer.Ordinal);
        private readonly List<string> _order = [];

        public IReadOnlyList<string> IssuedInOrder => _order;

        public bool Has(string existing) => _issued.ContainsKey(existing);

        public string? Get(string existing) => _issued.GetValueOrDefault(existing);

        public string Issue(string existing)
        {
            if (_issued.TryGetValue(existing, out var issued))
            {
                return issued;
            }
            issued = prefix + _order.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            _issued[existing] = issued;
            _order.Add(existing);
            return issued;
        }

        public IdentifierIssuer Clone()
        {
            var copy = new IdentifierIssuer(prefix);
            foreach (var existing in _order)
            {
                copy.Issue(existing);
            }
            return copy;
        }

        public Dictionary<string, string> IssuedMap() => new Dictionary<string, string>(_issued, StringComparer.Ordinal);
    }
}

/// <summary>Unicode code point order for UTF-16 strings: differs from ordinal order only where a surrogate pair (above U+FFFF) meets U+E000–U+FFFF.</summary>
internal sealed class CodePointComparer : IComparer<string>
{
    public static CodePointComparer Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }
        var length = Math.Min(x.Length, y.Length);
        var at = x.AsSpan(0, length).CommonPrefixLength(y.AsSpan(0, length));
        return at == length ? x.Length.CompareTo(y.Length) : Lift(x[at]).CompareTo(Lift(y[at]));
    }

    // Surrogates (U+D800–U+DFFF) move above U+E000–U+FFFF, which keeps every other order unchanged.
    private static int Lift(char c) => c >= 0xD800 ? (c >= 0xE000 ? c - 0x800 : c + 0x2000) : c;
}
