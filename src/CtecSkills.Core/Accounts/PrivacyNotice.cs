namespace CtecSkills.Core.Accounts;

public static class PrivacyNotice
{
    /// <summary>Bump when the notice text changes; the accepted version is stored with each learner.</summary>
    public const string CurrentVersion = "2026-11";
}
