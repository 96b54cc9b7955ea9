using CtecSkills.Core.Data;
using CtecSkills.Core.Sms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CtecSkills.Core.Accounts;

public enum SmsCodeRequestOutcome
{
    Sent,
    InvalidPhone,
    Throttled,
}

public sealed record SmsCodeRequestResult(SmsCodeRequestOutcome Outcome, string? Phone = null, TimeSpan RetryAfter = default);

public sealed record SmsCodeVerifyResult(SmsCodeCheck Check, int AttemptsLeft)
{
    public bool Succeeded => Check == SmsCodeCheck.Valid;
}

/// <summary>Sends and checks the one-time codes learners use to sign up and sign in with their phone.</summary>
public sealed class SmsCodeService(
    AppDbContext db,
    TimeProvider clock,
    IOptions<SmsOptions> options,
    IStringLocalizer<SmsCodeService> text)
{
    /// <summary>
    /// Stores a new code and queues its text in the same save; the message job sends it right after the commit. A
    /// gateway that is down delays the code, it never fails the request.
    /// </summary>
    public async Task<SmsCodeRequestResult> RequestAsync(string? phoneInput, CancellationToken ct)
    {
        if (!PhoneNumber.TryNormalize(phoneInput, out var phone))
        {
            return new(SmsCodeRequestOutcome.InvalidPhone);
        }

        var now = clock.GetUtcNow();
        var windowStart = now - SmsCodeThrottle.Window;
        var recent = await db.SmsCodes
            .Where(c => c.Phone == phone && c.CreatedAt > windowStart)
            .Select(c => c.CreatedAt)
            .ToListAsync(ct);
        var nextAllowed = SmsCodeThrottle.NextAllowedAt(recent, now);
        if (nextAllowed > now)
        {
            return new(SmsCodeRequestOutcome.Throttled, phone, nextAllowed - now);
        }

        var (code, plain) = SmsCode.Create(phone, now);
        db.SmsCodes.Add(code);
        var minutes = (int)SmsCode.Lifetime.TotalMinutes;
        // A code that cannot arrive before it expires is not sent at all.
        db.QueueSms($"sign-in-code:{Guid.NewGuid():N}", phone, options.Value.Signature + text["CodeMessage", plain, minutes],
            now, expiresAt: code.ExpiresAt, secret: true);
        await db.SaveChangesAsync(ct);

        return new(SmsCodeRequestOutcome.Sent, phone, SmsCodeThrottle.ResendInterval);
    }

    /// <summary>Checks a code against the newest one sent to the phone; older codes stop working once a new one is sent.</summary>
    public async Task<SmsCodeVerifyResult> VerifyAsync(string phone, string? typed, CancellationToken ct)
    {
        var code = await db.SmsCodes
            .Where(c => c.Phone == phone)
            .OrderByDescending(c => c.CreatedAt)
            .FirstOrDefaultAsync(ct);
        if (code is null)
        {
            return new(SmsCodeCheck.Expired, 0);
        }

        var check = code.Verify(typed ?? "", clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return new(check, code.AttemptsLeft);
    }
}
