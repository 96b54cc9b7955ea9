using CtecSkills.Core.Accounts;
using CtecSkills.Core.Analytics;
using CtecSkills.Core.Regions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CtecSkills.UnitTests.Analytics;

/// <summary>True counts of one leaf: they already keep every relation (completers ≤ completions, …).</summary>
public sealed record LeafCounts(long Enrollments, long Completions, long Completers, long Credentialed, long Priority);

/// <summary>A release tree of 1–2 provinces × 1–3 localities × urban/rural, maybe split by gender, with true leaf counts,
/// the noise to add (taken in turn, over and over), and k.</summary>
public sealed record NoisyRelease(int Provinces, int LocalitiesPerProvince, bool ByGender, LeafCounts[] Leaves, long[] Noise, int K)
{
    public override string ToString() =>
        $"{Provinces}×{LocalitiesPerProvince}{(ByGender ? " by gender" : "")}, k = {K}, noise [{string.Join(", ", Noise)}], leaves {string.Join("; ", Leaves)}";
}

public static class ReleaseTreeArbitraries
{
    private static readonly Gen<LeafCounts> Leaf =
        from completions in Gen.Choose(0, 40)
        from completers in Gen.Choose(Math.Min(1, completions), completions)
        from priority in Gen.Choose(0, completions)
        from enrollments in Gen.Choose(0, 60)
        from credentialed in Gen.Choose(0, 40)
        select new LeafCounts(enrollments, completions, completers, credentialed, priority);

    public static Arbitrary<NoisyRelease> NoisyReleases() =>
        (from provinces in Gen.Choose(1, 2)
         from localities in Gen.Choose(1, 3)
         from byGender in Gen.Elements(false, true)
         from leaves in Leaf.ArrayOf(provinces * localities * 2 * (byGender ? Enum.GetNames<Gender>().Length + 1 : 1))
         from noise in Gen.Choose(-60, 60).Select(n => (long)n).NonEmptyListOf()
         from k in Gen.Choose(IndexReleaseService.MinK, 15)
         select new NoisyRelease(provinces, localities, byGender, leaves, [.. noise], k)).ToArbitrary();
}

/// <summary>
/// Whatever the noise, the cells of a noisy release keep the relations of true counts (docs/decisions/0022):
/// nothing negative, distinct completers never more than completions, priority completions never more than
/// completions, every parent the sum of its children — and suppression only hides values, never changes them.
/// </summary>
[Properties(Arbitrary = [typeof(ReleaseTreeArbitraries)], MaxTest = 300)]
public sealed class ReleaseTreeProperties
{
    [Property]
    public bool AddNoise_AnyNoise_EveryCellKeepsTheRelationsOfTrueCounts(NoisyRelease release)
    {
        var cells = Build(release, out _, k: 1);
        return cells.All(c =>
            c.Enrollments >= 0 && c.Completions >= 0 && c.Completers >= 0 && c.CredentialedLearners >= 0 && c.PriorityCompletions >= 0
            && c.Completers <= c.Completions
            && c.PriorityCompletions <= c.Completions
            && (c.Completions == 0 || c.Completers >= 1));
    }

    [Property]
    public bool AddNoise_AnyNoise_EveryParentIsTheSumOfItsChildren(NoisyRelease release)
    {
        var cells = Build(release, out _, k: 1);
        return cells.All(parent =>
        {
            var children = Children(cells, parent);
            return children.Count == 0 || (
                parent.Enrollments == children.Sum(c => c.Enrollments)
                && parent.Completions == children.Sum(c => c.Completions)
                && parent.Completers == children.Sum(c => c.Completers)
                && parent.CredentialedLearners == children.Sum(c => c.CredentialedLearners)
                && parent.PriorityCompletions == children.Sum(c => c.PriorityCompletions));
        });
    }

    [Property]
    public bool ToCells_AtK_PublishesTheSameConsistentValuesOrNothing(NoisyRelease release)
    {
        var all = Build(release, out var tree, k: 1);
        var published = tree.ToCells(release.K);
        static bool Same(int? shown, int? value) => shown is null || shown == value;
        return published.Zip(all).All(p =>
            Same(p.First.Enrollments, p.Second.Enrollments) && Same(p.First.Completions, p.Second.Completions)
            && Same(p.First.Completers, p.Second.Completers) && Same(p.First.CredentialedLearners, p.Second.CredentialedLearners)
            && Same(p.First.PriorityCompletions, p.Second.PriorityCompletions)
            && !(p.First.Completions is > 0 and var c && c < release.K)
            && !(p.First.Completers is > 0 and var d && d < release.K));
    }

    private static List<IndexReleaseCell> Build(NoisyRelease release, out ReleaseTree tree, int k)
    {
        var localities = new List<Locality>();
        var figures = new List<PopulationFigure>();
        for (var p = 0; p < release.Provinces; p++)
        {
            for (var l = 0; l < release.LocalitiesPerProvince; l++)
            {
                var code = $"5{p}01{l}0";
                localities.Add(new Locality { Code = code, ProvinceCode = $"5{p}0000", ProvinceName = "省" + p, Name = "地区" + code, NameEn = "L" + code, Tier = LocalityTier.County });
                figures.Add(new PopulationFigure { LocalityCode = code, Area = Area.Urban, Population = 1000 });
                figures.Add(new PopulationFigure { LocalityCode = code, Area = Area.Rural, Population = 500 });
            }
        }
        var groups = IndexReleaseService.GroupsOf(release.ByGender ? ReleaseBreakdown.Gender : ReleaseBreakdown.None);
        tree = ReleaseTree.Build(localities, figures, groups);
        var next = 0;
        foreach (var locality in localities)
        {
            foreach (var area in Enum.GetValues<Area>())
            {
                foreach (var group in groups.Count == 0 ? [null] : groups.Cast<string?>())
                {
                    Assert.True(tree.TryGetLeaf(locality.Code, area, group, out var leaf));
                    var counts = release.Leaves[next++];
                    tree.Values[ReleaseTree.Enrollments][leaf] = counts.Enrollments;
                    tree.Values[ReleaseTree.Completions][leaf] = counts.Completions;
                    tree.Values[ReleaseTree.Completers][leaf] = counts.Completers;
                    tree.Values[ReleaseTree.Credentialed][leaf] = counts.Credentialed;
                    tree.Values[ReleaseTree.Priority][leaf] = counts.Priority;
                }
            }
        }
        var draw = 0;
        tree.AddNoise(() => release.Noise[draw++ % release.Noise.Length]);
        tree.SumUp();
        return tree.ToCells(k);
    }

    private static List<IndexReleaseCell> Children(List<IndexReleaseCell> cells, IndexReleaseCell parent) => parent.Level switch
    {
        CellLevel.Total => [.. cells.Where(c => c.Level == CellLevel.Province)],
        CellLevel.Province => [.. cells.Where(c => c.Level == CellLevel.Locality && c.ProvinceCode == parent.ProvinceCode)],
        CellLevel.Locality => [.. cells.Where(c => c.Level == CellLevel.Area && c.LocalityCode == parent.LocalityCode)],
        CellLevel.Area => [.. cells.Where(c => c.Level == CellLevel.Group && c.LocalityCode == parent.LocalityCode && c.Area == parent.Area)],
        _ => [],
    };
}
