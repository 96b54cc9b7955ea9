using System.Globalization;
using System.Text.Json.Nodes;

namespace CtecSkills.Core.Credentials;

/// <summary>The issuing training base as an OB 3.0 <c>Profile</c>; <paramref name="Id"/> is its <c>did:web</c> (or, before Data Integrity proofs, its https URL).</summary>
public sealed record IssuerProfile(Uri Id, string Name)
{
    public Uri? Url { get; init; }
}

/// <summary>A node of the digital-skills framework (a category or a level) that an achievement aligns to.</summary>
public sealed record FrameworkAlignment(Uri TargetUrl, string TargetName)
{
    public string? TargetCode { get; init; }
    public string? TargetFramework { get; init; }

    /// <summary>OB 3.0 <c>AlignmentTargetType</c>; our own kinds use the <c>ext:</c> prefix, e.g. <c>ext:SkillLevel</c>.</summary>
    public string? TargetType { get; init; }
}

public sealed record AchievementDefinition(
    Uri Id,
    string Name,
    string Description,
    string CriteriaNarrative,
    string AchievementType,
    FrameworkAlignment Category,
    FrameworkAlignment Level);

/// <summary>
/// The learner as the credential names them: only <paramref name="Id"/>, a random <c>urn:uuid:</c> drawn for this one
/// credential. Nothing derived from the phone number: a salted hash of a mainland mobile number, with the salt beside
/// it, is reversed in seconds (docs/decisions/0020).
/// </summary>
public sealed record CredentialRecipient(Uri Id);

public enum StatusPurpose
{
    Revocation,
    Suspension,
}

/// <summary>One <c>BitstringStatusListEntry</c>: the bit at <paramref name="Index"/> of the list published at
/// <paramref name="StatusListCredential"/>.</summary>
public sealed record CredentialStatusEntry(StatusPurpose Purpose, Uri StatusListCredential, int Index);

/// <summary>The issuer as its own id URL serves it: the OB 3.0 <c>Profile</c> with its public keys (JWKs).</summary>
public sealed record PublishedIssuerProfile(Uri Id, string Name, string? StreetAddress, string? Email, IReadOnlyList<JsonObject> PublicKeys);

/// <summary>An achievement as its own id URL serves it.</summary>
public sealed record PublishedAchievement(Uri Id, string Name, string Description, string CriteriaNarrative, string AchievementType);

public sealed record OpenBadgeCredentialInput(
    Uri Id,
    IssuerProfile Issuer,
    AchievementDefinition Achievement,
    CredentialRecipient Recipient,
    DateTimeOffset ValidFrom,
    DateTimeOffset? ValidUntil,
    IReadOnlyList<CredentialStatusEntry> Status);

/// <summary>
/// Builds the 1EdTech Open Badges 3.0.3 <c>OpenBadgeCredential</c> (https://www.imsglobal.org/spec/ob/v3p0/) on the
/// W3C VC Data Model 2.0, unsigned; <see cref="VcJwt"/> secures it.
/// </summary>
public static class OpenBadgeCredentialBuilder
{
    public const string VcContext = "https://www.w3.org/ns/credentials/v2";
    public const string ObContext = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

    /// <remarks>
    /// With two status entries <c>credentialStatus</c> is an array, as VC Data Model 2.0 §4.10 allows; the OB 3.0
    /// AchievementCredential JSON Schema still says at most one (1EdTech openbadges-specification issue 623), so
    /// only a credential with a single entry passes that schema unchanged.
    /// </remarks>
    public static JsonObject Build(OpenBadgeCredentialInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.ValidUntil is { } until && until <= input.ValidFrom)
        {
            throw new ArgumentException("validUntil must be after validFrom.", nameof(input));
        }
        // A did:web resolves over https; a development machine serves itself over plain http on localhost; anywhere
        // else an URL id must be https.
        var issuerId = input.Issuer.Id;
        if (!issuerId.AbsoluteUri.StartsWith("did:web:", StringComparison.Ordinal) && issuerId.Scheme != Uri.UriSchemeHttps
            && !(issuerId.Scheme == Uri.UriSchemeHttp && issuerId.IsLoopback))
        {
            throw new ArgumentException("The issuer id must be a did:web or an https URL (http only on localhost).", nameof(input));
        }

