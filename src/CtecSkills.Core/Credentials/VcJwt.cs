using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CtecSkills.Core.Credentials;

public enum VcJwtFailure
{
    None,

    /// <summary>Not three base64url parts (truncated, cut, padded), or a header without <c>kid</c>.</summary>
    Malformed,

    /// <summary>A part decodes but is not a JSON object.</summary>
    BadJson,

    /// <summary><c>alg</c> is not RS256 (including <c>none</c> and HMAC).</summary>
    AlgorithmNotAllowed,

    /// <summary>No key with this <c>kid</c>.</summary>
    UnknownKey,

    /// <summary>The key exists but belongs to another issuer than <c>iss</c>.</summary>
    KeyNotForIssuer,

    /// <summary>The signature does not match: tampered header or payload, or signed with another key.</summary>
    InvalidSignature,

    /// <summary><c>iss</c>, <c>jti</c>, <c>sub</c>, <c>nbf</c> or <c>exp</c> missing or not matching the credential.</summary>
    ClaimsMismatch,
}

/// <summary>A public verification key and the issuer it belongs to.</summary>
public sealed record VcJwtKey(string KeyId, string IssuerId, RSA PublicKey)
{
    /// <summary>
    /// The same issuer as a DID: credentials issued since Data Integrity proofs name their issuer by its did:web, those
    /// before by <see cref="IssuerId"/>; the key signs for both.
    /// </summary>
    public string? IssuerDid { get; init; }
}

/// <summary>
/// The outcome of checking a VC-JWT's signature and claims. A valid result reports the signed validity period
/// (<c>nbf</c>/<c>exp</c>, equal to <c>validFrom</c>/<c>validUntil</c>) and leaves it to the caller to decide what the
/// period means now: an expired credential is still a genuine one whose status and summary a verifier shows.
/// </summary>
public sealed record VcJwtVerificationResult(VcJwtFailure Failure, string? Detail, JsonObject? Credential, string? KeyId)
{
    public bool IsValid => Failure == VcJwtFailure.None;

    /// <summary><c>nbf</c> = <c>validFrom</c>, to the second; null when the token did not verify.</summary>
    public DateTimeOffset? ValidFrom { get; init; }

    /// <summary><c>exp</c> = <c>validUntil</c>, to the second; null when the credential has no end (or did not verify).</summary>
    public DateTimeOffset? ValidUntil { get; init; }

    /// <summary><c>iat</c>, when the issuer says it signed; null when the token has none (or did not verify).</summary>
    public DateTimeOffset? IssuedAt { get; init; }

    internal static VcJwtVerificationResult Fail(VcJwtFailure failure, string detail, string? keyId = null) =>
        new(failure, detail, null, keyId);
}

/// <summary>
/// Open Badges 3.0 JSON Web Token proof (VC-JWT): https://www.imsglobal.org/spec/ob/v3p0/#jwt-proof (§8.2).
/// </summary>
/// <remarks>
/// <para>JOSE header (§8.2.3): <c>alg</c> RS256 (the required minimum), <c>kid</c> a URI that dereferences to the
/// public JWK, <c>typ</c> "JWT" (OB 3.0: "If present, MUST be set to JWT"; not the vc+jwt of VC-JOSE-COSE).</para>
/// <para>JWT payload (§8.2.4): in OB 3.0 on the VC Data Model 2.0 the payload is the <c>OpenBadgeCredential</c>
/// JSON itself — its members at the top level, no <c>vc</c> claim (that wrapper was the VC 1.1 form and VC-JOSE-COSE
/// forbids it) — plus <c>iss</c> = <c>issuer.id</c>, <c>jti</c> = <c>id</c>, <c>sub</c> =
/// <c>credentialSubject.id</c>, <c>nbf</c> = <c>validFrom</c> and <c>exp</c> = <c>validUntil</c> when present. We also
/// set <c>iat</c> = <c>validFrom</c>, an allowed standard claim, so that signing the same credential twice gives
/// the same JWS (RSASSA-PKCS1-v1_5 is deterministic).</para>
/// <para>Verification (§8.2.6): check the signature first, then that each claim matches the credential. The
/// validity period is reported, not judged: the verifier decides "not yet valid" and "expired" (it still shows an
/// expired credential's status and summary).</para>
/// </remarks>
public static class VcJwt
{
    public const string Algorithm = "RS256";
    public const int MinimumKeySize = 2048;

