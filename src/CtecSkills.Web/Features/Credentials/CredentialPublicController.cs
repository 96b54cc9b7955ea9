using CtecSkills.Core.Credentials;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CtecSkills.Web.Features.Credentials;

/// <summary>
/// What outside verifiers fetch, without signing in: the JWKS, issuer profiles (with their public keys), issuer DID
/// documents, and the signed status lists, all at the stable URLs that issued credentials name.
/// </summary>
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class CredentialPublicController(
    IssuerKeyStore keys, IssuerDocuments documents, StatusListPublisher statusLists, IOptions<CredentialOptions> options) : Controller
{
    private const string JsonLd = "application/ld+json";

    [HttpGet(CredentialUrls.JwksRoute)]
    public async Task<IActionResult> Jwks(CancellationToken ct)
    {
        Public($"public, max-age={options.Value.StatusListMaxAgeSeconds}");
        return Content((await keys.JwksAsync(null, ct)).ToJsonString(), "application/jwk-set+json");
    }

    /// <summary>The issuer's OB 3.0 Profile at its id URL, with its keys as JSON Web Key verification methods.</summary>
    [HttpGet(CredentialUrls.IssuerRoute)]
    public async Task<IActionResult> Issuer(int id, CancellationToken ct)
    {
        if (await documents.ProfileAsync(id, ct) is not { } profile)
        {
            return NotFound();
        }
        Public($"public, max-age={options.Value.StatusListMaxAgeSeconds}");
        return Content(profile.ToJsonString(CredentialJsonText.Options), JsonLd);
    }

    /// <summary>
    /// The issuer's DID document, where <c>did:web:…:issuers:{id}</c> resolves: its Ed25519 keys as <c>Multikey</c>
    /// verification methods, for Data Integrity verifiers and wallets.
    /// </summary>
    [HttpGet(CredentialUrls.IssuerDidDocumentRoute)]
    public async Task<IActionResult> IssuerDid(int id, CancellationToken ct)
    {
        if (await documents.DidDocumentAsync(id, ct) is not { } did)
        {
            return NotFound();
        }
        Public($"public, max-age={options.Value.StatusListMaxAgeSeconds}");
        return Content(did.ToJsonString(CredentialJsonText.Options), "application/did+ld+json");
    }

    [HttpGet(CredentialUrls.AchievementRoute)]
    public async Task<IActionResult> Achievement(int id, CancellationToken ct)
    {
        if (await documents.AchievementAsync(id, ct) is not { } achievement)
        {
            return NotFound();
        }
        Response.Headers.AccessControlAllowOrigin = "*";
        return Content(achievement.ToJsonString(CredentialJsonText.Options), JsonLd);
    }

    /// <summary>
    /// A signed BitstringStatusListCredential: as a VC-JWT by default, or as JSON with its embedded Data Integrity
    /// proof to a client that asks for JSON (the JSON-LD document loaders of Data Integrity verifiers do). Verifiers
    /// may cache it for max-age and revalidate by ETag.
    /// </summary>
    [HttpGet(CredentialUrls.StatusListRoute)]
    public async Task<IActionResult> StatusList(int baseId, string purpose, int sequence, CancellationToken ct)
    {
        if (CredentialUrls.ParsePurpose(purpose) is not { } statusPurpose || sequence < 1)
        {
            return NotFound();
        }
        var list = await statusLists.GetAsync(baseId, statusPurpose, sequence, ct);
        if (list is null)
        {
            return NotFound();
        }
        var json = WantsJson();
        // One ETag per representation: a cache must not answer a JSON request with the JWS it validated.
        var etag = json ? list.ETag.Insert(list.ETag.Length - 1, "-ld") : list.ETag;
        Public($"public, max-age={options.Value.StatusListMaxAgeSeconds}, must-revalidate");
        Response.Headers.Vary = "Accept";
        Response.Headers.ETag = etag;
        Response.Headers.LastModified = list.PublishedAt.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        if (Request.Headers.IfNoneMatch.Contains(etag))
        {
            return StatusCode(StatusCodes.Status304NotModified);
        }
        return json ? Content(list.CredentialJson, JsonLd) : Content(list.Jws, "application/vc+jwt");
    }

    /// <summary>True when the Accept header names a JSON type and no JWT type.</summary>
    private bool WantsJson()
    {
        var accept = Request.GetTypedHeaders().Accept;
        var names = accept.Select(a => a.MediaType.Value ?? "").ToList();
        return names.Any(n => n.EndsWith("json", StringComparison.OrdinalIgnoreCase) || n.Equals("application/vc", StringComparison.OrdinalIgnoreCase))
            && !names.Any(n => n.EndsWith("jwt", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Public documents: cacheable, and readable by verifier web apps on other origins (no cookies are involved, so
    /// any origin may read them).
    /// </summary>
    private void Public(string cacheControl)
    {
        Response.Headers.CacheControl = cacheControl;
        Response.Headers.AccessControlAllowOrigin = "*";
    }
}
