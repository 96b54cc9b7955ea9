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

        // Read the phone's recent codes and add the new one as one step, so that two requests at the same instant, on
        // one node or two, cannot both see "nothing sent yet" and both send.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Database.LockUntilCommitAsync("sms-code:" + phone, ct);
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
        await transaction.CommitAsync(ct);

        return new(SmsCodeRequestOutcome.Sent, phone, SmsCodeThrottle.ResendInterval);
    }

    /// <summary>
    /// Checks a code against the newest one sent to the phone; older codes stop working once a new one is sent. Each wrong
    /// try is counted by a conditional <c>UPDATE … WHERE FailedAttempts = n AND FailedAttempts &lt; 5</c>, so however many
    /// guesses arrive at once, from however many addresses, at most five are counted and the code is dead after them, even
    /// for the right one.
    /// </summary>
    public async Task<SmsCodeVerifyResult> VerifyAsync(string phone, string? typed, CancellationToken ct)
    {
        var code = await db.SmsCodes.AsNoTracking()
            .Where(c => c.Phone == phone)
            .OrderByDescending(c => c.CreatedAt)
            .FirstOrDefaultAsync(ct);
        if (code is null)
        {
            return new(SmsCodeCheck.Expired, 0);
        }

        var now = clock.GetUtcNow();
        var check = code.Check(typed ?? "", now);
        if (check == SmsCodeCheck.Valid)
        {
            // Used once: of two requests with the right code, only one signs in.
            var claimed = await Open(code.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.UsedAt, now), ct);
            return claimed == 1 ? new(SmsCodeCheck.Valid, code.AttemptsLeft) : await CurrentAsync(code.Id, ct);
        }
        if (check != SmsCodeCheck.Wrong)
        {
            return new(check, code.AttemptsLeft);
        }

        // Compare-and-set on the count this request saw: exactly one of the requests that saw n moves it to n + 1, so each
        // counted guess knows the tries left after it. A loser reads again; after five counted tries nobody is left to win.
        for (var seen = code.FailedAttempts; ; seen = await db.SmsCodes.Where(c => c.Id == code.Id).Select(c => c.FailedAttempts).FirstAsync(ct))
        {
            var counted = await Open(code.Id).Where(c => c.FailedAttempts == seen)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.FailedAttempts, seen + 1), ct);
            if (counted == 1)
            {
                var left = SmsCode.MaxAttempts - (seen + 1);
                return new(left == 0 ? SmsCodeCheck.TooManyAttempts : SmsCodeCheck.Wrong, left);
            }
            if (!await Open(code.Id).AnyAsync(ct))
            {
                return await CurrentAsync(code.Id, ct);
            }
        }
    }

    /// <summary>The code, while it can still be tried: not used and fewer than the allowed wrong tries.</summary>
    private IQueryable<SmsCode> Open(long id) =>
        db.SmsCodes.Where(c => c.Id == id && c.UsedAt == null && c.FailedAttempts < SmsCode.MaxAttempts);

    /// <summary>Another request used the code or spent its last try between our read and our update.</summary>
    private async Task<SmsCodeVerifyResult> CurrentAsync(long id, CancellationToken ct)
    {
        var code = await db.SmsCodes.AsNoTracking().FirstAsync(c => c.Id == id, ct);
        return new(code.UsedAt is not null ? SmsCodeCheck.AlreadyUsed : SmsCodeCheck.TooManyAttempts, code.AttemptsLeft);
    }
}
