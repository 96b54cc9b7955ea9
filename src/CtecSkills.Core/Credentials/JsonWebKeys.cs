using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace CtecSkills.Core.Credentials;

/// <summary>
/// RSA public keys as JWK (RFC 7517 §4, RFC 7518 §6.3.1) for <c>/.well-known/jwks.json</c> and issuer profiles.
/// </summary>
public static class JsonWebKeys
{
    /// <summary>
    /// The public JWK: kty, n, e, kid, alg, use. Only the public parameters are ever exported, so passing a private
    /// key is safe: OB 3.0 §8.2.3 "The JWK MUST never contain d".
    /// </summary>
    public static JsonObject ToPublicJwk(RSA key, string keyId)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrWhiteSpace(keyId);
        var parameters = key.ExportParameters(includePrivateParameters: false);
        return new JsonObject
        {
            ["kty"] = "RSA",
            ["n"] = Base64Url.EncodeToString(TrimLeadingZeros(parameters.Modulus!)),
            ["e"] = Base64Url.EncodeToString(TrimLeadingZeros(parameters.Exponent!)),
            ["kid"] = keyId,
            ["alg"] = VcJwt.Algorithm,
            ["use"] = "sig",
        };
    }

    /// <summary>A JWK Set: <c>{"keys": [...]}</c>.</summary>
    public static JsonObject ToJwks(IEnumerable<(RSA Key, string KeyId)> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return new JsonObject { ["keys"] = new JsonArray(keys.Select(k => (JsonNode)ToPublicJwk(k.Key, k.KeyId)).ToArray()) };
    }

    /// <summary>Reads an RSA public JWK (n, e); any private members are ignored, never imported.</summary>
    /// <exception cref="FormatException">Not an RSA JWK.</exception>
    public static RSA FromPublicJwk(JsonObject jwk)
    {
        ArgumentNullException.ThrowIfNull(jwk);
        if (jwk["kty"]?.GetValue<string>() != "RSA"
            || jwk["n"]?.GetValue<string>() is not { Length: > 0 } n
            || jwk["e"]?.GetValue<string>() is not { Length: > 0 } e)
        {
            throw new FormatException("Not an RSA JWK with n and e.");
        }
        var rsa = RSA.Create();
        try
        {
            rsa.ImportParameters(new RSAParameters { Modulus = Base64Url.DecodeFromChars(n), Exponent = Base64Url.DecodeFromChars(e) });
            return rsa;
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
    }

    // RFC 7518 §6.3.1: n and e are unsigned big-endian integers in the minimum number of octets.
    private static byte[] TrimLeadingZeros(byte[] value)
    {
        var start = 0;
        while (start < value.Length - 1 && value[start] == 0)
        {
            start++;
        }
        return value[start..];
    }
}
