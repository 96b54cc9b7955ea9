using System.IO.Compression;

namespace CtecSkills.Core.Catalog;

/// <summary>
/// The files of a course package (<c>course.json</c>, <c>lessons/*.md</c>, <c>media/*</c>) by their path inside the
/// package, read from a zip upload or a seed folder. Reading never throws on bad input: it reports problems.
/// </summary>
public sealed class CoursePackage
{
    public const string CourseFile = "course.json";

    private CoursePackage(Dictionary<string, byte[]> files, List<PackageProblem> problems)
    {
        Files = files;
        Problems = problems;
    }

    public IReadOnlyDictionary<string, byte[]> Files { get; }

    /// <summary>Problems met while reading the container itself (not a zip, too large, unsafe paths).</summary>
    public IReadOnlyList<PackageProblem> Problems { get; }

    public static CoursePackage FromFiles(IReadOnlyDictionary<string, byte[]> files) =>
        new(files.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal), []);

    public static CoursePackage FromZip(Stream zip)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var problems = new List<PackageProblem>();
        try
        {
            using var archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
            if (archive.Entries.Count > CatalogLimits.PackageEntries)
            {
                problems.Add(new("", null, PackageProblemKind.TooManyEntries, CatalogLimits.PackageEntries.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                return new(files, problems);
            }
            long total = 0;
            foreach (var entry in archive.Entries)
            {
                if (entry.FullName.EndsWith('/'))
                {
                    continue;
                }
                var path = Normalize(entry.FullName);
                if (path is null)
                {
                    problems.Add(new(entry.FullName, null, PackageProblemKind.UnsafePath));
                    continue;
                }
                // The declared length can lie; count what is actually inflated.
                total += entry.Length;
                if (total > CatalogLimits.PackageBytes)
                {
                    problems.Add(new(path, null, PackageProblemKind.PackageTooLarge, (CatalogLimits.PackageBytes / 1_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture)));
                    return new(files, problems);
                }
                using var input = entry.Open();
                using var copy = new MemoryStream();
                var read = CopyAtMost(input, copy, CatalogLimits.PackageBytes - (total - entry.Length) + 1);
                if (read > entry.Length)
                {
                    problems.Add(new(path, null, PackageProblemKind.PackageTooLarge, (CatalogLimits.PackageBytes / 1_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture)));
                    return new(files, problems);
                }
                files[path] = copy.ToArray();
            }
        }
        catch (InvalidDataException)
        {
            problems.Add(new("", null, PackageProblemKind.NotAZip));
            return new(files, problems);
        }
        return new(StripSingleFolder(files), problems);
    }

    public static CoursePackage FromDirectory(string directory)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            var path = Normalize(Path.GetRelativePath(directory, file));
            if (path is not null)
            {
                files[path] = File.ReadAllBytes(file);
            }
        }
        return new(files, []);
    }

    /// <summary>A package path with forward slashes and no leading <c>./</c>; null when it climbs out or is absolute.</summary>
    public static string? Normalize(string path)
    {
        var parts = new List<string>();
        if (path.StartsWith('/') || path.StartsWith('\\') || path.Contains(':', StringComparison.Ordinal))
        {
            return null;
        }
        foreach (var part in path.Replace('\\', '/').Split('/'))
        {
            switch (part)
            {
                case "" or ".":
                    break;
                case "..":
                    if (parts.Count == 0)
                    {
                        return null;
                    }
                    parts.RemoveAt(parts.Count - 1);
                    break;
                default:
                    parts.Add(part);
                    break;
            }
        }
        return parts.Count == 0 ? null : string.Join('/', parts);
    }

    // People zip the folder rather than its contents; accept "smartphone-basics/course.json" as well.
    private static Dictionary<string, byte[]> StripSingleFolder(Dictionary<string, byte[]> files)
    {
        if (files.ContainsKey(CourseFile) || files.Count == 0)
        {
            return files;
        }
        var roots = files.Keys.Select(k => k.Split('/')[0]).Distinct(StringComparer.Ordinal).ToList();
        if (roots.Count != 1 || !files.ContainsKey(roots[0] + "/" + CourseFile))
        {
            return files;
        }
        var prefix = roots[0].Length + 1;
        return files.ToDictionary(f => f.Key[prefix..], f => f.Value, StringComparer.Ordinal);
    }

    private static long CopyAtMost(Stream input, Stream output, long limit)
    {
        var buffer = new byte[81920];
        long total = 0;
        int n;
        while ((n = input.Read(buffer, 0, buffer.Length)) > 0)
        {
            total += n;
            if (total > limit)
            {
                return total;
            }
            output.Write(buffer, 0, n);
        }
        return total;
    }
}
