using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CtecSkills.Core.Credentials;

namespace CtecSkills.UnitTests.Credentials;

public sealed class VcJwtTests
{
    private const string IssuerId = "https://skills.example.cn/issuers/12";
    private const string KeyId = "https://skills.example.cn/issuers/12#key-1";
    private const string OtherKeyId = "https://skills.example.cn/issuers/12#key-2";
    private const string OtherIssuersKeyId = "https://skills.example.cn/issuers/99#key-1";

    private static readonly RSA IssuerKey = RSA.Create(2048);
    private static readonly RSA OtherIssuerKey = RSA.Create(2048);
    private static readonly RSA SecondIssuerKey = RSA.Create(2048);

    private static readonly DateTimeOffset ValidUntil = SampleCredential.ValidFrom.AddYears(3);

    private static JsonObject Credential(bool withValidUntil = true) =>
        OpenBadgeCredentialBuilder.Build(SampleCredential.Input(validUntil: withValidUntil ? ValidUntil : null));

    private static ValueTask<VcJwtKey?> Resolve(string kid, CancellationToken ct) => ValueTask.FromResult(kid switch
    {
        KeyId => new VcJwtKey(KeyId, IssuerId, IssuerKey),
        OtherKeyId => new VcJwtKey(OtherKeyId, IssuerId, SecondIssuerKey),
        OtherIssuersKeyId => new VcJwtKey(OtherIssuersKeyId, "https://skills.example.cn/issuers/99", OtherIssuerKey),
        _ => null,
    });

    private static Task<VcJwtVerificationResult> Verify(string? jws) => VcJwt.VerifyAsync(jws, Resolve);

    [Fact]
    public async Task Sign_ThenVerify_GivesBackTheCredential()
    {
        var credential = Credential();

        var result = await Verify(VcJwt.Sign(credential, IssuerKey, KeyId));

        Assert.True(result.IsValid, result.Detail);
        Assert.Equal(VcJwtFailure.None, result.Failure);
        Assert.Equal(KeyId, result.KeyId);
        Assert.True(JsonNode.DeepEquals(credential, result.Credential), result.Credential?.ToJsonString());
    }

    [Fact]
    public async Task Verify_PastedWithSurroundingWhitespace_IsValid()
    {
        var credential = Credential();

        var result = await Verify($" \n{VcJwt.Sign(credential, IssuerKey, KeyId)}\r\n ");

        Assert.True(result.IsValid, result.Detail);
        Assert.True(JsonNode.DeepEquals(credential, result.Credential), result.Credential?.ToJsonString());
    }

    [Fact]
    public void Sign_HeaderIsRs256WithKidAndTypJwt()
    {
        var header = Part(VcJwt.Sign(Credential(), IssuerKey, KeyId), 0);

        Assert.Equal("RS256", header["alg"]!.GetValue<string>());
        Assert.Equal(KeyId, header["kid"]!.GetValue<string>());
        Assert.Equal("JWT", header["typ"]!.GetValue<string>());
        Assert.Equal(3, header.Count);
    }

    [Fact]
    public void Sign_PayloadIsTheCredentialItselfWithJwtClaims()
    {
        var payload = Part(VcJwt.Sign(Credential(), IssuerKey, KeyId), 1);

        Assert.False(payload.ContainsKey("vc"));
        Assert.Equal("OpenBadgeCredential", payload["type"]![1]!.GetValue<string>());
        Assert.Equal(IssuerId, payload["iss"]!.GetValue<string>());
        Assert.Equal(payload["id"]!.GetValue<string>(), payload["jti"]!.GetValue<string>());
        Assert.Equal(payload["credentialSubject"]!["id"]!.GetValue<string>(), payload["sub"]!.GetValue<string>());
        Assert.Equal(SampleCredential.ValidFrom.ToUnixTimeSeconds(), payload["nbf"]!.GetValue<long>());
        Assert.Equal(SampleCredential.ValidFrom.ToUnixTimeSeconds(), payload["iat"]!.GetValue<long>());
        Assert.Equal(ValidUntil.ToUnixTimeSeconds(), payload["exp"]!.GetValue<long>());
    }

    [Fact]
    public void Sign_WithoutValidUntil_HasNoExp()
    {
        Assert.False(Part(VcJwt.Sign(Credential(withValidUntil: false), IssuerKey, KeyId), 1).ContainsKey("exp"));
    }

