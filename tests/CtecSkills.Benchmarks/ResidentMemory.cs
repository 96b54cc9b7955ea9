using System.Globalization;

namespace CtecSkills.Benchmarks;

/// <summary>
/// The peak resident memory of this process while some work runs, not since the process started: start-up (migrations,
/// demo seeding, Razor) has its own peak that says nothing about the work. On Linux the kernel's high-water mark
/// (VmHWM) is reset before the work and read after it, which misses nothing; a sampler every few milliseconds runs
/// beside it as a cross-check and as the measure where /proc is not available.
/// </summary>
public sealed class ResidentMemory : IDisposable
{
    private const string ClearRefs = "/proc/self/clear_refs";
    private const string Status = "/proc/self/status";

    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _sampler;
    private readonly bool _kernelPeakReset;
    private long _sampledPeak;
    private long _committedPeak;

    private ResidentMemory()
    {
        _kernelPeakReset = TryResetKernelPeak();
        _sampledPeak = Environment.WorkingSet;
        _sampler = new Thread(Sample) { IsBackground = true, Priority = ThreadPriority.AboveNormal, Name = "resident-memory" };
        _sampler.Start();
    }

    /// <summary>Starts measuring now.</summary>
    public static ResidentMemory Measure() => new();

    public static long Current => Environment.WorkingSet;

    public long SampledPeak => Interlocked.Read(ref _sampledPeak);

    /// <summary>The most memory the garbage collector had committed at any sample: the managed share of the peak.</summary>
    public long CommittedPeak => Interlocked.Read(ref _committedPeak);

    /// <summary>The kernel's peak since <see cref="Measure"/>, or the sampled peak where the kernel cannot tell.</summary>
    public long Peak => _kernelPeakReset && ReadKernelPeak() is { } kernel ? Math.Max(kernel, SampledPeak) : SampledPeak;

    public string Method => _kernelPeakReset ? "kernel VmHWM reset before the import + 5 ms sampling" : "5 ms sampling";

    /// <summary>
    /// Whether this process collects garbage the way the web app does (its runtimeconfig, copied beside this one):
    /// server GC commits far more memory than workstation GC for the same work.
    /// </summary>
    public static bool RunsWithTheAppsGc(out string appGc)
    {
        var config = Path.Combine(AppContext.BaseDirectory, "CtecSkills.Web.runtimeconfig.json");
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(config));
        var server = json.RootElement.GetProperty("runtimeOptions").TryGetProperty("configProperties", out var properties)
            && properties.TryGetProperty("System.GC.Server", out var value) && value.GetBoolean();
        appGc = server ? "server" : "workstation";
        return server == System.Runtime.GCSettings.IsServerGC;
    }

    private void Sample()
    {
        while (!_stop.IsCancellationRequested)
        {
            Raise(ref _sampledPeak, Environment.WorkingSet);
            Raise(ref _committedPeak, GC.GetGCMemoryInfo().TotalCommittedBytes);
            Thread.Sleep(5);
        }
    }

    private static void Raise(ref long peak, long value)
    {
        if (value > Interlocked.Read(ref peak))
        {
            Interlocked.Exchange(ref peak, value);
        }
    }

    // Writing 5 to clear_refs resets the peak RSS of the process (Linux 4.0+).
    private static bool TryResetKernelPeak()
    {
        try
        {
            File.WriteAllText(ClearRefs, "5");
            return ReadKernelPeak() is not null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static long? ReadKernelPeak()
    {
        foreach (var line in File.ReadLines(Status))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                var kb = line["VmHWM:".Length..].Trim().Split(' ')[0];
                return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
            }
        }
        return null;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _sampler.Join();
        _stop.Dispose();
    }
}
