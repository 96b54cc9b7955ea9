using System.Text.Json;
using System.Text.Json.Nodes;
using CtecSkills.Core.Seeding;
using CtecSkills.IntegrationTests.Infrastructure;
using Json.Schema;

namespace CtecSkills.IntegrationTests.Credentials;

/// <summary>
/// A credential as the issuing job stores it and the wallet hands it out, against the published OB 3.0
/// AchievementCredential JSON Schema (vendored in the unit tests' TestData with its source URL).
/// </summary>
public sealed class IssuedCredentialSchemaTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "ob_v3p0_achievementcredential_schema.json"))));

    [Fact]
    public async Task IssuedCredential_EachStatusEntryAndEverythingElse_ValidatesAgainstTheOb30Schema()
    {
        var issued = await app.IssuedCredentialAsync(DemoSeeder.Bases[1]);
        var credential = (JsonObject)JsonNode.Parse(issued.CredentialJson)!;
        var entries = credential["credentialStatus"]!.AsArray();

        // OB 3.0.3's schema allows one status entry where VC 2.0 allows several (ADR 0004): each entry is checked
        // in place of the array, with everything else as issued.
        Assert.Equal(2, entries.Count);
        foreach (var entry in entries)
        {
            var single = (JsonObject)credential.DeepClone();
            single["credentialStatus"] = entry!.DeepClone();
            using var document = JsonDocument.Parse(single.ToJsonString());
            var results = Schema.Value.Evaluate(document.RootElement,
                new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
            var errors = (results.Details ?? [])
                .Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key} {e.Value}"));
            Assert.True(results.IsValid, string.Join(Environment.NewLine, errors));
        }
    }
}