    [Fact]
    public void Sign_SameCredentialTwice_GivesTheSameJws()
    {
        Assert.Equal(VcJwt.Sign(Credential(), IssuerKey, KeyId), VcJwt.Sign(Credential(), IssuerKey, KeyId));
    }

    [Fact]
    public void Sign_KeyShorterThan2048Bits_Throws()
    {
        using var weak = RSA.Create(1024);

        Assert.Throws<ArgumentException>(() => VcJwt.Sign(Credential(), weak, KeyId));
    }

    [Fact]
    public async Task Verify_OnePayloadByteChanged_IsInvalidSignature()
    {
        var parts = VcJwt.Sign(Credential(), IssuerKey, KeyId).Split('.');
        var payload = Base64Url.DecodeFromChars(parts[1]);
        var at = Encoding.UTF8.GetString(payload).IndexOf("94567", StringComparison.Ordinal);
        payload[at] = (byte)'1';
        var tampered = $"{parts[0]}.{Base64Url.EncodeToString(payload)}.{parts[2]}";

        var result = await Verify(tampered);

        Assert.Equal(VcJwtFailure.InvalidSignature, result.Failure);
        Assert.Null(result.Credential);
    }

    [Fact]
    public async Task Verify_EveryPayloadCharacterFlipped_IsNeverValid()
    {
        var parts = VcJwt.Sign(Credential(), IssuerKey, KeyId).Split('.');
        for (var i = 0; i < parts[1].Length; i += 37)
        {
            var chars = parts[1].ToCharArray();
            chars[i] = chars[i] == 'A' ? 'B' : 'A';

            var result = await Verify($"{parts[0]}.{new string(chars)}.{parts[2]}");

            Assert.False(result.IsValid);
            Assert.Contains(result.Failure, new[] { VcJwtFailure.InvalidSignature, VcJwtFailure.Malformed });
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9")]
    [InlineData("a.b")]
    [InlineData("a.b.c.d")]
    [InlineData("a..c")]
    [InlineData(".b.c")]
    [InlineData("a.b.")]
    [InlineData("..")]
    [InlineData("a.b!.c")]
    [InlineData("YQ==.Yg.Yw")]
    public async Task Verify_NotACompactJws_IsMalformed(string? jws)
    {
        Assert.Equal(VcJwtFailure.Malformed, (await Verify(jws)).Failure);
    }

    [Fact]
    public async Task Verify_CutShort_IsMalformedOrInvalidNeverValid()
    {
        var jws = VcJwt.Sign(Credential(), IssuerKey, KeyId);
        var secondDot = jws.LastIndexOf('.');

        Assert.Equal(VcJwtFailure.Malformed, (await Verify(jws[..secondDot])).Failure);
        Assert.Equal(VcJwtFailure.Malformed, (await Verify(jws[..(secondDot + 1)])).Failure);
        Assert.Equal(VcJwtFailure.Malformed, (await Verify(jws[..(jws.Length / 2)])).Failure);
        Assert.Equal(VcJwtFailure.InvalidSignature, (await Verify(jws[..^2])).Failure);
    }

    [Fact]
    public async Task Verify_HeaderNotJson_IsBadJson()
    {
        var jws = VcJwt.SignParts("not json"u8.ToArray(), Encoding.UTF8.GetBytes(Credential().ToJsonString()), IssuerKey);

        Assert.Equal(VcJwtFailure.BadJson, (await Verify(jws)).Failure);
    }

    [Fact]
    public async Task Verify_SignedPayloadNotJson_IsBadJson()
    {
        var header = Encoding.UTF8.GetBytes($$"""{"alg":"RS256","kid":"{{KeyId}}","typ":"JWT"}""");
        var jws = VcJwt.SignParts(header, """{"iss": "https://skills.example.cn/issuers/12", """u8.ToArray(), IssuerKey);

        var result = await Verify(jws);

        Assert.Equal(VcJwtFailure.BadJson, result.Failure);
    }

    [Fact]
    public async Task Verify_KidSwappedForAnUnknownOne_IsUnknownKey()
    {
        var jws = WithHeader(VcJwt.Sign(Credential(), IssuerKey, KeyId), h => h["kid"] = "https://skills.example.cn/issuers/12#key-9");

        var result = await Verify(jws);

        Assert.Equal(VcJwtFailure.UnknownKey, result.Failure);
        Assert.Equal("https://skills.example.cn/issuers/12#key-9", result.KeyId);
    }

    [Fact]
    public async Task Verify_KidSwappedForAnotherKnownKey_IsInvalidSignature()
    {
        var jws = WithHeader(VcJwt.Sign(Credential(), IssuerKey, KeyId), h => h["kid"] = OtherKeyId);

        Assert.Equal(VcJwtFailure.InvalidSignature, (await Verify(jws)).Failure);
    }

    [Fact]
    public async Task Verify_SignedWithAnotherIssuersKey_IsKeyNotForIssuer()
    {
        var jws = VcJwt.Sign(Credential(), OtherIssuerKey, OtherIssuersKeyId);

        Assert.Equal(VcJwtFailure.KeyNotForIssuer, (await Verify(jws)).Failure);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("HS256")]
    [InlineData("RS512")]
    [InlineData("PS256")]
    public async Task Verify_AlgorithmOtherThanRs256_IsNotAllowed(string alg)
    {
        var jws = WithHeader(VcJwt.Sign(Credential(), IssuerKey, KeyId), h => h["alg"] = alg);

        Assert.Equal(VcJwtFailure.AlgorithmNotAllowed, (await Verify(jws)).Failure);
    }

    [Theory]
    [InlineData("iss", "https://evil.example/issuers/1")]
    [InlineData("jti", "https://skills.example.cn/credentials/other")]
    [InlineData("sub", "urn:uuid:00000000-0000-0000-0000-000000000000")]
    [InlineData("nbf", null)]
    public async Task Verify_ClaimNotMatchingTheCredential_IsClaimsMismatch(string claim, string? value)
    {
        var header = Encoding.UTF8.GetBytes($$"""{"alg":"RS256","kid":"{{KeyId}}","typ":"JWT"}""");
        var payload = Part(VcJwt.Sign(Credential(), IssuerKey, KeyId), 1);
        if (value is null)
        {
            payload.Remove(claim);
        }
        else
        {
            payload[claim] = value;
        }

        var result = await Verify(VcJwt.SignParts(header, Encoding.UTF8.GetBytes(payload.ToJsonString()), IssuerKey));

        Assert.Equal(VcJwtFailure.ClaimsMismatch, result.Failure);
    }

    [Fact]
    public async Task Verify_SignedCredential_ReportsItsSignedValidityPeriodAndLeavesTheDateToTheVerifier()
    {
        var result = await Verify(VcJwt.Sign(Credential(), IssuerKey, KeyId));

        Assert.True(result.IsValid, result.Detail);
        Assert.Equal(SampleCredential.ValidFrom, result.ValidFrom);
        Assert.Equal(ValidUntil, result.ValidUntil);
        Assert.NotNull(result.Credential);
    }

    [Fact]
    public async Task Verify_CredentialWithoutValidUntil_ReportsNoEnd()
    {
        var result = await Verify(VcJwt.Sign(Credential(withValidUntil: false), IssuerKey, KeyId));

        Assert.True(result.IsValid, result.Detail);
        Assert.Equal(SampleCredential.ValidFrom, result.ValidFrom);
        Assert.Null(result.ValidUntil);
    }

    [Fact]
    public async Task Verify_Failed_ReportsNoPeriod()
    {
        var result = await Verify(VcJwt.Sign(Credential(), OtherIssuerKey, KeyId));

        Assert.Equal(VcJwtFailure.InvalidSignature, result.Failure);
        Assert.Null(result.ValidFrom);
        Assert.Null(result.ValidUntil);
    }

    [Fact]
    public async Task Verify_WithKeyReadBackFromThePublishedJwk_Works()
    {
        var jwks = JsonWebKeys.ToJwks([(IssuerKey, KeyId)]);
        using var published = JsonWebKeys.FromPublicJwk(jwks["keys"]![0]!.AsObject());
        var jws = VcJwt.Sign(Credential(), IssuerKey, KeyId);

        var result = await VcJwt.VerifyAsync(
            jws, (kid, _) => ValueTask.FromResult<VcJwtKey?>(new VcJwtKey(kid, IssuerId, published)));

        Assert.True(result.IsValid, result.Detail);
    }

    private static JsonObject Part(string jws, int index) =>
        JsonNode.Parse(Base64Url.DecodeFromChars(jws.Split('.')[index]))!.AsObject();

    private static string WithHeader(string jws, Action<JsonObject> change)
    {
        var parts = jws.Split('.');
        var header = Part(jws, 0);
        change(header);
        return $"{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header.ToJsonString()))}.{parts[1]}.{parts[2]}";
    }
}
