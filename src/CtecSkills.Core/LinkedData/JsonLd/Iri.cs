using System.Text;
using System.Text.RegularExpressions;

namespace CtecSkills.Core.LinkedData.JsonLd;

/// <summary>
/// IRI helpers JSON-LD needs. Resolution follows RFC 3986 section 5.2 on the string as written: <see cref="Uri"/>
/// would normalize (case, percent-encoding, IDN), and JSON-LD output must keep IRIs exactly as the document wrote them.
/// </summary>
internal static partial class Iri
{
    [GeneratedRegex(@"^([A-Za-z][A-Za-z0-9+\-.]*|_):[^\s]*$")]
    private static partial Regex AbsoluteForm();

    [GeneratedRegex(@"^(?:([^:/?#]+):)?(?://([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$", RegexOptions.Singleline)]
    private static partial Regex Parts();

    /// <summary>True for an absolute IRI (a scheme, a colon, no white space) or a blank node identifier.</summary>
    public static bool IsAbsolute(string value) => AbsoluteForm().IsMatch(value);

    public static bool IsBlankNode(string value) => value.StartsWith("_:", StringComparison.Ordinal);

    /// <summary>Resolves <paramref name="reference"/> against <paramref name="baseIri"/> (RFC 3986 §5.2.2).</summary>
    public static string Resolve(string? baseIri, string reference)
    {
        if (baseIri is null || HasScheme(reference))
        {
            return reference;
        }
        var r = Parts().Match(reference);
        var b = Parts().Match(baseIri);
        string? scheme, authority, query;
        string path;
        if (r.Groups[2].Success)
        {
            scheme = Group(b, 1);
            authority = Group(r, 2);
            path = RemoveDotSegments(r.Groups[3].Value);
            query = Group(r, 4);
        }
        else
        {
            scheme = Group(b, 1);
            authority = Group(b, 2);
            if (r.Groups[3].Value.Length == 0)
            {
                path = b.Groups[3].Value;
                query = r.Groups[4].Success ? Group(r, 4) : Group(b, 4);
            }
            else
            {
                path = r.Groups[3].Value.StartsWith('/')
                    ? RemoveDotSegments(r.Groups[3].Value)
                    : RemoveDotSegments(Merge(authority, b.Groups[3].Value, r.Groups[3].Value));
                query = Group(r, 4);
            }
        }
        var result = new StringBuilder();
        if (scheme is not null)
        {
            result.Append(scheme).Append(':');
        }
        if (authority is not null)
        {
            result.Append("//").Append(authority);
        }
        result.Append(path);
        if (query is not null)
        {
            result.Append('?').Append(query);
        }
        if (r.Groups[5].Success)
        {
            result.Append('#').Append(r.Groups[5].Value);
        }
        return result.ToString();
    }

    private static bool HasScheme(string value) => Parts().Match(value).Groups[1].Success;

    private static string? Group(Match match, int index) => match.Groups[index].Success ? match.Groups[index].Value : null;

    private static string Merge(string? baseAuthority, string basePath, string referencePath)
    {
        if (baseAuthority is not null && basePath.Length == 0)
        {
            return "/" + referencePath;
        }
        var slash = basePath.LastIndexOf('/');
        return slash < 0 ? referencePath : basePath[..(slash + 1)] + referencePath;
    }

    private static string RemoveDotSegments(string path)
    {
        var input = path;
        var output = new List<string>();
        while (input.Length > 0)
        {
            if (input.StartsWith("../", StringComparison.Ordinal))
            {
                input = input[3..];
            }
            else if (input.StartsWith("./", StringComparison.Ordinal))
            {
                input = input[2..];
            }
            else if (input.StartsWith("/./", StringComparison.Ordinal))
            {
                input = input[2..];
            }
            else if (input == "/.")
            {
                input = "/";
            }
            else if (input.StartsWith("/../", StringComparison.Ordinal) || input == "/..")
            {
                input = input.Length == 3 ? "/" : input[3..];
                if (output.Count > 0)
                {
                    output.RemoveAt(output.Count - 1);
                }
            }
            else if (input is "." or "..")
            {
                input = "";
            }
            else
            {
                var next = input.IndexOf('/', input.StartsWith('/') ? 1 : 0);
                var segment = next < 0 ? input : input[..next];
                output.Add(segment);
                input = next < 0 ? "" : input[next..];
            }
        }
        return string.Concat(output);
    }
}
