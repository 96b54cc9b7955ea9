using CtecSkills.IntegrationTests.Infrastructure;
using CtecSkills.TestHost;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CtecSkills.IntegrationTests.Platform;

/// <summary>Outside a developer's machine the sign-in and anti-forgery cookies are marked Secure: never sent over plain http.</summary>
public sealed class CookieSecurityTests
{
    [Fact]
    public async Task SignIn_OnStaging_SetsTheAuthCookieSecureAndHttpOnly()
    {
        var folder = Directory.CreateTempSubdirectory("ctec-cookie-");
        var settings = CtecSkillsHost.ForTests("Sqlite", $"Data Source={Path.Combine(folder.FullName, "ctecskills.db")}", CtecSkillsHost.NewPseudonymKey());
        settings[SettingKeys.PublicBaseUrl] = "https://ctecskills.example";
        await using (var host = new CtecSkillsHost(settings) { Environment = "Staging" })
        {
            using var browser = host.CreateClient(new WebApplicationFactoryClientOptions
            {
                BaseAddress = new Uri("https://localhost"),
                AllowAutoRedirect = false,
                HandleCookies = true,
            });
            var page = await CtecSkillsApp.GetPageAsync(browser, "/account/signin");
            var form = page.Form("/account/signin").Set("Login", CtecSkillsApp.AdminEmail).Set("Password", CtecSkillsApp.DemoPassword);

            using var signedIn = await CtecSkillsApp.SubmitAsync(browser, form);

            var cookies = signedIn.Headers.GetValues("Set-Cookie").ToList();
            var auth = Assert.Single(cookies, c => c.StartsWith("ctec.auth=", StringComparison.Ordinal));
            Assert.Contains("secure", auth, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("httponly", auth, StringComparison.OrdinalIgnoreCase);
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        folder.Delete(recursive: true);
    }

    [Fact]
    public async Task SignInPage_OnStaging_SetsTheAntiforgeryCookieSecure()
    {
        var folder = Directory.CreateTempSubdirectory("ctec-cookie-");
        var settings = CtecSkillsHost.ForTests("Sqlite", $"Data Source={Path.Combine(folder.FullName, "ctecskills.db")}", CtecSkillsHost.NewPseudonymKey());
        settings[SettingKeys.SeedDemo] = "false";
        await using (var host = new CtecSkillsHost(settings) { Environment = "Staging" })
        {
            using var browser = host.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });

            using var response = await browser.GetAsync(new Uri("/account/signin", UriKind.Relative));

            var antiforgery = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("ctec.af=", StringComparison.Ordinal));
            Assert.Contains("secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        folder.Delete(recursive: true);
    }
}
