namespace CtecSkills.Benchmarks;

/// <summary>
/// The machine's load average: the benchmarks run on shared machines, and a number is read differently when other
/// work was running beside it.
/// </summary>
public static class MachineLoad
{
    /// <summary>"1-min 5-min 15-min" from /proc/loadavg, or "unknown" where there is none.</summary>
    public static string Average() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
