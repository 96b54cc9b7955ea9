using CtecSkills.Core.LinkedData;

namespace CtecSkills.Core.Credentials;

public static class CredentialLimits
{
    public const int NameLength = 100;
    public const int TextLength = 1000;
    public const int ReasonLength = 500;
    public const int MaxValidityMonths = 240;

    /// <summary>
    /// Whether text may go into a signed credential: it must canonicalize alike in every verifier's RDFC-1.0
    /// (<see cref="NQuads.CanonicalizesAlike"/>). Null counts as signable; whether it is required is another check.
    /// </summary>
    public static bool IsSignable(params ReadOnlySpan<string?> texts)
    {
        foreach (var text in texts)
        {
            if (text is not null && !NQuads.CanonicalizesAlike(text))
            {
                return false;
            }
        }
        return true;
    }
}
