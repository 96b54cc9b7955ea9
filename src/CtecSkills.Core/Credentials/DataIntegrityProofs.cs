using System.Globalization;
using System.Text.Json.Nodes;
using CtecSkills.Core.LinkedData;
using CtecSkills.Core.LinkedData.JsonLd;

namespace CtecSkills.Core.Credentials;

/// <summary>Why an embedded proof did not verify; <see cref="None"/> when it did.</summary>
public enum DataIntegrityFailure
{
    None,

    /// <summary>The document has no <c>proof</c>.</summary>
    Missing,

    /// <summary>The proof lacks a field, has a bad date or <c>proofValue</c>, or there is more than one.</summary>
    Malformed,

    /// <summary>Not a <c>DataIntegrityProof</c> with <c>eddsa-rdfc-2022</c>, or not for <c>assertionMethod</c>.</summary>
    Unsupported,

    /// <summary>The verification method is not one of our issuers' keys.</summary>
    UnknownKey,

    /// <summary>The key is ours, but its controller is not the credential's <c>issuer.id</c>.</summary>
    ControllerNotIssuer,

    /// <summary>The document uses a term its contexts do not define (refused, as safe-mode JSON-LD verifiers do), or a context we do not hold.</summary>
    UnknownTerm,

    /// <summary>The signature does not match what the document says now.</summary>
    Tampered,
}

/// <summary>The outcome of checking an embedded proof: the key it was made with and when it says it was made.</summary>
public sealed record DataIntegrityVerification(DataIntegrityFailure Failure, string? Detail, DataIntegrityPublicKey? Key = null, DateTimeOffset? Created = null)
{
    public bool IsValid => Failure == DataIntegrityFailure.None;
}

/// <summary>
/// W3C Data Integrity proofs with the <c>eddsa-rdfc-2022</c> cryptosuite (vc-di-eddsa §3.3), embedded in our credentials
/// so that wallets and verifiers that check only embedded proofs accept them: the document and the proof options are
/// each turned into RDF under their vendored contexts (JSON-LD safe mode), canonicalized with RDFC-1.0, hashed with
/// SHA-256, and the two hashes signed with the issuer's Ed25519 key.
/// </summary>
public sealed class DataIntegrityProofs(JsonLdProcessor jsonLd)
{
    public const string ProofType = "DataIntegrityProof";
    public const string Cryptosuite = "eddsa-rdfc-2022";
    public const string AssertionMethod = "assertionMethod";

    private static readonly JsonLdOptions SafeMode = new() { SafeMode = true };

    /// <summary>
    /// Proofs are signed over lines in the order rdf-canonize sorts them (UTF-16 code units), which is what the
    /// verifiers' library checks; the specification's code point order differs only beyond U+FFFF (docs/decisions/0032).
    /// </summary>
    private static readonly RdfcOptions SigningOrder = new() { LineOrder = RdfcLineOrder.Utf16 };

    private static readonly RdfcOptions SpecificationOrder = new();

