using CtecSkills.Core.Progress;
using CtecSkills.Core.Text;
using CtecSkills.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CtecSkills.Web.Features.Progress;

public sealed record CheckInScreenViewModel(SessionSummary Session, string Url, string QrSvg, int RefreshSeconds);

/// <summary>Staff side of attendance: the rotating QR screen for a session and the sheet for marking by hand.</summary>
[Authorize(Policy = Policies.Staff), Route("sessions/{id:int}")]
public sealed class AttendanceController(AttendanceService attendance, LearningEventService events, IStringLocalizer<SharedResource> text) : Controller
{
    [HttpGet("checkin")]
    public async Task<IActionResult> Screen(int id, CancellationToken ct)
    {
        var session = await attendance.FindSessionAsync(id, User.BaseActor(), ct);
        if (session is null)
        {
            return NotFound();
        }
        var url = $"{Request.Scheme}://{Request.Host}/checkin/{id}?t={Uri.EscapeDataString(attendance.IssueToken(id))}";
        // The screen is shown on a projector for a whole class: it must never be cached or it would show a dead code.
        Response.Headers.CacheControl = "no-store";
        return View(new CheckInScreenViewModel(session, url, QrCodes.Svg(url), (int)AttendanceService.TokenRefresh.TotalSeconds));
    }

    [HttpGet("attendance")]
    public async Task<IActionResult> Sheet(int id, CancellationToken ct)
    {
        var sheet = await attendance.GetSheetAsync(id, User.BaseActor(), ct);
        return sheet is null ? NotFound() : View(sheet);
    }

    [HttpPost("attendance")]
    public async Task<IActionResult> Sheet(int id, int[]? present, CancellationToken ct)
    {
        if (!await events.RecordAttendanceAsync(id, User.BaseActor(), present ?? [], ct))
        {
            return NotFound();
        }
        TempData["notice"] = text["Attendance.Saved"].Value;
        return RedirectToAction(nameof(Sheet), new { id });
    }
}
