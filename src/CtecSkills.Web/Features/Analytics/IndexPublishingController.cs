using CtecSkills.Core.Analytics;
using CtecSkills.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CtecSkills.Web.Features.Analytics;

/// <summary>Admins publish the drafts analysts build: until then the open data does not have them.</summary>
[Authorize(Policy = Policies.Admin), Route("admin/index-releases")]
public sealed class IndexPublishingController(IndexReleaseService releases, IStringLocalizer<SharedResource> text) : Controller
{
    public const string ErrorKey = "index-publish-error";

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await releases.ListAsync(ReleaseScope.All, ct));

    [HttpPost("{id:int}/publish")]
    public async Task<IActionResult> Publish(int id, CancellationToken ct)
    {
        var outcome = await releases.PublishAsync(id, new ReleasePublisher(User.UserId(), User.Identity?.Name ?? User.UserId()), ct);
        if (outcome == PublishOutcome.Published)
        {
            TempData["notice"] = text["IndexPublish.Done", id].Value;
        }
        else
        {
            TempData[ErrorKey] = text["IndexPublishOutcome." + outcome].Value;
        }
        return RedirectToAction(nameof(Index));
    }
}
