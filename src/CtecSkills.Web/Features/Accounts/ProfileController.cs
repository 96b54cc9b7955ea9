using CtecSkills.Core.Accounts;
using CtecSkills.Core.Regions;
using CtecSkills.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CtecSkills.Web.Features.Accounts;

/// <summary>更正我的资料: the learner corrects their name and profile; issued certificates keep what they said.</summary>
[Authorize(Policy = Policies.Learner), Route("me/profile")]
public sealed class ProfileController(ProfileService profiles, LocalityService localities, IStringLocalizer<SharedResource> text) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var current = await profiles.FindAsync(User.UserId(), ct);
        return current is null ? Challenge() : View(await PrepareAsync(ProfileFormViewModel.From(current), ct));
    }

    [HttpPost("")]
    public async Task<IActionResult> Index(ProfileFormViewModel input, CancellationToken ct)
    {
        if (ModelState[nameof(input.BirthYear)] is { Errors.Count: > 0 } year)
        {
            // Not a number at all: say what a birth year must look like rather than that the text was wrong.
            year.Errors.Clear();
            ModelState.AddModelError(nameof(input.BirthYear), text["Profile.BirthYearRange", ProfileService.EarliestBirthYear, profiles.LatestBirthYear]);
        }
        if (!ModelState.IsValid)
        {
            return View(await PrepareAsync(input, ct));
        }
        var problems = await profiles.CorrectAsync(User.UserId(), input.ToInput(), ct);
        if (problems is null)
        {
            return Challenge();
        }
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                var (field, message) = problem switch
                {
                    ProfileProblem.NameRequired => (nameof(input.DisplayName), text["Profile.NameRequired"]),
                    ProfileProblem.NameTooLong => (nameof(input.DisplayName), text["Profile.NameTooLong", ProfileService.NameMaxLength]),
                    ProfileProblem.BirthYearOutOfRange => (nameof(input.BirthYear), text["Profile.BirthYearRange", ProfileService.EarliestBirthYear, profiles.LatestBirthYear]),
                    _ => (nameof(input.LocalityCode), text["Profile.UnknownLocality"]),
                };
                ModelState.AddModelError(field, message);
            }
            return View(await PrepareAsync(input, ct));
        }
        TempData["notice"] = text["Profile.Saved"].Value;
        return RedirectToAction(nameof(Index));
    }

    private async Task<ProfileFormViewModel> PrepareAsync(ProfileFormViewModel model, CancellationToken ct)
    {
        model.Localities = await localities.ListAsync(ct);
        model.EarliestBirthYear = ProfileService.EarliestBirthYear;
        model.LatestBirthYear = profiles.LatestBirthYear;
        return model;
    }
}
