using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CtecSkills.Core.Credentials;

namespace CtecSkills.UnitTests.Credentials;

public sealed class JsonWebKeysTests
{
    private static readonly string[] PrivateMembers = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

    [Fact]
    public void ToPublicJwk_FromAPrivateKey_HasOnlyThePublicMembers()
    {
        using var key = RSA.Create(2048);

        var jwk = JsonWebKeys.ToPublicJwk(key, "https://skills.example.cn/issuers/12#key-1");

        Assert.Equal(["kty", "n", "e", "kid", "alg", "use"], jwk.Select(p => p.Key));
        Assert.All(PrivateMembers, m => Assert.False(jwk.ContainsKey(m), m));
        Assert.Equal("RSA", jwk["kty"]!.GetValue<string>());
        Assert.Equal("AQAB", jwk["e"]!.GetValue<string>());
        Assert.Equal("RS256", jwk["alg"]!.GetValue<string>());
        Assert.Equal("sig", jwk["use"]!.GetValue<string>());
        Assert.Equal(256, Base64Url.DecodeFromChars(jwk["n"]!.GetValue<string>()).Length);
    }

    [Fact]
    public void ToJwks_ListsEveryKeyAndNoPrivateMember()
    {
        using var current = RSA.Create(2048);
        using var previous = RSA.Create(2048);

        var jwks = JsonWebKeys.ToJwks([(current, "k2"), (previous, "k1")]);
        var text = jwks.ToJsonString();

        Assert.Equal(["k2", "k1"], jwks["keys"]!.AsArray().Select(k => k!["kid"]!.GetValue<string>()));
        Assert.All(PrivateMembers, m => Assert.DoesNotContain($"\"{m}\":", text, StringComparison.Ordinal));
    }

    [Fact]
    public void FromPublicJwk_RoundTripsTheModulusAndExponent()
    {
        using var key = RSA.Create(2048);

        using var read = JsonWebKeys.FromPublicJwk(JsonWebKeys.ToPublicJwk(key, "k"));

        var expected = key.ExportParameters(false);
        var actual = read.ExportParameters(false);
        Assert.Equal(expected.Modulus, actual.Modulus);
        Assert.Equal(expected.Exponent, actual.Exponent);
    }

    [Fact]
    public void FromPublicJwk_NotRsa_Throws()
    {
        Assert.Throws<FormatException>(() => JsonWebKeys.FromPublicJwk(new JsonObject { ["kty"] = "EC", ["x"] = "AA" }));
    }
}
