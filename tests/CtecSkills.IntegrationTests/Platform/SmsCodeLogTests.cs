using CtecSkills.IntegrationTests.Infrastructure;
using CtecSkills.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CtecSkills.IntegrationTests.Platform;

/// <summary>
/// Someone who gets hold of a server's log file (a support ticket, a log shipper, a backup) must not find sign-in codes
/// in it: outside Development the code is only in the SMS itself (here the staging outbox, which the test reads).
/// </summary>
public sealed class SmsCodeLogTests
{
    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task RequestCode_OutsideDevelopment_TheCodeIsNowhereInTheLog(string environment)
    {
        var folder = Directory.CreateTempSubdirectory("ctec-log-");
        var settings = CtecSkillsHost.ForProduction($"Data Source={Path.Combine(folder.FullName, "ctecskills.db")}", folder.FullName);
        settings[SettingKeys.SmsSender] = "Outbox";
        settings[SettingKeys.SmsAllowOutboxInProduction] = "true";
        var log = new CapturedLog();
        const string phone = "13812349911";
        await using (var host = new LoggedHost(settings, log) { Environment = environment })
        {
            // https: outside Development the anti-forgery cookie is Secure.
            using var browser = host.CreateClient(new() { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = true });
            var codePage = await CtecSkillsApp.RequestSmsCodeAsync(browser, phone);
            Assert.Equal("/account/code", codePage.Path);
            await using var scope = host.Services.CreateAsyncScope();
            // The code is queued with the request and sent by the message job (ADR 0019): the send is logged too.
            await scope.ServiceProvider.GetRequiredService<Core.Sms.MessageSendJob>().SendDueAsync(CancellationToken.None);
            var text = await scope.ServiceProvider.GetRequiredService<Core.Data.AppDbContext>().SmsOutbox
                .Where(m => m.Phone == phone).Select(m => m.Text).SingleAsync();
            var code = System.Text.RegularExpressions.Regex.Match(text, @"\d{6}").Value;

            Assert.Contains(log.Lines, l => l.Contains("SMS outbox", StringComparison.Ordinal));
            Assert.DoesNotContain(log.Lines, l => l.Contains(code, StringComparison.Ordinal));
            Assert.DoesNotContain(log.Lines, l => l.Contains(phone, StringComparison.Ordinal));
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        folder.Delete(recursive: true);
    }
}
