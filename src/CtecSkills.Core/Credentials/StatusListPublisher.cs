using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CtecSkills.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CtecSkills.Core.Credentials;

/// <summary>
/// A published status-list credential as served: the compact JWS, the same credential as JSON with its embedded
/// proof, and the JWS's entity tag.
/// </summary>
public sealed record PublishedStatusList(string Jws, string CredentialJson, string ETag, DateTimeOffset PublishedAt);

/// <summary>
/// Publishes each issuer's W3C Bitstring Status Lists (one for revocation, one for suspension per list number) as
/// signed <c>BitstringStatusListCredential</c>s, each with an embedded Data Integrity proof and as a VC-JWT. The bits are derived from <see cref="IssuedCredential"/> rows every
/// time, so a publication can be redone at any moment and always tells the truth as of its <c>validFrom</c>.
/// </summary>
public sealed class StatusListPublisher(
    AppDbContext db, IssuerKeyStore keys, CredentialUrls urls, DataIntegrityProofs proofs, IOptions<CredentialOptions> options, TimeProvider clock)
{
    /// <summary>The list as last published, published now if it never was; null for a list that cannot exist.</summary>
    public async Task<PublishedStatusList?> GetAsync(int baseId, StatusPurpose purpose, int sequence, CancellationToken ct)
    {
        var published = await db.StatusListPublications.AsNoTracking()
            .Where(p => p.TrainingBaseId == baseId && p.Purpose == purpose && p.Sequence == sequence)
            .Select(p => p.CredentialJson == null ? null : new PublishedStatusList(p.Jws, p.CredentialJson, p.ETag, p.PublishedAt))
            .FirstOrDefaultAsync(ct);
        if (published is not null)
        {
            return published;
        }
        var exists = sequence == 1
            ? await db.TrainingBases.AnyAsync(b => b.Id == baseId, ct)
            : await db.IssuedCredentials.AnyAsync(c => c.IssuerBaseId == baseId && c.StatusListSequence == sequence, ct);
        return exists ? await PublishAsync(baseId, purpose, sequence, ct) : null;
    }

    /// <summary>Signs and stores the list as the credentials say now.</summary>
    public async Task<PublishedStatusList> PublishAsync(int baseId, StatusPurpose purpose, int sequence, CancellationToken ct)
    {
        // The key first: making an issuer's first key may lose a race, which must not happen inside our transaction.
        using var key = await keys.GetSigningKeyAsync(baseId, ct);
        // One publisher of a list at a time, reading the bits under the lock: the last to store a list read the newest
        // bits, and two first publications cannot both insert its row.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Database.LockUntilCommitAsync($"status-list:{baseId}:{(int)purpose}:{sequence}", ct);
        var now = clock.GetUtcNow();
        var set = purpose == StatusPurpose.Revocation
            ? db.IssuedCredentials.Where(c => c.RevokedAt != null)
            : db.IssuedCredentials.Where(c => c.SuspendedAt != null);
        var indexes = await set.Where(c => c.IssuerBaseId == baseId && c.StatusListSequence == sequence).Select(c => c.StatusIndex).ToListAsync(ct);
        var list = new BitstringStatusList();
        foreach (var index in indexes)
        {
            list[index] = true;
        }

        var listUrl = urls.StatusList(baseId, purpose, sequence).AbsoluteUri;
        var credential = new JsonObject
        {
            ["@context"] = new JsonArray(OpenBadgeCredentialBuilder.VcContext),
            ["id"] = listUrl,
            ["type"] = new JsonArray("VerifiableCredential", "BitstringStatusListCredential"),
            ["issuer"] = urls.IssuerDid(baseId),
            ["validFrom"] = OpenBadgeCredentialBuilder.FormatDate(now),
            ["credentialSubject"] = new JsonObject
            {
                ["id"] = listUrl + "#list",
                ["type"] = "BitstringStatusList",
                ["statusPurpose"] = CredentialUrls.PurposeName(purpose),
                ["encodedList"] = list.Encode(),
                ["ttl"] = options.Value.StatusListMaxAgeSeconds * 1000L,
            },
        };
        proofs.AddProof(credential, key.DataIntegrityKey, key.VerificationMethod, now);
        var json = credential.ToJsonString(CredentialJsonText.Options);
        var jws = VcJwt.Sign(credential, key.Key, key.KeyId);
        var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(jws)))[..32] + "\"";

        var row = await db.StatusListPublications
            .FirstOrDefaultAsync(p => p.TrainingBaseId == baseId && p.Purpose == purpose && p.Sequence == sequence, ct);
        if (row is null)
        {
            row = new StatusListPublication { TrainingBaseId = baseId, Purpose = purpose, Sequence = sequence, Jws = jws, ETag = etag };
            db.StatusListPublications.Add(row);
        }
        row.Jws = jws;
        row.CredentialJson = json;
        row.ETag = etag;
        row.PublishedAt = now;
        // Every node's cache forgets this list once the transaction commits (CacheInvalidation watches the row).
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        db.Entry(row).State = EntityState.Detached;
        return new PublishedStatusList(jws, json, etag, now);
    }

    /// <summary>Republishes every list with a status change newer than its publication (a race, or a crash after commit).</summary>
    public async Task<int> RepublishStaleAsync(CancellationToken ct)
    {
        // Only revoked, suspended or unsuspended credentials have a change time: few rows, grouped here.
        var changed = (await db.IssuedCredentials.AsNoTracking()
                .Where(c => c.StatusChangedAt != null)
                .Select(c => new { c.IssuerBaseId, c.StatusListSequence, c.StatusChangedAt })
                .ToListAsync(ct))
            .GroupBy(c => new { c.IssuerBaseId, c.StatusListSequence })
            .Select(g => new { g.Key.IssuerBaseId, g.Key.StatusListSequence, Last = g.Max(c => c.StatusChangedAt!.Value) });
        var publications = await db.StatusListPublications.AsNoTracking()
            .Select(p => new { p.TrainingBaseId, p.Purpose, p.Sequence, p.PublishedAt })
            .ToListAsync(ct);
        var count = 0;
        foreach (var list in changed)
        {
            foreach (var purpose in new[] { StatusPurpose.Revocation, StatusPurpose.Suspension })
            {
                var publication = publications.FirstOrDefault(p => p.TrainingBaseId == list.IssuerBaseId && p.Purpose == purpose && p.Sequence == list.StatusListSequence);
                if (publication is null || publication.PublishedAt < list.Last)
                {
                    await PublishAsync(list.IssuerBaseId, purpose, list.StatusListSequence, ct);
                    count++;
                }
            }
        }
        return count;
    }
}
