using CtecSkills.Core.Credentials;
using CtecSkills.Core.Text;
using CtecSkills.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CtecSkills.Web.Features.Credentials;

/// <summary>
/// "添加到数字钱包": the learner makes a short-lived offer of one credential and opens it in a wallet on this phone (a
/// link) or on another one (a QR code); they can cancel it or make a new one (docs/decisions/0036).
/// </summary>
[Authorize(Policy = Policies.Learner), Route(CredentialUrls.WalletRoute + "/{code}/wallet-offer")]
public sealed class WalletOfferController(WalletOfferService offers, IStringLocalizer<SharedResource> text) : Controller
{
    // The offer's token rides in the encrypted TempData cookie, the only place it exists after the POST (only its hash
    // is stored). It is peeked, not read, so that the page still shows it when the phone comes back from the wallet
    // app and the browser reloads the tab; a new offer replaces it.
    private const string OfferKey = "wallet-offer";

    [HttpGet("")]
    public async Task<IActionResult> Index(string code, CancellationToken ct)
    {
        var inHand = InHand(code);
        var page = await offers.PageAsync(User.UserId(), code, inHand?.OfferId, ct);
        if (page is null)
        {
            return NotFound();
        }
        Response.Headers.CacheControl = "no-store";
        // The deep link carries the token; a wallet's web page it opens must not learn it from a Referer either.
        Response.Headers["Referrer-Policy"] = "no-referrer";
        var token = page.Offer?.Status == WalletOfferStatus.Active ? inHand?.Token : null;
        return View(new WalletOfferViewModel(page, token is null ? null : Links(token)));
    }

    [HttpPost(""), ValidateAntiForgeryToken]
    public async Task<IActionResult> Create(string code, CancellationToken ct)
    {
        var made = await offers.CreateAsync(User.UserId(), code, ct);
        switch (made.Error)
        {
            case WalletOfferError.NotFound:
                return NotFound();
            case WalletOfferError.Revoked:
                TempData["notice"] = text["WalletOffer.Revoked"].Value;
                return Redirect($"{CredentialUrls.WalletRoute}#c-{code}");
        }
        TempData[OfferKey] = $"{code}|{made.OfferId}|{made.Token}";
        return Redirect($"{CredentialUrls.WalletRoute}/{code}/wallet-offer");
    }

    [HttpPost("cancel"), ValidateAntiForgeryToken]
    public async Task<IActionResult> Cancel(string code, long offerId, CancellationToken ct)
    {
        if (!await offers.CancelAsync(User.UserId(), code, offerId, ct))
        {
            return NotFound();
        }
        TempData.Remove(OfferKey);
        TempData["notice"] = text["WalletOffer.Cancelled"].Value;
        return Redirect($"{CredentialUrls.WalletRoute}/{code}/wallet-offer");
    }

    private WalletOfferLinks Links(string token)
    {
        var deepLink = offers.DeepLink(token);
        return new(deepLink, offers.AppLink(token), offers.ExchangeUrl(token).AbsoluteUri, QrCodes.Svg(deepLink, text["WalletOffer.QrAlt"]));
    }

    private (long OfferId, string Token)? InHand(string code) =>
        TempData.Peek(OfferKey) is string value && value.Split('|') is [var forCode, var id, var token]
            && forCode == code && long.TryParse(id, System.Globalization.CultureInfo.InvariantCulture, out var offerId)
            ? (offerId, token)
            : null;
}

/// <summary>What the page gives the learner for a live offer: the links, the wallet's address for other wallets, and the QR code.</summary>
public sealed record WalletOfferLinks(string DeepLink, string AppLink, string ExchangeUrl, string QrSvg);

public sealed record WalletOfferViewModel(WalletOfferPage Page, WalletOfferLinks? Links);
