using CtecSkills.Core.Audit;
using CtecSkills.Core.Regions;
using CtecSkills.Core.Verification;
using CtecSkills.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace CtecSkills.Web.Features.Verification;

/// <summary>Employers and HR bureaus apply for a verifier account; they can use it once an admin approves.</summary>
[Route("verifiers")]
public sealed class VerifierRegistrationController(VerifierRegistrationService registration, LocalityService localities, IStringLocalizer<SharedResource> text)
    : Controller
{
    [HttpGet("register")]
    public async Task<IActionResult> Register(CancellationToken ct) => View(await PrepareAsync(new VerifierRegistrationViewModel(), ct));

    [HttpPost("register"), EnableRateLimiting(RateLimits.Register)]
    public async Task<IActionResult> Register(VerifierRegistrationViewModel input, CancellationToken ct)
    {
        if (!input.AcceptPrivacy)
        {
            ModelState.AddModelError(nameof(input.AcceptPrivacy), text["Verifiers.ConsentRequired"]);
        }
        if (!ModelState.IsValid)
        {
            return View(await PrepareAsync(input, ct));
        }
        var result = await registration.ApplyAsync(input.ToInput(), ct);
        if (!result.Received)
        {
            foreach (var problem in result.Problems)
            {
                var field = problem switch
                {
                    RegistrationProblem.UnknownLocality => nameof(input.LocalityCode),
                    RegistrationProblem.InvalidEmail => nameof(input.Email),
                    _ => nameof(input.Password),
                };
                ModelState.AddModelError(field, text["RegistrationProblem." + problem]);
            }
            return View(await PrepareAsync(input, ct));
        }
        return RedirectToAction(nameof(Submitted));
    }

    [HttpGet("registered")]
    public IActionResult Submitted() => View();

    private async Task<VerifierRegistrationViewModel> PrepareAsync(VerifierRegistrationViewModel model, CancellationToken ct)
    {
        model.Localities = await localities.ListAsync(ct);
        return model;
    }
}

/// <summary>Admins decide on verifier applications.</summary>
[Microsoft.AspNetCore.Authorization.Authorize(Policy = Policies.Admin), Route("admin/verifiers")]
public sealed class VerifierApplicationsController(VerifierRegistrationService registration, IStringLocalizer<SharedResource> text) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) =>
        View(new VerifierApplicationsViewModel(await registration.ListAsync(ct), await registration.ListOrganizationsAsync(ct)));

    /// <param name="organizationId">The organization the admin chose for the applicant; none makes a new one.</param>
    [HttpPost("{id:int}/decide")]
    public async Task<IActionResult> Decide(int id, bool approve, int? organizationId, string? reason, CancellationToken ct)
    {
        if ((!approve && string.IsNullOrWhiteSpace(reason)) || reason?.Trim().Length > AuditEntry.ReasonLength)
        {
            TempData["notice"] = text["Verifiers.RejectNeedsReason"].Value;
            return RedirectToAction(nameof(Index));
        }
        var outcome = await registration.DecideAsync(id, approve, organizationId, User.UserId(), reason, ct);
        if (outcome == DecisionOutcome.NotFound)
        {
            return NotFound();
        }
        TempData["notice"] = text["DecisionOutcome." + outcome].Value;
        return RedirectToAction(nameof(Index));
    }
}
