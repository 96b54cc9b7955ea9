using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CtecSkills.Core.Accounts;
using CtecSkills.Core.Catalog;

namespace CtecSkills.Core.Credentials;

/// <summary>What one credential says: the learner, the achievement, and the training base that issues it.</summary>
public sealed record CredentialSubjectInput(int EnrollmentId, int BaseId, string BaseName, CourseCategory Category, Achievement Achievement, AppUser User);

/// <summary>A credential built and stored-to-be, waiting for its VC-JWT signature.</summary>
public sealed record CredentialDraft(IssuedCredential Credential, JsonObject Json, IssuerSigningKey Key);

/// <summary>
/// Builds the <see cref="IssuedCredential"/> rows of an issuing run: the OB 3.0 credential (mapped from our achievement
/// and learner through <see cref="OpenBadgeCredentialBuilder"/>, its issuer the training base's <c>did:web</c>), its
/// embedded Data Integrity proof and its VC-JWT. Each issuer's signing key is loaded once per run and released by
/// <see cref="ReleaseKeys"/>.
/// </summary>
public sealed class SignedCredentialBuilder(IssuerKeyStore keys, CredentialUrls urls, DataIntegrityProofs proofs, TimeProvider clock)
{
    private readonly Dictionary<int, IssuerSigningKey> _signingKeys = [];

    /// <summary>
    /// Loads (or makes) the issuers' keys. Making an issuer's first key saves through the shared context, so call it
    /// before adding anything of a batch to that context.
    /// </summary>
    public async Task LoadKeysAsync(IEnumerable<int> baseIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(baseIds);
        foreach (var baseId in baseIds.Distinct())
        {
            await SigningKeyAsync(baseId, ct);
        }
    }

    /// <summary>The unsigned credential and its row, with a new verification code, credential id and subject id.</summary>
    public async Task<CredentialDraft> DraftAsync(CredentialSubjectInput subject, DateTimeOffset validFrom, StatusSlot slot, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var (enrollmentId, baseId, baseName, category, achievement, user) = subject;
        var key = await SigningKeyAsync(baseId, ct);
        var code = VerificationCode.NewRandom().ToString();
        var credentialId = CredentialUrls.CredentialId(Guid.NewGuid());
        DateTimeOffset? validUntil = achievement.ValidityMonths is { } months ? validFrom.AddMonths(months) : null;
        var input = new OpenBadgeCredentialInput(
            credentialId,
            new IssuerProfile(new Uri(urls.IssuerDid(baseId)), baseName),
            new AchievementDefinition(
                urls.Achievement(achievement.Id),
                achievement.Name,
                achievement.Description,
                achievement.CriteriaNarrative,
                achievement.AchievementType,
                SkillsFramework.Category(urls, category),
                SkillsFramework.Level(urls, achievement.Level)),
            // Per credential, not per learner: two employers comparing what they were shown cannot link them.
            new CredentialRecipient(new Uri("urn:uuid:" + Guid.NewGuid())),
            validFrom,
            validUntil,
            StatusEntries(baseId, slot));
        var json = OpenBadgeCredentialBuilder.Build(input);
        return Draft(json, credentialId, code, enrollmentId, achievement.Id, user.Id, baseId, key, slot, validFrom, validUntil, holderNamePublic: false,
            holderName: user.DisplayName);
    }

    /// <summary>
    /// The replacement of <paramref name="issued"/>, to be signed with the issuer's current key: what it said (see
    /// <see cref="OpenBadgeCredentialBuilder.Reissue"/>) under a new id, code and status slot, valid from
    /// <paramref name="validFrom"/>; the learner's choice about showing their name carries over.
    /// </summary>
    public async Task<CredentialDraft> RedraftAsync(IssuedCredential issued, DateTimeOffset validFrom, StatusSlot slot, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(issued);
        var baseId = issued.IssuerBaseId;
        var key = await SigningKeyAsync(baseId, ct);
        var credentialId = CredentialUrls.CredentialId(Guid.NewGuid());
        var json = OpenBadgeCredentialBuilder.Reissue(
            (JsonObject)JsonNode.Parse(issued.CredentialJson)!, new Uri(urls.IssuerDid(baseId)), credentialId, new Uri("urn:uuid:" + Guid.NewGuid()), validFrom,
            StatusEntries(baseId, slot));
        return Draft(json, credentialId, VerificationCode.NewRandom().ToString(), issued.EnrollmentId, issued.AchievementId, issued.UserId, baseId, key, slot,
            validFrom, issued.ValidUntil, issued.HolderNamePublic, issued.HolderName);
    }

