using CtecSkills.Core.Accounts;

namespace CtecSkills.Core.Credentials;

/// <summary>
/// A short-lived offer of one credential to a standard wallet (docs/decisions/0036): whoever holds the token may fetch
/// the credential from the public exchange address until the offer expires or the learner cancels it.
/// </summary>
public sealed class WalletOffer
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public AppUser? User { get; set; }
    public long IssuedCredentialId { get; set; }
    public IssuedCredential? IssuedCredential { get; set; }

    /// <summary>SHA-256 (lowercase hex) of the offer's token, never the token itself: a copied database fetches nothing.</summary>
    public required string TokenHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }

    /// <summary>How often a wallet fetched the credential with this offer, so the learner sees that it arrived.</summary>
    public int FetchCount { get; set; }
    public DateTimeOffset? LastFetchedAt { get; set; }
}
