using System.ComponentModel.DataAnnotations;
using CtecSkills.Core.Privacy;

namespace CtecSkills.Web.Features.Privacy;

/// <summary>The choices posted from an erasure page: one fate per live credential, by verification code.</summary>
public sealed record ErasureChoicesInput
{
    public Dictionary<string, CredentialFate> Fates { get; init; } = [];

    /// <summary>The posted fates of the credentials the page showed; anything else posted is ignored.</summary>
    public static Dictionary<string, CredentialFate> Chosen(ErasurePreview preview, Dictionary<string, CredentialFate> posted) =>
        preview.Credentials.Where(c => posted.TryGetValue(c.Code, out var fate) && Enum.IsDefined(fate))
            .ToDictionary(c => c.Code, c => posted[c.Code]);
}

public sealed record DeleteAccountViewModel(ErasurePreview Preview, IReadOnlyDictionary<string, CredentialFate> Fates);

public sealed record ConfirmDeleteViewModel
{
    [Required(ErrorMessage = "Validation.CodeRequired")]
    [RegularExpression(@"^\s*\d{6}\s*$", ErrorMessage = "Validation.CodeFormat")]
    [Display(Name = "Field.Code")]
    public string? Code { get; init; }

    public string? MaskedPhone { get; init; }

    public int Kept { get; init; }

    public int Revoked { get; init; }
}

public sealed record AdminErasureInput
{
    public Dictionary<string, CredentialFate> Fates { get; init; } = [];

    [Required(ErrorMessage = "Erasure.ReferenceRequired")]
    [StringLength(200, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Erasure.Reference")]
    public string? Reference { get; init; }

    [Required(ErrorMessage = "Erasure.PasswordRequired")]
    [Display(Name = "Erasure.AdminPassword")]
    public string? Password { get; init; }
}

public sealed record AdminErasureViewModel(string UserId, ErasurePreview Preview, AdminErasureInput Input);