    private CredentialStatusEntry[] StatusEntries(int baseId, StatusSlot slot) =>
    [
        new(StatusPurpose.Revocation, urls.StatusList(baseId, StatusPurpose.Revocation, slot.Sequence), slot.Index),
        new(StatusPurpose.Suspension, urls.StatusList(baseId, StatusPurpose.Suspension, slot.Sequence), slot.Index),
    ];

    private CredentialDraft Draft(JsonObject json, Uri credentialId, string code, int enrollmentId, int achievementId, string? userId, int baseId,
        IssuerSigningKey key, StatusSlot slot, DateTimeOffset validFrom, DateTimeOffset? validUntil, bool holderNamePublic, string? holderName)
    {
        var credential = new IssuedCredential
        {
            CredentialId = credentialId.AbsoluteUri,
            EnrollmentId = enrollmentId,
            AchievementId = achievementId,
            UserId = userId,
            IssuerBaseId = baseId,
            VerificationCode = code,
            KeyId = key.KeyId,
            CredentialJson = json.ToJsonString(CredentialJsonText.Options),
            Jws = "",
            StatusListSequence = slot.Sequence,
            StatusIndex = slot.Index,
            IssuedAt = clock.GetUtcNow(),
            ValidFrom = validFrom,
            ValidUntil = validUntil,
            HolderNamePublic = holderNamePublic,
            HolderName = holderName,
        };
        return new CredentialDraft(credential, json, key);
    }

    /// <summary>
    /// Signs each draft twice: first the embedded Data Integrity proof (eddsa-rdfc-2022), then the VC-JWT over the
    /// credential with that proof, as OB 3.0 requires when a credential has both; sets
    /// <see cref="IssuedCredential.CredentialJson"/> (with the proof) and <see cref="IssuedCredential.Jws"/>. Spread
    /// over the cores, each with its own copy of the RSA key (an RSA object is not documented as safe for concurrent use).
    /// </summary>
    public void Sign(IReadOnlyList<CredentialDraft> drafts)
    {
        Parallel.ForEach(
            drafts,
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            () => new Dictionary<string, RSA>(StringComparer.Ordinal),
            (draft, _, copies) =>
            {
                if (!copies.TryGetValue(draft.Key.KeyId, out var rsa))
                {
                    rsa = RSA.Create();
                    rsa.ImportParameters(draft.Key.Key.ExportParameters(includePrivateParameters: true));
                    copies[draft.Key.KeyId] = rsa;
                }
                proofs.AddProof(draft.Json, draft.Key.DataIntegrityKey, draft.Key.VerificationMethod, draft.Credential.IssuedAt);
                draft.Credential.CredentialJson = draft.Json.ToJsonString(CredentialJsonText.Options);
                draft.Credential.Jws = VcJwt.Sign(draft.Json, rsa, draft.Key.KeyId);
                return copies;
            },
            copies =>
            {
                foreach (var rsa in copies.Values)
                {
                    rsa.Dispose();
                }
            });
    }

    /// <summary>Disposes the keys loaded during the run; the next run loads them again (a rotation may have happened).</summary>
    public void ReleaseKeys()
    {
        foreach (var key in _signingKeys.Values)
        {
            key.Dispose();
        }
        _signingKeys.Clear();
    }

    private async Task<IssuerSigningKey> SigningKeyAsync(int baseId, CancellationToken ct)
    {
        if (!_signingKeys.TryGetValue(baseId, out var key))
        {
            key = await keys.GetSigningKeyAsync(baseId, ct);
            _signingKeys[baseId] = key;
        }
        return key;
    }
}
