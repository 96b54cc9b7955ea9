using System.Globalization;
using CsvHelper;
using CtecSkills.Core.Audit;
using CtecSkills.Core.Cohorts;
using CtecSkills.Core.Progress;
using CtecSkills.Core.Text;
using CtecSkills.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CtecSkills.Web.Features.Progress;

/// <summary>Staff follow a cohort's progress: the roster as a spreadsheet, and completing a learner by hand.</summary>
[Authorize(Policy = Policies.Staff), Route("cohorts/{id:int}")]
public sealed class ProgressController(
    CohortService cohorts, ProgressService progress, LearningEventService events, TimeProvider clock, IStringLocalizer<SharedResource> text)
    : Controller
{
    private static readonly string[] ExportColumns =
    [
        "Cohorts.LearnerName", "Field.Phone", "Cohorts.Group", "Cohorts.Status", "Progress.Percent", "Progress.Lessons",
        "Progress.BestScore", "Progress.Hours", "Progress.LastActive", "Progress.AtRisk", "Progress.CompletedAt",
    ];

    [HttpGet("progress.csv")]
    public async Task<IActionResult> Export(int id, CancellationToken ct)
    {
        var found = await cohorts.FindAsync(id, User.BaseActor(), ct);
        if (found is null)
        {
            return NotFound();
        }
        var rows = await progress.ForCohortAsync(id, ct);
        var now = clock.GetUtcNow();
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(writer, CsvFiles.WriterOptions, leaveOpen: true))
        {
            csv.WriteRecord([.. ExportColumns.Select(k => text[k].Value)]);
            foreach (var r in found.Roster)
            {
                var p = rows.GetValueOrDefault(r.EnrollmentId);
                csv.WriteRecord([
                    r.Name,
                    r.Phone ?? "",
                    r.Group is { } g ? text["LearnerGroup." + g].Value : "",
                    text["EnrollmentStatus." + r.Status].Value,
                    p is null ? "" : p.Percent.ToString(CultureInfo.InvariantCulture),
                    p is null ? "" : $"{p.LessonsRead}/{p.LessonCount}",
                    p?.BestScore?.ToString(CultureInfo.InvariantCulture) ?? "",
                    p is null ? "" : string.Create(CultureInfo.InvariantCulture, $"{p.HoursAttended:0.#}/{p.HoursRequired:0.#}"),
                    p?.LastActive is { } last ? Display.Time(last) : "",
                    p is not null && p.IsAtRisk(now) ? text["Progress.AtRiskYes"].Value : "",
                    p?.CompletedAt is { } done ? Display.Time(done) : "",
                ]);
            }
        }
        var name = string.Create(CultureInfo.InvariantCulture, $"cohort-{id}-progress-{Display.Time(now)[..10]}.csv");
        return File(CsvFiles.ForExcel(writer.ToString()), "text/csv; charset=utf-8", name);
    }

    [HttpPost("enrollments/{enrollmentId:int}/complete")]
    public async Task<IActionResult> Complete(int id, int enrollmentId, string? reason, CancellationToken ct)
    {
        var outcome = await events.CompleteManuallyAsync(enrollmentId, id, User.BaseActor(), reason, ct);
        if (outcome is null or CompleteOutcome.NotFound)
        {
            return NotFound();
        }
        TempData["notice"] = text["CompleteOutcome." + outcome, AuditEntry.ReasonLength].Value;
        return Redirect($"/cohorts/{id}#learners");
    }
}
