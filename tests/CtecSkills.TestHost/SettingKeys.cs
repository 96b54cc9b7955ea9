using CtecSkills.Core.Analytics;
using CtecSkills.Core.Credentials;
using CtecSkills.Core.Data;
using CtecSkills.Core.Sms;
using CtecSkills.Web.Features.Benchmarks;
using CtecSkills.Web.Infrastructure;

namespace CtecSkills.TestHost;

/// <summary>
/// The configuration keys test hosts set, spelled once and from the options classes that read them: renaming a
/// property breaks the build here instead of silently leaving a test on the default.
/// </summary>
public static class SettingKeys
{
    public const string DatabaseProvider = DatabaseOptions.Section + ":" + nameof(DatabaseOptions.Provider);
    public const string ConnectionString = ConnectionStringsOptions.Section + ":" + nameof(ConnectionStringsOptions.Default);
    public const string SeedDemo = SeedOptions.Section + ":" + nameof(SeedOptions.Demo);
    public const string SeedShowcase = SeedOptions.Section + ":" + nameof(SeedOptions.Showcase);
    public const string IndexDemoFacts = IndexOptions.Section + ":" + nameof(IndexOptions.DemoFacts);
    public const string NodeRole = NodeOptions.Section + ":" + nameof(NodeOptions.Role);
    public const string PseudonymKey = FactsOptions.Section + ":" + nameof(FactsOptions.PseudonymKey);
    public const string PseudonymKeyFile = FactsOptions.Section + ":" + nameof(FactsOptions.PseudonymKeyFile);
    public const string SmsSender = SmsOptions.Section + ":" + nameof(SmsOptions.Sender);
    public const string SmsGatewayUrl = SmsOptions.Section + ":" + nameof(SmsOptions.GatewayUrl);
    public const string SmsGatewaySecret = SmsOptions.Section + ":" + nameof(SmsOptions.GatewaySecret);
    public const string SmsGatewayTimeoutSeconds = SmsOptions.Section + ":" + nameof(SmsOptions.GatewayTimeoutSeconds);
    public const string JobsMessagesOnly = JobsOptions.Section + ":" + nameof(JobsOptions.MessagesOnly);
    public const string JobsInvisibilityTimeoutSeconds = JobsOptions.Section + ":" + nameof(JobsOptions.InvisibilityTimeoutSeconds);
    public const string JobsShutdownTimeoutSeconds = JobsOptions.Section + ":" + nameof(JobsOptions.ShutdownTimeoutSeconds);
    public const string SmsAllowOutboxInProduction = SmsOptions.Section + ":" + nameof(SmsOptions.AllowOutboxInProduction);
    public const string KeyCertificatePath = KeyEncryptionOptions.Section + ":" + nameof(KeyEncryptionOptions.CertificatePath);
    public const string KeyCertificatePassword = KeyEncryptionOptions.Section + ":" + nameof(KeyEncryptionOptions.CertificatePassword);
    public const string SignInPerMinute = RateLimitOptions.Section + ":" + nameof(RateLimitOptions.SignInPerMinute);
    public const string SmsPerMinute = RateLimitOptions.Section + ":" + nameof(RateLimitOptions.SmsPerMinute);
    public const string VerifyPerMinute = RateLimitOptions.Section + ":" + nameof(RateLimitOptions.VerifyPerMinute);
    public const string RegisterPerHour = RateLimitOptions.Section + ":" + nameof(RateLimitOptions.RegisterPerHour);
    public const string DecomposePerMinute = RateLimitOptions.Section + ":" + nameof(RateLimitOptions.DecomposePerMinute);
    public const string TrustForwardedHeaders = ProxyOptions.Section + ":" + nameof(ProxyOptions.TrustForwardedHeaders);
    public const string KnownProxy = ProxyOptions.Section + ":" + nameof(ProxyOptions.KnownProxies) + ":0";
    public const string KnownNetwork = ProxyOptions.Section + ":" + nameof(ProxyOptions.KnownNetworks) + ":0";
    public const string VerifyBatchPerHour = RateLimitOptions.Section + ":" + nameof(RateLimitOptions.VerifyBatchPerHour);
    public const string PublicBaseUrl = CredentialOptions.Section + ":" + nameof(CredentialOptions.PublicBaseUrl);
    public const string EchoEndpoints = BenchmarksOptions.Section + ":" + nameof(BenchmarksOptions.EchoEndpoints);
    public const string IndexK = IndexOptions.Section + ":" + nameof(IndexOptions.K);

    /// <summary>The same key as an environment variable (<c>Database__Provider</c>), for an app started as a process.</summary>
    public static string AsEnvironmentVariable(string key) => key.Replace(":", "__", StringComparison.Ordinal);
}
