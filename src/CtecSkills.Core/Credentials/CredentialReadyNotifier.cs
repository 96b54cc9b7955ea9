using System.Globalization;
using CtecSkills.Core.Accounts;
using CtecSkills.Core.Data;
using CtecSkills.Core.Sms;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CtecSkills.Core.Credentials;

/// <summary>A credential just drafted for a learner, named for the text that tells them.</summary>
public sealed record IssuedNotice(AppUser User, string AchievementName, string CredentialId);

/// <summary>
/// Tells learners by SMS that a credential is in their wallet, in their language: one text per credential, queued in
/// the issuing transaction, so a rollback takes the text away with the credential and a commit never loses it.
/// </summary>
public sealed class CredentialReadyNotifier(
    AppDbContext db,
    IStringLocalizer<CredentialReadyNotifier> text,
    IOptions<SmsOptions> smsOptions,
    CredentialUrls urls)
{
    /// <summary>Adds the texts to the caller's unit of work; call it before the save that stores the credentials.</summary>
    public void Queue(IReadOnlyList<IssuedNotice> issued, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(issued);
        var walletUrl = urls.Wallet.AbsoluteUri;
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            foreach (var notice in issued.Where(i => i.User.PhoneNumber is not null))
            {
                CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(notice.User.Culture == "en" ? "en" : "zh-CN");
                var message = text["CredentialReady", smsOptions.Value.Signature, notice.AchievementName, walletUrl].Value;
                db.QueueSms("credential-ready:" + notice.CredentialId, notice.User.PhoneNumber!, message, now);
            }
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
