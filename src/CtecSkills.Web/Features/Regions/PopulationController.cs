using System.ComponentModel.DataAnnotations;
using CtecSkills.Core.Regions;
using CtecSkills.Core.Text;
using CtecSkills.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CtecSkills.Web.Features.Regions;

/// <summary>Admins see the population reference behind the index and replace it from a CSV file.</summary>
[Authorize(Policy = Policies.Admin), Route("admin/population")]
public sealed class PopulationController(PopulationReferenceService population, IStringLocalizer<SharedResource> text) : Controller
{
    public const long MaxUploadBytes = 2_000_000;

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await BuildAsync(new PopulationUploadViewModel(), [], ct));

    [HttpGet("current.csv")]
    public async Task<IActionResult> Download(CancellationToken ct)
    {
        var csv = await population.ExportCurrentCsvAsync(ct);
        return File(CsvFiles.ForExcel(csv), "text/csv; charset=utf-8", "population-reference.csv");
    }

    // No tighter request limit here: a file just over 2 MB gets a message beside the field, not an error page.
    [HttpPost("")]
    public async Task<IActionResult> Upload(PopulationUploadViewModel input, IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError("file", text["Population.FileRequired"]);
        }
        else if (file.Length > MaxUploadBytes)
        {
            ModelState.AddModelError("file", text["Population.FileTooLarge"]);
        }
        if (!ModelState.IsValid)
        {
            return View("Index", await BuildAsync(input, [], ct));
        }

        await using var stream = file!.OpenReadStream();
        var result = await population.ReplaceAsync(new PopulationImportInput(stream, input.Source, input.Year, User.Identity?.Name), ct);
        if (!result.Succeeded)
        {
            return View("Index", await BuildAsync(input, result.Errors, ct));
        }
        TempData["notice"] = text["Population.Replaced"].Value;
        return RedirectToAction(nameof(Index));
    }

    private async Task<PopulationPageViewModel> BuildAsync(PopulationUploadViewModel upload, IReadOnlyList<PopulationImportError> errors, CancellationToken ct)
    {
        var current = await population.GetCurrentAsync(ct);
        var history = await population.ListAsync(ct);
        return new PopulationPageViewModel(current, history, upload, errors);
    }
}

public sealed record PopulationUploadViewModel
{
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(200, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Field.PopulationSource")]
    public string? Source { get; init; }

    [Required(ErrorMessage = "Validation.Required")]
    [Range(1950, 2100, ErrorMessage = "Validation.Year")]
    [Display(Name = "Field.PopulationYear")]
    public int? Year { get; init; }
}

public sealed record PopulationPageViewModel(
    PopulationReference? Current,
    IReadOnlyList<PopulationReference> History,
    PopulationUploadViewModel Upload,
    IReadOnlyList<PopulationImportError> Errors);
