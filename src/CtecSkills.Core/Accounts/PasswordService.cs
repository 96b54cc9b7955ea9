using CtecSkills.Core.Audit;
using CtecSkills.Core.Data;
using CtecSkills.Core.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;

namespace CtecSkills.Core.Accounts;

public enum PasswordOutcome
{
    Saved,
    NewPasswordRejected,
    CurrentPasswordWrong,
    LockedOut,
    CodeWrong,
    CodeTooManyAttempts,
    CodeExpired,
    NoPhone,
    LinkInvalid,
    NoPasswordToReset,
}

/// <param name="Problems">Why the new password was refused (Identity error codes such as <c>PasswordRequiresDigit</c>).</param>
/// <param name="AttemptsLeft">Tries left for the SMS code after a wrong one.</param>
public sealed record PasswordResult(PasswordOutcome Outcome, IReadOnlyList<string> Problems, int AttemptsLeft = 0)
{
    public bool Succeeded => Outcome == PasswordOutcome.Saved;

    internal static PasswordResult Of(PasswordOutcome outcome, int attemptsLeft = 0) => new(outcome, [], attemptsLeft);
}

/// <param name="CurrentPassword">Proof for an account that has a password.</param>
/// <param name="Code">Proof for an account without one (a learner signed up by SMS): a fresh code sent to its phone.</param>
public sealed record PasswordChange(string? CurrentPassword, string? Code, string NewPassword);

public enum ResetRequestOutcome
{
    /// <summary>The same answer whether or not an account has the email: a link went out if there is one.</summary>
    LinkSentIfAccountExists,
    CodeSent,
    CodeThrottled,
    NotEmailOrPhone,
}

/// <param name="Phone">The normalized phone a reset code went to.</param>
public sealed record ResetRequestResult(ResetRequestOutcome Outcome, string? Phone = null, TimeSpan RetryAfter = default);

