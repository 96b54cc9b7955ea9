namespace CtecSkills.Core.Accounts;

public static class PrivacyNotice
{
    /// <summary>
    /// Bump when the notice text changes: every learner whose latest consent is for another version is asked again at
    /// their next sign-in.
    /// </summary>
    // 2026-12-04: the wallet links of "添加到数字钱包" (what is kept, for how long).
    public const string CurrentVersion = "2026-12-04";
}
