using CtecSkills.Core.Accounts;
using CtecSkills.Core.Organizations;
using CtecSkills.Core.Text;
using CtecSkills.Core.Verification;
using CtecSkills.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CtecSkills.Web.Features.Verification;

/// <summary>A verifier's own verifications (page, API and batch); admins see everyone's, by organization if they choose.</summary>
[Authorize(Policy = Policies.Verifier), Route("verify/history")]
public sealed class VerificationHistoryController(VerificationHistoryService history, OrganizationService organizations, IStringLocalizer<SharedResource> text)
    : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(VerificationStatus? outcome, int? organization, int page = 1, CancellationToken ct = default)
    {
        var filter = Filter(outcome, organization);
        return View(new VerificationHistoryViewModel(
            filter, await history.PageAsync(filter, page, ct), filter.UserId is null ? await organizations.ListAsync(ct) : []));
    }

    [HttpGet("export.csv")]
    public async Task<IActionResult> Export(VerificationStatus? outcome, int? organization, CancellationToken ct)
    {
        var entries = await history.ExportAsync(Filter(outcome, organization), ct);
        var csv = VerificationHistoryViewModel.ToCsv(entries, showOrganization: !IsVerifierOnly, text);
        return File(CsvFiles.ForExcel(csv), "text/csv; charset=utf-8", "verification-history.csv");
    }

    private bool IsVerifierOnly => !User.IsInRole(Roles.Admin);

    // A verifier's filter is always their own user id, whatever the query string says.
    private VerificationHistoryFilter Filter(VerificationStatus? outcome, int? organization) =>
        IsVerifierOnly ? new(User.UserId(), null, outcome) : new(null, organization, outcome);
}
