using System.Globalization;

namespace CtecSkills.Core.Credentials;

/// <summary>A published status list's address: whose list, for which purpose, and which list number.</summary>
public readonly record struct StatusListAddress(int BaseId, StatusPurpose Purpose, int Sequence);

/// <summary>
/// The stable addresses that signed credentials refer to, all under <see cref="CredentialOptions.PublicBaseUrl"/>:
/// the one place that builds them, parses them back, and names the route templates the controllers serve them at.
/// </summary>
public sealed class CredentialUrls
{
    public const string JwksRoute = "/.well-known/jwks.json";
    public const string IssuerRoute = "/issuers/{id:int}";
    public const string IssuerDidDocumentRoute = "/issuers/{id:int}/did.json";
    public const string AchievementRoute = "/achievements/{id:int}";
    public const string StatusListRoute = "/status-lists/{baseId:int}/{purpose}/{sequence:int}";
    public const string VerifyRoute = "/verify/{code}";
    public const string ShareRoute = "/p/{token}";
    public const string WalletRoute = "/me/credentials";

    /// <summary>The public VC API exchange of a wallet offer (docs/decisions/0036).</summary>
    public const string WalletExchangeRoute = "/api/v1/exchanges/{token}";

    private const string Issuers = "issuers";
    private const string Achievements = "achievements";
    private const string StatusLists = "status-lists";
    private const string KeyFragment = "#key-";

    public CredentialUrls(Uri publicBaseUrl)
    {
        ArgumentNullException.ThrowIfNull(publicBaseUrl);
        Base = publicBaseUrl.AbsoluteUri.TrimEnd('/');
        // did:web (https://w3c-ccg.github.io/did-method-web/): the host, its port percent-encoded, then the path
        // segments, all joined by colons; did:web:<host>:issuers:12 resolves to https://<host>/issuers/12/did.json.
        var port = publicBaseUrl.IsDefaultPort ? "" : "%3A" + Number(publicBaseUrl.Port);
        var path = string.Concat(publicBaseUrl.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(s => ":" + s));
        _didPrefix = $"did:web:{publicBaseUrl.IdnHost}{port}{path}:{Issuers}:";
    }

    private readonly string _didPrefix;

    public string Base { get; }

    /// <summary>Scheme, host and port of <see cref="Base"/>: where a wallet request says it comes from.</summary>
    public string Origin => new Uri(Base).GetLeftPart(UriPartial.Authority);

    public Uri Issuer(int baseId) => new($"{Base}/{Issuers}/{Number(baseId)}");

    /// <summary>A key id: the issuer's id with a fragment naming the key, so that it dereferences to the issuer profile.</summary>
    public string IssuerKeyId(int baseId, string keyName) => $"{Issuer(baseId).AbsoluteUri}{KeyFragment}{keyName}";

    /// <summary>The issuer as a <c>did:web</c> DID, resolving to <see cref="IssuerDidDocumentRoute"/>.</summary>
    public string IssuerDid(int baseId) => _didPrefix + Number(baseId);

    /// <summary>A Data Integrity verification method: the issuer's DID with the key's Multikey as the fragment.</summary>
    public string VerificationMethod(int baseId, string publicKeyMultibase) => $"{IssuerDid(baseId)}#{publicKeyMultibase}";

    /// <summary>Reads a DID made by <see cref="IssuerDid"/>, or the DID part of a verification method; false for anything else.</summary>
    public bool TryParseIssuerDid(string? did, out int baseId)
    {
        baseId = 0;
        var hash = did?.IndexOf('#', StringComparison.Ordinal) ?? -1;
        var bare = hash < 0 ? did : did![..hash];
        return bare is not null && bare.StartsWith(_didPrefix, StringComparison.Ordinal) && TryNumber(bare[_didPrefix.Length..], out baseId);
    }

    public Uri Achievement(int achievementId) => new($"{Base}/{Achievements}/{Number(achievementId)}");

    public Uri StatusList(int baseId, StatusPurpose purpose, int sequence) =>
        new($"{Base}/{StatusLists}/{Number(baseId)}/{PurposeName(purpose)}/{Number(sequence)}");

    public Uri StatusList(StatusListAddress address) => StatusList(address.BaseId, address.Purpose, address.Sequence);

    public Uri Verify(string code) => new($"{Base}/verify/{code}");

    /// <summary>A learner's portfolio share link (<c>/p/{token}</c>).</summary>
    public Uri Share(string token) => new($"{Base}/p/{token}");

    /// <summary>A wallet offer's exchange address (<c>/api/v1/exchanges/{token}</c>).</summary>
    public Uri WalletExchange(string token) => new($"{Base}/api/v1/exchanges/{token}");

    /// <summary>The learner's wallet, which the credential-ready SMS points to.</summary>
    public Uri Wallet => new(Base + WalletRoute);

    public Uri Jwks => new(Base + JwksRoute);

    public Uri Framework(string node) => new($"{Base}/framework/{node}");

    /// <summary>A credential's own id: a <c>urn:uuid:</c>, not an address, so that nothing about it can be fetched.</summary>
    public static Uri CredentialId(Guid id) => new("urn:uuid:" + id);

    public static string PurposeName(StatusPurpose purpose) => purpose == StatusPurpose.Revocation ? "revocation" : "suspension";

    public static StatusPurpose? ParsePurpose(string? name) => name switch
    {
        "revocation" => StatusPurpose.Revocation,
        "suspension" => StatusPurpose.Suspension,
        _ => null,
    };

    /// <summary>Reads an address made by <see cref="StatusList(int, StatusPurpose, int)"/>; false for anything else.</summary>
    public bool TryParseStatusList(string? url, out StatusListAddress address)
    {
        address = default;
        if (Segments(url, StatusLists) is not [var baseId, var purposeName, var sequence]
            || !TryNumber(baseId, out var id)
            || ParsePurpose(purposeName) is not { } purpose
            || !TryNumber(sequence, out var number))
        {
            return false;
        }
        address = new StatusListAddress(id, purpose, number);
        return true;
    }

    /// <summary>Reads an address made by <see cref="Issuer"/>, or the issuer part of a key id; false for anything else.</summary>
    public bool TryParseIssuer(string? url, out int baseId)
    {
        var hash = url?.IndexOf('#', StringComparison.Ordinal) ?? -1;
        baseId = 0;
        return Segments(hash < 0 ? url : url![..hash], Issuers) is [var id] && TryNumber(id, out baseId);
    }

    /// <summary>Reads an address made by <see cref="Achievement"/>; false for anything else.</summary>
    public bool TryParseAchievement(string? url, out int achievementId)
    {
        achievementId = 0;
        return Segments(url, Achievements) is [var id] && TryNumber(id, out achievementId);
    }

    /// <summary>The path segments after <c>{Base}/{first}/</c>, or null when the address is not under it.</summary>
    private string[]? Segments(string? url, string first)
    {
        var prefix = $"{Base}/{first}/";
        return url is not null && url.StartsWith(prefix, StringComparison.Ordinal) ? url[prefix.Length..].Split('/') : null;
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    // Only the digits we write: no sign, no spaces, no leading zeros that would give one list two addresses.
    private static bool TryNumber(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value)
        && string.Equals(text, Number(value), StringComparison.Ordinal);
}
