namespace CtecSkills.Core.LinkedData.JsonLd;

/// <summary>
/// Options for <see cref="JsonLdProcessor"/>. Safe mode is on unless turned off: the open verifiers (jsonld.js with
/// <c>safe: true</c>) refuse a credential whose terms or IRIs would be silently dropped, so we refuse it too rather
/// than sign or accept data that another verifier would reject.
/// </summary>
public sealed record JsonLdOptions
{
    /// <summary>The document's base IRI, against which relative IRIs are resolved; none by default.</summary>
    public Uri? Base { get; init; }

    /// <summary>
    /// When true, anything JSON-LD would silently drop (an undefined term, a relative IRI, a free-floating value, an
    /// <c>@direction</c> that RDF cannot carry) is an error instead.
    /// </summary>
    public bool SafeMode { get; init; } = true;
}
