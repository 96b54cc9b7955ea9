using System.Diagnostics;

namespace CtecSkills.UnitTests;

/// <summary>
/// Runs a script of tests/interop in Node, where the libraries that outside verifiers and wallets use are installed
/// (`npm ci --prefix tests/interop`, which test.sh does). Every interop test goes through here.
/// </summary>
internal static class NodeInterop
{
    public static string Folder { get; } = Path.Combine(RepositoryRoot(), "tests", "interop");

    /// <summary>Runs <paramref name="script"/> with <paramref name="arguments"/>; returns its exit code, standard output and standard error.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(
        string script,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null,
        string? standardInput = null)
    {
        Assert.True(Directory.Exists(Path.Combine(Folder, "node_modules")),
            "Run `npm ci --prefix tests/interop` first (test.sh does).");
        var start = new ProcessStartInfo("node", [script, .. arguments])
        {
            WorkingDirectory = Folder,
            RedirectStandardInput = standardInput is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        using var node = Process.Start(start)!;
        if (standardInput is not null)
        {
            await node.StandardInput.WriteAsync(standardInput);
            node.StandardInput.Close();
        }
        var output = node.StandardOutput.ReadToEndAsync();
        var error = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        return (node.ExitCode, await output, await error);
    }

    /// <summary>The folder that holds CtecSkills.sln.</summary>
    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CtecSkills.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Tests run inside the repository.");
    }
}
