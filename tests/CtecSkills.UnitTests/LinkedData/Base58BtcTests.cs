using CtecSkills.Core.LinkedData;

namespace CtecSkills.UnitTests.LinkedData;

public sealed class Base58BtcTests
{
    [Fact]
    public void Encode_LeadingZeroBytes_AreLeadingOnes()
    {
        // The draft's vector: hex 0000287fb4cd.
        byte[] bytes = [0, 0, 0x28, 0x7f, 0xb4, 0xcd];

        Assert.Equal("11233QC4", Base58Btc.Encode(bytes));
        Assert.Equal(bytes, Base58Btc.Decode("11233QC4"));
        Assert.Equal(new byte[2], Base58Btc.Decode("11"));
        Assert.Equal("", Base58Btc.Encode([]));
    }

    // Vectors of the base58 draft (draft-msporny-base58): text, then its encoding.
    [Theory]
    [InlineData("Hello World!", "2NEpo7TZRRrLZSi2U")]
    [InlineData("The quick brown fox jumps over the lazy dog.", "USm3fpXnKG5EUBx2ndxBDMPVciP5hGey2Jh4NDv6gmeo1LkMeiKrLJUUBk6Z")]
    public void Encode_DraftVectors_MatchAndDecodeBack(string text, string encoded)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(text);

        Assert.Equal(encoded, Base58Btc.Encode(bytes));
        Assert.Equal(bytes, Base58Btc.Decode(encoded));
    }

    [Theory]
    [InlineData("0abc")]
    [InlineData("abcO")]
    [InlineData("abIc")]
    [InlineData("ablc")]
    [InlineData("ab中")]
    public void Decode_CharacterOutsideTheAlphabet_ThrowsFormatException(string text)
    {
        Assert.Throws<FormatException>(() => Base58Btc.Decode(text));
    }
}
