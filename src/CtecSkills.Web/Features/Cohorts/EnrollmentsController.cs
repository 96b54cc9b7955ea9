using CtecSkills.Core.Cohorts;
using CtecSkills.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CtecSkills.Web.Features.Cohorts;

/// <summary>A learner joins or leaves a cohort; the answer is shown on "My learning".</summary>
[Authorize(Policy = Policies.Learner), Route("cohorts/{id:int}")]
public sealed class EnrollmentsController(EnrollmentService enrollments, IStringLocalizer<SharedResource> text) : Controller
{
    [HttpPost("enroll")]
    public async Task<IActionResult> Enroll(int id, CancellationToken ct)
    {
        var result = await enrollments.EnrollAsync(id, User.UserId(), ct);
        if (result.Outcome == EnrollOutcome.NotFound)
        {
            return NotFound();
        }
        TempData["notice"] = text[result.AlreadyThere ? "Enroll.AlreadyThere" : "Enroll." + result.Outcome].Value;
        return Redirect("/me");
    }

    [HttpPost("withdraw")]
    public async Task<IActionResult> Withdraw(int id, CancellationToken ct)
    {
        if (!await enrollments.WithdrawAsync(id, User.UserId(), ct))
        {
            return NotFound();
        }
        TempData["notice"] = text["Enroll.Withdrawn"].Value;
        return Redirect("/me");
    }
}
