using CtecSkills.Core.Progress;
using CtecSkills.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CtecSkills.Web.Features.Progress;

public sealed record CheckInViewModel(SessionSummary? Session, string? Pass, string? Problem);

/// <summary>
/// The learner's side: the URL in the QR code. Scanning only opens a page; the check-in itself is a POST from the
/// button on it, so that a link preview or a prefetching browser cannot check anyone in.
/// </summary>
[Route("checkin/{id:int}")]
public sealed class CheckInController(AttendanceService attendance, LearningEventService events, IStringLocalizer<SharedResource> text) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(int id, string? t, string? p, CancellationToken ct)
    {
        var session = await attendance.FindSessionAsync(id, ct);
        if (session is null)
        {
            return NotFound();
        }
        string pass;
        if (p is not null)
        {
            var reading = attendance.ReadPass(id, p);
            if (reading.Check != TokenCheck.Valid)
            {
                return Problem(session, reading.Check == TokenCheck.Expired ? "CheckIn.PassExpired" : "CheckIn.Invalid");
            }
            pass = p;
        }
        else
        {
            var reading = attendance.ReadToken(id, t);
            switch (reading.Check)
            {
                case TokenCheck.Expired:
                    return Problem(session, "CheckIn.Expired");
                case TokenCheck.OtherSession:
                    return Problem(session, "CheckIn.OtherSession");
                case TokenCheck.Invalid:
                    return Problem(session, "CheckIn.Invalid");
            }
            pass = attendance.IssuePass(id);
        }
        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge(new AuthenticationProperties { RedirectUri = $"/checkin/{id}?p={Uri.EscapeDataString(pass)}" });
        }
        return View(new CheckInViewModel(session, pass, null));
    }

    [HttpPost(""), Authorize]
    public async Task<IActionResult> Confirm(int id, string? pass, CancellationToken ct)
    {
        var session = await attendance.FindSessionAsync(id, ct);
        if (session is null)
        {
            return NotFound();
        }
        var outcome = await events.CheckInAsync(id, User.UserId(), pass, ct);
        switch (outcome)
        {
            case CheckInOutcome.CheckedIn:
            case CheckInOutcome.AlreadyCheckedIn:
                TempData["notice"] = text["CheckIn." + outcome, session.CourseTitle].Value;
                return Redirect("/me");
            default:
                return Problem(session, "CheckIn." + outcome);
        }
    }

    private ViewResult Problem(SessionSummary session, string key)
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View(nameof(Index), new CheckInViewModel(session, null, text[key].Value));
    }
}
