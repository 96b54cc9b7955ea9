using CtecSkills.Core.Credentials;
using CtecSkills.Core.Verification;
using CtecSkills.UnitTests.Credentials;

namespace CtecSkills.UnitTests.Verification;

public sealed class ValidityPeriodTests
{
    private static readonly DateTimeOffset ValidFrom = SampleCredential.ValidFrom;
    private static readonly DateTimeOffset ValidUntil = ValidFrom.AddYears(3);
    private static readonly ValidityPeriod Period = new(ValidFrom, ValidUntil);

    [Fact]
    public async Task Of_ExpiredCredentialReportedByVcJwt_IsExpiredAfterValidUntilOnly()
    {
        using var key = System.Security.Cryptography.RSA.Create(2048);
        const string keyId = "https://skills.example.cn/issuers/12#key-1";
        var jws = VcJwt.Sign(OpenBadgeCredentialBuilder.Build(SampleCredential.Input(validUntil: ValidUntil)), key, keyId);
        var result = await VcJwt.VerifyAsync(jws, (kid, _) => ValueTask.FromResult<VcJwtKey?>(new VcJwtKey(kid, "https://skills.example.cn/issuers/12", key)));

        var period = ValidityPeriod.Of(result);

        Assert.Equal(Period, period);
        Assert.False(period!.Value.HasExpiredAt(ValidUntil.AddMinutes(-1)));
        Assert.True(period.Value.HasExpiredAt(ValidUntil.AddDays(1)));
    }

    [Fact]
    public void HasExpiredAt_WithinFiveMinutesBeforeValidUntil_IsNotYetExpiredButAtItIs()
    {
        Assert.False(Period.HasExpiredAt(ValidUntil.AddMinutes(4)));
        Assert.True(Period.HasExpiredAt(ValidUntil.AddMinutes(5)));
        Assert.True(Period.HasExpiredAt(ValidUntil, clockSkew: TimeSpan.Zero));
    }

    [Fact]
    public void HasExpiredAt_NoValidUntil_Never()
    {
        Assert.False(new ValidityPeriod(ValidFrom, null).HasExpiredAt(ValidFrom.AddYears(500)));
    }

    [Fact]
    public void IsNotYetValidAt_BeforeValidFrom_IsNotYetValidButAMinuteSlowClockStillAccepts()
    {
        Assert.True(Period.IsNotYetValidAt(ValidFrom.AddHours(-1)));

        // A verifier whose clock is a minute slow still accepts a credential issued just now.
        Assert.False(Period.IsNotYetValidAt(ValidFrom.AddMinutes(-1)));
        Assert.True(Period.IsNotYetValidAt(ValidFrom.AddMinutes(-1), clockSkew: TimeSpan.Zero));
        Assert.False(Period.IsNotYetValidAt(ValidFrom.AddDays(10)));
    }

    [Fact]
    public void Of_FailedVerification_IsNull()
    {
        Assert.Null(ValidityPeriod.Of(new VcJwtVerificationResult(VcJwtFailure.InvalidSignature, "no", null, null)));
    }
}
