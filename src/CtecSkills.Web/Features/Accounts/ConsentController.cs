using System.Security.Claims;
using CtecSkills.Core.Accounts;
using CtecSkills.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CtecSkills.Web.Features.Accounts;

/// <summary>
/// 隐私与同意: the learner accepts the notice (first sign-in after a roster import, a new version, or again after
/// withdrawing), withdraws consent in one confirmed step, and sees every step they took.
/// </summary>
[Authorize, Route("me/consent")]
public sealed class ConsentController(ConsentService consent, UserManager<AppUser> users, SignInManager<AppUser> signIn, IStringLocalizer<SharedResource> text)
    : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string? returnUrl, CancellationToken ct)
    {
        var state = await consent.StateAsync(User.UserId(), ct);
        if (state is null)
        {
            return Challenge();
        }
        if (state.Standing == ConsentStanding.Current && !ConsentService.IsCurrent(User.FindFirstValue(ConsentClaimsPrincipalFactory.NoticeVersionClaim)))
        {
            // Accepted on another device (or a cookie from before the claim): this session catches up and goes on.
            await RenewCookieAsync();
            if (SafeReturn(returnUrl) is { } back)
            {
                return LocalRedirect(back);
            }
        }
        return View(new ConsentViewModel(state, SafeReturn(returnUrl)));
    }

    [HttpPost("accept")]
    public async Task<IActionResult> Accept(string? returnUrl, CancellationToken ct)
    {
        await consent.AcceptAsync(User.UserId(), ct);
        await RenewCookieAsync();
        TempData["notice"] = text["Consent.Accepted"].Value;
        return LocalRedirect(SafeReturn(returnUrl) ?? "/me");
    }

    [HttpPost("withdraw")]
    public async Task<IActionResult> Withdraw(WithdrawConsentInput input, CancellationToken ct)
    {
        if (!input.Understood)
        {
            ModelState.AddModelError(nameof(input.Understood), text["Consent.ConfirmWithdrawRequired"]);
            var state = await consent.StateAsync(User.UserId(), ct);
            return state is null ? Challenge() : View(nameof(Index), new ConsentViewModel(state, null));
        }
        var withdrawn = await consent.WithdrawAsync(User.UserId(), ct);
        await RenewCookieAsync();
        TempData["notice"] = text[withdrawn ? "Consent.WithdrawnDone" : "Consent.NothingToWithdraw"].Value;
        return RedirectToAction(nameof(Index));
    }

    // The cookie carries the accepted version (for the gate on every page); it must say what was just recorded.
    private async Task RenewCookieAsync()
    {
        if (await users.GetUserAsync(User) is { } user)
        {
            await signIn.RefreshSignInAsync(user);
        }
    }

    private string? SafeReturn(string? returnUrl) =>
        Url.IsLocalUrl(returnUrl) && !returnUrl.StartsWith(ConsentGateFilter.ConsentPath, StringComparison.OrdinalIgnoreCase) ? returnUrl : null;
}

public sealed record WithdrawConsentInput
{
    public bool Understood { get; init; }
}

public sealed record ConsentViewModel(ConsentState State, string? ReturnUrl)
{
    public bool MayWithdraw => State.Standing is ConsentStanding.Current or ConsentStanding.EarlierVersion;
}
