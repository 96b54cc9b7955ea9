using System.Security.Cryptography;
using System.Text;
using CtecSkills.Core.LinkedData;

namespace CtecSkills.UnitTests.LinkedData.JsonLd;

/// <summary>
/// Test-only dataset comparison: blank nodes are relabelled deterministically by refining each node's signature
/// (the quads it occurs in, with neighbours' current signatures) until stable, then the sorted lines are compared. Not
/// a canonicalization (RDFC-1.0 is the other half of issue 16); enough to say two small datasets are the same graph.
/// </summary>
internal static class RdfDatasets
{
    public static string Relabelled(IEnumerable<RdfQuad> quads)
    {
        var list = quads.Distinct().ToList();
        var blanks = list.SelectMany(Terms).OfType<RdfBlankNode>().Select(b => b.Label).Distinct().ToList();
        var colour = blanks.ToDictionary(b => b, _ => "");
        var distinct = 1;
        for (var round = 0; round < blanks.Count + 1; round++)
        {
            var next = new Dictionary<string, string>();
            foreach (var blank in blanks)
            {
                var lines = list.Where(q => Terms(q).Any(t => t is RdfBlankNode b && b.Label == blank))
                    .Select(q => Line(q, b => b == blank ? "_:self" : "_:c" + colour[b]))
                    .Order(StringComparer.Ordinal);
                next[blank] = colour[blank] + Hash(string.Concat(lines));
            }
            colour = next.ToDictionary(e => e.Key, e => Hash(e.Value));
            var count = colour.Values.Distinct().Count();
            if (count == distinct && round > 0)
            {
                break;
            }
            distinct = count;
        }
        var labels = blanks.OrderBy(b => colour[b], StringComparer.Ordinal).Select((b, i) => (b, i)).ToDictionary(e => e.b, e => "_:c" + e.i);
        return string.Concat(list.Select(q => Line(q, b => labels[b])).Order(StringComparer.Ordinal));
    }

    private static IEnumerable<RdfTerm> Terms(RdfQuad quad) =>
        quad.Graph is null ? [quad.Subject, quad.Predicate, quad.Object] : [quad.Subject, quad.Predicate, quad.Object, quad.Graph];

    private static string Line(RdfQuad quad, Func<string, string> label)
    {
        RdfTerm Map(RdfTerm term) => term is RdfBlankNode b ? new RdfBlankNode(label(b.Label)[2..]) : term;
        return NQuads.Serialize(new RdfQuad(Map(quad.Subject), Map(quad.Predicate), Map(quad.Object), quad.Graph is null ? null : Map(quad.Graph)));
    }

    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
}
