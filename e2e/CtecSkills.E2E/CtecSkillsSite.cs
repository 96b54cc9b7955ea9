using System.Security.Cryptography;
using System.Text.RegularExpressions;
using CtecSkills.TestHost;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CtecSkills.E2E;

/// <summary>
/// The real app on real Kestrel (demo data, its own SQLite file) and one headless Chromium, shared by one test class.
/// Intent methods hide the plumbing so that tests read like what a person does.
/// </summary>
public partial class CtecSkillsSite : IAsyncLifetime
{
    public const string AdminEmail = "admin@ctecskills.demo";
    public const string AdminPassword = "Ctec-demo-2026";

    // Chromium comes from Debian (test.sh installs it); Playwright cannot download browsers on these machines.
    private const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run",
    ];

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("ctec-e2e-").FullName;
    private CtecSkillsHost? _app;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The site has not started.");

    /// <summary>Where screenshots go: beside the test assembly, for a person to look at after a run.</summary>
    public static string ScreenshotDirectory { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    public async Task InitializeAsync()
    {
        var settings = CtecSkillsHost.ForTests("Sqlite", $"Data Source={Path.Combine(_dataDirectory, "e2e.db")}", CtecSkillsHost.NewPseudonymKey());
        // Texts go out as in production: the message job runs on commit (the other jobs are the tests' to run).
        settings[SettingKeys.NodeRole] = "Both";
        settings[SettingKeys.JobsMessagesOnly] = "true";
        AddSettings(settings);
        _app = new CtecSkillsHost(settings);
        _app.UseKestrel(0);
        _app.StartServer();
        var addresses = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
        BaseAddress = new Uri(addresses.Addresses.First());

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>Settings a derived site adds (e.g. the demo showcase Development starts with).</summary>
    protected virtual void AddSettings(IDictionary<string, string?> settings)
    {
    }

    /// <summary>The line the app prints at start-up with one 核验码 of each kind (Seed:Showcase).</summary>
    public async Task<string> DemoCodesLineAsync()
    {
        await using var scope = _app!.Services.CreateAsyncScope();
        var codes = await scope.ServiceProvider.GetRequiredService<CtecSkills.Core.Seeding.DemoShowcaseSeeder>().FindCodesAsync(default);
        return CtecSkills.Web.Infrastructure.Pipeline.DemoCodesLine(codes ?? throw new InvalidOperationException("The showcase has no codes."));
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }
        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless; the OS cleans /tmp.
        }
    }

    /// <summary>A phone as a learner holds it: 390×844, touch, the given language in the browser.</summary>
    public Task<IBrowserContext> NewPhoneAsync(string locale = "zh-CN", int width = 390, int height = 844, bool javaScript = true) =>
        NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            IsMobile = true,
            HasTouch = true,
            Locale = locale,
            JavaScriptEnabled = javaScript,
        });

    /// <summary>
    /// What a tester does to get a learner's code: signs in as admin in a browser of their own and reads the newest
    /// message for the phone in the SMS outbox (the development sender's "sent messages").
    /// </summary>
    public async Task<string> ReadSmsCodeAsAdminAsync(string phone)
    {
        await using var admin = await NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN" });
        var page = await admin.NewPageAsync();
        await SignInWithPasswordAsync(page, AdminEmail);

        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "管理", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "短信发件箱", Exact = true }).ClickAsync();
        await page.GetByLabel("手机号").FillAsync(phone);
        await page.GetByRole(AriaRole.Button, new() { Name = "查找" }).ClickAsync();
        var message = page.GetByRole(AriaRole.Row).Filter(new() { HasText = phone }).First;
        // The text leaves by the message job a moment after the request; a tester searches again until it is there.
        for (var tries = 0; tries < 30 && await message.CountAsync() == 0; tries++)
        {
            await Task.Delay(1_000);
            await page.GetByRole(AriaRole.Button, new() { Name = "查找" }).ClickAsync();
        }
        var text = await message.InnerTextAsync();
        var code = SixDigits().Match(text);
        return code.Success ? code.Value : throw new InvalidOperationException($"No 6-digit code in the outbox row: {text}");
    }

    /// <summary>A mainland mobile number no other test uses.</summary>
    public static string NewPhoneNumber() => "139" + RandomNumberGenerator.GetInt32(0, 100_000_000).ToString("D8", System.Globalization.CultureInfo.InvariantCulture);

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    private async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions options)
    {
        options.BaseURL = BaseAddress.ToString();
        var context = await Browser.NewContextAsync(options);
        // Generous: CI shares two cores between the app, Chromium and the test runner.
        context.SetDefaultTimeout(30_000);
        return context;
    }

    // The phone number has 11 digits, so a run of exactly six is the code.
    [GeneratedRegex(@"(?<!\d)\d{6}(?!\d)")]
    private static partial Regex SixDigits();
}
