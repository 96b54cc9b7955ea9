using System.Security.Cryptography;

namespace CtecSkills.Core.Credentials;

public enum VerificationCodeStatus
{
    Valid,

    /// <summary>Wrong length or a character that is not Crockford base32: not a code at all.</summary>
    Malformed,

    /// <summary>Well formed, but the check character does not match: almost certainly a typo.</summary>
    CheckCharacterMismatch,
}

public sealed record VerificationCodeParseResult(VerificationCodeStatus Status, VerificationCode? Code)
{
    public bool IsValid => Status == VerificationCodeStatus.Valid;
}

/// <summary>
/// The short code printed beside the QR: 10 Crockford base32 characters carrying a random 50-bit value, then
/// Crockford's mod-37 check symbol (https://www.crockford.com/base32.html). Shown as <c>XXXX-XXXX-XXC</c>.
/// New codes are drawn so that the check is a letter or digit: the symbols * ~ $ = U are hard to read aloud and sit on
/// a phone keyboard's second page. Codes issued with one of them before still parse.
/// </summary>
/// <remarks>
/// 37 is prime and larger than every digit difference, so the check symbol catches every single-character
/// substitution and every swap of two adjacent data characters (the change is (a−b)·32ᵏ·31, never a multiple
/// of 37).
/// </remarks>
public readonly record struct VerificationCode
{
    public const int DataLength = 10;
    public const int Length = DataLength + 1;
    public const ulong MaxValue = (1UL << 50) - 1;

    // Crockford's symbols: 0-9 and A-Z without I, L, O, U; the check symbol adds * ~ $ = U for 32..36.
    private const string Symbols = "0123456789ABCDEFGHJKMNPQRSTVWXYZ*~$=U";

    public VerificationCode(ulong value)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxValue);
        Value = value;
    }

    public ulong Value { get; }

    public char CheckCharacter => Symbols[(int)(Value % 37)];

    /// <summary>
    /// A new code from the operating system's cryptographic random number generator, drawn again (about one time in
    /// seven) until its check is one of the 32 letters and digits: 49.8 random bits instead of 50.
    /// </summary>
    public static VerificationCode NewRandom()
    {
        Span<byte> bytes = stackalloc byte[8];
        while (true)
        {
            RandomNumberGenerator.Fill(bytes);
            var code = new VerificationCode(BitConverter.ToUInt64(bytes) & MaxValue);
            if (code.Value % 37 < 32)
            {
                return code;
            }
        }
    }

    /// <summary>The 11 characters without separators: what is stored and what goes in the verify URL.</summary>
    public override string ToString()
    {
        Span<char> chars = stackalloc char[Length];
        var value = Value;
        for (var i = DataLength - 1; i >= 0; i--)
        {
            chars[i] = Symbols[(int)(value & 31)];
            value >>= 5;
        }
        chars[DataLength] = CheckCharacter;
        return new string(chars);
    }

    /// <summary>Grouped for reading aloud and typing: <c>7K3M-9QXD-2TH</c>.</summary>
    public string ToDisplayString()
    {
        var s = ToString();
        return $"{s[..4]}-{s[4..8]}-{s[8..]}";
    }

    /// <summary>
    /// Reads what a person typed: any case, full-width or not, spaces and hyphens ignored, I and L read as 1,
    /// O as 0.
    /// </summary>
    public static VerificationCodeParseResult Parse(string? input)
    {
        var malformed = new VerificationCodeParseResult(VerificationCodeStatus.Malformed, null);
        if (string.IsNullOrWhiteSpace(input))
        {
            return malformed;
        }

        Span<int> digits = stackalloc int[Length];
        var count = 0;
        foreach (var raw in input)
        {
            // Chinese input methods type full-width forms (Ａ, ７, －).
            var c = raw is >= '\uFF01' and <= '\uFF5E' ? (char)(raw - 0xFEE0) : raw;
            if (c is ' ' or '-' or '\u3000' or '\t')
            {
                continue;
            }
            if (count == Length)
            {
                return malformed;
            }
            var digit = SymbolValue(c);
            // U (and * ~ $ =) only exist as check symbols.
            if (digit < 0 || (count < DataLength && digit >= 32))
            {
                return malformed;
            }
            digits[count++] = digit;
        }
        if (count != Length)
        {
            return malformed;
        }

        ulong value = 0;
        for (var i = 0; i < DataLength; i++)
        {
            value = (value << 5) | (uint)digits[i];
        }
        var code = new VerificationCode(value);
        return (int)(value % 37) == digits[DataLength]
            ? new VerificationCodeParseResult(VerificationCodeStatus.Valid, code)
            : new VerificationCodeParseResult(VerificationCodeStatus.CheckCharacterMismatch, null);
    }

    private static int SymbolValue(char c)
    {
        var upper = char.ToUpperInvariant(c);
        return upper switch
        {
            'O' => 0,
            'I' or 'L' => 1,
            _ => Symbols.IndexOf(upper, StringComparison.Ordinal),
        };
    }
}