    private static readonly string[] JwtClaims = ["iss", "jti", "sub", "nbf", "iat", "exp"];

    public static string Sign(JsonObject credential, RSA privateKey, string keyId)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(privateKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(keyId);
        if (privateKey.KeySize < MinimumKeySize)
        {
            throw new ArgumentException($"RS256 keys must be at least {MinimumKeySize} bits.", nameof(privateKey));
        }

        var claims = ClaimsOf(credential)
            ?? throw new ArgumentException("The credential needs id, issuer id and validFrom.", nameof(credential));

        var payload = (JsonObject)credential.DeepClone();
        payload["iss"] = claims.Issuer;
        payload["jti"] = claims.Id;
        if (claims.Subject is { } subject)
        {
            payload["sub"] = subject;
        }
        payload["nbf"] = claims.NotBefore;
        payload["iat"] = claims.NotBefore;
        if (claims.Expires is { } expires)
        {
            payload["exp"] = expires;
        }

        var header = new JsonObject { ["alg"] = Algorithm, ["kid"] = keyId, ["typ"] = "JWT" };
        return SignParts(Encoding.UTF8.GetBytes(header.ToJsonString()), Encoding.UTF8.GetBytes(payload.ToJsonString()), privateKey);
    }

    /// <summary>Signs raw header and payload bytes; tests use it to make signed-but-wrong tokens.</summary>
    internal static string SignParts(byte[] header, byte[] payload, RSA privateKey)
    {
        var signingInput = Base64Url.EncodeToString(header) + "." + Base64Url.EncodeToString(payload);
        var signature = privateKey.SignData(
            Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    /// <param name="jws">A compact JWS.</param>
    /// <param name="resolveKey">Finds the public key for a <c>kid</c>, or null when there is none.</param>
    /// <param name="ct">Passed to <paramref name="resolveKey"/>.</param>
    public static async Task<VcJwtVerificationResult> VerifyAsync(
        string? jws,
        Func<string, CancellationToken, ValueTask<VcJwtKey?>> resolveKey,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(resolveKey);

        // The parts are read in place: verification is the public site's busiest path, and copies of a token of a few KB
        // (its parts, the signing input as a string and as bytes, a clone of the payload) were most of what it allocated.
        var text = (jws ?? "").AsSpan().Trim();
        var firstDot = text.IndexOf('.');
        var secondDot = firstDot < 0 ? -1 : text[(firstDot + 1)..].IndexOf('.') + firstDot + 1;
        if (firstDot <= 0 || secondDot <= firstDot + 1 || secondDot == text.Length - 1 || text[(secondDot + 1)..].Contains('.'))
        {
            return VcJwtVerificationResult.Fail(VcJwtFailure.Malformed, "A compact JWS has three non-empty parts separated by dots.");
        }
        if (!TryDecode(text[..firstDot], out var headerBytes)
            || !TryDecode(text[(firstDot + 1)..secondDot], out var payloadBytes)
            || !TryDecode(text[(secondDot + 1)..], out var signature))
        {
            return VcJwtVerificationResult.Fail(VcJwtFailure.Malformed, "A part is not base64url without padding.");
        }

        if (ParseObject(headerBytes) is not { } header)
        {
            return VcJwtVerificationResult.Fail(VcJwtFailure.BadJson, "The JOSE header is not a JSON object.");
        }
        if (StringOf(header, "alg") is not Algorithm)
        {
            return VcJwtVerificationResult.Fail(
                VcJwtFailure.AlgorithmNotAllowed, $"Algorithm '{StringOf(header, "alg")}' is not accepted; only {Algorithm}.");
        }
        if (header.ContainsKey("crit"))
        {
            return VcJwtVerificationResult.Fail(VcJwtFailure.Malformed, "Critical header parameters are not supported.");
        }
        if (StringOf(header, "kid") is not { Length: > 0 } keyId)
        {
            return VcJwtVerificationResult.Fail(VcJwtFailure.Malformed, "The JOSE header has no kid.");
        }

        var key = await resolveKey(keyId, ct);
        if (key is null)
        {
            return VcJwtVerificationResult.Fail(VcJwtFailure.UnknownKey, $"No key '{keyId}' is known.", keyId);
        }

        if (!SignatureMatches(key.PublicKey, (jws ?? "").AsSpan().Trim()[..secondDot], signature))
        {
            return VcJwtVerificationResult.Fail(VcJwtFailure.InvalidSignature, "The signature does not match.", keyId);
        }

        if (ParseObject(payloadBytes) is not { } payload)
        {
            return VcJwtVerificationResult.Fail(VcJwtFailure.BadJson, "The payload is not a JSON object.", keyId);
        }

        // The payload is ours alone: the JWT claims are read, then taken off to leave the credential.
        var (iss, jti, sub, nbf, exp, iat) = (StringOf(payload, "iss"), StringOf(payload, "jti"), StringOf(payload, "sub"),
            NumberOf(payload, "nbf"), NumberOf(payload, "exp"), NumberOf(payload, "iat"));
        var credential = payload;
        foreach (var claim in JwtClaims)
        {
            credential.Remove(claim);
        }

        var expected = ClaimsOf(credential);
        if (expected is null)
        {
            return VcJwtVerificationResult.Fail(VcJwtFailure.ClaimsMismatch, "The payload is not a credential with id, issuer and validFrom.", keyId);
        }
        if (iss != expected.Issuer || jti != expected.Id || sub != expected.Subject || nbf != expected.NotBefore || exp != expected.Expires)
        {
            return VcJwtVerificationResult.Fail(
                VcJwtFailure.ClaimsMismatch, "iss, jti, sub, nbf and exp must match issuer.id, id, credentialSubject.id, validFrom and validUntil.", keyId);
        }
        if (!string.Equals(key.IssuerId, expected.Issuer, StringComparison.Ordinal) && !string.Equals(key.IssuerDid, expected.Issuer, StringComparison.Ordinal))
        {
            return VcJwtVerificationResult.Fail(VcJwtFailure.KeyNotForIssuer, $"Key '{keyId}' does not belong to issuer '{expected.Issuer}'.", keyId);
        }

        return new VcJwtVerificationResult(VcJwtFailure.None, null, credential, keyId)
        {
            ValidFrom = DateTimeOffset.FromUnixTimeSeconds(expected.NotBefore),
            ValidUntil = expected.Expires is { } until ? DateTimeOffset.FromUnixTimeSeconds(until) : null,
            IssuedAt = iat is { } issuedAt ? DateTimeOffset.FromUnixTimeSeconds(issuedAt) : null,
        };
    }

    private sealed record ExpectedClaims(string Issuer, string Id, string? Subject, long NotBefore, long? Expires);

    private static ExpectedClaims? ClaimsOf(JsonObject credential)
    {
        var issuer = credential["issuer"] switch
        {
            JsonObject profile => StringOf(profile, "id"),
            JsonValue value when value.TryGetValue<string>(out var s) => s,
            _ => null,
        };
        var id = StringOf(credential, "id");
        var subject = credential["credentialSubject"] is JsonObject subjectNode ? StringOf(subjectNode, "id") : null;
        var validFrom = DateOf(credential, "validFrom");
        var validUntil = DateOf(credential, "validUntil");
        if (issuer is null || id is null || validFrom is null || (credential.ContainsKey("validUntil") && validUntil is null))
        {
            return null;
        }
        return new ExpectedClaims(issuer, id, subject, validFrom.Value, validUntil);
    }

    private static long? DateOf(JsonObject node, string name) =>
        StringOf(node, name) is { } text
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? date.ToUnixTimeSeconds()
            : null;

    private static string? StringOf(JsonObject node, string name) =>
        node[name] is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;

    private static long? NumberOf(JsonObject node, string name) =>
        node[name] is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<long>(out var n) ? n : null;

    /// <summary>RS256 over the ASCII of header.payload, encoded into a rented buffer rather than a new string and array.</summary>
    private static bool SignatureMatches(RSA key, ReadOnlySpan<char> signingInput, byte[] signature)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(signingInput.Length);
        try
        {
            var length = Encoding.ASCII.GetBytes(signingInput, buffer);
            return key.VerifyData(buffer.AsSpan(0, length), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }
        catch (CryptographicException)
        {
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool TryDecode(ReadOnlySpan<char> part, out byte[] bytes)
    {
        bytes = [];
        if (part.Contains('='))
        {
            return false;
        }
        try
        {
            bytes = Base64Url.DecodeFromChars(part);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static JsonObject? ParseObject(byte[] utf8)
    {
        try
        {
            // Count materializes the object, so duplicate names fail here rather than later.
            return JsonNode.Parse(utf8) is JsonObject obj && obj.Count >= 0 ? obj : null;
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }
}
