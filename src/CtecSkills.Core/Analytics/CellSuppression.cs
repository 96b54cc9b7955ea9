namespace CtecSkills.Core.Analytics;

/// <summary>
/// Primary and complementary suppression of a hierarchical table (a tree in which every parent equals the sum of its
/// children): cells from 1 to k − 1 are suppressed, then, until nothing changes, every parent equation
/// (parent = Σ children) that has exactly one unknown gets a second one — the smallest non-zero published child, a
/// zero child if there is none, the parent when it has no published child left. With 0 or ≥ 2 unknowns in every
/// equation of a tree, each unknown can be moved by one and compensated along a path of other unknowns, so no
/// suppressed cell can be worked out from the published ones (see docs/decisions/0009).
/// Zeros are published: that nobody in a cell did something identifies nobody.
/// </summary>
public static class CellSuppression
{
    /// <summary>Which cells to suppress; <paramref name="parents"/>[i] is the index of i's parent, −1 for the root.</summary>
    public static bool[] Suppress(IReadOnlyList<int> parents, IReadOnlyList<long> values, int k)
    {
        ArgumentNullException.ThrowIfNull(parents);
        ArgumentNullException.ThrowIfNull(values);
        if (parents.Count != values.Count)
        {
            throw new ArgumentException("One parent per value.", nameof(parents));
        }
        var n = values.Count;
        var suppressed = new bool[n];
        var children = new List<int>[n];
        for (var i = 0; i < n; i++)
        {
            children[i] = [];
        }
        for (var i = 0; i < n; i++)
        {
            if (values[i] < 0)
            {
                throw new ArgumentException($"Cell {i} is negative.", nameof(values));
            }
            suppressed[i] = values[i] > 0 && values[i] < k;
            if (parents[i] >= 0)
            {
                children[parents[i]].Add(i);
            }
        }

        bool changed;
        do
        {
            changed = false;
            for (var p = 0; p < n; p++)
            {
                if (children[p].Count == 0)
                {
                    continue;
                }
                var unknowns = suppressed[p] ? 1 : 0;
                foreach (var c in children[p])
                {
                    unknowns += suppressed[c] ? 1 : 0;
                }
                if (unknowns != 1)
                {
                    continue;
                }
                var complement = -1;
                foreach (var c in children[p])
                {
                    if (!suppressed[c] && (complement < 0 || Better(values[c], values[complement])))
                    {
                        complement = c;
                    }
                }
                suppressed[complement >= 0 ? complement : p] = true;
                changed = true;
            }
        }
        while (changed);
        return suppressed;
    }

    // The smallest non-zero value loses the least information; a zero only when nothing else is left.
    private static bool Better(long candidate, long current) =>
        current == 0 ? candidate > 0 : candidate > 0 && candidate < current;
}
