namespace CtecSkills.Core.LinkedData.JsonLd;

/// <summary>
/// A JSON-LD processing failure. <see cref="Code"/> is the error code the JSON-LD 1.1 API names (for example
/// <c>invalid term definition</c> or <c>protected term redefinition</c>), or, for a document refused in safe mode, the
/// jsonld.js event code (for example <c>invalid property</c>), so callers and tests can tell failures apart.
/// </summary>
public sealed class JsonLdException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
