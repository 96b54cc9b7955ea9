namespace CtecSkills.Core.Credentials;

public static class CredentialLimits
{
    public const int NameLength = 100;
    public const int TextLength = 1000;
    public const int ReasonLength = 500;
    public const int MaxValidityMonths = 240;
}
