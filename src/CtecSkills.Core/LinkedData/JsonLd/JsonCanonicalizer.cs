using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CtecSkills.Core.LinkedData.JsonLd;

/// <summary>
/// The JSON Canonicalization Scheme (RFC 8785), which JSON-LD uses for the lexical form of an rdf:JSON literal:
/// members sorted by UTF-16 code units, no white space, ECMAScript string escapes and number formatting.
/// </summary>
public static class JsonCanonicalizer
{
    public static string Serialize(JsonNode? value)
    {
        var text = new StringBuilder();
        Append(text, value);
        return text.ToString();
    }

    private static void Append(StringBuilder text, JsonNode? value)
    {
        switch (value)
        {
            case null:
                text.Append("null");
                return;
            case JsonObject map:
                text.Append('{');
                var first = true;
                foreach (var (name, member) in map.OrderBy(e => e.Key, StringComparer.Ordinal))
                {
                    if (!first)
                    {
                        text.Append(',');
                    }
                    first = false;
                    AppendString(text, name);
                    text.Append(':');
                    Append(text, member);
                }
                text.Append('}');
                return;
            case JsonArray array:
                text.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        text.Append(',');
                    }
                    Append(text, array[i]);
                }
                text.Append(']');
                return;
        }
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                AppendString(text, value.GetValue<string>());
                return;
            case JsonValueKind.True:
                text.Append("true");
                return;
            case JsonValueKind.False:
                text.Append("false");
                return;
            case JsonValueKind.Number:
                text.Append(FormatNumber(ToDouble(value)));
                return;
            default:
                text.Append("null");
                return;
        }
    }

    private static void AppendString(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                default:
                    if (c < 0x20)
                    {
                        text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        text.Append(c);
                    }
                    break;
            }
        }
        text.Append('"');
    }

    /// <summary>
    /// A JSON number as the IEEE double JavaScript reads it. Nodes built in code hold int, long or decimal rather than a
    /// parsed element, so read the number through its JSON text.
    /// </summary>
    internal static double ToDouble(JsonNode number) =>
        number is JsonValue value && value.TryGetValue<double>(out var direct)
            ? direct
            : double.Parse(number.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>ECMAScript Number::toString for a finite double (RFC 8785 §3.2.2.3).</summary>
    public static string FormatNumber(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new JsonLdException("invalid JSON literal", "A JSON literal cannot hold NaN or Infinity.");
        }
        if (value == 0)
        {
            return "0";
        }
        var negative = value < 0;
        // "R" gives the shortest digits that round-trip, as ECMAScript requires; only the layout differs.
        var shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var (digits, exponent) = Decompose(shortest);
        var k = digits.Length;
        var n = exponent;
        string result;
        if (k <= n && n <= 21)
        {
            result = digits + new string('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            result = digits[..n] + "." + digits[n..];
        }
        else if (-6 < n && n <= 0)
        {
            result = "0." + new string('0', -n) + digits;
        }
        else
        {
            var e = n - 1;
            var sign = e < 0 ? "-" : "+";
            result = (k == 1 ? digits : digits[..1] + "." + digits[1..]) + "e" + sign + Math.Abs(e).ToString(CultureInfo.InvariantCulture);
        }
        return negative ? "-" + result : result;
    }

    /// <summary>Digits without leading or trailing zeros and n such that the value is 0.digits × 10^n.</summary>
    private static (string Digits, int Exponent) Decompose(string shortest)
    {
        var exponent = 0;
        var e = shortest.IndexOfAny(['E', 'e']);
        var mantissa = shortest;
        if (e >= 0)
        {
            exponent = int.Parse(shortest[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            mantissa = shortest[..e];
        }
        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var integerPart = point < 0 ? mantissa : mantissa[..point];
        var fraction = point < 0 ? "" : mantissa[(point + 1)..];
        var all = integerPart + fraction;
        var n = integerPart.Length + exponent;
        var leading = all.Length - all.TrimStart('0').Length;
        all = all.TrimStart('0');
        n -= leading;
        all = all.TrimEnd('0');
        return (all, n);
    }
}
