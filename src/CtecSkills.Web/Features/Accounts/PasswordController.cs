using CtecSkills.Core.Accounts;
using CtecSkills.Core.Credentials;
using CtecSkills.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace CtecSkills.Web.Features.Accounts;

/// <summary>
/// Setting or changing one's password (signed in) and resetting a forgotten one (by a mailed link, or an SMS code for
/// learners). The reset page's address in emails comes from the configured public address, never from the request.
/// </summary>
[Route("account")]
public sealed class PasswordController(
    PasswordService passwords,
    SignInManager<AppUser> signIn,
    CredentialUrls urls,
    IStringLocalizer<SharedResource> text) : Controller
{
    private const string PhoneKey = "reset.phone";
    private const string NoticeKey = "notice";

    [HttpGet("password"), Authorize]
    public async Task<IActionResult> Change()
    {
        var user = await signIn.UserManager.GetUserAsync(User);
        return user is null ? Challenge() : View(Prepare(new ChangePasswordViewModel(), user));
    }

    [HttpPost("password"), Authorize, EnableRateLimiting(RateLimits.SignIn)]
    public async Task<IActionResult> Change(ChangePasswordViewModel input, CancellationToken ct)
    {
        var user = await signIn.UserManager.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        var model = Prepare(input, user);
        if (model.HasPassword && string.IsNullOrEmpty(input.CurrentPassword))
        {
            ModelState.AddModelError(nameof(input.CurrentPassword), text["Validation.CurrentPasswordRequired"]);
        }
        if (!model.HasPassword && string.IsNullOrWhiteSpace(input.Code))
        {
            ModelState.AddModelError(nameof(input.Code), text["Validation.CodeRequired"]);
        }
        if (!ModelState.IsValid)
        {
            return View(model);
        }
        var result = await passwords.ChangeAsync(user, new PasswordChange(input.CurrentPassword, input.Code, input.Password!), ct);
        if (!result.Succeeded)
        {
            AddErrors(result);
            return View(model);
        }
        // This session gets the new security stamp; every other session of the account is refused at its next check.
        await signIn.RefreshSignInAsync(user);
        TempData[NoticeKey] = text["Account.PasswordSaved"].Value;
        return RedirectToAction("Index", "Me");
    }

    /// <summary>An account without a password proves it is theirs with a code sent to its own phone.</summary>
    [HttpPost("password/code"), Authorize, EnableRateLimiting(RateLimits.Sms)]
    public async Task<IActionResult> SendCode(CancellationToken ct)
    {
        var user = await signIn.UserManager.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        var sent = await passwords.SendCodeToOwnPhoneAsync(user, ct);
        TempData[NoticeKey] = sent?.Outcome switch
        {
            SmsCodeRequestOutcome.Sent => text["Account.CodeSent", PhoneNumber.Mask(sent.Phone!)].Value,
            SmsCodeRequestOutcome.Throttled => text["Account.WaitBeforeResend", (int)Math.Ceiling(sent.RetryAfter.TotalSeconds)].Value,
            null => text["Account.NoPhoneForCode"].Value,
            _ => text["Account.SmsFailed"].Value,
        };
        return RedirectToAction(nameof(Change));
    }

    [HttpGet("forgot")]
    public IActionResult Forgot() => View(new ForgotPasswordViewModel());

    [HttpPost("forgot"), EnableRateLimiting(RateLimits.Sms)]
    public async Task<IActionResult> Forgot(ForgotPasswordViewModel input, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return View(input);
        }
        var result = await passwords.RequestResetAsync(input.Login, new Uri($"{urls.Base}/account/reset"), ct);
        switch (result.Outcome)
        {
            case ResetRequestOutcome.NotEmailOrPhone:
                ModelState.AddModelError(nameof(input.Login), text["Validation.EmailOrPhone"]);
                return View(input);
            case ResetRequestOutcome.LinkSentIfAccountExists:
                TempData[NoticeKey] = text["Account.ResetLinkSent", (int)PasswordResetTokenProvider.Lifetime.TotalMinutes].Value;
                return RedirectToAction("SignIn", "Account");
            case ResetRequestOutcome.CodeThrottled:
                TempData[NoticeKey] = text["Account.WaitBeforeResend", (int)Math.Ceiling(result.RetryAfter.TotalSeconds)].Value;
                break;
            default:
                TempData[NoticeKey] = text["Account.CodeSent", PhoneNumber.Mask(result.Phone!)].Value;
                break;
        }
        TempData[PhoneKey] = result.Phone;
        return RedirectToAction(nameof(ResetWithCode));
    }

    [HttpGet("reset")]
    public async Task<IActionResult> ResetWithLink(string? user, string? token) =>
        View(Prepare(new ResetWithLinkViewModel { User = user, Token = token, LinkValid = await passwords.IsLinkValidAsync(user, token) }));

    [HttpPost("reset"), EnableRateLimiting(RateLimits.SignIn)]
    public async Task<IActionResult> ResetWithLink(ResetWithLinkViewModel input, CancellationToken ct)
    {
        var model = Prepare(input);
        model.LinkValid = true;
        if (!ModelState.IsValid)
        {
            return View(model);
        }
        var result = await passwords.ResetWithLinkAsync(input.User, input.Token, input.Password!, ct);
        if (result.Outcome == PasswordOutcome.LinkInvalid)
        {
            model.LinkValid = false;
            return View(model);
        }
        return Done(result, model);
    }

    [HttpGet("reset/code")]
    public IActionResult ResetWithCode() =>
        TempData.Peek(PhoneKey) is string phone
            ? View(Prepare(new ResetWithCodeViewModel { MaskedPhone = PhoneNumber.Mask(phone) }))
            : RedirectToAction(nameof(Forgot));

    [HttpPost("reset/code"), EnableRateLimiting(RateLimits.SignIn)]
    public async Task<IActionResult> ResetWithCode(ResetWithCodeViewModel input, CancellationToken ct)
    {
        if (TempData.Peek(PhoneKey) is not string phone)
        {
            return RedirectToAction(nameof(Forgot));
        }
        var model = Prepare(input);
        model.MaskedPhone = PhoneNumber.Mask(phone);
        if (!ModelState.IsValid)
        {
            return View(model);
        }
        var result = await passwords.ResetWithCodeAsync(phone, input.Code, input.Password!, ct);
        if (result.Succeeded)
        {
            TempData.Remove(PhoneKey);
        }
        return Done(result, model);
    }

    private IActionResult Done<T>(PasswordResult result, T model)
        where T : NewPasswordInput
    {
        if (!result.Succeeded)
        {
            AddErrors(result);
            return View(model);
        }
        TempData[NoticeKey] = text["Account.PasswordResetDone"].Value;
        return RedirectToAction("SignIn", "Account");
    }

    private T Prepare<T>(T model, AppUser? user = null)
        where T : NewPasswordInput
    {
        model.RequiredLength = signIn.UserManager.Options.Password.RequiredLength;
        if (model is ChangePasswordViewModel change && user is not null)
        {
            change.HasPassword = PasswordService.NeedsCurrentPassword(user);
            change.MaskedPhone = user.PhoneNumber is null ? null : PhoneNumber.Mask(user.PhoneNumber);
        }
        return model;
    }

    private void AddErrors(PasswordResult result)
    {
        if (result.Outcome == PasswordOutcome.NewPasswordRejected)
        {
            foreach (var problem in result.Problems.Select(ProblemMessage).Distinct())
            {
                ModelState.AddModelError(nameof(NewPasswordInput.Password), problem);
            }
            return;
        }
        var (field, message) = result.Outcome switch
        {
            PasswordOutcome.CurrentPasswordWrong => (nameof(ChangePasswordViewModel.CurrentPassword), text["Account.CurrentPasswordWrong"]),
            PasswordOutcome.LockedOut => ("", text["Account.LockedOut"]),
            PasswordOutcome.CodeWrong => (nameof(ChangePasswordViewModel.Code), text["Account.CodeWrong", result.AttemptsLeft]),
            PasswordOutcome.CodeTooManyAttempts => (nameof(ChangePasswordViewModel.Code), text["Account.CodeTooManyAttempts"]),
            PasswordOutcome.CodeExpired => (nameof(ChangePasswordViewModel.Code), text["Account.CodeExpired"]),
            PasswordOutcome.NoPhone => ("", text["Account.NoPhoneForCode"]),
            PasswordOutcome.NoPasswordToReset => ("", text["Account.NoPasswordToReset"]),
            _ => ("", text["Account.ResetLinkInvalid"]),
        };
        ModelState.AddModelError(field, message);
    }

    private string ProblemMessage(string code) => code switch
    {
        nameof(IdentityErrorDescriber.PasswordTooShort) => text["Validation.PasswordTooShort", signIn.UserManager.Options.Password.RequiredLength],
        nameof(IdentityErrorDescriber.PasswordRequiresDigit) => text["Validation.PasswordNeedsDigit"],
        nameof(IdentityErrorDescriber.PasswordRequiresLower) => text["Validation.PasswordNeedsLowercase"],
        _ => text["Validation.PasswordWeak"],
    };
}
