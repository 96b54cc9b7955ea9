using System.Security.Cryptography;
using System.Text;

namespace CtecSkills.Core.LinkedData;

/// <summary>
/// The eddsa-rdfc-2022 cryptosuite's hashing, signing and verification (Data Integrity EdDSA Cryptosuites v1.0, §3.3):
/// what a <c>DataIntegrityProof</c>'s <c>proofValue</c> is, given the canonical N-Quads (RDFC-1.0, see
/// <see cref="RdfCanonicalizer"/>) of the proof configuration and of the document without its proof.
/// </summary>
public static class EddsaRdfc2022
{
    /// <summary>
    /// The bytes that get signed: SHA-256 of the canonical proof configuration, then SHA-256 of the canonical document
    /// (64 bytes, in that order).
    /// </summary>
    public static byte[] HashData(string canonicalProofConfig, string canonicalDocument)
    {
        ArgumentNullException.ThrowIfNull(canonicalProofConfig);
        ArgumentNullException.ThrowIfNull(canonicalDocument);
        return [.. SHA256.HashData(Encoding.UTF8.GetBytes(canonicalProofConfig)),
            .. SHA256.HashData(Encoding.UTF8.GetBytes(canonicalDocument))];
    }

    /// <summary>The <c>proofValue</c>: the Ed25519 signature of <see cref="HashData"/>, base58btc multibase (<c>z…</c>).</summary>
    public static string CreateProofValue(string canonicalProofConfig, string canonicalDocument, Ed25519KeyPair key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return "z" + Base58Btc.Encode(key.Sign(HashData(canonicalProofConfig, canonicalDocument)));
    }

    /// <summary>
    /// Whether <paramref name="proofValue"/> is <paramref name="publicKey32"/>'s signature over the two canonical forms.
    /// A proof value that is not base58btc multibase is simply not a valid proof (false), as a verifier reports it.
    /// </summary>
    public static bool VerifyProofValue(string canonicalProofConfig, string canonicalDocument, ReadOnlySpan<byte> publicKey32, string proofValue)
    {
        ArgumentNullException.ThrowIfNull(proofValue);
        if (!proofValue.StartsWith('z'))
        {
            return false;
        }
        byte[] signature;
        try
        {
            signature = Base58Btc.Decode(proofValue[1..]);
        }
        catch (FormatException)
        {
            return false;
        }
        return Ed25519Multikey.Verify(publicKey32, HashData(canonicalProofConfig, canonicalDocument), signature);
    }
}
