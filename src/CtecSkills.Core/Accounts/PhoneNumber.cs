using System.Diagnostics.CodeAnalysis;

namespace CtecSkills.Core.Accounts;

/// <summary>Mainland China mobile numbers: 11 digits starting 1[3-9].</summary>
public static class PhoneNumber
{
    /// <summary>
    /// Accepts what people actually type (spaces, dashes, a +86 or 0086 prefix, full-width digits) and returns the
    /// bare 11-digit number, or false when it is not a mainland mobile number.
    /// </summary>
    public static bool TryNormalize(string? input, [NotNullWhen(true)] out string? normalized)
    {
        normalized = null;
        if (string.IsNullOrWhiteSpace(input))
        {
            return false;
        }

        Span<char> digits = stackalloc char[16];
        var count = 0;
        foreach (var raw in input.Trim())
        {
            // Full-width digits come from Chinese input methods.
            var c = raw is >= '０' and <= '９' ? (char)(raw - '０' + '0') : raw;
            if (char.IsAsciiDigit(c))
            {
                if (count == digits.Length)
                {
                    return false;
                }
                digits[count++] = c;
            }
            else if (c is not (' ' or '-' or '(' or ')' or '+' or '＋' or '\u3000'))
            {
                return false;
            }
        }

        ReadOnlySpan<char> number = digits[..count];
        var international = input.TrimStart().StartsWith('+') || input.TrimStart().StartsWith('＋');
        if (international && !number.StartsWith("86"))
        {
            // A number written with another country code is not a mainland mobile, however its digits look.
            return false;
        }
        if (number.Length == 13 && number.StartsWith("86"))
        {
            number = number[2..];
        }
        else if (number.Length == 15 && number.StartsWith("0086"))
        {
            number = number[4..];
        }

        if (number.Length != 11 || number[0] != '1' || number[1] < '3')
        {
            return false;
        }

        normalized = number.ToString();
        return true;
    }

    public static bool IsValid(string? input) => TryNormalize(input, out _);

    /// <summary>138****5678 — enough for a person to recognise their own number, not enough to call it.</summary>
    public static string Mask(string phone) =>
        phone.Length == 11 ? string.Concat(phone.AsSpan(0, 3), "****", phone.AsSpan(7)) : "***";
}
