using CtecSkills.Core.Credentials;

namespace CtecSkills.UnitTests.Credentials;

public sealed class VerificationCodeTests
{
    private const string DataAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private const string CheckAlphabet = DataAlphabet + "*~$=U";

    // A spread of values, including the edges, so every position and every symbol gets exercised.
    public static TheoryData<ulong> Samples => new()
    {
        0UL,
        1UL,
        36UL,
        37UL,
        VerificationCode.MaxValue,
        0x2_3456_789A_BCDEUL,
        0x1_FEDC_BA98_7654UL,
        981_234_567_890_123UL,
    };

    [Fact]
    public void NewRandom_MakesElevenLettersAndDigitsThatParseBackToTheSameCode()
    {
        // One in seven random values has a check symbol (* ~ $ = U): 1,000 draws would meet ~135 of them.
        for (var i = 0; i < 1000; i++)
        {
            var code = VerificationCode.NewRandom();
            var text = code.ToString();

            Assert.Matches("^[0-9A-HJKMNP-TV-Z]{11}$", text);
            var parsed = VerificationCode.Parse(text);
            Assert.Equal(VerificationCodeStatus.Valid, parsed.Status);
            Assert.Equal(code, parsed.Code);
        }
    }

    [Fact]
    public void NewRandom_UsesAllFiftyBits()
    {
        ulong seen = 0;
        for (var i = 0; i < 200; i++)
        {
            seen |= VerificationCode.NewRandom().Value;
        }
        Assert.Equal(VerificationCode.MaxValue, seen);
    }

    [Theory]
    [InlineData("0000000014U")]
    [InlineData("0000000010*")]
    [InlineData("0000-0000-14u")]
    public void Parse_CodesIssuedWithACheckSymbolBefore_StillParse(string issued)
    {
        Assert.Equal(VerificationCodeStatus.Valid, VerificationCode.Parse(issued).Status);
    }

    [Fact]
    public void ToDisplayString_GroupsFourFourThree()
    {
        var code = new VerificationCode(0x2_3456_789A_BCDEUL);

        Assert.Matches("^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}[0-9A-Z*~$=]$", code.ToDisplayString());
        Assert.Equal(code.ToString(), code.ToDisplayString().Replace("-", "", StringComparison.Ordinal));
    }

    [Fact]
    public void ToString_KnownValues_MatchCrockfordEncodingAndCheckSymbol()
    {
        // 36 is "14" in base 32 and its check symbol is U (36); 32 is "10" with check * (32); 37 is "15", check 0.
        Assert.Equal("00000000000", new VerificationCode(0).ToString());
        Assert.Equal("0000000014U", new VerificationCode(36).ToString());
        Assert.Equal("0000000010*", new VerificationCode(32).ToString());
        Assert.Equal("00000000150", new VerificationCode(37).ToString());
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Parse_EverySingleSubstitution_IsCaught(ulong value)
    {
        var text = new VerificationCode(value).ToString();
        for (var position = 0; position < text.Length; position++)
        {
            var alphabet = position < VerificationCode.DataLength ? DataAlphabet : CheckAlphabet;
            foreach (var replacement in alphabet)
            {
                if (replacement == text[position])
                {
                    continue;
                }
                var typo = string.Concat(text.AsSpan(0, position), replacement.ToString(), text.AsSpan(position + 1));

                var result = VerificationCode.Parse(typo);

                Assert.True(
                    result.Status == VerificationCodeStatus.CheckCharacterMismatch,
                    $"{typo} (from {text}) was {result.Status}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Parse_EveryAdjacentTranspositionOfDataCharacters_IsCaught(ulong value)
    {
        var text = new VerificationCode(value).ToString();
        for (var position = 0; position < VerificationCode.DataLength - 1; position++)
        {
            if (text[position] == text[position + 1])
            {
                continue;
            }
            var chars = text.ToCharArray();
            (chars[position], chars[position + 1]) = (chars[position + 1], chars[position]);

            Assert.Equal(VerificationCodeStatus.CheckCharacterMismatch, VerificationCode.Parse(new string(chars)).Status);
        }
    }

    [Fact]
    public void Parse_RandomCodes_AllSubstitutionsAndTranspositionsCaught()
    {
        for (var i = 0; i < 50; i++)
        {
            Parse_EverySingleSubstitution_IsCaught(VerificationCode.NewRandom().Value);
            Parse_EveryAdjacentTranspositionOfDataCharacters_IsCaught(VerificationCode.NewRandom().Value);
        }
    }

    [Fact]
    public void Parse_IsLenientAboutCaseSeparatorsAndLookalikes()
    {
        // Digits 1,0,1,0,T,1,0,1,0,5: plenty of 0 and 1 for the look-alikes to stand in for.
        var code = new VerificationCode(0b00001_00000_00001_00000_11010_00001_00000_00001_00000_00101);
        var text = code.ToString();
        Assert.Contains("0", text, StringComparison.Ordinal);
        Assert.Contains("1", text, StringComparison.Ordinal);

        var messy = " " + text[..3].ToLowerInvariant() + " - " + text[3..]
            .Replace('0', 'o')
            .Replace("1", "l", StringComparison.Ordinal) + " ";
        var withI = text.Replace('1', 'I');
        var fullWidth = string.Concat(code.ToDisplayString().Select(c => (char)(c + 0xFEE0)));

        foreach (var typed in new[] { messy, withI, fullWidth, code.ToDisplayString(), code.ToDisplayString().ToLowerInvariant() })
        {
            var result = VerificationCode.Parse(typed);
            Assert.True(result.IsValid, $"'{typed}' was {result.Status}");
            Assert.Equal(code, result.Code);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("0000000000")] // one short
    [InlineData("000000000000")] // one long
    [InlineData("0000-0000-0U0")] // U is only a check symbol
    [InlineData("0000-0000-0*0")] // so is *
    [InlineData("0000-0000-0#0")] // not Crockford at all
    [InlineData("https://example.org/verify/00000000000")]
    public void Parse_NotACode_IsMalformedNotATypo(string? input)
    {
        var result = VerificationCode.Parse(input);

        Assert.Equal(VerificationCodeStatus.Malformed, result.Status);
        Assert.Null(result.Code);
    }

    [Fact]
    public void Parse_WrongCheckCharacter_IsReportedAsCheckMismatch()
    {
        var result = VerificationCode.Parse("0000-0000-001");

        Assert.Equal(VerificationCodeStatus.CheckCharacterMismatch, result.Status);
        Assert.False(result.IsValid);
        Assert.Null(result.Code);
    }

    [Fact]
    public void Constructor_MoreThanFiftyBits_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new VerificationCode(VerificationCode.MaxValue + 1));
    }
}
