using CtecSkills.Core.Credentials;

namespace CtecSkills.Core.Verification;

/// <summary>
/// A credential's signed validity period as <see cref="VcJwt"/> reports it, and the verifier's reading of it at a
/// given moment: VcJwt only checks that the period is the one signed, deciding what it means now is ours.
/// </summary>
public readonly record struct ValidityPeriod(DateTimeOffset ValidFrom, DateTimeOffset? ValidUntil)
{
    /// <summary>Leeway for clocks that disagree: a verifier whose clock is a minute slow still accepts a credential issued just now.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>The period of a verified token; null when it did not verify.</summary>
    public static ValidityPeriod? Of(VcJwtVerificationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result is { IsValid: true, ValidFrom: { } from } ? new ValidityPeriod(from, result.ValidUntil) : null;
    }

    public bool IsNotYetValidAt(DateTimeOffset now, TimeSpan? clockSkew = null) => now + (clockSkew ?? ClockSkew) < ValidFrom;

    public bool HasExpiredAt(DateTimeOffset now, TimeSpan? clockSkew = null) => ValidUntil is { } until && now - (clockSkew ?? ClockSkew) >= until;
}
