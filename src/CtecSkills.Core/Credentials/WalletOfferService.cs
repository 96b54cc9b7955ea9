using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CtecSkills.Core.Data;
using CtecSkills.Core.Text;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.Core.Credentials;

public enum WalletOfferStatus
{
    Active,
    Expired,
    Cancelled,
}

public enum WalletOfferError
{
    None,

    /// <summary>Not one of the learner's credentials (or replaced by a re-issued one, which has its own code).</summary>
    NotFound,

    /// <summary>A revoked credential is not handed to a wallet.</summary>
    Revoked,
}

/// <summary>A made offer and its token: the only moment the token exists outside the learner's hands (only its hash is stored).</summary>
public sealed record WalletOfferCreated(WalletOfferError Error, long? OfferId = null, string? Token = null);

/// <summary>One offer as its learner sees it: until when, whether it still works, and whether a wallet took the credential.</summary>
public sealed record WalletOfferState(long Id, DateTimeOffset ExpiresAt, WalletOfferStatus Status, int FetchCount, DateTimeOffset? LastFetchedAt);

/// <summary>The credential a learner is adding to a wallet, and the offer in hand if there is one.</summary>
public sealed record WalletOfferPage(string Code, string AchievementName, bool Revoked, WalletOfferState? Offer);

public enum WalletExchangeOutcome
{
    /// <summary>No such offer, or it expired or was cancelled: the same answer for each, so a guess learns nothing.</summary>
    Unknown,

    /// <summary>The offer is live but its credential was revoked or replaced since: nothing is handed out.</summary>
    CredentialWithdrawn,
    Found,
}

/// <summary>What the public exchange address answers: the credential JSON exactly as issued (with its proof), or why not.</summary>
public sealed record WalletExchange(WalletExchangeOutcome Outcome, string? CredentialJson = null)
{
    public static WalletExchange Unknown { get; } = new(WalletExchangeOutcome.Unknown);
}

/// <summary>
/// Adding a credential to a standard wallet (docs/decisions/0036). The learner makes an offer for one of their
/// credentials: a 128-bit token, stored only as its hash, that lets whoever holds it fetch the credential from a
/// public VC API exchange address for <see cref="Lifetime"/>, as often as a wallet retries, until the learner cancels
/// it or makes a new one. The deep link and QR code carry the exchange address in the form the DCC Learner Credential
/// Wallet reads.
/// </summary>
public sealed class WalletOfferService(AppDbContext db, CredentialUrls urls, TimeProvider clock)
{
    public const int TokenBytes = 16;

    /// <summary>Long enough to install or open a wallet and scan; short enough that a photographed QR code soon opens nothing.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    /// <summary>The universal link of the Learner Credential Wallet: opens the app where it is installed, its web page elsewhere.</summary>
    public const string LcwRequestLink = "https://lcw.app/request?request=";

    /// <summary>The wallet's own scheme, for a phone whose browser does not hand the universal link to the app.</summary>
    public const string LcwAppLink = "dccrequest://request?request=";

    /// <summary>
    /// A new offer for the learner's credential. One live offer per credential: a new one cancels the one before, so an
    /// offer the learner lost track of stops working.
    /// </summary>
    public async Task<WalletOfferCreated> CreateAsync(string userId, string code, CancellationToken ct)
    {
        var credential = await OwnCredential(userId, code).Select(c => new { c.Id, c.RevokedAt }).FirstOrDefaultAsync(ct);
        if (credential is null)
        {
            return new WalletOfferCreated(WalletOfferError.NotFound);
        }
        if (credential.RevokedAt is not null)
        {
            return new WalletOfferCreated(WalletOfferError.Revoked);
        }
        var now = clock.GetUtcNow();
        await Live(now).Where(o => o.UserId == userId && o.IssuedCredentialId == credential.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(o => o.CancelledAt, (DateTimeOffset?)now), ct);
        var token = BearerTokens.New(TokenBytes);
        var offer = new WalletOffer
        {
            UserId = userId,
            IssuedCredentialId = credential.Id,
            TokenHash = BearerTokens.Hash(token),
            CreatedAt = now,
            ExpiresAt = now + Lifetime,
        };
        db.WalletOffers.Add(offer);
        await db.SaveChangesAsync(ct);
        return new WalletOfferCreated(WalletOfferError.None, offer.Id, token);
    }

