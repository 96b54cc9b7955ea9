using CtecSkills.Core.Accounts;
using CtecSkills.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace CtecSkills.Web.Features.Accounts;

/// <summary>
/// Learners sign up and sign in with their phone and an SMS code; everyone else with email (or phone) and password.
/// The phone number travels between the two steps in protected TempData, never in the URL.
/// </summary>
[Route("account")]
public sealed class AccountController(
    SmsCodeService codes,
    AccountService accounts,
    SignInManager<AppUser> signIn,
    IStringLocalizer<SharedResource> text) : Controller
{
    private const string PhoneKey = "signin.phone";
    private const string NoticeKey = "notice";

    [HttpGet("phone")]
    public IActionResult Phone(string? returnUrl) => View(new PhoneViewModel { ReturnUrl = returnUrl });

    [HttpPost("phone"), EnableRateLimiting(RateLimits.Sms)]
    public async Task<IActionResult> Phone(PhoneViewModel input, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return View(input);
        }
        var result = await codes.RequestAsync(input.Phone, ct);
        switch (result.Outcome)
        {
            case SmsCodeRequestOutcome.InvalidPhone:
                ModelState.AddModelError(nameof(input.Phone), text["Validation.PhoneFormat"]);
                return View(input);
            case SmsCodeRequestOutcome.Throttled:
                TempData[NoticeKey] = text["Account.WaitBeforeResend", (int)Math.Ceiling(result.RetryAfter.TotalSeconds)].Value;
                break;
            default:
                TempData[NoticeKey] = text["Account.CodeSent", PhoneNumber.Mask(result.Phone!)].Value;
                break;
        }
        TempData[PhoneKey] = result.Phone;
        return RedirectToAction(nameof(Code), new { input.ReturnUrl });
    }

    [HttpGet("code")]
    public async Task<IActionResult> Code(string? returnUrl, CancellationToken ct)
    {
        if (TempData.Peek(PhoneKey) is not string phone)
        {
            return RedirectToAction(nameof(Phone), new { returnUrl });
        }
        return View(await PrepareAsync(new CodeViewModel { ReturnUrl = returnUrl }, phone, ct));
    }

    [HttpPost("code"), EnableRateLimiting(RateLimits.SignIn)]
    public async Task<IActionResult> Code(CodeViewModel input, CancellationToken ct)
    {
        if (TempData.Peek(PhoneKey) is not string phone)
        {
            return RedirectToAction(nameof(Phone), new { input.ReturnUrl });
        }
        if (!ModelState.IsValid)
        {
            // Every field error at once, the missing tick among them; the code is not checked, so no attempt is spent.
            var model = await PrepareAsync(input, phone, ct);
            if (model.IsNewAccount && !input.AcceptPrivacy)
            {
                ModelState.AddModelError(nameof(input.AcceptPrivacy), text["Validation.AcceptPrivacy"]);
            }
            return View(model);
        }
        var result = await accounts.SignInWithPhoneAsync(new PhoneSignIn(phone, input.Code, input.DisplayName, input.AcceptPrivacy), ct);
        if (result is { Outcome: PhoneSignInOutcome.SignedIn, User: { } user })
        {
            TempData.Remove(PhoneKey);
            await signIn.SignInAsync(user, isPersistent: true);
            return LocalRedirect(Url.IsLocalUrl(input.ReturnUrl) ? input.ReturnUrl : "/me");
        }
        var (field, message) = result.Outcome switch
        {
            PhoneSignInOutcome.PrivacyNoticeNotAccepted => (nameof(input.AcceptPrivacy), text["Validation.AcceptPrivacy"]),
            PhoneSignInOutcome.CodeWrong => (nameof(input.Code), text["Account.CodeWrong", result.AttemptsLeft]),
            PhoneSignInOutcome.CodeTooManyAttempts => (nameof(input.Code), text["Account.CodeTooManyAttempts"]),
            PhoneSignInOutcome.CodeExpired => (nameof(input.Code), text["Account.CodeExpired"]),
            PhoneSignInOutcome.LockedOut => ("", text["Account.LockedOut"]),
            _ => ("", text["Account.SignUpFailed"]),
        };
        ModelState.AddModelError(field, message);
        return View(input with { MaskedPhone = PhoneNumber.Mask(phone), IsNewAccount = result.IsNewAccount });
    }

    [HttpPost("code/resend"), EnableRateLimiting(RateLimits.Sms)]
    public async Task<IActionResult> Resend(string? returnUrl, CancellationToken ct)
    {
        if (TempData.Peek(PhoneKey) is not string phone)
        {
            return RedirectToAction(nameof(Phone), new { returnUrl });
        }
        var result = await codes.RequestAsync(phone, ct);
        TempData[NoticeKey] = result.Outcome switch
        {
            SmsCodeRequestOutcome.Sent => text["Account.CodeSent", PhoneNumber.Mask(phone)].Value,
            SmsCodeRequestOutcome.Throttled => text["Account.WaitBeforeResend", (int)Math.Ceiling(result.RetryAfter.TotalSeconds)].Value,
            _ => text["Account.SmsFailed"].Value,
        };
        return RedirectToAction(nameof(Code), new { returnUrl });
    }

    [HttpGet("signin")]
    public IActionResult SignIn(string? returnUrl) => View(new SignInViewModel { ReturnUrl = returnUrl });

    [HttpPost("signin"), EnableRateLimiting(RateLimits.SignIn)]
    public async Task<IActionResult> SignIn(SignInViewModel input, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return View(input);
        }
        var user = await accounts.FindForPasswordSignInAsync(input.Login!, ct);
        if (user is null)
        {
            ModelState.AddModelError("", text["Account.WrongPassword"]);
            return View(input);
        }
        var result = await signIn.PasswordSignInAsync(user, input.Password!, input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return LocalRedirect(Url.IsLocalUrl(input.ReturnUrl) ? input.ReturnUrl : "/me");
        }
        ModelState.AddModelError("", result.IsLockedOut ? text["Account.LockedOut"] : text["Account.WrongPassword"]);
        return View(input);
    }

    [HttpPost("signout"), Authorize]
    public async Task<IActionResult> SignOutNow()
    {
        await signIn.SignOutAsync();
        // A shared phone: the browser's HTTP and back-forward caches hold the account's pages (docs/decisions/0028).
        // "cache" does not reach the service worker's saved courses (Cache Storage is "storage", which would also
        // delete another person's unsent steps): the worker clears those when the next page is nobody's.
        Response.Headers["Clear-Site-Data"] = "\"cache\"";
        return LocalRedirect("/");
    }

    private async Task<CodeViewModel> PrepareAsync(CodeViewModel model, string phone, CancellationToken ct) =>
        model with { MaskedPhone = PhoneNumber.Mask(phone), IsNewAccount = await accounts.IsNewAccountAsync(phone, ct) };
}
