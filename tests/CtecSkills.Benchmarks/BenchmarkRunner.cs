using BenchmarkDotNet.Running;

namespace CtecSkills.Benchmarks;

public static class BenchmarkRunner
{
    /// <summary>
    /// <c>page-weight</c>: the 14 KB first-view budget. Anything else goes to BenchmarkDotNet for the timed
    /// benchmarks in this assembly (e.g. <c>--filter *</c>).
    /// </summary>
    public static async Task<int> Main(string[] args)
    {
        if (args is ["page-weight"])
        {
            return await PageWeight.RunAsync();
        }
        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkRunner).Assembly).Run(args);
        return 0;
    }
}
