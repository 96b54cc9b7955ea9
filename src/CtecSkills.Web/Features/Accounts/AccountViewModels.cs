using System.ComponentModel.DataAnnotations;
using CtecSkills.Core.Organizations;

namespace CtecSkills.Web.Features.Accounts;

public sealed record PhoneViewModel
{
    [Required(ErrorMessage = "Validation.PhoneRequired")]
    [Display(Name = "Field.Phone")]
    public string? Phone { get; init; }

    public string? ReturnUrl { get; init; }
}

public sealed record CodeViewModel
{
    [Required(ErrorMessage = "Validation.CodeRequired")]
    [RegularExpression(@"^\s*\d{6}\s*$", ErrorMessage = "Validation.CodeFormat")]
    [Display(Name = "Field.Code")]
    public string? Code { get; init; }

    [StringLength(50, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Field.DisplayName")]
    public string? DisplayName { get; init; }

    [Display(Name = "Field.AcceptPrivacy")]
    public bool AcceptPrivacy { get; init; }

    public string? ReturnUrl { get; init; }

    public string MaskedPhone { get; set; } = "";

    public bool IsNewAccount { get; set; }
}

public sealed record SignInViewModel
{
    [Required(ErrorMessage = "Validation.LoginRequired")]
    [Display(Name = "Field.Login")]
    public string? Login { get; init; }

    [Required(ErrorMessage = "Validation.PasswordRequired")]
    [DataType(DataType.Password)]
    [Display(Name = "Field.Password")]
    public string? Password { get; init; }

    [Display(Name = "Field.RememberMe")]
    public bool RememberMe { get; init; }

    public string? ReturnUrl { get; init; }
}

public sealed record MeViewModel(
    string DisplayName,
    IReadOnlyList<string> Roles,
    string? MaskedPhone,
    string? Email,
    string? PrivacyNoticeVersion,
    DateTimeOffset? PrivacyAcceptedAt,
    bool HasPassword,
    IReadOnlyList<TrainingBase> Bases,
    Organization? Organization,
    IReadOnlyList<CtecSkills.Core.Cohorts.MyEnrollment> Enrollments,
    IReadOnlyDictionary<int, CtecSkills.Core.Progress.EnrollmentProgress> Progress,
    IReadOnlyDictionary<int, string?> Certificates,
    CtecSkills.Core.Verification.VerifierApplication? VerifierApplication);
