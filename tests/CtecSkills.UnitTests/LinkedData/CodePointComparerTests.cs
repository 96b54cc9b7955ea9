using System.Text;
using CtecSkills.Core.LinkedData;

namespace CtecSkills.UnitTests.LinkedData;

public sealed class CodePointComparerTests
{
    // RDFC-1.0: for UTF-8 text, comparing the bytes gives code point order — the definition to check against.
    [Fact]
    public void Compare_RandomStringsOfAstralPrivateUseAndCjkCharacters_AgreesWithUtf8ByteOrder()
    {
        var random = new Random(16);
        string[] alphabet = ["a", "z", "中", "\uD7FF", "\uE000", "\uFFFD", "\U00010000", "\U0001F600", "\U00020BB7", "\u0000"];
        string Next() => string.Concat(Enumerable.Range(0, random.Next(4)).Select(_ => alphabet[random.Next(alphabet.Length)]));
        var disagreementsWithUtf16 = 0;

        for (var n = 0; n < 5_000; n++)
        {
            var (x, y) = (Next(), Next());
            var expected = Math.Sign(Encoding.UTF8.GetBytes(x).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(y)));

            Assert.Equal(expected, Math.Sign(CodePointComparer.Instance.Compare(x, y)));
            if (expected != Math.Sign(string.CompareOrdinal(x, y)))
            {
                disagreementsWithUtf16++;
            }
        }
        Assert.True(disagreementsWithUtf16 > 0, "the strings never reached the pairs where UTF-16 order differs");
    }
}
