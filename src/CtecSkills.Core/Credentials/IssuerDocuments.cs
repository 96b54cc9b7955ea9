using System.Text.Json.Nodes;
using CtecSkills.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.Core.Credentials;

/// <summary>
/// What an issued credential's <c>issuer.id</c> and <c>achievement.id</c> dereference to, for outside verifiers:
/// the issuer's Profile with its public keys and the Achievement, as OB 3.0 JSON-LD, and the issuer's DID document
/// (<c>did:web</c>) with its Ed25519 keys, which Data Integrity verifiers resolve.
/// </summary>
public sealed class IssuerDocuments(AppDbContext db, IssuerKeyStore keys, CredentialUrls urls)
{
    public const string DidContext = "https://www.w3.org/ns/did/v1";
    public const string MultikeyContext = "https://w3id.org/security/multikey/v1";

    /// <summary>
    /// The DID document of <c>did:web:…:issuers:{id}</c>: every Ed25519 key the issuer ever had as a <c>Multikey</c>
    /// controlled by the DID, so that what a retired key signed still verifies; the keys not compromised are its
    /// assertion methods, and a compromised one carries <c>revoked</c> from its stated moment, which Data Integrity
    /// verifiers refuse. Null when there is no such training base.
    /// </summary>
    public async Task<JsonObject?> DidDocumentAsync(int baseId, CancellationToken ct)
    {
        if (!await db.TrainingBases.AnyAsync(b => b.Id == baseId, ct))
        {
            return null;
        }
        var did = urls.IssuerDid(baseId);
        var multikeys = await keys.MultikeysAsync(baseId, ct);
        return new JsonObject
        {
            ["@context"] = new JsonArray(DidContext, MultikeyContext),
            ["id"] = did,
            ["alsoKnownAs"] = new JsonArray(urls.Issuer(baseId).AbsoluteUri),
            ["verificationMethod"] = new JsonArray(multikeys.Select(k =>
            {
                var method = new JsonObject
                {
                    ["id"] = urls.VerificationMethod(baseId, k.PublicKeyMultibase),
                    ["type"] = "Multikey",
                    ["controller"] = did,
                    ["publicKeyMultibase"] = k.PublicKeyMultibase,
                };
                if (k.CompromisedAt is { } at)
                {
                    method["revoked"] = OpenBadgeCredentialBuilder.FormatDate(at);
                }
                return (JsonNode)method;
            }).ToArray()),
            ["assertionMethod"] = new JsonArray(multikeys.Where(k => k.CompromisedAt is null)
                .Select(k => (JsonNode)urls.VerificationMethod(baseId, k.PublicKeyMultibase)).ToArray()),
        };
    }

    /// <summary>The issuer's Profile; null when there is no such training base.</summary>
    public async Task<JsonObject?> ProfileAsync(int baseId, CancellationToken ct)
    {
        var issuer = await db.TrainingBases.AsNoTracking().Where(b => b.Id == baseId)
            .Select(b => new { b.Name, b.Address, b.ContactEmail }).FirstOrDefaultAsync(ct);
        if (issuer is null)
        {
            return null;
        }
        var jwks = await keys.JwksAsync(baseId, ct);
        return OpenBadgeCredentialBuilder.BuildProfile(new PublishedIssuerProfile(
            urls.Issuer(baseId), issuer.Name, issuer.Address, issuer.ContactEmail, jwks["keys"]!.AsArray().Select(k => k!.AsObject()).ToList()));
    }

    /// <summary>The Achievement; null when there is no such achievement.</summary>
    public async Task<JsonObject?> AchievementAsync(int achievementId, CancellationToken ct)
    {
        var a = await db.Achievements.AsNoTracking().Where(x => x.Id == achievementId)
            .Select(x => new { x.Name, x.Description, x.CriteriaNarrative, x.AchievementType })
            .FirstOrDefaultAsync(ct);
        return a is null
            ? null
            : OpenBadgeCredentialBuilder.BuildAchievement(new PublishedAchievement(urls.Achievement(achievementId), a.Name, a.Description, a.CriteriaNarrative, a.AchievementType));
    }
}