    /// <summary>The learner's credential with one of its offers (null: none in hand); null when the credential is not theirs.</summary>
    public async Task<WalletOfferPage?> PageAsync(string userId, string code, long? offerId, CancellationToken ct)
    {
        var credential = await OwnCredential(userId, code)
            .Select(c => new { c.Id, c.VerificationCode, c.Achievement!.Name, c.RevokedAt })
            .FirstOrDefaultAsync(ct);
        if (credential is null)
        {
            return null;
        }
        var offer = offerId is not { } id ? null : await db.WalletOffers.AsNoTracking()
            .Where(o => o.Id == id && o.UserId == userId && o.IssuedCredentialId == credential.Id)
            .Select(o => new { o.Id, o.ExpiresAt, o.CancelledAt, o.FetchCount, o.LastFetchedAt })
            .FirstOrDefaultAsync(ct);
        var now = clock.GetUtcNow();
        return new WalletOfferPage(credential.VerificationCode, credential.Name, credential.RevokedAt is not null, offer is null ? null
            : new WalletOfferState(offer.Id, offer.ExpiresAt, StatusOf(offer.CancelledAt, offer.ExpiresAt, now), offer.FetchCount, offer.LastFetchedAt));
    }

    /// <summary>False when the offer is not the learner's offer for that credential; cancelling twice changes nothing.</summary>
    public async Task<bool> CancelAsync(string userId, string code, long offerId, CancellationToken ct)
    {
        var offer = await db.WalletOffers
            .FirstOrDefaultAsync(o => o.Id == offerId && o.UserId == userId && o.IssuedCredential!.VerificationCode == code, ct);
        if (offer is null)
        {
            return false;
        }
        offer.CancelledAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>
    /// What a wallet holding the token gets: the credential JSON as issued, counted on the offer so its learner sees
    /// that it arrived. An unknown, expired or cancelled token is <see cref="WalletExchange.Unknown"/>.
    /// </summary>
    public async Task<WalletExchange> FetchAsync(string? token, CancellationToken ct)
    {
        if (!BearerTokens.IsWellFormed(token, TokenBytes))
        {
            return WalletExchange.Unknown;
        }
        var hash = BearerTokens.Hash(token);
        var now = clock.GetUtcNow();
        var offer = await Live(now).AsNoTracking().Where(o => o.TokenHash == hash)
            .Select(o => new { o.Id, o.IssuedCredential!.CredentialJson, o.IssuedCredential.RevokedAt, o.IssuedCredential.ReplacedByCredentialId })
            .FirstOrDefaultAsync(ct);
        if (offer is null)
        {
            return WalletExchange.Unknown;
        }
        if (offer.RevokedAt is not null || offer.ReplacedByCredentialId is not null)
        {
            return new WalletExchange(WalletExchangeOutcome.CredentialWithdrawn);
        }
        await db.WalletOffers.Where(o => o.Id == offer.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(o => o.FetchCount, o => o.FetchCount + 1).SetProperty(o => o.LastFetchedAt, (DateTimeOffset?)now), ct);
        return new WalletExchange(WalletExchangeOutcome.Found, offer.CredentialJson);
    }

    /// <summary>The public VC API exchange address of an offer.</summary>
    public Uri ExchangeUrl(string token) => urls.WalletExchange(token);

    /// <summary>
    /// The wallet request the Learner Credential Wallet reads from a link or QR code: where the request comes from, and
    /// the VC API exchange to POST to.
    /// </summary>
    public string WalletRequest(string token) => new JsonObject
    {
        ["credentialRequestOrigin"] = urls.Origin,
        ["protocols"] = new JsonObject { ["vcapi"] = ExchangeUrl(token).AbsoluteUri },
    }.ToJsonString();

    /// <summary>The link (and QR code) that opens the wallet with the request.</summary>
    public string DeepLink(string token) => LcwRequestLink + Uri.EscapeDataString(WalletRequest(token));

    /// <summary>The same request under the wallet's own scheme.</summary>
    public string AppLink(string token) => LcwAppLink + Uri.EscapeDataString(WalletRequest(token));

    /// <summary>
    /// The final answer of a VC API exchange (no further request): a presentation holding the credential, its JSON
    /// copied byte for byte so that its embedded proof still verifies.
    /// </summary>
    public static string Presentation(string credentialJson)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("verifiablePresentation");
            writer.WriteStartArray("@context");
            writer.WriteStringValue(OpenBadgeCredentialBuilder.VcContext);
            writer.WriteEndArray();
            writer.WriteStartArray("type");
            writer.WriteStringValue("VerifiablePresentation");
            writer.WriteEndArray();
            writer.WriteStartArray("verifiableCredential");
            writer.WriteRawValue(credentialJson);
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    // A replaced credential left the wallet page; its replacement has its own code.
    private IQueryable<IssuedCredential> OwnCredential(string userId, string code) =>
        db.IssuedCredentials.AsNoTracking().Where(c => c.UserId == userId && c.VerificationCode == code && c.ReplacedByCredentialId == null);

    private IQueryable<WalletOffer> Live(DateTimeOffset now) => db.WalletOffers.Where(o => o.CancelledAt == null && o.ExpiresAt > now);

    private static WalletOfferStatus StatusOf(DateTimeOffset? cancelledAt, DateTimeOffset expiresAt, DateTimeOffset now) =>
        cancelledAt is not null ? WalletOfferStatus.Cancelled : expiresAt <= now ? WalletOfferStatus.Expired : WalletOfferStatus.Active;
}
