using CtecSkills.Core.Accounts;

namespace CtecSkills.UnitTests.Accounts;

public sealed class PhoneNumberTests
{
    [Theory]
    [InlineData("13812345678", "13812345678")]
    [InlineData("138 1234 5678", "13812345678")]
    [InlineData("138-1234-5678", "13812345678")]
    [InlineData("+86 138 1234 5678", "13812345678")]
    [InlineData("008613812345678", "13812345678")]
    [InlineData("8613812345678", "13812345678")]
    [InlineData("１３８１２３４５６７８", "13812345678")]
    [InlineData(" 19912345678 ", "19912345678")]
    public void TryNormalize_WhatPeopleType_GivesTheBareNumber(string typed, string expected)
    {
        Assert.True(PhoneNumber.TryNormalize(typed, out var normalized));
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("12345678901")] // second digit 2 is not a mobile prefix
    [InlineData("10012345678")]
    [InlineData("1381234567")] // 10 digits
    [InlineData("138123456789")] // 12 digits
    [InlineData("23812345678")]
    [InlineData("1381234567a")]
    [InlineData("028-85001234")] // a landline
    [InlineData("+1 415 555 0100")]
    [InlineData("138123456781381234567813812345678")]
    public void TryNormalize_NotAMainlandMobile_IsRefused(string? typed)
    {
        Assert.False(PhoneNumber.TryNormalize(typed, out var normalized));
        Assert.Null(normalized);
    }

    [Fact]
    public void Mask_ShowsOnlyPrefixAndLastFour()
    {
        Assert.Equal("138****5678", PhoneNumber.Mask("13812345678"));
    }
}
