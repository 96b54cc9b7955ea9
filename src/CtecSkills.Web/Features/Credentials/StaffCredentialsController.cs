using CtecSkills.Core.Credentials;
using CtecSkills.Web.Infrastructure;
using Hangfire;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CtecSkills.Web.Features.Credentials;

/// <summary>Staff of the issuing base (or an admin): the credentials issued, revoke / suspend / unsuspend, bulk issue per cohort.</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class StaffCredentialsController(
    CredentialService credentials, BulkIssueService bulk, IBackgroundJobClient jobs, IStringLocalizer<SharedResource> text) : Controller
{
    [HttpGet("credentials/manage")]
    public async Task<IActionResult> Index(int? cohort, CancellationToken ct) =>
        View(new StaffCredentialsViewModel(await credentials.ListForStaffAsync(User.BaseActor(), cohort, ct)));

    [HttpGet("credentials/manage/{code}")]
    public async Task<IActionResult> Details(string code, CancellationToken ct)
    {
        var credential = await credentials.FindForStaffAsync(code, User.BaseActor(), ct);
        return credential is null ? NotFound() : View(new CredentialStatusViewModel(credential, null, null));
    }

    [HttpPost("credentials/manage/{code}/status"), ValidateAntiForgeryToken]
    public async Task<IActionResult> ChangeStatus(string code, StatusChange change, string? reason, CancellationToken ct)
    {
        var result = await credentials.ChangeStatusAsync(code, change, reason, User.BaseActor(), ct);
        if (result == StatusChangeResult.NotFound)
        {
            return NotFound();
        }
        if (result != StatusChangeResult.Done)
        {
            var credential = await credentials.FindForStaffAsync(code, User.BaseActor(), ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(nameof(Details), new CredentialStatusViewModel(credential!, text["Credentials.Status." + result, CredentialLimits.ReasonLength].Value, reason));
        }
        TempData["notice"] = text["Credentials.Changed." + change].Value;
        return Redirect($"/credentials/manage/{code}");
    }

    [HttpGet("cohorts/{id:int}/credentials")]
    public async Task<IActionResult> Cohort(int id, CancellationToken ct)
    {
        var issued = await credentials.ListForStaffAsync(User.BaseActor(), id, ct);
        var missing = await bulk.CountMissingForAsync(id, User.BaseActor(), ct);
        return missing is null
            ? NotFound()
            : View(new CohortCredentialsViewModel(id, missing.Value, await bulk.LatestAsync(id, ct), issued));
    }

    [HttpPost("cohorts/{id:int}/credentials/bulk"), ValidateAntiForgeryToken]
    public async Task<IActionResult> BulkIssue(int id, CancellationToken ct)
    {
        var runId = await bulk.StartAsync(id, User.BaseActor(), ct);
        if (runId is null)
        {
            return NotFound();
        }
        jobs.Enqueue<CredentialIssuingJob>(job => job.RunBulkAsync(runId.Value, CancellationToken.None));
        TempData["notice"] = text["Credentials.BulkStarted"].Value;
        return Redirect($"/cohorts/{id}/credentials");
    }
}

public sealed record StaffCredentialsViewModel(IReadOnlyList<CredentialSummary> Credentials);

public sealed record CredentialStatusViewModel(CredentialSummary Credential, string? Error, string? Reason);

public sealed record CohortCredentialsViewModel(int CohortId, int Missing, BulkIssueProgress? Run, IReadOnlyList<CredentialSummary> Issued);
