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
