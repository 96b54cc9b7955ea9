namespace CtecSkills.Core.Credentials;

public sealed class CredentialOptions
{
    public const string Section = "Credentials";

    /// <summary>
    /// The public https address under which issuer profiles, keys, status lists and verify pages live, e.g.
    /// <c>https://ctecskills.cn</c>. Everything signed names it, so it must never change once credentials exist.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>How long verifiers may cache a published status list (Cache-Control max-age and the list's ttl).</summary>
    public int StatusListMaxAgeSeconds { get; set; } = 300;
}

/// <summary>The stable addresses that signed credentials refer to; all under <see cref="CredentialOptions.PublicBaseUrl"/>.</summary>
public sealed class CredentialUrls
{
    public CredentialUrls(Uri publicBaseUrl)
    {
        ArgumentNullException.ThrowIfNull(publicBaseUrl);
        Base = publicBaseUrl.AbsoluteUri.TrimEnd('/');
    }

    public string Base { get; }

    public Uri Issuer(int baseId) => new($"{Base}/issuers/{baseId}");

    public Uri Achievement(int achievementId) => new($"{Base}/achievements/{achievementId}");

    public Uri StatusList(int baseId, StatusPurpose purpose, int sequence) =>
        new($"{Base}/status-lists/{baseId}/{PurposeName(purpose)}/{sequence}");

    public Uri Verify(string code) => new($"{Base}/verify/{code}");

    /// <summary>A learner's portfolio share link (<c>/p/{token}</c>).</summary>
    public Uri Share(string token) => new($"{Base}/p/{token}");

    public Uri Jwks => new($"{Base}/.well-known/jwks.json");

    public Uri Framework(string node) => new($"{Base}/framework/{node}");

    public static string PurposeName(StatusPurpose purpose) => purpose == StatusPurpose.Revocation ? "revocation" : "suspension";

    public static StatusPurpose? ParsePurpose(string? name) => name switch
    {
        "revocation" => StatusPurpose.Revocation,
        "suspension" => StatusPurpose.Suspension,
        _ => null,
    };
}
