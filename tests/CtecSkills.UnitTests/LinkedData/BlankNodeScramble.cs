using CtecSkills.Core.LinkedData;

namespace CtecSkills.UnitTests.LinkedData;

/// <summary>
/// The same dataset written another way: every blank node renamed at random and the quads shuffled — what a
/// canonicalizer must see through.
/// </summary>
internal static class BlankNodeScramble
{
    public static List<RdfQuad> Scramble(IReadOnlyList<RdfQuad> quads, Random random)
    {
        var renamed = new Dictionary<string, string>(StringComparer.Ordinal);
        RdfTerm Rename(RdfTerm term)
        {
            if (term is not RdfBlankNode node)
            {
                return term;
            }
            if (!renamed.TryGetValue(node.Label, out var label))
            {
                renamed[node.Label] = label = $"n{random.Next(100_000)}x{renamed.Count}";
            }
            return new RdfBlankNode(label);
        }
        return [.. quads
            .Select(q => new RdfQuad(Rename(q.Subject), q.Predicate, Rename(q.Object), q.Graph is null ? null : Rename(q.Graph)))
            .OrderBy(_ => random.Next())];
    }
}
