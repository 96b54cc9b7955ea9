using System.Text.Json;
using CtecSkills.Core.Accounts;
using CtecSkills.Core.Privacy;
using CtecSkills.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace CtecSkills.Web.Features.Privacy;

/// <summary>
/// A learner erases their own account: choose the fate of each credential, prove the phone with an SMS code, and the
/// account is gone. The choices travel between the steps in protected TempData and are checked again at the end.
/// </summary>
[Authorize(Policy = Policies.Learner), Route("me/delete")]
public sealed class DeleteAccountController(
    AccountErasureService erasure,
    SmsCodeService codes,
    SignInManager<AppUser> signIn,
    IStringLocalizer<SharedResource> text) : Controller
{
    private const string FatesKey = "erasure.fates";
    private const string NoticeKey = "notice";

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var preview = await erasure.PreviewAsync(User.UserId(), ct);
        return preview is null ? Challenge() : View(new DeleteAccountViewModel(preview, new Dictionary<string, CredentialFate>()));
    }

    [HttpPost(""), ValidateAntiForgeryToken, EnableRateLimiting(RateLimits.Sms)]
    public async Task<IActionResult> Index(ErasureChoicesInput input, CancellationToken ct)
    {
        var preview = await erasure.PreviewAsync(User.UserId(), ct);
        if (preview?.Phone is not { } phone)
        {
            return Challenge();
        }
        var fates = ErasureChoicesInput.Chosen(preview, input.Fates);
        if (fates.Count < preview.Credentials.Count)
        {
            ModelState.AddModelError("", text["Erasure.ChooseEach"]);
            return View(new DeleteAccountViewModel(preview, fates));
        }
        var sent = await codes.RequestAsync(phone, ct);
        TempData[NoticeKey] = sent.Outcome == SmsCodeRequestOutcome.Throttled
            ? text["Account.WaitBeforeResend", (int)Math.Ceiling(sent.RetryAfter.TotalSeconds)].Value
            : text["Account.CodeSent", PhoneNumber.Mask(phone)].Value;
        TempData[FatesKey] = JsonSerializer.Serialize(fates);
        return RedirectToAction(nameof(Confirm));
    }

    [HttpGet("confirm")]
    public async Task<IActionResult> Confirm(CancellationToken ct)
    {
        var preview = await erasure.PreviewAsync(User.UserId(), ct);
        if (preview is null)
        {
            return Challenge();
        }
        return ChosenFates() is { } fates ? View(Summary(new ConfirmDeleteViewModel(), preview, fates)) : RedirectToAction(nameof(Index));
    }

    [HttpPost("confirm"), ValidateAntiForgeryToken, EnableRateLimiting(RateLimits.SignIn)]
    public async Task<IActionResult> Confirm(ConfirmDeleteViewModel input, CancellationToken ct)
    {
        var userId = User.UserId();
        var preview = await erasure.PreviewAsync(userId, ct);
        if (preview?.Phone is not { } phone)
        {
            return await GoneAsync();
        }
        if (ChosenFates() is not { } fates)
        {
            return RedirectToAction(nameof(Index));
        }
        if (!ModelState.IsValid)
        {
            return View(Summary(input, preview, fates));
        }
        var check = await codes.VerifyAsync(phone, input.Code, ct);
        if (!check.Succeeded)
        {
            ModelState.AddModelError(nameof(input.Code), check.Check switch
            {
                SmsCodeCheck.Wrong => text["Account.CodeWrong", check.AttemptsLeft],
                SmsCodeCheck.TooManyAttempts => text["Account.CodeTooManyAttempts"],
                _ => text["Account.CodeExpired"],
            });
            return View(Summary(input, preview, fates));
        }
        var result = await erasure.EraseAsync(new ErasureInput(userId, fates, ErasureRequester.Self, text["Erasure.RevocationReason"]), ct);
        switch (result.Outcome)
        {
            case ErasureOutcome.ChoiceMissing:
                // A credential was issued between the choice and the code: the learner decides about it too.
                TempData[NoticeKey] = text["Erasure.NewCredential"].Value;
                return RedirectToAction(nameof(Index));
            case ErasureOutcome.NotALearner:
                return NotFound();
            default:
                return await GoneAsync();
        }
    }

    /// <summary>Erased (now, or by a request that won the race): signed out, home page says so.</summary>
    private async Task<IActionResult> GoneAsync()
    {
        await signIn.SignOutAsync();
        // The phone forgets the account as the server did: cached pages, saved courses and the steps it had not sent
        // yet. "storage" takes the whole site's offline data, so on a shared phone another account's unsent steps go
        // too; deleting an account is rare and its steps must not stay (docs/decisions/0028).
        Response.Headers["Clear-Site-Data"] = "\"cache\", \"storage\"";
        TempData.Remove(FatesKey);
        TempData[NoticeKey] = text["Erasure.Done"].Value;
        return LocalRedirect("/");
    }

    private Dictionary<string, CredentialFate>? ChosenFates() =>
        TempData.Peek(FatesKey) is string json ? JsonSerializer.Deserialize<Dictionary<string, CredentialFate>>(json) : null;

    private static ConfirmDeleteViewModel Summary(ConfirmDeleteViewModel model, ErasurePreview preview, Dictionary<string, CredentialFate> fates) =>
        model with
        {
            MaskedPhone = PhoneNumber.Mask(preview.Phone!),
            Kept = fates.Count(f => f.Value == CredentialFate.Keep),
            Revoked = fates.Count(f => f.Value == CredentialFate.Revoke),
        };
}
