using System.Diagnostics;
using System.Globalization;

namespace CtecSkills.Benchmarks;

/// <summary>
/// What the load benchmarks count for one kind of request, from many concurrent callers: every latency, the errors
/// and the first few of them in words (an error count without the answer behind it explains nothing).
/// </summary>
public sealed class RequestTally
{
    private const int KeptErrors = 5;
    private readonly Lock _lock = new();
    private readonly List<long> _ticks = new(1 << 14);
    private readonly List<string> _firstErrors = [];
    private long[]? _sorted;

    public int Errors { get; private set; }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _ticks.Count;
            }
        }
    }

    public IReadOnlyList<string> FirstErrors => _firstErrors;

    /// <summary>One request that took <paramref name="elapsedTicks"/> (<see cref="Stopwatch"/> ticks); <paramref name="error"/> null when it did what it should.</summary>
    public void Record(long elapsedTicks, string? error)
    {
        lock (_lock)
        {
            _ticks.Add(elapsedTicks);
            _sorted = null;
            if (error is not null)
            {
                Errors++;
                if (_firstErrors.Count < KeptErrors)
                {
                    _firstErrors.Add(error);
                }
            }
        }
    }

    /// <summary>The answer in a line for <see cref="FirstErrors"/>: status, where it went and the start of the body.</summary>
    public static async Task<string> DescribeAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsStringAsync();
        var location = response.Headers.Location is { } to ? $" → {to}" : "";
        return $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: {(int)response.StatusCode}{location} {body[..Math.Min(body.Length, 300)].ReplaceLineEndings(" ")}";
    }

    /// <summary>The latency below which a share <paramref name="p"/> of the requests finished (nearest rank), in ms.</summary>
    public double Percentile(double p)
    {
        lock (_lock)
        {
            _sorted ??= [.. _ticks.Order()];
            return _sorted.Length == 0 ? double.NaN
                : _sorted[Math.Min(_sorted.Length - 1, Math.Max(0, (int)Math.Ceiling(p * _sorted.Length) - 1))] * 1000.0 / Stopwatch.Frequency;
        }
    }

    /// <summary>p50 / p95 / p99 as table cells.</summary>
    public string PercentileCells() => string.Create(CultureInfo.InvariantCulture,
        $"{Percentile(0.50):F1} | {Percentile(0.95):F1} | {Percentile(0.99):F1}");

    /// <summary>Prints the kept errors under <paramref name="name"/>, if there were any.</summary>
    public void PrintErrors(string name)
    {
        foreach (var error in _firstErrors)
        {
            Console.WriteLine($"  error in {name}: {error}");
        }
    }
}
