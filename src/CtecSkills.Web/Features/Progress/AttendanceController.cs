using System.Globalization;
using CtecSkills.Core.Accounts;
using CtecSkills.Core.Progress;
using CtecSkills.Core.Regions;
using CtecSkills.Core.Text;
using CtecSkills.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CtecSkills.Web.Features.Progress;

public sealed record CheckInScreenViewModel(SessionSummary Session, string Url, string QrSvg, int RefreshSeconds, LiveCheckInsJson Live);

/// <summary>One learner on the live list as the screen's script draws it: words already in the page's language.</summary>
public sealed record LiveCheckInJson(int EnrollmentId, string Name, string Phone, string How, string At);

/// <summary>The small document the staff screen polls every few seconds.</summary>
public sealed record LiveCheckInsJson(int Present, int Enrolled, IReadOnlyList<LiveCheckInJson> CheckedIn, IReadOnlyList<LiveCheckInJson> Struck);

/// <summary>
/// Staff side of attendance: the rotating QR screen for a session with the live list of who checked in (and a button to
/// strike out someone who is not in the room), and the sheet for marking by hand.
/// </summary>
[Authorize(Policy = Policies.Staff), Route("sessions/{id:int}")]
public sealed class AttendanceController(AttendanceService attendance, LearningEventService events, IStringLocalizer<SharedResource> text) : Controller
{
    /// <summary>How often the screen's script asks for the live list.</summary>
    public const int PollSeconds = 3;

    [HttpGet("checkin")]
    public async Task<IActionResult> Screen(int id, CancellationToken ct)
    {
        var live = await attendance.GetLiveAsync(id, User.BaseActor(), ct);
        if (live is null)
        {
            return NotFound();
        }
        var url = $"{Request.Scheme}://{Request.Host}/checkin/{id}?t={Uri.EscapeDataString(attendance.IssueToken(id))}";
        // The screen is shown on a projector for a whole class: it must never be cached or it would show a dead code.
        Response.Headers.CacheControl = "no-store";
        return View(new CheckInScreenViewModel(live.Session, url, QrCodes.Svg(url, text["Attendance.QrLabel"]), (int)AttendanceService.TokenRefresh.TotalSeconds, ToJson(live)));
    }

    [HttpGet("checkins")]
    public async Task<IActionResult> Live(int id, CancellationToken ct)
    {
        var live = await attendance.GetLiveAsync(id, User.BaseActor(), ct);
        Response.Headers.CacheControl = "no-store";
        return live is null ? NotFound() : Json(ToJson(live));
    }

    [HttpPost("strike")]
    public async Task<IActionResult> Strike(int id, int enrollmentId, CancellationToken ct)
    {
        var struck = await attendance.StrikeAsync(id, enrollmentId, User.BaseActor(), ct);
        if (struck is null)
        {
            return NotFound();
        }
        TempData["notice"] = struck.Found
            ? text["Attendance.StruckNotice", struck.Name ?? ""].Value
            : text["Attendance.StrikeNotFound"].Value;
        return RedirectToAction(nameof(Screen), new { id });
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

    private LiveCheckInsJson ToJson(LiveCheckIns live) => new(live.Present.Count, live.Enrolled,
        [.. live.Present.Select(Line)], [.. live.Struck.Select(Line)]);

    private LiveCheckInJson Line(CheckInLine line) => new(line.EnrollmentId, line.Name,
        line.Phone is null ? "" : PhoneNumber.Mask(line.Phone),
        line.Method is { } m ? text["AttendanceMethod." + m].Value : "",
        line.At.ToOffset(BeijingTime.Offset).ToString("HH:mm:ss", CultureInfo.InvariantCulture));
}
