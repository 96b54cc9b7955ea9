using System.Globalization;
using CtecSkills.Core.Accounts;
using CtecSkills.Core.Sms;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CtecSkills.Core.Credentials;

/// <summary>
/// Tells learners by SMS that a credential is in their wallet: one message per language and achievement, sent to all
/// their phones at once. Call it only after the credentials are committed: a message must never announce a credential
/// that a rollback took away.
/// </summary>
public sealed partial class CredentialReadyNotifier(
    ISmsSender sms,
    IStringLocalizer<CredentialReadyNotifier> text,
    IOptions<SmsOptions> smsOptions,
    CredentialUrls urls,
    ILogger<CredentialReadyNotifier> logger)
{
    public async Task NotifyAsync(IReadOnlyList<(AppUser User, string AchievementName)> issued, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(issued);
        var walletUrl = urls.Wallet.AbsoluteUri;
        foreach (var group in issued
                     .Where(i => i.User.PhoneNumber is not null)
                     .GroupBy(i => (Culture: i.User.Culture ?? "zh-CN", i.AchievementName)))
        {
            var previous = CultureInfo.CurrentUICulture;
            try
            {
                CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(group.Key.Culture == "en" ? "en" : "zh-CN");
                var message = text["CredentialReady", smsOptions.Value.Signature, group.Key.AchievementName, walletUrl].Value;
                var phones = group.Select(i => i.User.PhoneNumber!).Distinct().ToList();
                // The credential is issued either way; the wallet shows it at the next visit.
                var failed = await sms.SendToManyAsync(phones, message, ct);
                if (failed.Count > 0)
                {
                    LogSmsFailed(logger, failed.Count);
                }
            }
            catch (SmsDeliveryException e)
            {
                LogSmsError(logger, e);
            }
            finally
            {
                CultureInfo.CurrentUICulture = previous;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Credential-ready SMS could not reach {Count} phones")]
    private static partial void LogSmsFailed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Credential-ready SMS failed")]
    private static partial void LogSmsError(ILogger logger, Exception e);
}
