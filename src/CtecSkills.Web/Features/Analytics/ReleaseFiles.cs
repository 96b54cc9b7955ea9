using System.Text.Json;
using CtecSkills.Core.Analytics;
using CtecSkills.Core.Text;
using Microsoft.AspNetCore.Mvc;

namespace CtecSkills.Web.Features.Analytics;

/// <summary>A release as a file to download: the same bytes from the open-data API (published) and the dashboard (drafts too).</summary>
public static class ReleaseFiles
{
    /// <summary>The cells as CSV (UTF-8 with BOM for Excel); suppressed counts are empty.</summary>
    public static FileContentResult Csv(ReleaseView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new(CsvFiles.ForExcel(IndexReleaseService.ToCsv(view.Release, view.Localities)), "text/csv; charset=utf-8")
        {
            FileDownloadName = FileName(view.Release, "csv"),
        };
    }

    /// <summary>The release document with its measures, as the API returns it.</summary>
    public static FileContentResult Json(ReleaseView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new(JsonSerializer.SerializeToUtf8Bytes(ReleaseDto.From(view), JsonSerializerOptions.Web), "application/json")
        {
            FileDownloadName = FileName(view.Release, "json"),
        };
    }

    private static string FileName(IndexRelease release, string extension) =>
        $"ctec-index-{release.Period.Label}-{release.Id}{(release.IsPublished ? "" : "-draft")}.{extension}";
}
