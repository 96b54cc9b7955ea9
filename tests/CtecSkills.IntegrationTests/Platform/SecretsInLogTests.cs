using System.Net;
using System.Text.RegularExpressions;
using CtecSkills.Core.Accounts;
using CtecSkills.Core.Data;
using CtecSkills.Core.Portfolio;
using CtecSkills.Core.Progress;
using CtecSkills.Core.Sms;
using CtecSkills.IntegrationTests.Infrastructure;
using CtecSkills.TestHost;
using CtecSkills.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CtecSkills.IntegrationTests.Platform;

/// <summary>
/// Whoever reads a Production log file (a support ticket, a log shipper, a backup) finds no key to anyone's account or
/// page in it: no share token, check-in token or pass, password-reset token or sign-in code, in any message or property
/// the app writes (docs/decisions/0023).
/// </summary>
public sealed partial class SecretsInLogTests : IAsyncLifetime
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("ctec-secrets-log-");
    private readonly CapturedLog _log = new();
    private readonly List<string> _secrets = [];
    private LoggedHost _host = null!;

    public Task InitializeAsync()
    {
        var settings = CtecSkillsHost.ForProduction($"Data Source={Path.Combine(_folder.FullName, "ctecskills.db")}", _folder.FullName);
        settings[SettingKeys.SmsSender] = "Outbox";
        settings[SettingKeys.SmsAllowOutboxInProduction] = "true";
        _host = new LoggedHost(settings, _log) { Environment = "Production" };
        _ = _host.Server;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task SignInShareCheckInAndReset_InProduction_NoSecretInAnyLogLine()
    {
        using var learner = Browser();
        var userId = await SignUpWithCodeAsync(learner, "13812340077");

        // A share link opened by the person it was sent to.
        var shareToken = await ShareLinkAsync(userId);
        using (var stranger = Browser())
        {
            Assert.Equal(HttpStatusCode.OK, (await CtecSkillsApp.GetPageAsync(stranger, "/p/" + shareToken)).Status);
        }

        // A check-in QR scanned before signing in (the pass rides in the sign-in's return address) and after.
        var checkInToken = await WithServiceAsync<AttendanceService, string>(a => Task.FromResult(a.IssueToken(1)));
        using (var before = Browser())
        {
            await WalkAsync(before, $"/checkin/1?t={Uri.EscapeDataString(checkInToken)}");
        }
        await WalkAsync(learner, $"/checkin/1?t={Uri.EscapeDataString(checkInToken)}");
        AddSecret(checkInToken);

        // A password-reset link from the mail, opened.
        var resetToken = await WithServiceAsync<UserManager<AppUser>, string>(async users =>
            await users.GeneratePasswordResetTokenAsync((await users.FindByIdAsync(userId))!));
        using (var reader = Browser())
        {
            var reset = await CtecSkillsApp.GetPageAsync(reader, $"/account/reset?user={Uri.EscapeDataString(userId)}&token={Uri.EscapeDataString(resetToken)}");
            Assert.NotNull(reset.Document.QuerySelector("input[type=password]"));
        }
        AddSecret(resetToken);

        // A wallet collecting an offered credential (the token alone opens it for 15 minutes; unknown here, so 404,
        // but the address is logged all the same).
        var offerToken = Core.Text.BearerTokens.New(Core.Credentials.WalletOfferService.TokenBytes);
        using (var wallet = Browser())
        {
            using var fetched = await wallet.PostAsync("/api/v1/exchanges/" + offerToken, new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.NotFound, fetched.StatusCode);
        }
        AddSecret(offerToken);

        // The requests were logged (with the secrets taken out), so the checks below look at real lines.
        Assert.Contains(_log.Lines, l => l.Contains("/p/" + SecretRedactingEnricher.Redacted, StringComparison.Ordinal));
        Assert.Contains(_log.Lines, l => l.Contains("/checkin/1", StringComparison.Ordinal));
        Assert.Contains(_log.Lines, l => l.Contains("/account/reset", StringComparison.Ordinal));
        Assert.Contains(_log.Lines, l => l.Contains("/api/v1/exchanges/" + SecretRedactingEnricher.Redacted, StringComparison.Ordinal));
        Assert.Contains(shareToken, _secrets);
        foreach (var secret in _secrets)
        {
            Assert.DoesNotContain(_log.Lines, l => l.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("/p/AbCdEfGhIjKlMnOpQrStUv", "/p/[redacted]")]
    [InlineData("/checkin/7?t=abc.def&p=ghi", "/checkin/7?t=[redacted]&p=[redacted]")]
    [InlineData("/account/phone?ReturnUrl=%2Fcheckin%2F7%3Fp%3Dghi", "/account/phone?ReturnUrl=[redacted]")]
    [InlineData("GET https://ctecskills.example/account/reset?user=u1&token=CfDJ8%2Bx", "GET https://ctecskills.example/account/reset?user=[redacted]&token=[redacted]")]
    [InlineData("POST /api/v1/exchanges/AbCdEfGhIjKlMnOpQrStUv", "POST /api/v1/exchanges/[redacted]")]
    [InlineData("https://lcw.app/request?request=%7B%22protocols%22%3A%7B%22vcapi%22%3A%22https%3A%2F%2Fx%2Fapi%2Fv1%2Fexchanges%2FAbCd%22%7D%7D",
        "https://lcw.app/request?request=[redacted]")]
    [InlineData("/verify/ABCD-2345", "/verify/ABCD-2345")]
    public void Redact_AnAddress_TakesOutTheTokenAndEveryQueryValue(string text, string expected)
    {
        Assert.Equal(expected, SecretRedactingEnricher.Redact(text));
    }

    private async Task<string> SignUpWithCodeAsync(HttpClient browser, string phone)
    {
        var codePage = await CtecSkillsApp.RequestSmsCodeAsync(browser, phone);
        Assert.Equal("/account/code", codePage.Path);
        await WithServiceAsync<MessageSendJob, MessageRunResult>(job => job.SendDueAsync(CancellationToken.None));
        var text = await WithServiceAsync<AppDbContext, string>(db => db.SmsOutbox.Where(m => m.Phone == phone).Select(m => m.Text).SingleAsync());
        var code = SixDigits().Match(text).Value;
        AddSecret(code);
        var landed = await CtecSkillsApp.SubmitAndFollowAsync(browser,
            codePage.Form("/account/code").Set("Code", code).Set("DisplayName", "日志测试").Check("AcceptPrivacy"));
        Assert.Equal("/me", landed.Path);
        return await WithServiceAsync<AppDbContext, string>(db => db.Users.Where(u => u.PhoneNumber == phone).Select(u => u.Id).SingleAsync());
    }

    private async Task<string> ShareLinkAsync(string userId)
    {
        var token = System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(PortfolioShareService.TokenBytes));
        await WithServiceAsync<AppDbContext, int>(db =>
        {
            var now = TimeProvider.System.GetUtcNow();
            db.PortfolioShares.Add(new PortfolioShare
            {
                UserId = userId,
                TokenHash = PortfolioShareService.HashToken(token),
                LifetimeDays = 7,
                CreatedAt = now,
                ExpiresAt = now.AddDays(7),
            });
            return db.SaveChangesAsync();
        });
        AddSecret(token);
        return token;
    }

    /// <summary>Follows the redirects by hand, keeping every pass the addresses carry as a secret.</summary>
    private async Task WalkAsync(HttpClient browser, string url)
    {
        for (var hops = 0; hops < 10; hops++)
        {
            using var response = await browser.GetAsync(url);
            if (!CtecSkillsApp.IsRedirect(response.StatusCode))
            {
                return;
            }
            url = response.Headers.Location!.OriginalString;
            foreach (Match pass in Pass().Matches(Uri.UnescapeDataString(url)))
            {
                AddSecret(pass.Groups[1].Value);
            }
        }
    }

    private void AddSecret(string secret)
    {
        _secrets.Add(secret);
        _secrets.Add(Uri.EscapeDataString(secret));
    }

    private HttpClient Browser() =>
        // https: outside Development the anti-forgery and sign-in cookies are Secure.
        _host.CreateClient(new() { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = true });

    private async Task<TResult> WithServiceAsync<TService, TResult>(Func<TService, Task<TResult>> work)
        where TService : notnull
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    [GeneratedRegex(@"(?<!\d)\d{6}(?!\d)")]
    private static partial Regex SixDigits();

    [GeneratedRegex(@"[?&]p=([^&]+)")]
    private static partial Regex Pass();
}