        var credential = new JsonObject
        {
            ["@context"] = new JsonArray(VcContext, ObContext),
            ["id"] = input.Id.AbsoluteUri,
            ["type"] = new JsonArray("VerifiableCredential", "OpenBadgeCredential"),
            ["name"] = input.Achievement.Name,
            ["issuer"] = Issuer(input.Issuer),
            ["validFrom"] = FormatDate(input.ValidFrom),
        };
        if (input.ValidUntil is { } validUntil)
        {
            credential["validUntil"] = FormatDate(validUntil);
        }
        credential["credentialSubject"] = new JsonObject
        {
            ["id"] = input.Recipient.Id.AbsoluteUri,
            ["type"] = new JsonArray("AchievementSubject"),
            ["achievement"] = Achievement(input.Achievement),
        };

        SetStatus(credential, input.Status);
        return credential;
    }

    /// <summary>
    /// The credential that replaces <paramref name="issued"/> when its signing key was compromised: the same issuer
    /// (under <paramref name="issuerId"/>, its id now), achievement (as it was signed, not as edited since) and end of validity, with a new id and subject id, valid
    /// from the re-issue, and new status entries. Anything the old one said about the holder beyond its id (an
    /// <c>identifier</c> with a phone hash, from before docs/decisions/0020) is not carried over.
    /// </summary>
    public static JsonObject Reissue(JsonObject issued, Uri issuerId, Uri id, Uri subjectId, DateTimeOffset validFrom, IReadOnlyList<CredentialStatusEntry> status)
    {
        ArgumentNullException.ThrowIfNull(issued);
        ArgumentNullException.ThrowIfNull(issuerId);
        ArgumentNullException.ThrowIfNull(status);
        var credential = (JsonObject)issued.DeepClone();
        // The old proof signed the old credential; the new one is signed afresh, under the issuer's current id.
        credential.Remove("proof");
        credential["issuer"]!["id"] = issuerId.AbsoluteUri;
        if (credential["validUntil"] is JsonValue until && until.TryGetValue<string>(out var untilText)
            && DateTimeOffset.Parse(untilText, CultureInfo.InvariantCulture) <= validFrom)
        {
            throw new ArgumentException("An expired credential is not re-issued.", nameof(validFrom));
        }
        credential["id"] = id.AbsoluteUri;
        credential["validFrom"] = FormatDate(validFrom);
        var subject = credential["credentialSubject"]!.AsObject();
        subject["id"] = subjectId.AbsoluteUri;
        subject.Remove("identifier");
        credential.Remove("credentialStatus");
        SetStatus(credential, status);
        return credential;
    }

    /// <summary>
    /// The issuer's OB 3.0 <c>Profile</c> document, each key a <c>JsonWebKey</c> verification method controlled by the
    /// issuer, so that a verifier can go from a credential's <c>issuer.id</c> to the keys that may sign for it.
    /// </summary>
    public static JsonObject BuildProfile(PublishedIssuerProfile issuer)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        var issuerId = issuer.Id.AbsoluteUri;
        var profile = new JsonObject
        {
            ["@context"] = new JsonArray(VcContext, ObContext),
            ["id"] = issuerId,
            ["type"] = new JsonArray("Profile"),
            ["name"] = issuer.Name,
            ["address"] = new JsonObject { ["type"] = new JsonArray("Address"), ["streetAddress"] = issuer.StreetAddress },
            ["verificationMethod"] = new JsonArray(issuer.PublicKeys.Select(k => (JsonNode)new JsonObject
            {
                ["id"] = k["kid"]!.GetValue<string>(),
                ["type"] = "JsonWebKey",
                ["controller"] = issuerId,
                ["publicKeyJwk"] = k.DeepClone(),
            }).ToArray()),
        };
        if (issuer.Email is { Length: > 0 } email)
        {
            profile["email"] = email;
        }
        return profile;
    }

    /// <summary>The OB 3.0 <c>Achievement</c> document at the achievement's id URL (the credential embeds it with its alignments).</summary>
    public static JsonObject BuildAchievement(PublishedAchievement achievement)
    {
        ArgumentNullException.ThrowIfNull(achievement);
        return AddAchievement(new JsonObject { ["@context"] = new JsonArray(VcContext, ObContext) }, achievement);
    }

    /// <summary>Timestamps to the second in UTC, so that <c>nbf</c>/<c>exp</c> round-trip exactly.</summary>
    public static string FormatDate(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static JsonObject Issuer(IssuerProfile issuer)
    {
        var profile = new JsonObject
        {
            ["id"] = issuer.Id.AbsoluteUri,
            ["type"] = new JsonArray("Profile"),
            ["name"] = issuer.Name,
        };
        if (issuer.Url is { } url)
        {
            profile["url"] = url.AbsoluteUri;
        }
        return profile;
    }

    private static JsonObject Achievement(AchievementDefinition achievement)
    {
        var node = AddAchievement(new JsonObject(), new PublishedAchievement(achievement.Id, achievement.Name,
            achievement.Description, achievement.CriteriaNarrative, achievement.AchievementType));
        node["alignment"] = new JsonArray(Alignment(achievement.Category), Alignment(achievement.Level));
        return node;
    }

    // The achievement's own fields, the same in its published document and embedded in a credential.
    private static JsonObject AddAchievement(JsonObject node, PublishedAchievement achievement)
    {
        node["id"] = achievement.Id.AbsoluteUri;
        node["type"] = new JsonArray("Achievement");
        node["achievementType"] = achievement.AchievementType;
        node["name"] = achievement.Name;
        node["description"] = achievement.Description;
        node["criteria"] = new JsonObject { ["narrative"] = achievement.CriteriaNarrative };
        return node;
    }

    private static JsonObject Alignment(FrameworkAlignment alignment)
    {
        var node = new JsonObject
        {
            ["type"] = new JsonArray("Alignment"),
            ["targetName"] = alignment.TargetName,
            ["targetUrl"] = alignment.TargetUrl.AbsoluteUri,
        };
        if (alignment.TargetCode is { } code)
        {
            node["targetCode"] = code;
        }
        if (alignment.TargetFramework is { } framework)
        {
            node["targetFramework"] = framework;
        }
        if (alignment.TargetType is { } type)
        {
            node["targetType"] = type;
        }
        return node;
    }

    private static void SetStatus(JsonObject credential, IReadOnlyList<CredentialStatusEntry> entries)
    {
        var status = entries.Select(Status).ToArray();
        if (status.Length == 1)
        {
            credential["credentialStatus"] = status[0];
        }
        else if (status.Length > 1)
        {
            credential["credentialStatus"] = new JsonArray(status);
        }
    }

    private static JsonObject Status(CredentialStatusEntry entry)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(entry.Index);
        var index = entry.Index.ToString(CultureInfo.InvariantCulture);
        return new JsonObject
        {
            // The entry's id must not be the list's URL (Bitstring Status List §2.1); the fragment names the bit.
            ["id"] = $"{entry.StatusListCredential.AbsoluteUri}#{index}",
            ["type"] = "BitstringStatusListEntry",
            ["statusPurpose"] = entry.Purpose == StatusPurpose.Revocation ? "revocation" : "suspension",
            ["statusListIndex"] = index,
            ["statusListCredential"] = entry.StatusListCredential.AbsoluteUri,
        };
    }
}
