using CtecSkills.Core.Organizations;
using CtecSkills.Core.Regions;
using CtecSkills.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CtecSkills.Web.Features.Organizations;

/// <summary>
/// Training bases. Staff see and edit only their own bases (anything else is 404); admins see every base and are
/// the only ones who create bases or change a base's name, kind and place.
/// </summary>
[Authorize(Policy = Policies.Staff), Route("bases")]
public sealed class BasesController(
    TrainingBaseService bases,
    BaseStaffService staff,
    LocalityService localities,
    IStringLocalizer<SharedResource> text) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await bases.ListAsync(User.BaseActor(), ct));

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Details(int id, CancellationToken ct)
    {
        var found = await bases.FindAsync(id, User.BaseActor(), ct);
        return found is null ? NotFound() : View(new BaseDetailsViewModel(found, new AddStaffViewModel()));
    }

    [HttpPost("{id:int}/staff"), Authorize(Policy = Policies.Admin)]
    public async Task<IActionResult> AddStaff(int id, AddStaffViewModel input, CancellationToken ct)
    {
        var found = await bases.FindAsync(id, User.BaseActor(), ct);
        if (found is null)
        {
            return NotFound();
        }
        if (ModelState.IsValid)
        {
            var result = await staff.AddAsync(id, new AddStaffInput(input.Email!, input.DisplayName!, input.InitialPassword), ct);
            if (result.Succeeded)
            {
                TempData["notice"] = text[result.CreatedAccount ? "Bases.StaffCreated" : "Bases.StaffAdded", input.Email!].Value;
                return RedirectToAction(nameof(Details), new { id });
            }
            var field = result.Problem is AddStaffProblem.PasswordRequired or AddStaffProblem.PasswordTooWeak
                ? nameof(AddStaffViewModel.InitialPassword)
                : nameof(AddStaffViewModel.Email);
            ModelState.AddModelError(field, text["AddStaffProblem." + result.Problem]);
        }
        return View(nameof(Details), new BaseDetailsViewModel(found, input));
    }

    [HttpPost("{id:int}/staff/{userId}/remove"), Authorize(Policy = Policies.Admin)]
    public async Task<IActionResult> RemoveStaff(int id, string userId, CancellationToken ct)
    {
        if (!await staff.RemoveAsync(id, userId, ct))
        {
            return NotFound();
        }
        TempData["notice"] = text["Bases.StaffRemoved"].Value;
        return RedirectToAction(nameof(Details), new { id });
    }

    [HttpGet("new"), Authorize(Policy = Policies.Admin)]
    public async Task<IActionResult> Create(CancellationToken ct) =>
        View("Edit", await PrepareAsync(new TrainingBaseFormViewModel { Kind = TrainingBaseKind.JointBase }, ct));

    [HttpPost("new"), Authorize(Policy = Policies.Admin)]
    public async Task<IActionResult> Create(TrainingBaseFormViewModel input, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return View("Edit", await PrepareAsync(input, ct));
        }
        var result = await bases.CreateAsync(input.ToInput(), ct);
        if (!result.Succeeded)
        {
            AddProblems(result);
            return View("Edit", await PrepareAsync(input, ct));
        }
        TempData["notice"] = text["Bases.Created"].Value;
        return RedirectToAction(nameof(Details), new { id = result.Id });
    }

    [HttpGet("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, CancellationToken ct)
    {
        var found = await bases.FindAsync(id, User.BaseActor(), ct);
        return found is null ? NotFound() : View(await PrepareAsync(TrainingBaseFormViewModel.From(found), ct));
    }

    [HttpPost("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, TrainingBaseFormViewModel input, CancellationToken ct)
    {
        input = input with { Id = id };
        if (!ModelState.IsValid)
        {
            return await bases.FindAsync(id, User.BaseActor(), ct) is null ? NotFound() : View(await PrepareAsync(input, ct));
        }
        var result = await bases.UpdateAsync(id, input.ToInput(), User.BaseActor(), ct);
        if (result is null)
        {
            return NotFound();
        }
        if (!result.Succeeded)
        {
            AddProblems(result);
            return View(await PrepareAsync(input, ct));
        }
        TempData["notice"] = text["Bases.Saved"].Value;
        return RedirectToAction(nameof(Details), new { id });
    }

    private void AddProblems(TrainingBaseSaveResult result)
    {
        foreach (var problem in result.Problems)
        {
            var (field, message) = problem switch
            {
                TrainingBaseProblem.DuplicateName => (nameof(TrainingBaseFormViewModel.Name), text["Bases.DuplicateName"]),
                TrainingBaseProblem.NameUnsupportedCharacter => (nameof(TrainingBaseFormViewModel.Name), text["Forms.UnsupportedCharacter"]),
                TrainingBaseProblem.AddressUnsupportedCharacter => (nameof(TrainingBaseFormViewModel.Address), text["Forms.UnsupportedCharacter"]),
                _ => (nameof(TrainingBaseFormViewModel.LocalityCode), text["Bases.UnknownLocality"]),
            };
            ModelState.AddModelError(field, message);
        }
    }

    private async Task<TrainingBaseFormViewModel> PrepareAsync(TrainingBaseFormViewModel model, CancellationToken ct)
    {
        model.CanEditIdentity = User.IsInRole(Core.Accounts.Roles.Admin);
        model.Localities = await localities.ListAsync(ct);
        return model;
    }
}
