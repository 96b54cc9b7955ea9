using CtecSkills.Core.Audit;
using CtecSkills.Core.Privacy;
using CtecSkills.Web.Infrastructure;
using Hangfire;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CtecSkills.Web.Features.Privacy;

/// <summary>
/// 个人信息请求: an admin finds a person by phone and carries out their written request (an export here; deletion is
/// its own page), for people who cannot do it on a phone themselves. Every lookup and export is audited.
/// </summary>
[Authorize(Policy = Policies.Admin), Route("admin/people")]
public sealed class PeopleController(
    PersonalDataInventory inventory, PersonalDataExportService exports, IBackgroundJobClient jobs, IStringLocalizer<SharedResource> text) : Controller
{
    [HttpGet("")]
    public IActionResult Index() => View(new FindPersonViewModel(null, null));

    [HttpPost("find"), ValidateAntiForgeryToken]
    public async Task<IActionResult> Find(string? phone, CancellationToken ct)
    {
        if (!Core.Accounts.PhoneNumber.IsValid(phone))
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(nameof(Index), new FindPersonViewModel(phone, text["People.PhoneInvalid"].Value));
        }
        var userId = await inventory.FindByPhoneAsync(phone, User.UserId(), ct);
        if (userId is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return View(nameof(Index), new FindPersonViewModel(phone, text["People.NotFound"].Value));
        }
        return Redirect($"/admin/people/{Uri.EscapeDataString(userId)}");
    }

    [HttpGet("{userId}")]
    public async Task<IActionResult> Person(string userId, CancellationToken ct) => await PersonPageAsync(userId, null, null, ct);

    [HttpPost("{userId}/exports"), ValidateAntiForgeryToken]
    public async Task<IActionResult> Export(string userId, string? reason, CancellationToken ct)
    {
        var outcome = await exports.RequestOnWrittenRequestAsync(userId, User.UserId(), reason, ct);
        switch (outcome.Result)
        {
            case ExportRequestResult.NotFound:
                return NotFound();
            case ExportRequestResult.ReasonRequired or ExportRequestResult.ReasonTooLong:
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return await PersonPageAsync(userId, text["People.Reason." + outcome.Result, AuditEntry.ReasonLength].Value, reason, ct);
            case ExportRequestResult.Started:
                jobs.Enqueue<PersonalDataExportJob>(job => job.RunAsync(outcome.ExportId!.Value, CancellationToken.None));
                break;
        }
        TempData["notice"] = text["MyData.Request." + outcome.Result, PersonalDataExportService.MaxPerDay].Value;
        return Redirect($"/admin/people/{Uri.EscapeDataString(userId)}#export");
    }

    [HttpGet("{userId}/exports/{id:long}")]
    public async Task<IActionResult> Download(string userId, long id, CancellationToken ct)
    {
        var download = await exports.DownloadAsync(id, userId, User.UserId(), ct);
        return ExportFiles.Result(this, download, $"/admin/people/{Uri.EscapeDataString(userId)}#export", text);
    }

    private async Task<IActionResult> PersonPageAsync(string userId, string? error, string? reason, CancellationToken ct)
    {
        var person = await inventory.SummaryAsync(userId, ct);
        if (person is null)
        {
            return NotFound();
        }
        return View(nameof(Person), new PersonViewModel(person, await exports.ListAsync(userId, User.UserId(), ct), error, reason));
    }
}

public sealed record FindPersonViewModel(string? Phone, string? Error);

public sealed record PersonViewModel(PersonSummary Person, IReadOnlyList<DataExportStatus> Exports, string? Error, string? Reason)
{
    public bool IsPreparing => Exports.Any(e => e.IsPreparing);
}
