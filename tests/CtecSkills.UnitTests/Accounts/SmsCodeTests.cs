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
    public void Check_RightCodeWithinFiveMinutes_IsValidUntilUsed()
    {
        var (code, plain) = SmsCode.Create("13812345678", Sent);

        Assert.Equal(SmsCodeCheck.Valid, code.Check(plain, Sent.AddMinutes(4).AddSeconds(59)));
        code.UsedAt = Sent.AddMinutes(4);
        Assert.Equal(SmsCodeCheck.AlreadyUsed, code.Check(plain, Sent.AddMinutes(4).AddSeconds(59)));
    }

    [Fact]
    public void Check_RightCodeWithSpacesAround_IsValid()
    {
        var (code, plain) = SmsCode.Create("13812345678", Sent);

        Assert.Equal(SmsCodeCheck.Valid, code.Check($" {plain} ", Sent.AddMinutes(1)));
    }

    [Fact]
    public void Check_RightCodeAtFiveMinutes_HasExpired()
    {
        var (code, plain) = SmsCode.Create("13812345678", Sent);

        Assert.Equal(SmsCodeCheck.Expired, code.Check(plain, Sent.AddMinutes(5)));
    }

    [Fact]
    public void Check_WrongCode_IsWrongAndRecordsNothingItself()
    {
        var (code, plain) = SmsCode.Create("13812345678", Sent);

        Assert.Equal(SmsCodeCheck.Wrong, code.Check(Wrong(plain), Sent.AddMinutes(1)));
        Assert.Equal(SmsCode.MaxAttempts, code.AttemptsLeft);
    }

    [Fact]
    public void Check_AfterFiveWrongTries_RefusesEvenTheRightCode()
    {
        var (code, plain) = SmsCode.Create("13812345678", Sent);
        code.FailedAttempts = SmsCode.MaxAttempts;

        Assert.Equal(SmsCodeCheck.TooManyAttempts, code.Check(plain, Sent.AddMinutes(1)));
        Assert.Equal(0, code.AttemptsLeft);
    }

    private static string Wrong(string plain) => plain == "000000" ? "111111" : "000000";
}
