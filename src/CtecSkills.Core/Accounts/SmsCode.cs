using System.Security.Cryptography;
using System.Text;

namespace CtecSkills.Core.Accounts;

public enum SmsCodeCheck
{
    Valid,
    Wrong,
    Expired,
    TooManyAttempts,
    AlreadyUsed,
}

/// <summary>A one-time sign-in code sent by SMS. Only a salted hash of the code is stored.</summary>
public sealed class SmsCode
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    public const int MaxAttempts = 5;

    public long Id { get; set; }
    public required string Phone { get; set; }
    public required string CodeHash { get; set; }
    public required string Salt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public int FailedAttempts { get; set; }
    public DateTimeOffset? UsedAt { get; set; }

    public int AttemptsLeft => Math.Max(0, MaxAttempts - FailedAttempts);

    public static (SmsCode Entity, string PlainCode) Create(string phone, DateTimeOffset now)
    {
        var plain = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        var salt = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var entity = new SmsCode
        {
            Phone = phone,
            Salt = salt,
            CodeHash = Hash(plain, salt),
            CreatedAt = now,
            ExpiresAt = now + Lifetime,
        };
        return (entity, plain);
    }

    /// <summary>
    /// What a typed code would be worth now, without recording anything: the attempt is counted (or the code used up) by
    /// <see cref="SmsCodeService"/> with a conditional update, so that parallel guesses cannot each read the same count.
    /// </summary>
    public SmsCodeCheck Check(string typed, DateTimeOffset now)
    {
        if (UsedAt is not null)
        {
            return SmsCodeCheck.AlreadyUsed;
        }
        if (FailedAttempts >= MaxAttempts)
        {
            return SmsCodeCheck.TooManyAttempts;
        }
        if (now >= ExpiresAt)
        {
            return SmsCodeCheck.Expired;
        }
        var matches = CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Hash(typed.Trim(), Salt)),
            Encoding.ASCII.GetBytes(CodeHash));
        return matches ? SmsCodeCheck.Valid : SmsCodeCheck.Wrong;
    }

    private static string Hash(string code, string salt) =>
        Convert.ToHexString(HMACSHA256.HashData(Encoding.ASCII.GetBytes(salt), Encoding.UTF8.GetBytes(code)));
}
