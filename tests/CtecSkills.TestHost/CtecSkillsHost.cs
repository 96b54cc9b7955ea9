using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CtecSkills.TestHost;

/// <summary>
/// The real app in a test process (environment <c>Testing</c>), started with the given settings: the one place where
/// integration tests, end-to-end tests and benchmarks say how their host is configured.
/// </summary>
public class CtecSkillsHost : WebApplicationFactory<Program>
{
    public const string TestingEnvironment = "Testing";

    public CtecSkillsHost(IDictionary<string, string?> settings)
    {
        Settings = new Dictionary<string, string?>(settings, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>What the app reads as configuration; a derived host may change it until the host starts.</summary>
    public IDictionary<string, string?> Settings { get; }

    /// <summary>The host environment (<c>Testing</c> unless a test checks what Production refuses).</summary>
    public string Environment { get; init; } = TestingEnvironment;

    /// <summary>The content root when the app must find its files in the source tree (benchmarks run from anywhere).</summary>
    public string? ContentRoot { get; init; }

    /// <summary>The app over the given database with the demo data, as a web node (no Hangfire worker): what every host shares.</summary>
    public static Dictionary<string, string?> Defaults(string provider, string connectionString) => new(StringComparer.OrdinalIgnoreCase)
    {
        [SettingKeys.DatabaseProvider] = provider,
        [SettingKeys.ConnectionString] = connectionString,
        [SettingKeys.SeedDemo] = "true",
        [SettingKeys.NodeRole] = "Web",
    };

    /// <summary>
    /// <see cref="Defaults"/> for tests: the pseudonym key in the settings (no key file written), the outbox SMS sender,
    /// and rate limits high enough that a test class never meets them unless it lowers one on purpose.
    /// </summary>
    public static Dictionary<string, string?> ForTests(string provider, string connectionString, string pseudonymKey)
    {
        var settings = Defaults(provider, connectionString);
        settings[SettingKeys.PseudonymKey] = pseudonymKey;
        settings[SettingKeys.SmsSender] = "Outbox";
        settings[SettingKeys.SignInPerMinute] = Number(1000);
        settings[SettingKeys.SmsPerMinute] = Number(1000);
        settings[SettingKeys.VerifyPerMinute] = Number(1000);
        settings[SettingKeys.RegisterPerHour] = Number(1000);
        settings[SettingKeys.DecomposePerMinute] = Number(1000);
        return settings;
    }

    /// <summary>
    /// <see cref="ForTests"/> as Production accepts it: no demo data, an https public address, the Http SMS sender (its
    /// gateway is never called while a test only starts the host) and a certificate, written into
    /// <paramref name="folder"/>, that encrypts the Data Protection keys.
    /// </summary>
    public static Dictionary<string, string?> ForProduction(string connectionString, string folder)
    {
        var settings = ForTests("Sqlite", connectionString, NewPseudonymKey());
        settings[SettingKeys.SeedDemo] = "false";
        settings[SettingKeys.PublicBaseUrl] = "https://ctecskills.example";
        settings[SettingKeys.SmsSender] = "Http";
        settings[SettingKeys.SmsGatewayUrl] = "http://127.0.0.1:9/sms";
        settings[SettingKeys.SmsGatewaySecret] = "test-gateway-secret";
        settings[SettingKeys.KeyCertificatePath] = TestCertificate.WritePkcs12(folder);
        settings[SettingKeys.KeyCertificatePassword] = TestCertificate.Password;
        return settings;
    }

    /// <summary>A fresh pseudonym key (base64 of 32 random bytes).</summary>
    public static string NewPseudonymKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment(Environment);
        if (ContentRoot is not null)
        {
            builder.UseContentRoot(ContentRoot);
        }
        // Host settings (not app configuration) so that they are visible while Program registers services.
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
