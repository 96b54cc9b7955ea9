using CtecSkills.Core.Accounts;
using CtecSkills.Core.Credentials;
using CtecSkills.Core.Portfolio;
using CtecSkills.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace CtecSkills.Web.Features.Portfolio;

/// <summary>
/// What a share link opens, for anyone holding it, no sign-in. Unknown links are 404 and expired or revoked ones
/// 410, each with a plain page; no response is indexed, cached or leaks the link in a Referer.
/// </summary>
[AllowAnonymous, EnableRateLimiting(RateLimits.Verify)]
public sealed class PortfolioController(PortfolioShareService shares) : Controller
{
    [HttpGet(CredentialUrls.ShareRoute)]
    public async Task<IActionResult> Show(string token, CancellationToken ct)
    {
        // Every answer here is a view, so the headers are set before anything is written; the site-wide
        // Referrer-Policy only fills in a header a page has not set.
        var headers = Response.Headers;
        headers["X-Robots-Tag"] = "noindex";
        headers.CacheControl = "no-store";
        headers.Pragma = "no-cache";
        headers["Referrer-Policy"] = "no-referrer";
        var signedIn = User.Identity?.IsAuthenticated == true;
        var viewer = signedIn ? new ShareViewer(User.UserId(), User.IsInRole(Roles.Verifier), User.IsInRole(Roles.Staff)) : ShareViewer.Anonymous;
        var result = await shares.OpenAsync(token, viewer, ct);
        if (result.Portfolio is { } portfolio)
        {
            return View(portfolio);
        }
        Response.StatusCode = result.Status is null ? StatusCodes.Status404NotFound : StatusCodes.Status410Gone;
        return View("Unavailable", result.Status);
    }
}
