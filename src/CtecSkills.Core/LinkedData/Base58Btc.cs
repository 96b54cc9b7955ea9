using System.Numerics;
using System.Text;

namespace CtecSkills.Core.LinkedData;

/// <summary>
/// Base58 with the Bitcoin alphabet (multibase prefix <c>z</c>): how Multikey public keys and Data Integrity
/// <c>proofValue</c>s are written. Each leading zero byte is one leading <c>1</c>.
/// </summary>
public static class Base58Btc
{
    private const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    private static readonly sbyte[] Digits = BuildDigits();

    public static string Encode(ReadOnlySpan<byte> data)
    {
        var zeros = 0;
        while (zeros < data.Length && data[zeros] == 0)
        {
            zeros++;
        }
        var value = new BigInteger(data[zeros..], isUnsigned: true, isBigEndian: true);
        var text = new StringBuilder();
        while (value > 0)
        {
            value = BigInteger.DivRem(value, 58, out var remainder);
            text.Append(Alphabet[(int)remainder]);
        }
        text.Append('1', zeros);
        var chars = text.ToString().ToCharArray();
        Array.Reverse(chars);
        return new string(chars);
    }

    /// <summary>Decodes <paramref name="text"/>; throws <see cref="FormatException"/> on a character outside the alphabet.</summary>
    public static byte[] Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var zeros = 0;
        while (zeros < text.Length && text[zeros] == '1')
        {
            zeros++;
        }
        var value = BigInteger.Zero;
        for (var i = zeros; i < text.Length; i++)
        {
            var c = text[i];
            var digit = c < Digits.Length ? Digits[c] : -1;
            if (digit < 0)
            {
                throw new FormatException($"'{c}' at position {i + 1} is not a base58btc character.");
            }
            value = value * 58 + digit;
        }
        var body = value.IsZero ? [] : value.ToByteArray(isUnsigned: true, isBigEndian: true);
        var bytes = new byte[zeros + body.Length];
        body.CopyTo(bytes, zeros);
        return bytes;
    }

    private static sbyte[] BuildDigits()
    {
        var digits = new sbyte[128];
        Array.Fill(digits, (sbyte)-1);
        for (var i = 0; i < Alphabet.Length; i++)
        {
            digits[Alphabet[i]] = (sbyte)i;
        }
        return digits;
    }
}
