using CtecSkills.Core.Data;

namespace CtecSkills.UnitTests.Architecture;

/// <summary>
/// Keeps the folders of CtecSkills.Core layered, read from the compiled IL (type references in signatures and method
/// bodies, not <c>using</c> lines): a newcomer following one feature should never be sent to a feature above it.
/// </summary>
public sealed class CoreLayeringTests
{
    private const string CoreNamespace = "CtecSkills.Core.";

    /// <summary>Feature folders, bottom to top: each may use only the folders before it.</summary>
    private static readonly string[] Layers =
    [
        "Regions", "Accounts", "Organizations", "Catalog", "Analytics", "Cohorts",

        // Completion writes Credentials' issuance request in its own transaction (the outbox the issuer drains), so
        // Progress uses Credentials; issuing reads enrollments, never progress.
        "Credentials", "Progress",
        "Recognition", "Verification", "Portfolio",

        // A person's own data (download, erasure) reads and removes what every feature above holds about them.
        "Privacy",

        // Operators' tools and recurring housekeeping sweep across features, so they sit on top.
        "Admin", "Maintenance",
    ];

    /// <summary>Folders every feature may use and that use no feature themselves.</summary>
    private static readonly string[] Shared = ["Audit", "Text", "Sms", "Mail", "Resources", "LinkedData"];

    /// <summary>
    /// Composition roots, left out of the graph: AppDbContext maps every feature's entities (so every feature uses
    /// Data and Data uses every feature), and the demo seeder drives every feature's services. Features may use Data;
    /// nothing in Core uses Seeding.
    /// </summary>
    private static readonly string[] CompositionRoots = ["Data", "Seeding"];

    private static readonly Lazy<IReadOnlyList<FolderDependency>> CoreDependencies = new(() =>
        TypeDependencies.Of(typeof(AppDbContext).Assembly.Location)
            .Where(d => d.ToNamespace.StartsWith(CoreNamespace, StringComparison.Ordinal))
            .Select(d => new FolderDependency(Folder(d.FromNamespace), Folder(d.ToNamespace), d))
            .Where(d => d.From != d.To)
            .ToList());

    [Fact]
    public void CoreFolders_AreEachDeclaredAsFeatureSharedOrCompositionRoot()
    {
        var declared = Layers.Concat(Shared).Concat(CompositionRoots).ToHashSet();
        var undeclared = typeof(AppDbContext).Assembly.GetTypes()
            .Select(t => t.Namespace ?? "")
            .Where(n => n.StartsWith("CtecSkills.Core", StringComparison.Ordinal))
            .Select(Folder)
            .Where(f => !declared.Contains(f))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(undeclared.Count == 0,
            $"Place these Core folders in {nameof(CoreLayeringTests)}' lists: {string.Join(", ", undeclared.Select(f => $"'{f}'"))}");
    }

    [Fact]
    public void FeatureFolders_HaveNoDependencyCycle()
    {
        var edges = FeatureEdges();
        var cycles = Cycles(edges);

        Assert.True(cycles.Count == 0,
            "Core feature folders depend on each other in a cycle:\n" + string.Join("\n\n", cycles.Select(cycle =>
                string.Join(" → ", cycle.Append(cycle[0])) + "\n" + string.Join("\n", cycle
                    .Select((from, i) => (From: from, To: cycle[(i + 1) % cycle.Count]))
                    .Select(edge => Evidence(edges[(edge.From, edge.To)], "  ",
                        $"{edge.From} → {edge.To}"))))));
    }

    [Fact]
    public void FeatureFolders_UseOnlyFeaturesBelowThemSharedFoldersAndData()
    {
        var upward = FeatureEdges()
            .Where(e => Array.IndexOf(Layers, e.Key.To) > Array.IndexOf(Layers, e.Key.From))
            .Select(e => Evidence(e.Value, "  ", $"{e.Key.From} → {e.Key.To} ({e.Key.To} is above {e.Key.From})"));
        var intoSeeding = CoreDependencies.Value
            .Where(d => d.To == "Seeding" && d.From != "Seeding")
            .GroupBy(d => (d.From, d.To))
            .Select(g => Evidence([.. g], "  ", $"{g.Key.From} → Seeding (the demo seeder is a composition root)"));
        var violations = upward.Concat(intoSeeding).ToList();

        Assert.True(violations.Count == 0,
            $"Bottom to top: {string.Join(" < ", Layers)}. These use a folder above them:\n{string.Join("\n", violations)}");
    }

    [Fact]
    public void SharedFolders_UseNoFeatureFolder()
    {
        var violations = CoreDependencies.Value
            .Where(d => Shared.Contains(d.From) && Layers.Contains(d.To))
            .GroupBy(d => (d.From, d.To))
            .Select(g => Evidence([.. g], "  ", $"{g.Key.From} → {g.Key.To}"))
            .ToList();

        Assert.True(violations.Count == 0,
            $"Shared folders ({string.Join(", ", Shared)}) are used by features and use none:\n{string.Join("\n", violations)}");
    }

