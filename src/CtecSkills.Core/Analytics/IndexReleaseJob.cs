using CtecSkills.Core.Regions;
using Microsoft.Extensions.Options;

namespace CtecSkills.Core.Analytics;

/// <summary>
/// Nightly: releases the previous Beijing-time month, and the current year to date, unless a release of the same
/// period already saw exactly the same facts — so running it twice, or after a lost run, leaves the same releases.
/// Late facts for a released period make a new release; the old one stays as it was. What it builds are drafts: an
/// admin publishes them, as any other release (docs/decisions/0022). First it makes the coming months' fact partitions
/// on PostgreSQL (docs/decisions/0031).
/// </summary>
public sealed class IndexReleaseJob(IndexReleaseService releases, FactPartitions partitions, IOptions<IndexOptions> options, TimeProvider clock)
{
    public const string RecurringJobId = "index-release";
    public const string CreatedBy = "nightly";

    public async Task<int> RunAsync(CancellationToken ct)
    {
        await partitions.EnsureAsync(ct);
        var settings = options.Value;
        var now = clock.GetUtcNow().ToOffset(BeijingTime.Offset);
        var built = 0;
        foreach (var period in new[] { ReleasePeriod.PreviousMonth(now), new ReleasePeriod(ReleasePeriodKind.Year, now.Year, 1) })
        {
            if (await releases.IsCurrentAsync(period, ReleaseBreakdown.None, ct))
            {
                continue;
            }
            var result = await releases.BuildAsync(
                new ReleaseRequest(period, ReleaseBreakdown.None, settings.K, settings.Noise ? settings.Epsilon : null, CreatedBy), ct);
            built += result.Release is null ? 0 : 1;
        }
        return built;
    }
}
