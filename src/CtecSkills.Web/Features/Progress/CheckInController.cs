using System.Security.Cryptography;
using CtecSkills.Core.Progress;
using CtecSkills.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CtecSkills.Web.Features.Progress;

/// <param name="Session">Shown only to the learner the pass is for, once they may check in.</param>
/// <param name="Pass">The signed-in learner's own pass for the confirm button; null when there is nothing to confirm.</param>
/// <param name="Problem">Why the learner cannot check in.</param>
/// <param name="Notice">What the learner should know when there is nothing left to do (already checked in).</param>
public sealed record CheckInViewModel(SessionSummary? Session, string? Pass, string? Problem, string? Notice = null);

/// <summary>
/// The learner's side: the URL in the QR code. Scanning only opens a page; the check-in itself is a POST from the
/// button on it, so that a link preview or a prefetching browser cannot check anyone in. The pass a scan turns into is
/// bound to the signed-in account, or before sign-in to this browser by a cookie, so a forwarded link checks in no one
/// else (docs/decisions/0021). Nothing about the session shows until the pass is the reader's own.
/// </summary>
[Route("checkin/{id:int}")]
public sealed class CheckInController(AttendanceService attendance, LearningEventService events, IStringLocalizer<SharedResource> text) : Controller
{
    public const string BrowserCookie = "ctec.checkin";

    [HttpGet("")]
    public async Task<IActionResult> Index(int id, string? t, string? p, CancellationToken ct)
    {
        // A pass in the URL is personal: no shared cache may keep the page.
        Response.Headers.CacheControl = "no-store";
        var signedIn = User.Identity?.IsAuthenticated == true;
        if (p is null)
        {
            var reading = attendance.ReadToken(id, t);
            switch (reading.Check)
            {
                case TokenCheck.Expired:
                    return Problem("CheckIn.Expired");
                case TokenCheck.OtherSession:
                    return Problem("CheckIn.OtherSession");
                case TokenCheck.Invalid:
                    return Problem("CheckIn.Invalid");
            }
            // From here on the address bar (and whatever the learner copies from it) holds a pass that is theirs alone.
            return signedIn
                ? PassPage(id, attendance.IssuePass(id, PassHolder.Account(User.UserId())))
                : SignInFirst(id, attendance.IssuePass(id, PassHolder.Browser(BrowserNonce())));
        }

        var pass = attendance.ReadPass(id, p);
        if (pass.Check != TokenCheck.Valid)
        {
            return Problem(pass.Check == TokenCheck.Expired ? "CheckIn.PassExpired" : "CheckIn.Invalid");
        }
        var holder = pass.Holder!;
        if (holder.IsBrowser && !string.Equals(Request.Cookies[BrowserCookie], holder.Id, StringComparison.Ordinal))
        {
            return Problem("CheckIn." + nameof(CheckInOutcome.NotYours));
        }
        if (!signedIn)
        {
            // The account's owner on another phone signs in and is refused then, as anyone else is.
            return SignInFirst(id, p);
        }
        if (holder.IsBrowser)
        {
            return PassPage(id, attendance.RebindPass(id, pass, User.UserId()));
        }
        if (!holder.IsAccount(User.UserId()))
        {
            return Problem("CheckIn." + nameof(CheckInOutcome.NotYours));
        }

        var standing = await attendance.StandingAsync(id, User.UserId(), ct);
        if (standing is null)
        {
            return Problem("CheckIn.Invalid");
        }
        return standing.Refusal switch
        {
            null => View(new CheckInViewModel(standing.Session, p, null)),
            CheckInOutcome.AlreadyCheckedIn => View(new CheckInViewModel(standing.Session, null, null,
                text["CheckIn.AlreadyCheckedIn", standing.Session.CourseTitle].Value)),
            var refusal => Problem("CheckIn." + refusal),
        };
    }

    [HttpPost(""), Authorize]
    public async Task<IActionResult> Confirm(int id, string? pass, CancellationToken ct)
    {
        var result = await events.CheckInAsync(id, User.UserId(), pass, ct);
        if (result.Outcome is CheckInOutcome.CheckedIn or CheckInOutcome.AlreadyCheckedIn)
        {
            TempData["notice"] = text["CheckIn." + result.Outcome, result.Session?.CourseTitle ?? ""].Value;
            return Redirect("/me");
        }
        return Problem("CheckIn." + result.Outcome);
    }

    // One random value per browser for the pass lifetime, so that scanning again before signing in keeps earlier passes.
    private string BrowserNonce()
    {
        var nonce = Request.Cookies[BrowserCookie] is { Length: 32 } known && known.All(char.IsAsciiHexDigit)
            ? known
            : Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        Response.Cookies.Append(BrowserCookie, nonce, new CookieOptions
        {
            HttpOnly = true,
            Secure = Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            Path = "/checkin",
            MaxAge = AttendanceService.PassLifetime,
            IsEssential = true,
        });
        return nonce;
    }

    private RedirectResult PassPage(int id, string pass) => Redirect($"/checkin/{id}?p={Uri.EscapeDataString(pass)}");

    private ChallengeResult SignInFirst(int id, string pass) =>
        Challenge(new AuthenticationProperties { RedirectUri = $"/checkin/{id}?p={Uri.EscapeDataString(pass)}" });

    private ViewResult Problem(string key)
    {
        Response.StatusCode = key is "CheckIn.NotYours" or "CheckIn.NotInCohort" or "CheckIn.Struck"
            ? StatusCodes.Status403Forbidden
            : StatusCodes.Status400BadRequest;
        return View(nameof(Index), new CheckInViewModel(null, null, text[key].Value));
    }
}