    [Fact]
    public void Core_ReferencesNoMvcOrHttpType()
    {
        // Identity (Microsoft.AspNetCore.Identity) and data protection are fine: they are not the web layer.
        static bool IsWeb(string ns) =>
            ns.StartsWith("Microsoft.AspNetCore.Mvc", StringComparison.Ordinal)
            || ns.StartsWith("Microsoft.AspNetCore.Http", StringComparison.Ordinal);

        var path = typeof(AppDbContext).Assembly.Location;
        var users = TypeDependencies.Of(path)
            .Where(d => IsWeb(d.ToNamespace))
            .Select(d => $"  {d.From} uses {d.To}")
            .ToList();
        // The TypeRef table names every outside type the assembly uses anywhere, so nothing the walk misses escapes.
        var referenced = TypeDependencies.ReferencedNamespaces(path).Where(IsWeb).ToList();

        Assert.True(users.Count == 0 && referenced.Count == 0,
            "Core is called by Web, jobs, the CLI and tests alike, so it uses no MVC or HTTP type:\n"
            + string.Join("\n", users.DefaultIfEmpty("  namespaces: " + string.Join(", ", referenced))));
    }

    [Fact]
    public void TypeDependencies_SeeTypesUsedOnlyInsideMethodBodiesAndLambdas()
    {
        var used = TypeDependencies.Of(typeof(CoreLayeringTests).Assembly.Location)
            .Where(d => d.From == typeof(BodyOnlyDependencies).FullName)
            .Select(d => d.To)
            .ToList();

        Assert.Contains(typeof(System.Text.StringBuilder).FullName, used);
        Assert.Contains(typeof(System.Globalization.StringInfo).FullName, used);
    }

    private static Dictionary<(string From, string To), List<FolderDependency>> FeatureEdges() =>
        CoreDependencies.Value
            .Where(d => Layers.Contains(d.From) && Layers.Contains(d.To))
            .GroupBy(d => (d.From, d.To))
            .ToDictionary(g => g.Key, g => g.ToList());

    /// <summary>Shortest cycles, one through each folder on a cycle that no cycle listed so far goes through.</summary>
    private static List<List<string>> Cycles(Dictionary<(string From, string To), List<FolderDependency>> edges)
    {
        var next = edges.Keys.ToLookup(e => e.From, e => e.To);
        var cycles = new List<List<string>>();
        foreach (var start in Layers.Where(f => Reachable(f, next).Contains(f)))
        {
            if (!cycles.Any(c => c.Contains(start)))
            {
                cycles.Add(ShortestCycle(start, next));
            }
        }

        return cycles;
    }

    private static HashSet<string> Reachable(string start, ILookup<string, string> next)
    {
        var seen = new HashSet<string>();
        var queue = new Queue<string>(next[start]);
        while (queue.TryDequeue(out var folder))
        {
            if (seen.Add(folder))
            {
                foreach (var n in next[folder])
                {
                    queue.Enqueue(n);
                }
            }
        }

        return seen;
    }

    private static List<string> ShortestCycle(string start, ILookup<string, string> next)
    {
        var cameFrom = new Dictionary<string, string>();
        var queue = new Queue<string>([start]);
        while (queue.TryDequeue(out var folder))
        {
            foreach (var n in next[folder])
            {
                if (n == start)
                {
                    var path = new List<string> { folder };
                    while (path[0] != start)
                    {
                        path.Insert(0, cameFrom[path[0]]);
                    }

                    return path;
                }

                if (cameFrom.TryAdd(n, folder))
                {
                    queue.Enqueue(n);
                }
            }
        }

        throw new InvalidOperationException($"{start} is on no cycle.");
    }

    private static string Evidence(List<FolderDependency> dependencies, string indent, string title)
    {
        var examples = dependencies
            .Select(d => $"{Short(d.Type.From)} → {Short(d.Type.To)}")
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        var more = examples.Count > 4 ? $"\n{indent}    … and {examples.Count - 4} more" : "";
        return $"{indent}{title}:\n{string.Join("\n", examples.Take(4).Select(e => $"{indent}    {e}"))}{more}";
    }

    private static string Short(string fullName) =>
        fullName.StartsWith(CoreNamespace, StringComparison.Ordinal) ? fullName[CoreNamespace.Length..] : fullName;

    private static string Folder(string ns) =>
        ns.StartsWith(CoreNamespace, StringComparison.Ordinal) ? ns[CoreNamespace.Length..].Split('.')[0] : "";

    private sealed record FolderDependency(string From, string To, TypeDependency Type);
}

/// <summary>Uses two types only inside method bodies, to show the dependency walk reads IL, not signatures.</summary>
internal static class BodyOnlyDependencies
{
    public static int Length() => new System.Text.StringBuilder("ab").Length;

    public static int TextElements() =>
        new[] { "ab" }.Select(s => new System.Globalization.StringInfo(s).LengthInTextElements).Sum();
}
