using CtecSkills.Core.Catalog;
using CtecSkills.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CtecSkills.Web.Features.Catalog;

/// <summary>Staff authoring for the courses their base owns: package upload, lesson editing with preview, export.</summary>
[Authorize(Policy = Policies.Staff), Route("courses/manage")]
public sealed class ManageCoursesController(
    CourseAuthoringService authoring,
    CoursePackageExporter exporter,
    LessonRenderer renderer,
    IStringLocalizer<SharedResource> text) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await BuildAsync(null, [], ct));

    [HttpPost("upload")]
    public async Task<IActionResult> Upload(int baseId, bool publish, IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            return View(nameof(Index), await BuildAsync(text["Courses.FileRequired"].Value, [], ct));
        }
        if (file.Length > CatalogLimits.PackageBytes)
        {
            return View(nameof(Index), await BuildAsync(text["Courses.FileTooLarge", CatalogLimits.PackageBytes / 1_000_000].Value, [], ct));
        }
        await using var stream = file.OpenReadStream();
        // The zip reader needs to seek; an upload stream may not.
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, ct);
        buffer.Position = 0;
        var result = await authoring.ImportAsync(buffer, baseId, publish, User.BaseActor(), ct);
        if (result is null)
        {
            return NotFound();
        }
        if (!result.Succeeded)
        {
            return View(nameof(Index), await BuildAsync(null, result.Problems, ct));
        }
        TempData["notice"] = text["Courses.Imported"].Value;
        return Redirect($"/courses/manage#{result.Slug}");
    }

    [HttpGet("{slug}/export")]
    public async Task<IActionResult> Export(string slug, CancellationToken ct)
    {
        if (!await authoring.CanEditAsync(slug, User.BaseActor(), ct))
        {
            return NotFound();
        }
        var zip = new MemoryStream();
        await exporter.ExportAsync(slug, zip, ct);
        zip.Position = 0;
        return File(zip, "application/zip", slug + ".zip");
    }

    [HttpGet("{slug}/lessons/{number:int}")]
    public async Task<IActionResult> EditLesson(string slug, int number, CancellationToken ct)
    {
        var lesson = await authoring.FindLessonAsync(slug, number, User.BaseActor(), ct);
        return lesson is null ? NotFound() : View(new EditLessonViewModel(slug, lesson, lesson.Markdown, null));
    }

    [HttpPost("{slug}/lessons/{number:int}")]
    public async Task<IActionResult> EditLesson(string slug, int number, string? markdown, string? preview, CancellationToken ct)
    {
        var lesson = await authoring.FindLessonAsync(slug, number, User.BaseActor(), ct);
        if (lesson is null)
        {
            return NotFound();
        }
        markdown ??= "";
        if (preview is not null)
        {
            return View(new EditLessonViewModel(slug, lesson, markdown, renderer.Render(slug, lesson.FileName, markdown, lesson.Title)));
        }
        var status = await authoring.SaveLessonAsync(slug, number, markdown, User.BaseActor(), ct);
        switch (status)
        {
            case LessonSaveStatus.NotFound:
                return NotFound();
            case LessonSaveStatus.Saved:
                TempData["notice"] = text["Courses.LessonSaved"].Value;
                return Redirect($"/courses/{slug}/lessons/{number}");
            default:
                ModelState.AddModelError("markdown", text["Courses.Lesson" + status, CatalogLimits.LessonBytes / 1000]);
                return View(new EditLessonViewModel(slug, lesson, markdown, null));
        }
    }

    private async Task<ManageCoursesViewModel> BuildAsync(string? fileError, IReadOnlyList<PackageProblem> problems, CancellationToken ct) =>
        new(await authoring.ListAsync(User.BaseActor(), ct), await authoring.OwnBasesAsync(User.BaseActor(), ct), fileError, problems);
}
