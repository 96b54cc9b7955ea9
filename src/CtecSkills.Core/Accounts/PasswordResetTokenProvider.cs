using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace CtecSkills.Core.Accounts;

/// <summary>
/// The token in a password reset link: the account, the moment it was made and the account's security stamp, protected
/// with the app's Data Protection keys. It works for <see cref="Lifetime"/> and only once: resetting (or any other
/// password change) renews the stamp, so every earlier link stops working. Unlike Identity's own provider it reads the
/// injected clock, so expiry is tested as it happens.
/// </summary>
public sealed class PasswordResetTokenProvider(IDataProtectionProvider protection, TimeProvider clock) : IUserTwoFactorTokenProvider<AppUser>
{
    public const string Name = "PasswordReset";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private readonly IDataProtector _protector = protection.CreateProtector("CtecSkills.PasswordReset.v1");

    public async Task<string> GenerateAsync(string purpose, UserManager<AppUser> manager, AppUser user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        var stamp = await manager.GetSecurityStampAsync(user);
        var payload = string.Join('\n',
            clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), user.Id, purpose, stamp);
        return Base64Url(_protector.Protect(Encoding.UTF8.GetBytes(payload)));
    }

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<AppUser> manager, AppUser user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        string[] parts;
        try
        {
            parts = Encoding.UTF8.GetString(_protector.Unprotect(FromBase64Url(token))).Split('\n');
        }
        catch (Exception e) when (e is FormatException or System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
        if (parts.Length != 4 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var madeAt))
        {
            return false;
        }
        var expires = DateTimeOffset.FromUnixTimeSeconds(madeAt) + Lifetime;
        return clock.GetUtcNow() < expires
            && parts[1] == user.Id
            && parts[2] == purpose
            && parts[3] == await manager.GetSecurityStampAsync(user);
    }

    public Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<AppUser> manager, AppUser user) => Task.FromResult(false);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }
}
