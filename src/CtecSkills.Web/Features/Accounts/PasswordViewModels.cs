using System.ComponentModel.DataAnnotations;

namespace CtecSkills.Web.Features.Accounts;

/// <summary>A new password typed twice; the rules themselves are Identity's, checked by the service and shown on the form.</summary>
public abstract record NewPasswordInput
{
    [Required(ErrorMessage = "Validation.PasswordRequired")]
    [StringLength(100, ErrorMessage = "Validation.TooLong")]
    [DataType(DataType.Password)]
    [Display(Name = "Field.NewPassword")]
    public string? Password { get; init; }

    [Compare(nameof(Password), ErrorMessage = "Validation.PasswordMismatch")]
    [DataType(DataType.Password)]
    [Display(Name = "Field.ConfirmPassword")]
    public string? ConfirmPassword { get; init; }

    /// <summary>Minimum length from the Identity options, shown in the rules line.</summary>
    public int RequiredLength { get; set; }
}

public sealed record ChangePasswordViewModel : NewPasswordInput
{
    [StringLength(100, ErrorMessage = "Validation.TooLong")]
    [DataType(DataType.Password)]
    [Display(Name = "Field.CurrentPassword")]
    public string? CurrentPassword { get; init; }

    [RegularExpression(@"^\s*\d{6}\s*$", ErrorMessage = "Validation.CodeFormat")]
    [Display(Name = "Field.Code")]
    public string? Code { get; init; }

    public bool HasPassword { get; set; }

    /// <summary>Where the code goes when the account has no password yet.</summary>
    public string? MaskedPhone { get; set; }
}

public sealed record ForgotPasswordViewModel
{
    [Required(ErrorMessage = "Validation.LoginRequired")]
    [StringLength(256, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Field.Login")]
    public string? Login { get; init; }
}

public sealed record ResetWithLinkViewModel : NewPasswordInput
{
    public string? User { get; init; }

    public string? Token { get; init; }

    public bool LinkValid { get; set; }
}

public sealed record ResetWithCodeViewModel : NewPasswordInput
{
    [Required(ErrorMessage = "Validation.CodeRequired")]
    [RegularExpression(@"^\s*\d{6}\s*$", ErrorMessage = "Validation.CodeFormat")]
    [Display(Name = "Field.Code")]
    public string? Code { get; init; }

    public string MaskedPhone { get; set; } = "";
}
