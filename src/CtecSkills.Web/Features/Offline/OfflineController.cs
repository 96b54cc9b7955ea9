using CtecSkills.Core.Progress;
using CtecSkills.Web.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CtecSkills.Web.Features.Offline;

/// <summary>
/// Courses saved on the phone (docs/decisions/0028): the page listing them, which the service worker also shows for
/// pages not saved when there is no signal; the manifest of what to save; the token the offline queue sends with.
/// </summary>
public sealed class OfflineController(OfflineCourseService offline, IAntiforgery antiforgery, OfflineOwner owner, IStringLocalizer<SharedResource> text) : Controller
{
    [HttpGet("/offline")]
    public IActionResult Index() => View();

    /// <summary>What saving the course stores and weighs; only for learners enrolled in one of its classes.</summary>
    [HttpGet("/courses/{slug}/offline"), Authorize]
    public async Task<IActionResult> Manifest(string slug, CancellationToken ct)
    {
        var result = await offline.FindManifestAsync(slug, User.UserId(), ct);
        Response.Headers.CacheControl = "no-store";
        return result.Outcome switch
        {
            OfflineManifestOutcome.NotFound => NotFound(new { message = text["Offline.CourseNotFound"].Value }),
            OfflineManifestOutcome.NotEnrolled => StatusCode(StatusCodes.Status403Forbidden, new { message = text["Offline.NotEnrolled"].Value }),
            _ => Json(new
            {
                result.Manifest!.Slug,
                result.Manifest.Title,
                result.Manifest.Version,
                result.Manifest.Bytes,
                Size = Display.DataSize(result.Manifest.Bytes, text),
                result.Manifest.Urls,
            }),
        };
    }

    /// <summary>
    /// A fresh antiforgery token for the queue to send its steps with, once the network is back: the pages saved on the
    /// phone may carry an old one. Same-origin only (the CSP's connect-src and the browser's CORS rules). With it, the
    /// tag of the account signed in now: the queue sends only the steps that account made.
    /// </summary>
    [HttpGet("/offline/token"), Authorize]
    public IActionResult Token()
    {
        var tokens = antiforgery.GetAndStoreTokens(HttpContext);
        Response.Headers.CacheControl = "no-store";
        return Json(new { token = tokens.RequestToken, owner = owner.Of(User) });
    }
}
