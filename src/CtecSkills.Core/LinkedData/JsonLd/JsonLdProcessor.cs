using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace CtecSkills.Core.LinkedData.JsonLd;

/// <summary>
/// JSON-LD 1.1 expansion and conversion to RDF (the JSON-LD 1.1 Processing Algorithms and API, processing mode
/// json-ld-1.1), written here because no .NET package served to us does JSON-LD 1.1 (ADR 0033). A Data Integrity
/// proof signs the RDF a credential means, so this must produce exactly the quads jsonld.js produces. Thread safe:
/// one instance can serve every request.
/// </summary>
public sealed class JsonLdProcessor(IJsonLdContextLoader contextLoader)
{
    private static readonly JsonLdOptions Defaults = new();

    // One empty starting context per base and mode, so that the processed-context cache, keyed by the active context,
    // carries over from one document to the next.
    private readonly ConcurrentDictionary<(string? Base, bool Safe), ActiveContext> _initialContexts = new();

    /// <summary>The expanded form of <paramref name="document"/>: always an array of node objects.</summary>
    /// <exception cref="JsonLdException">The document is not valid JSON-LD, or in safe mode would lose data.</exception>
    public JsonArray Expand(JsonNode document, JsonLdOptions? options = null)
    {
        options ??= Defaults;
        var baseIri = options.Base?.OriginalString;
        var contexts = new ContextProcessor(contextLoader, options.SafeMode ? Refuse : null);
        var expander = new Expander(contexts, options.SafeMode);
        var initial = _initialContexts.GetOrAdd((baseIri, options.SafeMode), key => new ActiveContext(key.Base));
        var expanded = expander.Expand(initial, null, document, baseIri);
        if (expanded is JsonObject only && only.Count == 1 && only.TryGetPropertyValue("@graph", out var graph))
        {
            only.Remove("@graph");
            expanded = graph;
        }
        return expanded switch
        {
            null => [],
            JsonArray array => array,
            _ => [expanded],
        };
    }

    /// <summary>The RDF dataset <paramref name="document"/> means, blank nodes labelled b0, b1, … in document order.</summary>
    /// <exception cref="JsonLdException">The document is not valid JSON-LD, or in safe mode would lose data.</exception>
    public IReadOnlyList<RdfQuad> ToRdf(JsonNode document, JsonLdOptions? options = null)
    {
        options ??= Defaults;
        return new RdfSerializer(options.SafeMode).ToRdf(Expand(document, options));
    }

    private static void Refuse(string code, string message) => throw new JsonLdException(code, message);
}
