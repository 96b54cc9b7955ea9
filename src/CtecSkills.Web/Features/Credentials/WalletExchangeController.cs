using System.Text;
using CtecSkills.Core.Credentials;
using CtecSkills.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace CtecSkills.Web.Features.Credentials;

/// <summary>
/// Where a wallet collects an offered credential (docs/decisions/0036), without signing in: a VC API exchange whose
/// first answer is final — POST gives a presentation holding the credential, GET the credential JSON itself, for
/// wallets that fetch a URL. Readable from any origin like the other public documents; never cached or indexed.
/// </summary>
// No class-level [Produces]: it would overwrite the application/problem+json content type of error responses.
[ApiController, AllowAnonymous, EnableRateLimiting(RateLimits.Verify), Route(CredentialUrls.WalletExchangeRoute)]
public sealed class WalletExchangeController(WalletOfferService offers) : ControllerBase
{
    /// <summary>
    /// Takes whatever a wallet sends to start the exchange (the Learner Credential Wallet sends <c>{}</c>) and answers
    /// <c>{"verifiablePresentation": {…, "verifiableCredential": [credential]}}</c>, with no further request.
    /// </summary>
    [HttpPost(""), IgnoreAntiforgeryToken, RequestSizeLimit(64_000)]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status410Gone, "application/problem+json")]
    public Task<IActionResult> Exchange(string token, CancellationToken ct) =>
        AnswerAsync(token, json => Content(WalletOfferService.Presentation(json), "application/json", Encoding.UTF8), ct);

    /// <summary>The offered credential JSON as issued, with its embedded proof.</summary>
    [HttpGet("")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status410Gone, "application/problem+json")]
    public Task<IActionResult> Credential(string token, CancellationToken ct) =>
        AnswerAsync(token, json => Content(json, "application/ld+json", Encoding.UTF8), ct);

    /// <summary>The CORS preflight a browser-based wallet sends before its JSON POST.</summary>
    [HttpOptions(""), IgnoreAntiforgeryToken]
    public IActionResult Preflight()
    {
        Public();
        Response.Headers.AccessControlAllowMethods = "GET, POST";
        Response.Headers.AccessControlAllowHeaders = "Content-Type";
        Response.Headers.AccessControlMaxAge = "600";
        return NoContent();
    }

    private async Task<IActionResult> AnswerAsync(string token, Func<string, IActionResult> answer, CancellationToken ct)
    {
        Public();
        var exchange = await offers.FetchAsync(token, ct);
        return exchange.Outcome switch
        {
            WalletExchangeOutcome.Found => answer(exchange.CredentialJson!),
            WalletExchangeOutcome.CredentialWithdrawn => Refusal(StatusCodes.Status410Gone, "credential-withdrawn", "Credential withdrawn",
                "The offered credential was revoked or replaced since the offer was made, so it is not handed out. The holder can offer the current one."),
            _ => Refusal(StatusCodes.Status404NotFound, "unknown-wallet-offer", "No such wallet offer",
                $"The offer does not exist, has expired (offers last {WalletOfferService.Lifetime.TotalMinutes:0} minutes) or was cancelled. The holder can make a new one."),
        };
    }

    private void Public()
    {
        Response.Headers.AccessControlAllowOrigin = "*";
        Response.Headers.CacheControl = "no-store";
        Response.Headers["X-Robots-Tag"] = "noindex";
    }

    private static ObjectResult Refusal(int status, string type, string title, string detail) =>
        ApiProblems.Result(status, "https://ctecskills.cn/problems/" + type, title, detail);
}
