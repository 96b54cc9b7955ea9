using CtecSkills.Core.Cohorts;
using CtecSkills.Core.Progress;
using CtecSkills.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CtecSkills.Web.Features.Cohorts;

/// <summary>Cohorts as staff run them: only their own bases' cohorts exist for them, every other one is 404.</summary>
[Authorize(Policy = Policies.Staff), Route("cohorts")]
public sealed class CohortsController(
    CohortService cohorts,
    EnrollmentService enrollments,
    RosterImportService roster,
    ProgressService progress,
    TimeProvider clock,
    IStringLocalizer<SharedResource> text) : Controller
{
    public const int MaxRosterBytes = 5 * 1024 * 1024;
    private const int UpcomingShown = 6;

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) =>
        View(new CohortListViewModel(await cohorts.ListUpcomingSessionsAsync(User.BaseActor(), UpcomingShown, ct), await cohorts.ListAsync(User.BaseActor(), ct)));

    [HttpGet("new")]
    public async Task<IActionResult> Create(CancellationToken ct) => View(await PrepareAsync(new CohortFormViewModel(), ct));

    [HttpPost("new")]
    public async Task<IActionResult> Create(CohortFormViewModel input, CancellationToken ct)
    {
        if (input.EnrollmentOpensOn > input.EnrollmentClosesOn)
        {
            ModelState.AddModelError(nameof(input.EnrollmentClosesOn), text["Cohorts.ClosesBeforeOpens"]);
        }
        var cohortInput = ModelState.IsValid ? input.ToInput() : null;
        var id = cohortInput is null ? null : await cohorts.CreateAsync(cohortInput, User.BaseActor(), ct);
        if (id is null)
        {
            if (ModelState.IsValid)
            {
                ModelState.AddModelError(nameof(input.Offering), text["Cohorts.NotOffered"]);
            }
            return View(await PrepareAsync(input, ct));
        }
        TempData["notice"] = text["Cohorts.Created"].Value;
        return RedirectToAction(nameof(Details), new { id });
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Details(int id, CancellationToken ct)
    {
        var found = await cohorts.FindAsync(id, User.BaseActor(), ct);
        return found is null ? NotFound() : View(new CohortDetailsViewModel(found, new SessionFormViewModel(), [])
        {
            Progress = await progress.ForCohortAsync(id, ct),
            Now = clock.GetUtcNow(),
        });
    }

    [HttpPost("{id:int}/sessions")]
    public async Task<IActionResult> AddSession(int id, SessionFormViewModel input, CancellationToken ct)
    {
        if (input.Starts >= input.Ends)
        {
            ModelState.AddModelError(nameof(input.Ends), text["Cohorts.EndsBeforeStarts"]);
        }
        if (!ModelState.IsValid)
        {
            var found = await cohorts.FindAsync(id, User.BaseActor(), ct);
            return found is null ? NotFound() : View(nameof(Details), new CohortDetailsViewModel(found, input, []));
        }
        if (!await cohorts.AddSessionAsync(id, input.ToInput(), User.BaseActor(), ct))
        {
            return NotFound();
        }
        TempData["notice"] = text["Cohorts.SessionAdded"].Value;
        return RedirectToAction(nameof(Details), new { id });
    }

    // The request may be a little over the limit so that a file just over it gets a page naming the limit rather
    // than a bare error; anything far over is cut off by the server.
    [HttpPost("{id:int}/roster"), RequestSizeLimit(2 * MaxRosterBytes)]
    public async Task<IActionResult> ImportRoster(int id, IFormFile? file, CancellationToken ct)
    {
        var found = await cohorts.FindAsync(id, User.BaseActor(), ct);
        if (found is null)
        {
            return NotFound();
        }
        if (file is null || file.Length == 0)
        {
            return View(nameof(Details), new CohortDetailsViewModel(found, new SessionFormViewModel(), [new RosterError(0, RosterProblem.Empty)]));
        }
        if (file.Length > MaxRosterBytes)
        {
            ModelState.AddModelError("file", text["Cohorts.RosterTooLarge", MaxRosterBytes / 1024 / 1024]);
            return View(nameof(Details), new CohortDetailsViewModel(found, new SessionFormViewModel(), []));
        }
        await using var stream = file.OpenReadStream();
        var result = await roster.ImportAsync(id, User.BaseActor(), stream, ct);
        if (result is null)
        {
            return NotFound();
        }
        if (!result.Succeeded)
        {
            return View(nameof(Details), new CohortDetailsViewModel(found, new SessionFormViewModel(), result.Errors));
        }
        TempData["notice"] = text["Cohorts.RosterImported", result.NewLearners, result.ExistingLearners, result.Waitlisted].Value;
        return RedirectToAction(nameof(Details), new { id });
    }

    [HttpPost("{id:int}/enrollments")]
    public async Task<IActionResult> EnrollLearner(int id, string? phone, CancellationToken ct)
    {
        var result = await enrollments.EnrollByStaffAsync(id, User.BaseActor(), phone ?? "", ct);
        if (result is null || result.Outcome == EnrollOutcome.NotFound)
        {
            return NotFound();
        }
        TempData["notice"] = text[result.AlreadyThere ? "StaffEnroll.AlreadyThere" : "StaffEnroll." + result.Outcome].Value;
        return RedirectToAction(nameof(Details), new { id });
    }

    [HttpGet("roster-template.csv")]
    public IActionResult Template() => File(RosterTemplate.Build(), "text/csv; charset=utf-8", RosterTemplate.FileName);

    private async Task<CohortFormViewModel> PrepareAsync(CohortFormViewModel model, CancellationToken ct)
    {
        model.Offerings = await cohorts.ListOfferedCoursesAsync(User.BaseActor(), ct);
        return model;
    }
}