/// <summary>
/// Setting, changing and resetting passwords. Every way proves who is asking first (the current password, an SMS code to
/// the account's phone, or a link mailed to the account's address), checks the new password against the Identity rules
/// before anything is stored, and changes the password in one update that renews the security stamp, so that every
/// other session of the account is signed out; each change is audited in the same transaction.
/// </summary>
public sealed partial class PasswordService(
    AppDbContext db,
    UserManager<AppUser> users,
    SmsCodeService codes,
    IMailSender mail,
    TimeProvider clock,
    IStringLocalizer<PasswordService> text,
    ILogger<PasswordService> logger)
{
    /// <summary>Reset links one account may be sent per hour: enough for a lost email, too few to flood an inbox.</summary>
    public const int LinksPerHour = 3;

    /// <summary>What a signed-in person must prove to set or change their password.</summary>
    public static bool NeedsCurrentPassword(AppUser user) => user?.PasswordHash is not null;

    /// <summary>Sends a code to the signed-in person's own phone, for setting a first password.</summary>
    public async Task<SmsCodeRequestResult?> SendCodeToOwnPhoneAsync(AppUser user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.PhoneNumber is null ? null : await codes.RequestAsync(user.PhoneNumber, ct);
    }

    /// <summary>
    /// A signed-in person sets or changes their password. A wrong current password counts towards the account's
    /// lockout, like a wrong password at sign-in: a stolen session cannot be used to guess it.
    /// </summary>
    public async Task<PasswordResult> ChangeAsync(AppUser user, PasswordChange input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(input);
        var problems = await ProblemsWithAsync(user, input.NewPassword);
        if (problems.Count > 0)
        {
            return new(PasswordOutcome.NewPasswordRejected, problems);
        }

        if (NeedsCurrentPassword(user))
        {
            if (await users.IsLockedOutAsync(user))
            {
                return PasswordResult.Of(PasswordOutcome.LockedOut);
            }
            // ChangePasswordAsync checks the current password itself: one hash computation instead of a second one here.
            var changed = await SaveAsync(user, AuditActions.ChangePassword,
                () => users.ChangePasswordAsync(user, input.CurrentPassword ?? "", input.NewPassword), ct);
            if (!changed.Problems.Contains(nameof(IdentityErrorDescriber.PasswordMismatch)))
            {
                return changed;
            }
            await users.AccessFailedAsync(user);
            return PasswordResult.Of(await users.IsLockedOutAsync(user) ? PasswordOutcome.LockedOut : PasswordOutcome.CurrentPasswordWrong);
        }

        if (user.PhoneNumber is null)
        {
            return PasswordResult.Of(PasswordOutcome.NoPhone);
        }
        var check = await CheckCodeAsync(user.PhoneNumber, input.Code, ct);
        return check ?? await SaveAsync(user, AuditActions.SetPassword, () => users.AddPasswordAsync(user, input.NewPassword), ct);
    }

    /// <summary>
    /// "Forgot password" with an email or a phone. An email gets a one-time link when an account has it and a password
    /// (the answer is the same either way); a phone gets an SMS code exactly as phone sign-in sends one to any number,
    /// so neither way tells a stranger whether an account exists.
    /// </summary>
    /// <param name="resetPage">The reset page's absolute address from the configured public address, never from the request's Host.</param>
    public async Task<ResetRequestResult> RequestResetAsync(string? login, Uri resetPage, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(resetPage);
        // The code service tells a phone from anything else; what is not a phone may be an email.
        var sent = await codes.RequestAsync(login, ct);
        if (sent.Outcome != SmsCodeRequestOutcome.InvalidPhone)
        {
            return sent.Outcome == SmsCodeRequestOutcome.Throttled
                ? new(ResetRequestOutcome.CodeThrottled, sent.Phone, sent.RetryAfter)
                : new(ResetRequestOutcome.CodeSent, sent.Phone);
        }
        var email = login?.Trim() ?? "";
        if (!IsEmail(email))
        {
            return new(ResetRequestOutcome.NotEmailOrPhone);
        }

        var normalized = users.NormalizeEmail(email);
        var accounts = await db.Users.Where(u => u.NormalizedEmail == normalized && u.PasswordHash != null).ToListAsync(ct);
        foreach (var user in accounts)
        {
            await SendLinkAsync(user, resetPage, ct);
        }
        return new(ResetRequestOutcome.LinkSentIfAccountExists);
    }

    /// <summary>Whether a reset link is still good (the page says so before the person types a new password).</summary>
    public async Task<bool> IsLinkValidAsync(string? userId, string? token)
    {
        var user = string.IsNullOrEmpty(userId) || string.IsNullOrEmpty(token) ? null : await users.FindByIdAsync(userId);
        return user is not null && await users.VerifyUserTokenAsync(
            user, users.Options.Tokens.PasswordResetTokenProvider, UserManager<AppUser>.ResetPasswordTokenPurpose, token!);
    }

    /// <summary>Sets a new password with the token from a mailed link; the link then stops working.</summary>
    public async Task<PasswordResult> ResetWithLinkAsync(string? userId, string? token, string newPassword, CancellationToken ct)
    {
        var user = string.IsNullOrEmpty(userId) || string.IsNullOrEmpty(token) ? null : await users.FindByIdAsync(userId);
        if (user is null)
        {
            return PasswordResult.Of(PasswordOutcome.LinkInvalid);
        }
        var problems = await ProblemsWithAsync(user, newPassword);
        if (problems.Count > 0)
        {
            return new(PasswordOutcome.NewPasswordRejected, problems);
        }
        return await ResetAsync(user, token!, newPassword, AuditActions.ResetPasswordByEmail, ct);
    }

    /// <summary>A learner who has a password resets it with an SMS code sent to their phone.</summary>
    public async Task<PasswordResult> ResetWithCodeAsync(string phone, string? code, string newPassword, CancellationToken ct)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.PhoneNumber == phone, ct);
        // The rules do not depend on who the account is, so a weak password is refused before a code attempt is spent.
        var problems = await ProblemsWithAsync(user ?? new AppUser(), newPassword);
        if (problems.Count > 0)
        {
            return new(PasswordOutcome.NewPasswordRejected, problems);
        }
        var check = await CheckCodeAsync(phone, code, ct);
        if (check is not null)
        {
            return check;
        }
        // Only the phone's holder gets this far, and they know whether they set a password.
        if (user?.PasswordHash is null)
        {
            return PasswordResult.Of(PasswordOutcome.NoPasswordToReset);
        }
        var token = await users.GeneratePasswordResetTokenAsync(user);
        return await ResetAsync(user, token, newPassword, AuditActions.ResetPasswordBySms, ct);
    }

    private async Task<PasswordResult> ResetAsync(AppUser user, string token, string newPassword, string action, CancellationToken ct)
    {
        var result = await SaveAsync(user, action, async () =>
        {
            var reset = await users.ResetPasswordAsync(user, token, newPassword);
            if (reset.Succeeded)
            {
                // Whoever proved the email or the phone is the owner: a lockout by someone guessing ends here.
                await users.ResetAccessFailedCountAsync(user);
                await users.SetLockoutEndDateAsync(user, null);
            }
            return reset;
        }, ct);
        return result.Outcome == PasswordOutcome.NewPasswordRejected && result.Problems.Contains(nameof(IdentityErrorDescriber.InvalidToken))
            ? PasswordResult.Of(PasswordOutcome.LinkInvalid)
            : result;
    }

    private async Task<PasswordResult> SaveAsync(AppUser user, string action, Func<Task<IdentityResult>> change, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var result = await change();
        if (!result.Succeeded)
        {
            return new(PasswordOutcome.NewPasswordRejected, [.. result.Errors.Select(e => e.Code)]);
        }
        db.Audit(clock.GetUtcNow(), user.Id, action, AuditActions.UserSubject(user.Id));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return PasswordResult.Of(PasswordOutcome.Saved);
    }

    private async Task<IReadOnlyList<string>> ProblemsWithAsync(AppUser user, string? password)
    {
        var problems = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, password ?? "");
            problems.AddRange(result.Errors.Select(e => e.Code));
        }
        return problems;
    }

    private async Task<PasswordResult?> CheckCodeAsync(string phone, string? code, CancellationToken ct)
    {
        var check = await codes.VerifyAsync(phone, code, ct);
        return check.Check switch
        {
            SmsCodeCheck.Valid => null,
            SmsCodeCheck.Wrong => PasswordResult.Of(PasswordOutcome.CodeWrong, check.AttemptsLeft),
            SmsCodeCheck.TooManyAttempts => PasswordResult.Of(PasswordOutcome.CodeTooManyAttempts),
            _ => PasswordResult.Of(PasswordOutcome.CodeExpired),
        };
    }

    private async Task SendLinkAsync(AppUser user, Uri resetPage, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var hourAgo = now.AddHours(-1);
        var subject = AuditActions.UserSubject(user.Id);
        var recent = await db.AuditLog.CountAsync(
            a => a.Action == AuditActions.SendPasswordResetLink && a.Subject == subject && a.At > hourAgo, ct);
        if (recent >= LinksPerHour)
        {
            return;
        }

        var token = await users.GeneratePasswordResetTokenAsync(user);
        var link = new UriBuilder(resetPage)
        {
            Query = $"user={Uri.EscapeDataString(user.Id)}&token={Uri.EscapeDataString(token)}",
        }.Uri;
        var minutes = (int)PasswordResetTokenProvider.Lifetime.TotalMinutes;
        try
        {
            await mail.SendAsync(new MailMessage(user.Email!, text["ResetSubject"], text["ResetBody", user.DisplayName, link.AbsoluteUri, minutes]), ct);
        }
        catch (MailDeliveryException e)
        {
            // The page answers the same whether or not a link went out; the operator learns of the failure here.
            LogLinkNotSent(logger, user.Id, e.Message);
            return;
        }
        db.Audit(now, user.Id, AuditActions.SendPasswordResetLink, subject);
        await db.SaveChangesAsync(ct);
    }

    private static bool IsEmail(string value) =>
        value.Length <= 256 && System.Net.Mail.MailAddress.TryCreate(value, out var address) && address.Address == value;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Password reset link for user {UserId} was not sent: {Reason}")]
    private static partial void LogLinkNotSent(ILogger logger, string userId, string reason);
}
