using System.ComponentModel.DataAnnotations;
using CtecSkills.Core.Organizations;

namespace CtecSkills.Web.Features.Organizations;

public sealed record BaseDetailsViewModel(TrainingBase Base, AddStaffViewModel AddStaff);

public sealed record AddStaffViewModel
{
    [Required(ErrorMessage = "Validation.Required")]
    [EmailAddress(ErrorMessage = "Validation.Email")]
    [StringLength(256, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Field.Email")]
    public string? Email { get; init; }

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(50, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Field.StaffName")]
    public string? DisplayName { get; init; }

    [StringLength(100, ErrorMessage = "Validation.TooLong")]
    [DataType(DataType.Password)]
    [Display(Name = "Field.InitialPassword")]
    public string? InitialPassword { get; init; }
}
