using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace CtecSkills.Core.LinkedData.JsonLd;

/// <summary>
/// Serves the JSON-LD contexts our credentials use from copies embedded in this assembly (LinkedData/Contexts), and
/// refuses every other URL: a verifier that fetched contexts at run time could be fed a different meaning for the same
/// JSON, and a credential must mean the same thing offline as online.
/// </summary>
public sealed class VendoredContextLoader : IJsonLdContextLoader
{
    public const string CredentialsV2 = "https://www.w3.org/ns/credentials/v2";
    public const string CredentialsExamplesV2 = "https://www.w3.org/ns/credentials/examples/v2";
    public const string OpenBadgesV3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

    private static readonly Dictionary<string, string> Resources = new(StringComparer.Ordinal)
    {
        [CredentialsV2] = "credentials-v2.jsonld",
        [CredentialsExamplesV2] = "credentials-examples-v2.jsonld",
        [OpenBadgesV3] = "ob_v3p0_context-3.0.3.json",
    };

    private readonly ConcurrentDictionary<string, Lazy<JsonNode>> _parsed = new(StringComparer.Ordinal);

    /// <summary>The URLs this loader serves.</summary>
    public static IReadOnlyCollection<string> Urls => Resources.Keys;

    /// <summary>The exact bytes of a vendored context, for callers (and tests) that need the file itself.</summary>
    public static byte[] ReadBytes(string url)
    {
        if (!Resources.TryGetValue(url, out var file))
        {
            throw new JsonLdException("loading remote context failed", $"The context {url} is not one of the vendored contexts; remote contexts are never fetched.");
        }
        using var stream = typeof(VendoredContextLoader).Assembly.GetManifestResourceStream($"CtecSkills.Core.LinkedData.Contexts.{file}")
            ?? throw new InvalidOperationException($"The embedded context {file} is missing from the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public JsonNode LoadContextDocument(string url) =>
        _parsed.GetOrAdd(url, u => new Lazy<JsonNode>(() => Materialize(JsonNode.Parse(ReadBytes(u))!))).Value;

    /// <summary>
    /// Walks the whole tree once: a parsed <see cref="JsonObject"/> builds its entries lazily on first read, which is not
    /// safe when many threads read the same cached document for the first time together.
    /// </summary>
    private static JsonNode Materialize(JsonNode node)
    {
        switch (node)
        {
            case JsonObject map:
                foreach (var (_, value) in map)
                {
                    if (value is not null)
                    {
                        Materialize(value);
                    }
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is not null)
                    {
                        Materialize(item);
                    }
                }
                break;
        }
        return node;
    }
}
