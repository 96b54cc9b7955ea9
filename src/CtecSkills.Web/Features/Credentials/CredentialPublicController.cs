using System.Text.Json.Nodes;
using CtecSkills.Core.Credentials;
using CtecSkills.Core.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CtecSkills.Web.Features.Credentials;

/// <summary>
/// What outside verifiers fetch, without signing in: the JWKS, issuer profiles (with their public keys), and the
/// signed status lists, all at the stable URLs that issued credentials name.
/// </summary>
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class CredentialPublicController(
    IssuerKeyStore keys, StatusListPublisher statusLists, CredentialUrls urls, AppDbContext db, IOptions<CredentialOptions> options) : Controller
{
    private const string JsonLd = "application/ld+json";

    [HttpGet("/.well-known/jwks.json")]
    public async Task<IActionResult> Jwks(CancellationToken ct)
    {
        Response.Headers.CacheControl = $"public, max-age={options.Value.StatusListMaxAgeSeconds}";
        return Content((await keys.JwksAsync(null, ct)).ToJsonString(), "application/jwk-set+json");
    }

    /// <summary>The issuer's OB 3.0 Profile at its id URL, with its keys as JSON Web Key verification methods.</summary>
    [HttpGet("/issuers/{id:int}")]
    public async Task<IActionResult> Issuer(int id, CancellationToken ct)
    {
        var issuer = await db.TrainingBases.AsNoTracking().Where(b => b.Id == id).Select(b => new { b.Name, b.Address, b.ContactEmail }).FirstOrDefaultAsync(ct);
        if (issuer is null)
        {
            return NotFound();
        }
        var issuerId = urls.Issuer(id).AbsoluteUri;
        var jwks = await keys.JwksAsync(id, ct);
        var profile = new JsonObject
        {
            ["@context"] = new JsonArray(OpenBadgeCredentialBuilder.VcContext, OpenBadgeCredentialBuilder.ObContext),
            ["id"] = issuerId,
            ["type"] = new JsonArray("Profile"),
            ["name"] = issuer.Name,
            ["address"] = new JsonObject { ["type"] = new JsonArray("Address"), ["streetAddress"] = issuer.Address },
            ["verificationMethod"] = new JsonArray(jwks["keys"]!.AsArray().Select(k => (JsonNode)new JsonObject
            {
                ["id"] = k!["kid"]!.GetValue<string>(),
                ["type"] = "JsonWebKey",
                ["controller"] = issuerId,
                ["publicKeyJwk"] = k.DeepClone(),
            }).ToArray()),
        };
        if (issuer.ContactEmail is { Length: > 0 } email)
        {
            profile["email"] = email;
        }
        Response.Headers.CacheControl = $"public, max-age={options.Value.StatusListMaxAgeSeconds}";
        return Content(profile.ToJsonString(CredentialJsonText.Options), JsonLd);
    }

    [HttpGet("/achievements/{id:int}")]
    public async Task<IActionResult> Achievement(int id, CancellationToken ct)
    {
        var a = await db.Achievements.AsNoTracking().Where(x => x.Id == id)
            .Select(x => new { x.Name, x.Description, x.CriteriaNarrative, x.AchievementType, x.Level, x.Course!.Category })
            .FirstOrDefaultAsync(ct);
        if (a is null)
        {
            return NotFound();
        }
        var node = new JsonObject
        {
            ["@context"] = new JsonArray(OpenBadgeCredentialBuilder.VcContext, OpenBadgeCredentialBuilder.ObContext),
            ["id"] = urls.Achievement(id).AbsoluteUri,
            ["type"] = new JsonArray("Achievement"),
            ["achievementType"] = a.AchievementType,
            ["name"] = a.Name,
            ["description"] = a.Description,
            ["criteria"] = new JsonObject { ["narrative"] = a.CriteriaNarrative },
        };
        return Content(node.ToJsonString(CredentialJsonText.Options), JsonLd);
    }

    /// <summary>A signed BitstringStatusListCredential (VC-JWT); verifiers may cache it for max-age and revalidate by ETag.</summary>
    [HttpGet("/status-lists/{baseId:int}/{purpose}/{sequence:int}")]
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
        Response.Headers.CacheControl = $"public, max-age={options.Value.StatusListMaxAgeSeconds}, must-revalidate";
        Response.Headers.ETag = list.ETag;
        Response.Headers.LastModified = list.PublishedAt.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        if (Request.Headers.IfNoneMatch.Contains(list.ETag))
        {
            return StatusCode(StatusCodes.Status304NotModified);
        }
        return Content(list.Jws, "application/vc+jwt");
    }
}
