using System.ComponentModel.DataAnnotations;
using CtecSkills.Core.Organizations;
using CtecSkills.Core.Regions;

namespace CtecSkills.Web.Features.Organizations;

public sealed record TrainingBaseFormViewModel
{
    public int? Id { get; init; }

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(100, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Field.BaseName")]
    public string? Name { get; init; }

    [Display(Name = "Field.BaseKind")]
    public TrainingBaseKind Kind { get; init; }

    [Required(ErrorMessage = "Validation.Required")]
    [Display(Name = "Field.Locality")]
    public string? LocalityCode { get; init; }

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(200, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Field.Address")]
    public string? Address { get; init; }

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(50, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Field.ContactName")]
    public string? ContactName { get; init; }

    [Required(ErrorMessage = "Validation.Required")]
    [RegularExpression(@"^[0-9+\-() ]{7,20}$", ErrorMessage = "Validation.ContactPhone")]
    [Display(Name = "Field.ContactPhone")]
    public string? ContactPhone { get; init; }

    [EmailAddress(ErrorMessage = "Validation.Email")]
    [StringLength(256, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Field.ContactEmail")]
    public string? ContactEmail { get; init; }

    /// <summary>Staff edit only address and contact; the rest is shown read-only.</summary>
    public bool CanEditIdentity { get; set; }

    public IReadOnlyList<Locality> Localities { get; set; } = [];

    public TrainingBaseInput ToInput() => new()
    {
        Name = Name ?? "",
        Kind = Kind,
        LocalityCode = LocalityCode ?? "",
        Address = Address ?? "",
        ContactName = ContactName ?? "",
        ContactPhone = ContactPhone ?? "",
        ContactEmail = ContactEmail,
    };

    public static TrainingBaseFormViewModel From(TrainingBase b) => new()
    {
        Id = b.Id,
        Name = b.Name,
        Kind = b.Kind,
        LocalityCode = b.LocalityCode,
        Address = b.Address,
        ContactName = b.ContactName,
        ContactPhone = b.ContactPhone,
        ContactEmail = b.ContactEmail,
    };
}
