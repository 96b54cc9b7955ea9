using System.ComponentModel.DataAnnotations;
using CtecSkills.Core.Organizations;
using CtecSkills.Core.Regions;
using CtecSkills.Core.Verification;

namespace CtecSkills.Web.Features.Verification;

public sealed record VerifierRegistrationViewModel
{
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(100, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Field.OrganizationName")]
    public string? OrganizationName { get; init; }

    [Display(Name = "Field.OrganizationKind")]
    public OrganizationKind OrganizationKind { get; init; }

    [Required(ErrorMessage = "Validation.Required")]
    [Display(Name = "Field.Locality")]
    public string? LocalityCode { get; init; }

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(50, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Field.ContactName")]
    public string? ContactName { get; init; }

    [Required(ErrorMessage = "Validation.Required")]
    [EmailAddress(ErrorMessage = "Validation.Email")]
    [StringLength(256, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Field.WorkEmail")]
    public string? Email { get; init; }

    [Required(ErrorMessage = "Validation.PasswordRequired")]
    [StringLength(100, MinimumLength = 8, ErrorMessage = "Validation.PasswordLength")]
    [DataType(DataType.Password)]
    [Display(Name = "Field.Password")]
    public string? Password { get; init; }

    [Compare(nameof(Password), ErrorMessage = "Validation.PasswordMismatch")]
    [DataType(DataType.Password)]
    [Display(Name = "Field.ConfirmPassword")]
    public string? ConfirmPassword { get; init; }

    [Display(Name = "Verifiers.Consent")]
    public bool AcceptPrivacy { get; init; }

    public IReadOnlyList<Locality> Localities { get; set; } = [];

    public VerifierApplicationInput ToInput() =>
        new(OrganizationName!, OrganizationKind, LocalityCode!, ContactName!, Email!, Password!);
}

/// <summary>The admin's list of applications, and the organizations an approved applicant may be let into.</summary>
public sealed record VerifierApplicationsViewModel(IReadOnlyList<VerifierApplication> Applications, IReadOnlyList<Organization> Organizations);
