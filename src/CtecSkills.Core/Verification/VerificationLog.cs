namespace CtecSkills.Core.Verification;

/// <summary>
/// One verification: when, by whom (if signed in), and the outcome. Never the credential itself; the code and
/// credential id only when the input resolved to one of ours.
/// </summary>
public sealed class VerificationLog
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public string? UserId { get; set; }
    public int? OrganizationId { get; set; }

    /// <summary>"page" or "api".</summary>
    public required string Channel { get; set; }
    public string? CredentialCode { get; set; }
    public string? CredentialId { get; set; }
    public VerificationStatus Outcome { get; set; }
}
