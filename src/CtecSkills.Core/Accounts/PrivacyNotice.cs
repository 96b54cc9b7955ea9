namespace CtecSkills.Core.Accounts;

public static class PrivacyNotice
{
    /// <summary>
    /// Bump when the notice text changes: every learner whose latest consent is for another version is asked again at
    /// their next sign-in.
    /// </summary>
    public const string CurrentVersion = "2026-12";
}
