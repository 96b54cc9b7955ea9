using CtecSkills.Core.Analytics;
using CtecSkills.Core.Regions;
using CtecSkills.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CtecSkills.Web.Features.Analytics;

/// <summary>
/// The human-capital index for analysts: the latest release and its measures, history, on-demand releases. Analysts
/// (and admins) see drafts here and can download them; the public sees only what an admin published.
/// </summary>
[Authorize(Policy = Policies.Analyst), Route("index")]
public sealed class IndexDashboardController(IndexReleaseService releases, TimeProvider clock, IStringLocalizer<SharedResource> text) : Controller
{
    public const int HistoryLength = 12;
    public const long MaxUploadBytes = 5_000_000;

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => View("Dashboard", await BuildAsync(null, DefaultInput(), null, ct));

    [HttpGet("releases/{id:int}")]
    public async Task<IActionResult> Release(int id, CancellationToken ct)
    {
        var model = await BuildAsync(id, DefaultInput(), null, ct);
        return model.Current is null ? NotFound() : View("Dashboard", model);
    }

    /// <summary>A release, draft or published, as CSV: what an analyst checks before asking an admin to publish it.</summary>
    [HttpGet("releases/{id:int}.csv")]
    public Task<IActionResult> Csv(int id, CancellationToken ct) => DownloadAsync(id, ReleaseFiles.Csv, ct);

    [HttpGet("releases/{id:int}.json")]
    public Task<IActionResult> Json(int id, CancellationToken ct) => DownloadAsync(id, ReleaseFiles.Json, ct);

    [HttpPost("releases")]
    public async Task<IActionResult> Build(BuildReleaseInput input, CancellationToken ct)
    {
        string? error = null;
        if (ModelState.IsValid)
        {
            var period = new ReleasePeriod(input.Kind, input.Year!.Value, input.Number!.Value);
            var epsilon = input.AddNoise ? input.Epsilon ?? 1.0 : (double?)null;
            var result = await releases.BuildAsync(new ReleaseRequest(period, input.Breakdown, input.K!.Value, epsilon, User.Identity?.Name ?? "analyst"), ct);
            if (result.Release is { } release)
            {
                TempData["notice"] = text["Index.Built", release.Period.Label].Value;
                return RedirectToAction(nameof(Release), new { id = release.Id });
            }
            error = text["IndexProblem." + result.Problem, IndexReleaseService.MinK, IndexReleaseService.MinKByGroup].Value;
            if (result.Problem is ReleaseProblem.KBelowFloor or ReleaseProblem.KBelowGroupFloor or ReleaseProblem.InvalidK)
            {
                ModelState.AddModelError(nameof(input.K), error);
                error = null;
            }
        }
        return View("Dashboard", await BuildAsync(null, input, error, ct));
    }

    [HttpGet("methodology"), AllowAnonymous]
    public IActionResult Methodology() => View();

    [HttpGet("decompose")]
    public IActionResult Decompose() => View(new DecomposeViewModel(null, null));

    // No tighter request limit: a file just over the limit gets a message beside the field, not an error page.
    [HttpPost("decompose")]
    public async Task<IActionResult> Decompose(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            return View(new DecomposeViewModel(null, text["Index.FileRequired"]));
        }
        if (file.Length > MaxUploadBytes)
        {
            return View(new DecomposeViewModel(null, text["Index.FileTooLarge"]));
        }
        await using var stream = file.OpenReadStream();
        return View(new DecomposeViewModel(await releases.DecomposeAsync(stream, ct), null));
    }

    private async Task<IActionResult> DownloadAsync(int id, Func<ReleaseView, IActionResult> file, CancellationToken ct)
    {
        var view = await releases.ViewAsync(id, ReleaseScope.All, ct);
        return view is null ? NotFound() : file(view);
    }

    private BuildReleaseInput DefaultInput()
    {
        var previous = ReleasePeriod.PreviousMonth(clock.GetUtcNow().ToOffset(BeijingTime.Offset));
        return new() { Year = previous.Year, Number = previous.Number };
    }

    private async Task<IndexDashboardViewModel> BuildAsync(int? id, BuildReleaseInput input, string? error, CancellationToken ct)
    {
        var current = await releases.ViewAsync(id, ReleaseScope.All, ct);
        var history = await releases.ListAsync(ReleaseScope.All, ct);
        var theil = await releases.TheilHistoryAsync(HistoryLength, ReleaseScope.All, ct);
        return IndexDashboardViewModel.From(current, history, theil, input, error, text);
    }
}
