using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CtecSkills.Core.Credentials;

namespace CtecSkills.UnitTests.Credentials;

/// <summary>
/// An HR department's own software will not run our .NET code: our VC-JWT must verify with a standard JOSE library
/// against the published JWKS. Runs tests/interop/verify-vc-jwt.mjs (Node + the `jose` package, installed by test.sh).
/// </summary>
public sealed class VcJwtInteropTests : IDisposable
{
    private const string KeyId = "base-12-2026-11";
    private static readonly RSA IssuerKey = RSA.Create(2048);
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("ctec-interop-");

    [Fact]
    public async Task Sign_CredentialVerifiedByJoseAgainstTheJwks_PassesWithTheRegisteredClaims()
    {
        var jws = VcJwt.Sign(OpenBadgeCredentialBuilder.Build(SampleCredential.Input()), IssuerKey, KeyId);

        var (exitCode, output) = await VerifyWithJoseAsync(jws);

        Assert.True(exitCode == 0, output);
        var result = JsonNode.Parse(output)!;
        Assert.Equal(KeyId, (string?)result["kid"]);
        Assert.Equal("https://skills.example.cn/issuers/12", (string?)result["iss"]);
        Assert.Equal("https://skills.example.cn/credentials/2f1c9a7e-5b1d-4c3e-9a0f-6e2b8d4c1a35", (string?)result["jti"]);
        Assert.Equal("urn:uuid:8d0f3b1e-7c2a-4e59-b1d4-3a6f9e2c5b70", (string?)result["sub"]);
    }

    [Fact]
    public async Task Sign_OnePayloadCharacterChanged_IsRejectedByJose()
    {
        var jws = VcJwt.Sign(OpenBadgeCredentialBuilder.Build(SampleCredential.Input()), IssuerKey, KeyId);
        var parts = jws.Split('.');
        var payload = parts[1].ToCharArray();
        payload[40] = payload[40] == 'A' ? 'B' : 'A';

        var (exitCode, output) = await VerifyWithJoseAsync($"{parts[0]}.{new string(payload)}.{parts[2]}");

        Assert.Equal(1, exitCode);
        Assert.Contains("ERR_JWS_SIGNATURE_VERIFICATION_FAILED", output, StringComparison.Ordinal);
    }

    private async Task<(int ExitCode, string Output)> VerifyWithJoseAsync(string jws)
    {
        var jwsFile = Path.Combine(_folder.FullName, "credential.jwt");
        var jwksFile = Path.Combine(_folder.FullName, "jwks.json");
        await File.WriteAllTextAsync(jwsFile, jws);
        await File.WriteAllTextAsync(jwksFile, JsonWebKeys.ToJwks([(IssuerKey, KeyId)]).ToJsonString());

        // Inside the credential's validity, whatever today's date is.
        var verifyAt = SampleCredential.ValidFrom.AddHours(1).ToString("O", CultureInfo.InvariantCulture);
        var (exitCode, output, error) = await NodeInterop.RunAsync(
            "verify-vc-jwt.mjs", [jwsFile, jwksFile], new Dictionary<string, string> { ["VERIFY_AT"] = verifyAt });
        return (exitCode, output + error);
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
