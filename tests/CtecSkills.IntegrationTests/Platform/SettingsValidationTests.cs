using CtecSkills.TestHost;

namespace CtecSkills.IntegrationTests.Platform;

/// <summary>
/// A wrong setting stops the app before it migrates or serves, with a message that names the setting, and Production
/// refuses the settings that are only safe on a developer's machine.
/// </summary>
public sealed class SettingsValidationTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("ctec-settings-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Theory]
    [InlineData(SettingKeys.DatabaseProvider, "Oracle")]
    [InlineData(SettingKeys.SmsPerMinute, "0")]
    [InlineData(SettingKeys.SignInPerMinute, "ten")]
    [InlineData(SettingKeys.SmsSender, "Pigeon")]
    [InlineData(SettingKeys.PseudonymKey, "c2hvcnQ=")]
    [InlineData(SettingKeys.PublicBaseUrl, "ctecskills.cn")]
    [InlineData(SettingKeys.IndexK, "0")]
    [InlineData("Mail:Sender", "Pigeon")]
    [InlineData("Mail:Port", "0")]
    [InlineData("Mail:From", "not-an-address")]
    [InlineData("Mail:Security", "Maybe")]
    [InlineData(SettingKeys.IndexK, "4")]
    [InlineData("Retention:VerificationLogDays", "0")]
    [InlineData("Retention:ShareViewDays", "-1")]
    [InlineData("Retention:SentMessageDays", "0")]
    [InlineData("Retention:SignInCodeDays", "0")]
    [InlineData("Retention:AuditDetailDays", "-30")]
    [InlineData("Retention:DataExportHours", "0")]
    [InlineData("Retention:DevelopmentOutboxDays", "0")]
    [InlineData(SettingKeys.NodeRole, "Boss")]
    [InlineData("Jobs:RunServer", "false")]
    [InlineData(SettingKeys.JobsMessagesOnly, "true")]
    [InlineData(SettingKeys.JobsInvisibilityTimeoutSeconds, "1")]
    [InlineData(SettingKeys.JobsShutdownTimeoutSeconds, "0")]
    public void Start_WithABadValue_IsRefusedNamingTheSetting(string key, string value)
    {
        var error = StartFails(key, value);

        Assert.Contains(key, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_HttpSmsSenderWithoutAGateway_IsRefusedNamingTheMissingSettings()
    {
        var settings = ProductionReady();
        settings.Remove(SettingKeys.SmsGatewayUrl);
        settings.Remove(SettingKeys.SmsGatewaySecret);

        var error = StartFails(settings, production: false);

        Assert.Contains(SettingKeys.SmsGatewayUrl, error, StringComparison.Ordinal);
        Assert.Contains(SettingKeys.SmsGatewaySecret, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_SmtpMailSenderWithoutAHost_IsRefusedNamingTheMissingSetting()
    {
        var error = StartFails("Mail:Sender", "Smtp");

        Assert.Contains("Mail:Host", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SettingKeys.SeedDemo, "true", SettingKeys.SeedDemo)]
    [InlineData(SettingKeys.SeedShowcase, "true", SettingKeys.SeedShowcase)]
    [InlineData(SettingKeys.PublicBaseUrl, "", SettingKeys.PublicBaseUrl)]
    [InlineData(SettingKeys.PublicBaseUrl, "http://ctecskills.example", SettingKeys.PublicBaseUrl)]
    [InlineData(SettingKeys.SmsSender, "Outbox", SettingKeys.SmsSender)]
    [InlineData(SettingKeys.KeyCertificatePath, "", SettingKeys.KeyCertificatePath)]
    public void Start_InProductionWithADevelopmentSetting_IsRefused(string key, string value, string named)
    {
        var error = StartFails(key, value, production: true);

        Assert.Contains(named, error, StringComparison.Ordinal);
        Assert.Contains("Production", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_InProductionWithADevelopmentSetting_SaysItOnOneLineNamingTheSetting()
    {
        var error = StartFails(SettingKeys.SmsSender, "Outbox", production: true);

        var line = Assert.Single(error.Split(Environment.NewLine), l => l.Contains(SettingKeys.SmsSender, StringComparison.Ordinal));
        Assert.Contains(SettingKeys.SmsAllowOutboxInProduction, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_InProductionWithTheOutboxAndTheStagingSwitch_Starts()
    {
        var settings = ProductionReady();
        settings[SettingKeys.ConnectionString] = $"Data Source={Path.Combine(_folder.FullName, "staging.db")}";
        settings[SettingKeys.SmsSender] = "Outbox";
        settings[SettingKeys.SmsAllowOutboxInProduction] = "true";

        await using (var host = new CtecSkillsHost(settings) { Environment = "Production" })
        {
            using var client = host.CreateClient();
            using var response = await client.GetAsync(new Uri("/healthz/live", UriKind.Relative));
            Assert.True(response.IsSuccessStatusCode);
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    [Fact]
    public void Start_InProductionWithoutAPseudonymKey_IsRefused()
    {
        var settings = ProductionReady();
        settings.Remove(SettingKeys.PseudonymKey);
        // Not the content root's data/pseudonym.key, which a developer's own run creates.
        settings[SettingKeys.PseudonymKeyFile] = Path.Combine(Path.GetTempPath(), $"ctec-no-key-{Guid.NewGuid():N}", "pseudonym.key");

        var error = StartFails(settings, production: true);

        Assert.Contains("Facts__PseudonymKey", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_InProductionWithEverySettingRight_Starts()
    {
        var folder = Directory.CreateTempSubdirectory("ctec-settings-");
        var settings = ProductionReady();
        settings[SettingKeys.ConnectionString] = $"Data Source={Path.Combine(folder.FullName, "ctecskills.db")}";
        await using (var host = new CtecSkillsHost(settings) { Environment = "Production" })
        {
            using var client = host.CreateClient();
            using var response = await client.GetAsync(new Uri("/healthz/live", UriKind.Relative));
            Assert.True(response.IsSuccessStatusCode);
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        folder.Delete(recursive: true);
    }

    /// <summary>
    /// Settings that start in Production (the test above proves it) except for what a test changes; the database file
    /// is never created because validation comes first.
    /// </summary>
    private Dictionary<string, string?> ProductionReady() =>
        CtecSkillsHost.ForProduction($"Data Source={Path.Combine(Path.GetTempPath(), $"ctec-never-{Guid.NewGuid():N}.db")}", _folder.FullName);

    private string StartFails(string key, string value, bool production = false)
    {
        var settings = ProductionReady();
        settings[key] = value;
        return StartFails(settings, production);
    }

    private static string StartFails(Dictionary<string, string?> settings, bool production)
    {
        using var host = new CtecSkillsHost(settings) { Environment = production ? "Production" : CtecSkillsHost.TestingEnvironment };
        var error = Assert.ThrowsAny<Exception>(() => host.Server);
        return Flatten(error);
    }

    private static string Flatten(Exception error) =>
        error is AggregateException all
            ? string.Join(Environment.NewLine, all.InnerExceptions.Select(Flatten))
            : error.Message + (error.InnerException is { } inner ? Environment.NewLine + Flatten(inner) : "");
}
