using CtecSkills.Core.Maintenance;
using CtecSkills.Core.Privacy;
using CtecSkills.Web.Infrastructure;
using Hangfire;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CtecSkills.Web.Features.Privacy;

/// <summary>"我的数据": what the platform holds about the signed-in person, and a download of all of it.</summary>
[Authorize, Route("me/data")]
public sealed class MyDataController(
    PersonalDataInventory inventory, PersonalDataExportService exports, IBackgroundJobClient jobs, IOptions<RetentionOptions> retention,
    IStringLocalizer<SharedResource> text) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var kinds = await inventory.KindsAsync(User.UserId(), ct);
        if (kinds is null)
        {
            return Challenge();
        }
        return View(new MyDataViewModel(kinds, await exports.ListAsync(User.UserId(), User.UserId(), ct), retention.Value.DataExportHours));
    }

    [HttpPost("exports"), ValidateAntiForgeryToken]
    public async Task<IActionResult> Prepare(CancellationToken ct)
    {
        var outcome = await exports.RequestForSelfAsync(User.UserId(), ct);
        if (outcome.Result == ExportRequestResult.Started)
        {
            // After the commit (the service has saved): the job finds the row it is told about.
            jobs.Enqueue<PersonalDataExportJob>(job => job.RunAsync(outcome.ExportId!.Value, CancellationToken.None));
        }
        TempData["notice"] = text["MyData.Request." + outcome.Result, PersonalDataExportService.MaxPerDay].Value;
        return Redirect("/me/data#download");
    }

    [HttpGet("exports/{id:long}")]
    public async Task<IActionResult> Download(long id, CancellationToken ct)
    {
        var download = await exports.DownloadAsync(id, User.UserId(), User.UserId(), ct);
        return ExportFiles.Result(this, download, "/me/data#download", text);
    }
}

public sealed record ExportListViewModel(IReadOnlyList<DataExportStatus> Exports, string LinkBase);

public sealed record MyDataViewModel(IReadOnlyList<PersonalDataKind> Kinds, IReadOnlyList<DataExportStatus> Exports, int ExportHours)
{
    public bool IsPreparing => Exports.Any(e => e.IsPreparing);
}

/// <summary>What a download link answers, for the person's page and the admin's alike.</summary>
public static class ExportFiles
{
    public static IActionResult Result(Controller controller, DataExportDownload download, string backTo, IStringLocalizer text)
    {
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentNullException.ThrowIfNull(download);
        ArgumentNullException.ThrowIfNull(text);
        switch (download.Result)
        {
            case DownloadResult.Ready:
                controller.Response.Headers.CacheControl = "no-store";
                return controller.File(download.Zip!, "application/zip", FileName(download.RequestedAt!.Value));
            case DownloadResult.Expired:
                controller.Response.StatusCode = StatusCodes.Status410Gone;
                return controller.View("Expired", (object)backTo);
            case DownloadResult.NotReady:
                controller.TempData["notice"] = text["MyData.NotReady"].Value;
                return controller.Redirect(backTo);
            default:
                return controller.NotFound();
        }
    }

    /// <summary>"我的数据-20261203.zip": the day it was asked for, in Beijing time.</summary>
    public static string FileName(DateTimeOffset requestedAt) =>
        $"my-data-{requestedAt.ToOffset(Core.Regions.BeijingTime.Offset):yyyyMMdd-HHmm}.zip";
}
