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
            case SmsCodeRequestOutcome.DeliveryFailed:
                ModelState.AddModelError("", text["Account.SmsFailed"]);
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
        var model = await PrepareAsync(input, phone, ct);
        if (model.IsNewAccount && !input.AcceptPrivacy)
        {
            ModelState.AddModelError(nameof(input.AcceptPrivacy), text["Validation.AcceptPrivacy"]);
        }
        if (!ModelState.IsValid)
        {
            return View(model);
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
            return View(model);
        }

        var user = await accounts.FindLearnerByPhoneAsync(phone, ct);
        if (user is null)
        {
            var displayName = string.IsNullOrWhiteSpace(input.DisplayName) ? PhoneNumber.Mask(phone) : input.DisplayName;
            var created = await accounts.CreateLearnerAsync(new LearnerSignUp(phone, displayName, input.AcceptPrivacy), ct);
            if (!created.Succeeded)
            {
                ModelState.AddModelError("", text["Account.SignUpFailed"]);
                return View(model);
            }
            user = await accounts.FindLearnerByPhoneAsync(phone, ct);
        }
        else if (model.IsNewAccount)
        {
            // Registered by a base's roster: this first sign-in is where they read and accept the notice.
            await accounts.RecordConsentAsync(user, ct);
        }
        if (await signIn.UserManager.IsLockedOutAsync(user!))
        {
            ModelState.AddModelError("", text["Account.LockedOut"]);
            return View(model);
        }

        TempData.Remove(PhoneKey);
        await signIn.SignInAsync(user!, isPersistent: true);
        return LocalRedirect(Url.IsLocalUrl(input.ReturnUrl) ? input.ReturnUrl : "/me");
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
        return LocalRedirect("/");
    }

    [HttpGet("password"), Authorize]
    public async Task<IActionResult> Password()
    {
        var user = await signIn.UserManager.GetUserAsync(User);
        return View(new SetPasswordViewModel { HasPassword = user?.PasswordHash is not null });
    }

    [HttpPost("password"), Authorize]
    public async Task<IActionResult> Password(SetPasswordViewModel input)
    {
        var user = await signIn.UserManager.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        input.HasPassword = user.PasswordHash is not null;
        if (!ModelState.IsValid)
        {
            return View(input);
        }
        if (input.HasPassword)
        {
            await signIn.UserManager.RemovePasswordAsync(user);
        }
        var result = await signIn.UserManager.AddPasswordAsync(user, input.Password!);
        if (!result.Succeeded)
        {
            ModelState.AddModelError(nameof(input.Password), text["Validation.PasswordWeak"]);
            return View(input);
        }
        await signIn.RefreshSignInAsync(user);
        TempData[NoticeKey] = text["Account.PasswordSaved"].Value;
        return RedirectToAction("Index", "Me");
    }

    private async Task<CodeViewModel> PrepareAsync(CodeViewModel model, string phone, CancellationToken ct)
    {
        model.MaskedPhone = PhoneNumber.Mask(phone);
        var user = await accounts.FindLearnerByPhoneAsync(phone, ct);
        model.IsNewAccount = user is null || (user.PrivacyAcceptedAt is null && user.PasswordHash is null);
        return model;
    }
}