    /// <summary>Adds the proof to <paramref name="document"/>, which must not have one yet.</summary>
    public void AddProof(JsonObject document, Ed25519KeyPair key, string verificationMethod, DateTimeOffset created)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(key);
        if (document.ContainsKey("proof"))
        {
            throw new InvalidOperationException("The document already has a proof.");
        }
        var proof = new JsonObject
        {
            ["type"] = ProofType,
            ["cryptosuite"] = Cryptosuite,
            ["created"] = OpenBadgeCredentialBuilder.FormatDate(created),
            ["verificationMethod"] = verificationMethod,
            ["proofPurpose"] = AssertionMethod,
        };
        proof["proofValue"] = EddsaRdfc2022.CreateProofValue(
            Canonical(jsonLd.ToRdf(ProofConfiguration(document, proof), SafeMode), SigningOrder),
            Canonical(jsonLd.ToRdf(document, SafeMode), SigningOrder),
            key);
        // An array: the OB 3.0 schema wants one, and Data Integrity reads it as a proof set of one.
        document["proof"] = new JsonArray(proof);
    }

    /// <summary>
    /// Checks the embedded proof of <paramref name="document"/> against the key <paramref name="findKey"/> gives for its
    /// verification method, which must be controlled by the document's issuer.
    /// </summary>
    public async Task<DataIntegrityVerification> VerifyAsync(JsonObject document,
        Func<string, CancellationToken, ValueTask<DataIntegrityPublicKey?>> findKey, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(findKey);
        var proof = document["proof"] switch
        {
            JsonObject one => one,
            JsonArray { Count: 1 } list when list[0] is JsonObject one => one,
            null => null,
            _ => new JsonObject(),
        };
        if (proof is null)
        {
            return new(DataIntegrityFailure.Missing, "The credential has no embedded proof.");
        }
        if (Text(proof, "type") != ProofType || Text(proof, "cryptosuite") != Cryptosuite)
        {
            return new(DataIntegrityFailure.Unsupported, $"Only {ProofType} with {Cryptosuite} is accepted.");
        }
        if (Text(proof, "proofPurpose") != AssertionMethod)
        {
            return new(DataIntegrityFailure.Unsupported, "The proof is not for assertionMethod.");
        }
        if (Text(proof, "verificationMethod") is not { } method || Text(proof, "proofValue") is not { } proofValue
            || !DateTimeOffset.TryParseExact(Text(proof, "created"), ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"],
                CultureInfo.InvariantCulture, DateTimeStyles.None, out var created))
        {
            return new(DataIntegrityFailure.Malformed, "The proof needs verificationMethod, proofValue and a created date-time with its zone.");
        }
        if (await findKey(method, ct) is not { } key)
        {
            return new(DataIntegrityFailure.UnknownKey, $"'{method}' is not a key of any issuer here.");
        }
        if (IssuerId(document) != key.Controller)
        {
            return new(DataIntegrityFailure.ControllerNotIssuer, $"The key belongs to '{key.Controller}', not to the credential's issuer.", key);
        }

        var unsecured = document.DeepClone().AsObject();
        unsecured.Remove("proof");
        var options = proof.DeepClone().AsObject();
        options.Remove("proofValue");
        try
        {
            // JSON-LD once; the quads are then canonicalized in the signing order and, should that fail and differ, in the
            // specification's line order, from a signer that follows it to the letter.
            var configurationQuads = jsonLd.ToRdf(ProofConfiguration(unsecured, options), SafeMode);
            var documentQuads = jsonLd.ToRdf(unsecured, SafeMode);
            var signed = (Config: Canonical(configurationQuads, SigningOrder), Document: Canonical(documentQuads, SigningOrder));
            if (EddsaRdfc2022.VerifyProofValue(signed.Config, signed.Document, key.PublicKey, proofValue))
            {
                return new(DataIntegrityFailure.None, null, key, created);
            }
            var specification = (Config: Canonical(configurationQuads, SpecificationOrder), Document: Canonical(documentQuads, SpecificationOrder));
            if (specification != signed && EddsaRdfc2022.VerifyProofValue(specification.Config, specification.Document, key.PublicKey, proofValue))
            {
                return new(DataIntegrityFailure.None, null, key, created);
            }
            return new(DataIntegrityFailure.Tampered, "The signature does not match the credential as it is now.", key, created);
        }
        catch (JsonLdException e)
        {
            return new(DataIntegrityFailure.UnknownTerm, e.Message, key, created);
        }
        catch (RdfcWorkLimitExceededException e)
        {
            return new(DataIntegrityFailure.Malformed, e.Message, key, created);
        }
    }

    /// <summary>The proof options under the document's <c>@context</c>, as the cryptosuite hashes them.</summary>
    private static JsonObject ProofConfiguration(JsonObject document, JsonObject proofOptions)
    {
        var configuration = new JsonObject { ["@context"] = document["@context"]?.DeepClone() };
        foreach (var (name, value) in proofOptions)
        {
            configuration[name] = value?.DeepClone();
        }
        return configuration;
    }

    private static string Canonical(IReadOnlyList<RdfQuad> quads, RdfcOptions order) =>
        RdfCanonicalizer.Canonicalize(quads, order).CanonicalNQuads;

    private static string? IssuerId(JsonObject document) => document["issuer"] switch
    {
        JsonObject issuer => Text(issuer, "id"),
        JsonValue value when value.TryGetValue<string>(out var id) => id,
        _ => null,
    };

    private static string? Text(JsonObject node, string name) =>
        node[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
