using CtecSkills.Core.LinkedData;

namespace CtecSkills.UnitTests.LinkedData;

public sealed class EddsaRdfc2022Tests
{
    // The vectors' canonical N-Quads, written another way and canonicalized by our own code: the proof is made over
    // what RdfCanonicalizer produces, and that must be the vectors' canonical form byte for byte.
    private static string CanonicalizeScrambled(string canonical, int seed)
    {
        var result = RdfCanonicalizer.Canonicalize(BlankNodeScramble.Scramble(NQuads.Parse(canonical), new Random(seed)));
        Assert.Equal(canonical, result.CanonicalNQuads);
        return result.CanonicalNQuads;
    }

    private static Ed25519KeyPair W3CKey() =>
        Ed25519KeyPair.FromSeed(Ed25519Multikey.DecodeSecretKey(DiVectors.W3CKeyPair().SecretKeyMultibase));

    [Theory]
    [MemberData(nameof(DiVectors.W3CCases), MemberType = typeof(DiVectors))]
    public void CreateProofValue_W3CVectors_ReproducesBothHashesTheSignatureAndTheProofValue(string @case)
    {
        var proofConfig = CanonicalizeScrambled(DiVectors.W3CCanonical(@case, "proofCanonDataInt.txt"), 1);
        var document = CanonicalizeScrambled(DiVectors.W3CCanonical(@case, "canonDocDataInt.txt"), 2);

        var hashData = Convert.ToHexStringLower(EddsaRdfc2022.HashData(proofConfig, document));
        var proofValue = EddsaRdfc2022.CreateProofValue(proofConfig, document, W3CKey());

        Assert.Equal(DiVectors.W3C(@case, "proofHashDataInt.txt"), hashData[..64]);
        Assert.Equal(DiVectors.W3C(@case, "docHashDataInt.txt"), hashData[64..]);
        Assert.Equal(DiVectors.W3C(@case, "combinedHashDataInt.txt"), hashData);
        Assert.Equal(DiVectors.W3C(@case, "sigHexDataInt.txt"), Convert.ToHexStringLower(Base58Btc.Decode(proofValue[1..])));
        Assert.Equal(DiVectors.W3C(@case, "sigBTC58DataInt.txt"), proofValue);
        Assert.Contains($"\"proofValue\": \"{proofValue}\"", DiVectors.W3C(@case, "signedDataInt.json"), StringComparison.Ordinal);
    }

    [Fact]
    public void CreateProofValue_OneEdTechOpenBadgeExample_IsTheExamplesProofValue()
    {
        var proofConfig = CanonicalizeScrambled(DiVectors.Ob("proof-canon.txt"), 3);
        var document = CanonicalizeScrambled(DiVectors.Ob("document-canon.txt"), 4);
        var key = Ed25519KeyPair.FromSeed(Convert.FromHexString(DiVectors.ObSeedHex));

        var proofValue = EddsaRdfc2022.CreateProofValue(proofConfig, document, key);

        Assert.Equal(DiVectors.ObProofValue, proofValue);
        Assert.True(EddsaRdfc2022.VerifyProofValue(proofConfig, document,
            Ed25519Multikey.DecodePublicKey(DiVectors.ObPublicKeyMultibase), proofValue));
    }

    [Theory]
    [MemberData(nameof(DiVectors.W3CCases), MemberType = typeof(DiVectors))]
    public void VerifyProofValue_W3CVectorProofValue_IsTrue(string @case)
    {
        Assert.True(EddsaRdfc2022.VerifyProofValue(
            DiVectors.W3CCanonical(@case, "proofCanonDataInt.txt"),
            DiVectors.W3CCanonical(@case, "canonDocDataInt.txt"),
            Ed25519Multikey.DecodePublicKey(DiVectors.W3CKeyPair().PublicKeyMultibase),
            DiVectors.W3C(@case, "sigBTC58DataInt.txt")));
    }

    [Fact]
    public void VerifyProofValue_TamperedDocumentOrConfigOrOtherKeyOrMangledValue_IsFalse()
    {
        var proofConfig = DiVectors.W3CCanonical("", "proofCanonDataInt.txt");
        var document = DiVectors.W3CCanonical("", "canonDocDataInt.txt");
        var publicKey = Ed25519Multikey.DecodePublicKey(DiVectors.W3CKeyPair().PublicKeyMultibase);
        var proofValue = DiVectors.W3C("", "sigBTC58DataInt.txt");

        Assert.False(EddsaRdfc2022.VerifyProofValue(proofConfig, document.Replace("Alumni Credential", "Alumni Credentia1", StringComparison.Ordinal), publicKey, proofValue));
        Assert.False(EddsaRdfc2022.VerifyProofValue(proofConfig.Replace("2023-02-24", "2023-02-25", StringComparison.Ordinal), document, publicKey, proofValue));
        Assert.False(EddsaRdfc2022.VerifyProofValue(proofConfig, document, Ed25519KeyPair.Generate().PublicKey, proofValue));
        Assert.False(EddsaRdfc2022.VerifyProofValue(proofConfig, document, publicKey, proofValue[1..]));
        Assert.False(EddsaRdfc2022.VerifyProofValue(proofConfig, document, publicKey, proofValue + "0"));
        Assert.False(EddsaRdfc2022.VerifyProofValue(proofConfig, document, publicKey, proofValue[..^2]));
    }
}
