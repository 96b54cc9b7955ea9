using CtecSkills.Core.Regions;

namespace CtecSkills.Core.Analytics;

/// <summary>
/// The cells of a release as a tree (total → province → locality → urban/rural → group), parents before children,
/// with one value array per count. Leaves are filled from the aggregation; parents are always sums of their leaves.
/// </summary>
internal sealed class ReleaseTree
{
    public const int Enrollments = 0;
    public const int Completions = 1;
    public const int Completers = 2;
    public const int Credentialed = 3;
    public const int Priority = 4;
    private const int MeasureCount = 5;

    private readonly List<Node> _nodes = [];
    private readonly Dictionary<(string Locality, Area Area, string? Group), int> _leaves = [];

    private ReleaseTree()
    {
    }

    private bool[] _isLeaf = [];

    public long[][] Values { get; private set; } = [];

    public static ReleaseTree Build(IReadOnlyList<Locality> localities, IReadOnlyList<PopulationFigure> figures, IReadOnlyList<string> groups)
    {
        var population = figures.ToDictionary(f => (f.LocalityCode, f.Area), f => f.Population);
        var tree = new ReleaseTree();
        var total = tree.Add(new(CellLevel.Total, "", null, null, null, 0, -1));
        foreach (var province in localities.GroupBy(l => l.ProvinceCode).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var p = tree.Add(new(CellLevel.Province, province.Key, null, null, null, 0, total));
            foreach (var locality in province.OrderBy(l => l.Code, StringComparer.Ordinal))
            {
                var l = tree.Add(new(CellLevel.Locality, province.Key, locality.Code, null, null, 0, p));
                foreach (var area in Enum.GetValues<Area>())
                {
                    var residents = population.GetValueOrDefault((locality.Code, area));
                    var a = tree.Add(new(CellLevel.Area, province.Key, locality.Code, area, null, residents, l));
                    tree.AddPopulation(a, residents);
                    if (groups.Count == 0)
                    {
                        tree._leaves[(locality.Code, area, null)] = a;
                        continue;
                    }
                    foreach (var group in groups)
                    {
                        tree._leaves[(locality.Code, area, group)] = tree.Add(new(CellLevel.Group, province.Key, locality.Code, area, group, null, a));
                    }
                }
            }
        }
        tree._isLeaf = new bool[tree._nodes.Count];
        foreach (var leaf in tree._leaves.Values)
        {
            tree._isLeaf[leaf] = true;
        }
        tree.Values = [.. Enumerable.Range(0, MeasureCount).Select(_ => new long[tree._nodes.Count])];
        return tree;
    }

    public bool TryGetLeaf(string locality, Area area, string? group, out int leaf) => _leaves.TryGetValue((locality, area, group), out leaf);

    /// <summary>
    /// Noise on every leaf of every count, then each leaf made consistent again (<see cref="MakeConsistent"/>);
    /// parents are summed afterwards, so they keep every relation their leaves have.
    /// </summary>
    public void AddNoise(Func<long> noise)
    {
        foreach (var leaf in _leaves.Values)
        {
            foreach (var values in Values)
            {
                values[leaf] += noise();
            }
            MakeConsistent(leaf);
        }
    }

    /// <summary>
    /// Post-processing of one noisy leaf (it reads only noisy values, so differential privacy is kept): no count below
    /// 0, distinct completers at most the completions and at least one when anyone completed, priority-group
    /// completions at most the completions. Enrollments and credentialed learners have no such relation within a
    /// period (a learner enrolls or earns the credential in another month than they complete).
    /// </summary>
    private void MakeConsistent(int leaf)
    {
        foreach (var values in Values)
        {
            values[leaf] = Math.Max(0, values[leaf]);
        }
        var completions = Values[Completions][leaf];
        Values[Completers][leaf] = Math.Clamp(Values[Completers][leaf], Math.Min(1, completions), completions);
        Values[Priority][leaf] = Math.Min(Values[Priority][leaf], completions);
    }

    /// <summary>Every parent becomes the sum of its children (children come after their parents).</summary>
    public void SumUp()
    {
        foreach (var values in Values)
        {
            for (var i = 0; i < _nodes.Count; i++)
            {
                if (!_isLeaf[i])
                {
                    values[i] = 0;
                }
            }
            for (var i = _nodes.Count - 1; i > 0; i--)
            {
                values[_nodes[i].Parent] += values[i];
            }
        }
    }

    public List<IndexReleaseCell> ToCells(int k)
    {
        var parents = _nodes.Select(n => n.Parent).ToList();
        var suppressed = Values.Select(v => CellSuppression.Suppress(parents, v, k)).ToArray();
        int? Published(int measure, int i) => suppressed[measure][i] ? null : checked((int)Values[measure][i]);
        return [.. _nodes.Select((n, i) => new IndexReleaseCell
        {
            Level = n.Level,
            ProvinceCode = n.ProvinceCode,
            LocalityCode = n.LocalityCode,
            Area = n.Area,
            Group = n.Group,
            Population = n.Population,
            Enrollments = Published(Enrollments, i),
            Completions = Published(Completions, i),
            Completers = Published(Completers, i),
            CredentialedLearners = Published(Credentialed, i),
            PriorityCompletions = Published(Priority, i),
        })];
    }

    private int Add(Node node)
    {
        _nodes.Add(node);
        return _nodes.Count - 1;
    }

    private void AddPopulation(int from, long residents)
    {
        for (var i = _nodes[from].Parent; i >= 0; i = _nodes[i].Parent)
        {
            _nodes[i] = _nodes[i] with { Population = _nodes[i].Population + residents };
        }
    }

    private sealed record Node(CellLevel Level, string ProvinceCode, string? LocalityCode, Area? Area, string? Group, long? Population, int Parent);
}
