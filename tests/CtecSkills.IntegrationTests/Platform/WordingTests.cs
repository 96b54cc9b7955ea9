using System.Collections;
using System.Resources;

namespace CtecSkills.IntegrationTests.Platform;

/// <summary>
/// The Chinese words every page and message shares: the site says 您 to everyone, and the credential's code is
/// 核验码 everywhere — 验证码 is only the SMS sign-in code, whose message says 请勿告诉他人.
/// </summary>
public sealed class WordingTests
{
    private static readonly string[] CredentialAreas = ["Wallet.", "Verify.", "Portfolio.", "Batch.", "History.", "Credentials.", "Share."];

    // The neutral (zh-CN) resources compiled into the web and core assemblies, as "Resource file/key" → value.
    private static Dictionary<string, string> ChineseResources()
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var assembly in new[] { typeof(CtecSkills.Web.SharedResource).Assembly, typeof(CtecSkills.Core.Credentials.CertificatePdf).Assembly })
        {
            foreach (var name in assembly.GetManifestResourceNames().Where(n => n.EndsWith(".resources", StringComparison.Ordinal)))
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                using var reader = new ResourceReader(stream);
                foreach (DictionaryEntry entry in reader)
                {
                    if (entry.Value is string value)
                    {
                        all[name + "/" + (string)entry.Key] = value;
                    }
                }
            }
        }
        return all;
    }

    [Fact]
    public void ChineseResources_AddressThePersonAsNin_NeverNi()
    {
        var resources = ChineseResources();

        Assert.True(resources.Count > 500, $"Only {resources.Count} resources were found.");
        Assert.Empty(resources.Where(r => r.Value.Contains('你', StringComparison.Ordinal)).Select(r => r.Key));
    }

    [Fact]
    public void ChineseResources_CredentialPages_CallTheCodeHeYanMaAndNeverTheSmsWord()
    {
        var resources = ChineseResources();

        var confusing = resources
            .Where(r => CredentialAreas.Any(area => r.Key.Contains("/" + area, StringComparison.Ordinal)))
            .Where(r => r.Value.Contains("验证码", StringComparison.Ordinal))
            .Select(r => r.Key);
        Assert.Empty(confusing);
        Assert.Equal("核验码", resources.Single(r => r.Key.EndsWith("/Wallet.Code", StringComparison.Ordinal)).Value);
        Assert.Equal("核验码", resources.Single(r => r.Key.EndsWith("/Batch.Column.Code", StringComparison.Ordinal)).Value);
        Assert.Equal("核验码", resources.Single(r => r.Key.EndsWith("/Verify.InputLabel", StringComparison.Ordinal)).Value);
    }
}
