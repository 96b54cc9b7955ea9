using CtecSkills.Core.Accounts;
using CtecSkills.Core.Cohorts;
using CtecSkills.Core.Credentials;

namespace CtecSkills.Core.Portfolio;

/// <summary>
/// A link a learner hands to an employer: chosen credentials and completed courses, readable by anyone holding
/// the token until it expires or the learner revokes it.
/// </summary>
public sealed class PortfolioShare
{
    public int Id { get; set; }
    public required string UserId { get; set; }
    public AppUser? User { get; set; }

    /// <summary>
    /// SHA-256 (lowercase hex) of the link's token, never the token itself (128 random bits, base64url, the whole secret
    /// of <c>/p/{token}</c>): the learner sees the link once, when it is made, and a copied database opens no page.
    /// </summary>
    public required string TokenHash { get; set; }

    /// <summary>The learner's own note ("给永川人社局"), shown only to them.</summary>
    public string? Label { get; set; }

    /// <summary>7, 30 or 90.</summary>
    public int LifetimeDays { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public List<PortfolioShareItem> Items { get; } = [];
    public List<PortfolioShareView> Views { get; } = [];
}

/// <summary>One shared thing: a credential or a completed enrollment, never both (a check constraint says so).</summary>
public sealed class PortfolioShareItem
{
    public int Id { get; set; }
    public int PortfolioShareId { get; set; }
    public long? IssuedCredentialId { get; set; }
    public IssuedCredential? IssuedCredential { get; set; }
    public int? EnrollmentId { get; set; }
    public Enrollment? Enrollment { get; set; }
}

/// <summary>
/// One opening of a share page. Deliberately no IP address, user agent or viewer account: only when, and the
/// organization of a signed-in verifier or staff member (null for everyone else).
/// </summary>
public sealed class PortfolioShareView
{
    public long Id { get; set; }
    public int PortfolioShareId { get; set; }
    public DateTimeOffset At { get; set; }
    public string? ViewerOrganization { get; set; }
}
