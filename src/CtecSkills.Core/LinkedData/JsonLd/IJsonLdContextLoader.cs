using System.Text.Json.Nodes;

namespace CtecSkills.Core.LinkedData.JsonLd;

/// <summary>
/// Where <see cref="JsonLdProcessor"/> gets a remote context (<c>"@context": "https://…"</c>, <c>@import</c>). The seam
/// exists so production never touches the network (<see cref="VendoredContextLoader"/>) while tests can serve the W3C
/// suite's own context files.
/// </summary>
public interface IJsonLdContextLoader
{
    /// <summary>
    /// The whole context document at <paramref name="url"/> (an object with an <c>@context</c> entry). The returned
    /// tree is only read, never changed, so one instance may be shared between threads. Throws
    /// <see cref="JsonLdException"/> with code <c>loading remote context failed</c> for anything it cannot serve.
    /// </summary>
    JsonNode LoadContextDocument(string url);
}
