using System.Text.Json.Nodes;
using CtecSkills.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.Core.Credentials;

/// <summary>
/// What an issued credential's <c>issuer.id</c> and <c>achievement.id</c> dereference to, for outside verifiers:
/// the issuer's Profile with its public keys and the Achievement, as OB 3.0 JSON-LD.
/// </summary>
public sealed class IssuerDocuments(AppDbContext db, IssuerKeyStore keys, CredentialUrls urls)
{
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
