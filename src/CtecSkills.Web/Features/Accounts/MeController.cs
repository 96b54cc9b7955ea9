using CtecSkills.Core.Accounts;
using CtecSkills.Core.Cohorts;
using CtecSkills.Core.Organizations;
using CtecSkills.Core.Progress;
using CtecSkills.Core.Verification;
using CtecSkills.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace CtecSkills.Web.Features.Accounts;

/// <summary>The signed-in person's own page: who they are, what they agreed to, and where their work is.</summary>
[Authorize, Route("me")]
public sealed class MeController(UserManager<AppUser> users, TrainingBaseService bases, OrganizationService organizations, CohortService cohorts,
    ProgressService progress, VerifierRegistrationService verifierApplications) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        var roles = (await users.GetRolesAsync(user)).ToList();
        var myBases = roles.Contains(Roles.Staff) ? await bases.ListAsync(User.BaseActor() with { IsAdmin = false }, ct) : [];
        var organization = await organizations.FindForMemberAsync(user.Id, ct);
        var isLearner = roles.Contains(Roles.Learner);
        return View(new MeViewModel(
            user.DisplayName,
            roles,
            user.PhoneNumber is null ? null : PhoneNumber.Mask(user.PhoneNumber),
            user.Email,
            user.PrivacyNoticeVersion,
            user.PrivacyAcceptedAt,
            user.PasswordHash is not null,
            myBases,
            organization,
            isLearner ? await cohorts.ListForLearnerAsync(user.Id, ct) : [],
            isLearner ? await progress.ForLearnerAsync(user.Id, ct) : new Dictionary<int, EnrollmentProgress>(),
            isLearner ? await progress.CertificatesForLearnerAsync(user.Id, ct) : new Dictionary<int, string?>(),
            roles.Count == 0 ? await verifierApplications.FindForUserAsync(user.Id, ct) : null));
    }
}
