using CtecSkills.Core.Analytics;

namespace CtecSkills.UnitTests.Analytics;

public sealed class CellSuppressionTests
{
    // root → 2 provinces → 3 localities each (9 cells, 6 leaves)
    private static readonly int[] TwoLevels = [-1, 0, 0, 1, 1, 1, 2, 2, 2];

    // root → 2 provinces → 2 localities → urban/rural (15 cells, 8 leaves)
    private static readonly int[] ThreeLevels = [-1, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6];

    [Fact]
    public void Suppress_OneSmallCellAmongLarge_SuppressesTheSmallestOtherChildToo()
    {
        // total 60 = 25 + 35; 25 = 3 + 10 + 12; 35 = 20 + 15 + 0
        long[] values = [60, 25, 35, 3, 10, 12, 20, 15, 0];

        var suppressed = CellSuppression.Suppress(TwoLevels, values, k: 5);

        Assert.Equal([false, false, false, true, true, false, false, false, false], suppressed);
    }

    [Fact]
    public void Suppress_SuppressedParentWithPublishedChildren_HidesAChild()
    {
        // A province of 4 (below k) whose localities are 4 and 0: the province alone would be recomputed from them.
        long[] values = [24, 4, 20, 4, 0, 0, 10, 5, 5];

        var suppressed = CellSuppression.Suppress(TwoLevels, values, k: 5);

        Assert.True(suppressed[1]);
        Assert.True(suppressed[3]);
        Assert.True(suppressed[2], "The other province must hide too, or the total gives 4 away.");
    }

    [Fact]
    public void Suppress_RandomTables_PublishNoCellBelowK()
    {
        var random = new Random(5);
        for (var run = 0; run < 500; run++)
        {
            var values = RandomTree(ThreeLevels, random, 30);
            var k = random.Next(1, 12);

            var suppressed = CellSuppression.Suppress(ThreeLevels, values, k);

            for (var i = 0; i < values.Length; i++)
            {
                Assert.False(!suppressed[i] && values[i] > 0 && values[i] < k, $"run {run}: cell {i} = {values[i]} published with k = {k}");
            }
        }
    }

    [Fact]
    public void Suppress_SmallTablesByBruteForce_NoSuppressedCellIsDetermined()
    {
        var random = new Random(9);
        var checkedTables = 0;
        for (var run = 0; run < 400 && checkedTables < 150; run++)
        {
            var shape = run % 2 == 0 ? TwoLevels : ThreeLevels;
            var values = RandomTree(shape, random, 8);
            var suppressed = CellSuppression.Suppress(shape, values, k: 4);
            if (!suppressed.Any(s => s) || SuppressedLeaves(shape, suppressed).Count > 6)
            {
                continue;
            }
            checkedTables++;

            var possible = PossibleValues(shape, values, suppressed, maxLeaf: 12);

            for (var i = 0; i < values.Length; i++)
            {
                if (suppressed[i])
                {
                    Assert.Contains(values[i], possible[i]);
                    Assert.True(possible[i].Count >= 2, $"cell {i} (true {values[i]}) can only be {string.Join(",", possible[i])}: [{string.Join(",", values)}]");
                }
            }
        }
        Assert.True(checkedTables >= 100, $"only {checkedTables} tables checked");
    }

    /// <summary>
    /// Every value each suppressed cell can take in some table of non-negative leaves (up to maxLeaf) that agrees
    /// with every published cell — an attacker's brute force over the published margins.
    /// </summary>
    private static List<HashSet<long>> PossibleValues(int[] parents, long[] truth, bool[] suppressed, int maxLeaf)
    {
        var leaves = Leaves(parents);
        var unknownLeaves = leaves.Where(l => suppressed[l]).ToList();
        var possible = truth.Select(_ => new HashSet<long>()).ToList();
        var candidate = (long[])truth.Clone();
        var digits = new int[unknownLeaves.Count];
        while (true)
        {
            for (var d = 0; d < digits.Length; d++)
            {
                candidate[unknownLeaves[d]] = digits[d];
            }
            var sums = SumUp(parents, leaves, candidate);
            if (Enumerable.Range(0, truth.Length).All(i => suppressed[i] || sums[i] == truth[i]))
            {
                for (var i = 0; i < truth.Length; i++)
                {
                    if (suppressed[i])
                    {
                        possible[i].Add(sums[i]);
                    }
                }
            }
            var pos = 0;
            while (pos < digits.Length && ++digits[pos] > maxLeaf)
            {
                digits[pos++] = 0;
            }
            if (pos == digits.Length)
            {
                break;
            }
        }
        return possible;
    }

    private static long[] SumUp(int[] parents, List<int> leaves, long[] leafValues)
    {
        var sums = new long[parents.Length];
        foreach (var l in leaves)
        {
            sums[l] = leafValues[l];
        }
        for (var i = parents.Length - 1; i > 0; i--)
        {
            sums[parents[i]] += sums[i];
        }
        return sums;
    }

    private static List<int> Leaves(int[] parents) =>
        [.. Enumerable.Range(0, parents.Length).Where(i => !parents.Contains(i))];

    private static List<int> SuppressedLeaves(int[] parents, bool[] suppressed) =>
        [.. Leaves(parents).Where(l => suppressed[l])];

    private static long[] RandomTree(int[] parents, Random random, int maxLeaf)
    {
        var values = new long[parents.Length];
        foreach (var leaf in Leaves(parents))
        {
            // Many zeros and small cells, as in a thin month.
            values[leaf] = random.Next(3) == 0 ? 0 : random.Next(0, maxLeaf + 1);
        }
        return SumUp(parents, Leaves(parents), values);
    }
}
