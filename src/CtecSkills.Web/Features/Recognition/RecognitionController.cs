using System.ComponentModel.DataAnnotations;
using CtecSkills.Core.Audit;
using CtecSkills.Core.Catalog;
using CtecSkills.Core.Recognition;
using CtecSkills.Core.Regions;
using CtecSkills.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CtecSkills.Web.Features.Recognition;

public sealed record AgreementFormViewModel
{
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(100, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Field.AgreementReference")]
    public string? Reference { get; init; }

    [Required(ErrorMessage = "Validation.Required")]
    [Display(Name = "Field.IssuedInProvince")]
    public string? IssuedInProvince { get; init; }

    [Required(ErrorMessage = "Validation.Required")]
    [Display(Name = "Field.RecognizedInProvince")]
    public string? RecognizedInProvince { get; init; }

    [Display(Name = "Catalog.Category")]
    public CourseCategory? Category { get; init; }

    [Display(Name = "Field.Level")]
    public CourseLevel? Level { get; init; }

    [Range(1, int.MaxValue, ErrorMessage = "Validation.Range")]
    [Display(Name = "Field.AchievementId")]
    public int? AchievementId { get; init; }

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(200, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Field.LocalStandard")]
    public string? LocalStandard { get; init; }

    [Required(ErrorMessage = "Validation.Required")]
    [Display(Name = "Field.ValidFrom")]
    public DateOnly? ValidFrom { get; init; }

    [Display(Name = "Field.ValidUntil")]
    public DateOnly? ValidUntil { get; init; }

    public AgreementInput ToInput() =>
        new(Reference!, IssuedInProvince!, RecognizedInProvince!, Category, Level, AchievementId, LocalStandard!, ValidFrom!.Value, ValidUntil);
}

public sealed record RecognitionPageViewModel(
    IReadOnlyList<RecognitionAgreement> Agreements, IReadOnlyDictionary<string, string> Provinces, IReadOnlyList<AchievementChoice> Achievements,
    DateOnly Today, AgreementFormViewModel Form)
{
    public string AchievementName(int id) => Achievements.FirstOrDefault(a => a.Id == id)?.Name ?? $"#{id}";
}

/// <summary>Admins record, for each region's HR authority, which achievements the other region's issuers award count there.</summary>
[Authorize(Policy = Policies.Admin), Route("admin/recognition")]
public sealed class RecognitionController(RecognitionService recognition, TimeProvider clock, IStringLocalizer<SharedResource> text) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await BuildAsync(new AgreementFormViewModel(), ct));

    [HttpPost("")]
    public async Task<IActionResult> Create(AgreementFormViewModel input, CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var (id, problems) = await recognition.CreateAsync(input.ToInput(), User.UserId(), ct);
            if (id is not null)
            {
                TempData["notice"] = text["Recognition.Created"].Value;
                return RedirectToAction(nameof(Index));
            }
            foreach (var problem in problems)
            {
                ModelState.AddModelError("", text["AgreementProblem." + problem]);
            }
        }
        return View(nameof(Index), await BuildAsync(input, ct));
    }

    [HttpPost("{id:int}/end")]
    public async Task<IActionResult> End(int id, DateOnly? lastDay, string? reason, CancellationToken ct)
    {
        if (lastDay is null || string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > AuditEntry.ReasonLength)
        {
            TempData["notice"] = text["Recognition.EndNeedsDayAndReason"].Value;
        }
        else
        {
            TempData["notice"] = text[await recognition.EndAsync(id, lastDay.Value, User.UserId(), reason.Trim(), ct)
                ? "Recognition.Ended" : "Recognition.EndRefused"].Value;
        }
        return RedirectToAction(nameof(Index));
    }

    private async Task<RecognitionPageViewModel> BuildAsync(AgreementFormViewModel form, CancellationToken ct) =>
        new(await recognition.ListAsync(ct), await recognition.ProvincesAsync(ct), await recognition.AchievementChoicesAsync(ct), BeijingTime.Today(clock), form);
}
