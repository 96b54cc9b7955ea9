using CtecSkills.Core.Analytics;
using CtecSkills.Core.Data;
using CtecSkills.Core.Regions;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.Core.Seeding;

/// <summary>
/// Demo only (Seed:Demo, never Production): a handful of demo learners cannot fill an index, so when there are no
/// releases yet this writes clearly-labelled synthetic facts for the last twelve months over the real localities and
/// builds the releases the dashboard shows, published by the demo admin so that the open data has them too. The
/// releases count their synthetic facts, and the dashboard says so.
/// </summary>
public sealed class IndexDemoSeeder(AppDbContext db, IndexReleaseService releases, TimeProvider clock)
{
    public const int Seed = 2026;

    public async Task SeedAsync(int factCount, CancellationToken ct)
    {
        if (factCount <= 0 || await db.IndexReleases.AnyAsync(ct))
        {
            return;
        }
        var now = clock.GetUtcNow().ToOffset(BeijingTime.Offset);
        var last = ReleasePeriod.PreviousMonth(now);
        var first = new DateOnly(last.Year, last.Number, 1).AddMonths(-11);
        if (!await db.LearningFacts.AnyAsync(f => f.IsSynthetic, ct))
        {
            await SyntheticFacts.GenerateAndInsertAsync(db, factCount, (first.Year * 100) + first.Month, last.FirstMonth, Seed, ct);
        }
        var admin = await db.Users.Where(u => u.Email == DemoSeeder.AdminEmail).Select(u => new ReleasePublisher(u.Id, u.Email!)).SingleAsync(ct);
        // Monthly releases for the last six months (so the history chart has bars), then the quarter, with noise.
        for (var i = 5; i >= 0; i--)
        {
            var month = new DateOnly(last.Year, last.Number, 1).AddMonths(-i);
            await BuildAndPublishAsync(new ReleaseRequest(new ReleasePeriod(ReleasePeriodKind.Month, month.Year, month.Month), ReleaseBreakdown.None, 10, null, "demo"), admin, ct);
        }
        // The last complete quarter, so the newest release the dashboard opens on is a full one.
        var quarterEnd = new DateOnly(now.Year, ((now.Month - 1) / 3 * 3) + 1, 1).AddMonths(-1);
        var quarter = new ReleasePeriod(ReleasePeriodKind.Quarter, quarterEnd.Year, ((quarterEnd.Month - 1) / 3) + 1);
        await BuildAndPublishAsync(new ReleaseRequest(quarter, ReleaseBreakdown.None, 10, 1.0, "demo"), admin, ct);
    }

    private async Task BuildAndPublishAsync(ReleaseRequest request, ReleasePublisher admin, CancellationToken ct)
    {
        var built = await releases.BuildAsync(request, ct);
        await releases.PublishAsync(built.Release!.Id, admin, ct);
    }
}
