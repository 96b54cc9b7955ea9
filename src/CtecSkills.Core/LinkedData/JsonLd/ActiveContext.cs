using System.Text.Json.Nodes;

namespace CtecSkills.Core.LinkedData.JsonLd;

/// <summary>
/// A term definition (JSON-LD 1.1 API §4.2). Absent and null differ for language and direction (a term may clear the
/// default language), hence the <c>Has…</c> flags.
/// </summary>
internal sealed record TermDefinition
{
    public string? IriMapping { get; set; }
    public bool Prefix { get; set; }
    public bool Protected { get; set; }
    public bool Reverse { get; set; }
    public string? BaseUrl { get; set; }
    public JsonNode? LocalContext { get; set; }
    public bool HasLocalContext { get; set; }
    public IReadOnlyList<string> Container { get; set; } = [];
    public bool HasLanguage { get; set; }
    public string? Language { get; set; }
    public bool HasDirection { get; set; }
    public string? Direction { get; set; }
    public string? Index { get; set; }
    public string? Nest { get; set; }
    public string? TypeMapping { get; set; }

    public bool HasContainer(string keyword) => Container.Contains(keyword);

    /// <summary>Same definition apart from the protected flag (§4.2.2 step 27).</summary>
    public bool SameAs(TermDefinition other) =>
        IriMapping == other.IriMapping && Prefix == other.Prefix && Reverse == other.Reverse
        && HasLocalContext == other.HasLocalContext && JsonNode.DeepEquals(LocalContext, other.LocalContext)
        && Container.OrderBy(c => c, StringComparer.Ordinal).SequenceEqual(other.Container.OrderBy(c => c, StringComparer.Ordinal))
        && HasLanguage == other.HasLanguage && Language == other.Language
        && HasDirection == other.HasDirection && Direction == other.Direction
        && Index == other.Index && Nest == other.Nest && TypeMapping == other.TypeMapping;
}

/// <summary>
/// The active context (JSON-LD 1.1 API §4.1). Treated as immutable once built: processing a local context clones it,
/// which lets contexts be cached and shared.
/// </summary>
internal sealed class ActiveContext
{
    public Dictionary<string, TermDefinition> Terms { get; private init; } = new(StringComparer.Ordinal);
    public string? BaseIri { get; set; }
    public string? OriginalBaseUrl { get; init; }
    public string? Vocab { get; set; }
    public string? DefaultLanguage { get; set; }
    public string? DefaultDirection { get; set; }
    public ActiveContext? PreviousContext { get; set; }

    public ActiveContext(string? baseIri)
    {
        BaseIri = baseIri;
        OriginalBaseUrl = baseIri;
    }

    public ActiveContext Clone() => new(BaseIri)
    {
        Terms = new Dictionary<string, TermDefinition>(Terms, StringComparer.Ordinal),
        OriginalBaseUrl = OriginalBaseUrl,
        Vocab = Vocab,
        DefaultLanguage = DefaultLanguage,
        DefaultDirection = DefaultDirection,
        PreviousContext = PreviousContext,
    };

    public TermDefinition? Term(string? term) =>
        term is not null && Terms.TryGetValue(term, out var definition) ? definition : null;
}
