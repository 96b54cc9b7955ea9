using CtecSkills.Core.Accounts;
using CtecSkills.Core.Privacy;
using CtecSkills.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace CtecSkills.Web.Features.Privacy;

/// <summary>
/// An admin erases a learner's account on the person's written request (for people who cannot use a phone well): the
/// same choices per credential, a reference to the request, and the admin's own password as confirmation.
/// </summary>
[Authorize(Policy = Policies.Admin), Route("admin/people/{userId}/delete")]
public sealed class AdminErasureController(
    AccountErasureService erasure,
    SignInManager<AppUser> signIn,
    IStringLocalizer<SharedResource> text) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string userId, CancellationToken ct)
    {
        var preview = await erasure.PreviewAsync(userId, ct);
        return preview is null ? NotFound() : View(new AdminErasureViewModel(userId, preview, new AdminErasureInput()));
    }

    [HttpPost(""), ValidateAntiForgeryToken, EnableRateLimiting(RateLimits.SignIn)]
    public async Task<IActionResult> Index(string userId, AdminErasureInput input, CancellationToken ct)
    {
        var preview = await erasure.PreviewAsync(userId, ct);
        if (preview is null)
        {
            return NotFound();
        }
        var model = new AdminErasureViewModel(userId, preview, input with { Password = null });
        if (!preview.IsLearnerOnly)
        {
            return View(model);
        }
        var fates = ErasureChoicesInput.Chosen(preview, input.Fates);
        if (fates.Count < preview.Credentials.Count)
        {
            ModelState.AddModelError("", text["Erasure.ChooseEach"]);
        }
        if (!ModelState.IsValid)
        {
            return View(model);
        }
        var admin = await signIn.UserManager.GetUserAsync(User);
        if (admin is null)
        {
            return Challenge();
        }
        var password = await signIn.CheckPasswordSignInAsync(admin, input.Password!, lockoutOnFailure: true);
        if (!password.Succeeded)
        {
            ModelState.AddModelError(nameof(input.Password), password.IsLockedOut ? text["Account.LockedOut"] : text["Erasure.WrongPassword"]);
            return View(model);
        }
        var result = await erasure.EraseAsync(
            new ErasureInput(userId, fates, new ErasureRequester(admin.Id, input.Reference), text["Erasure.RevocationReason"]), ct);
        switch (result.Outcome)
        {
            case ErasureOutcome.Erased:
                TempData["notice"] = text["Erasure.AdminDone", result.Kept, result.Revoked].Value;
                return LocalRedirect("/admin");
            case ErasureOutcome.ChoiceMissing:
                ModelState.AddModelError("", text["Erasure.NewCredential"]);
                return View(model with { Preview = await erasure.PreviewAsync(userId, ct) ?? preview });
            default:
                return NotFound();
        }
    }
}
