using CtecSkills.Core.Accounts;

namespace CtecSkills.UnitTests.Accounts;

public sealed class SmsCodeTests
{
    private static readonly DateTimeOffset Sent = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Create_MakesASixDigitCodeAndStoresOnlyItsHash()
    {
        var (entity, plain) = SmsCode.Create("13812345678", Sent);

        Assert.Matches(@"^\d{6}$", plain);
        Assert.DoesNotContain(plain, entity.CodeHash, StringComparison.Ordinal);
        Assert.Equal(Sent + TimeSpan.FromMinutes(5), entity.ExpiresAt);
    }

    [Fact]
    public void Create_TwoCodes_HaveDifferentSaltsSoEqualCodesHashDifferently()
    {
        var (a, _) = SmsCode.Create("13812345678", Sent);
        var (b, _) = SmsCode.Create("13812345678", Sent);

        Assert.NotEqual(a.Salt, b.Salt);
        Assert.NotEqual(a.CodeHash, b.CodeHash);
    }

    [Fact]
    public void Verify_RightCodeWithinFiveMinutes_IsValidOnce()
    {
        var (code, plain) = SmsCode.Create("13812345678", Sent);

        Assert.Equal(SmsCodeCheck.Valid, code.Verify(plain, Sent.AddMinutes(4).AddSeconds(59)));
        Assert.Equal(SmsCodeCheck.AlreadyUsed, code.Verify(plain, Sent.AddMinutes(4).AddSeconds(59)));
    }

    [Fact]
    public void Verify_RightCodeWithSpacesAround_IsValid()
    {
        var (code, plain) = SmsCode.Create("13812345678", Sent);

        Assert.Equal(SmsCodeCheck.Valid, code.Verify($" {plain} ", Sent.AddMinutes(1)));
    }

    [Fact]
    public void Verify_RightCodeAtFiveMinutes_HasExpired()
    {
        var (code, plain) = SmsCode.Create("13812345678", Sent);

        Assert.Equal(SmsCodeCheck.Expired, code.Verify(plain, Sent.AddMinutes(5)));
    }

    [Fact]
    public void Verify_WrongCode_CountsDownTheTriesLeft()
    {
        var (code, plain) = SmsCode.Create("13812345678", Sent);
        var wrong = Wrong(plain);

        Assert.Equal(SmsCodeCheck.Wrong, code.Verify(wrong, Sent.AddMinutes(1)));
        Assert.Equal(4, code.AttemptsLeft);
        Assert.Equal(SmsCodeCheck.Wrong, code.Verify(wrong, Sent.AddMinutes(1)));
        Assert.Equal(3, code.AttemptsLeft);
    }

    [Fact]
    public void Verify_FiveWrongTries_KillTheCodeEvenForTheRightOne()
    {
        var (code, plain) = SmsCode.Create("13812345678", Sent);
        var wrong = Wrong(plain);

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(SmsCodeCheck.Wrong, code.Verify(wrong, Sent.AddMinutes(1)));
        }
        Assert.Equal(SmsCodeCheck.TooManyAttempts, code.Verify(wrong, Sent.AddMinutes(1)));
        Assert.Equal(SmsCodeCheck.TooManyAttempts, code.Verify(plain, Sent.AddMinutes(1)));
        Assert.Equal(0, code.AttemptsLeft);
    }

    private static string Wrong(string plain) => plain == "000000" ? "111111" : "000000";
}
