using System.Security.Cryptography;
using System.Text;
using CtecSkills.Core.LinkedData;

namespace CtecSkills.UnitTests.LinkedData;

public sealed class Ed25519KeyPairTests
{
    [Fact]
    public void FromSeed_W3CSecretKey_HasTheW3CPublicKeyAndWritesTheSecretKeyBack()
    {
        var (publicKey, secretKey) = DiVectors.W3CKeyPair();

        var key = Ed25519KeyPair.FromSeed(Ed25519Multikey.DecodeSecretKey(secretKey));

        Assert.Equal(publicKey, key.PublicKeyMultibase);
        Assert.Equal(secretKey, Ed25519Multikey.EncodeSecretKey(key.ExportSeed()));
        Assert.StartsWith("z3u2", secretKey);
    }

    [Fact]
    public void FromSeed_OneEdTechSeed_HasTheExamplesVerificationMethodKey()
    {
        var key = Ed25519KeyPair.FromSeed(Convert.FromHexString(DiVectors.ObSeedHex));

        Assert.Equal(DiVectors.ObPublicKeyMultibase, key.PublicKeyMultibase);
        Assert.Equal(key.PublicKey, Ed25519Multikey.DecodePublicKey(DiVectors.ObPublicKeyMultibase));
    }

    [Theory]
    [MemberData(nameof(DiVectors.W3CCases), MemberType = typeof(DiVectors))]
    public void Sign_W3CCombinedHash_IsTheVectorsSignature(string @case)
    {
        var key = Ed25519KeyPair.FromSeed(Ed25519Multikey.DecodeSecretKey(DiVectors.W3CKeyPair().SecretKeyMultibase));

        var signature = key.Sign(Convert.FromHexString(DiVectors.W3C(@case, "combinedHashDataInt.txt")));

        Assert.Equal(DiVectors.W3C(@case, "sigHexDataInt.txt"), Convert.ToHexStringLower(signature));
        Assert.Equal(DiVectors.W3C(@case, "sigBTC58DataInt.txt"), "z" + Base58Btc.Encode(signature));
    }

    [Fact]
    public void Sign_OneEdTechCanonicalForms_IsTheExamplesProofValue()
    {
        var key = Ed25519KeyPair.FromSeed(Convert.FromHexString(DiVectors.ObSeedHex));
        byte[] hashes = [.. SHA256.HashData(Encoding.UTF8.GetBytes(DiVectors.Ob("proof-canon.txt"))),
            .. SHA256.HashData(Encoding.UTF8.GetBytes(DiVectors.Ob("document-canon.txt")))];

        Assert.Equal(DiVectors.ObProofValue, "z" + Base58Btc.Encode(key.Sign(hashes)));
    }

    [Fact]
    public void Verify_SignatureOfOtherDataOrOtherKey_IsFalse()
    {
        var key = Ed25519KeyPair.Generate();
        var other = Ed25519KeyPair.Generate();
        var data = "学员证书"u8.ToArray();
        var signature = key.Sign(data);

        Assert.True(Ed25519Multikey.Verify(key.PublicKey, data, signature));
        Assert.False(Ed25519Multikey.Verify(key.PublicKey, "学员证书!"u8, signature));
        Assert.False(Ed25519Multikey.Verify(other.PublicKey, data, signature));
        signature[10] ^= 1;
        Assert.False(Ed25519Multikey.Verify(key.PublicKey, data, signature));
        Assert.False(Ed25519Multikey.Verify(key.PublicKey, data, signature.AsSpan(0, 63)));
    }

    [Fact]
    public void Generate_TwoKeys_Differ()
    {
        Assert.NotEqual(Ed25519KeyPair.Generate().PublicKeyMultibase, Ed25519KeyPair.Generate().PublicKeyMultibase);
    }

    [Theory]
    [InlineData("z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq", "prefix")] // a secret key where a public key belongs
    [InlineData("6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2", "starts with 'z'")]
    [InlineData("z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbT", "prefix")] // too short
    [InlineData("z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ0", "base58btc")]
    public void DecodePublicKey_NotAnEd25519PublicMultikey_ThrowsFormatExceptionSayingWhy(string text, string reason)
    {
        var error = Assert.Throws<FormatException>(() => Ed25519Multikey.DecodePublicKey(text));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeSecretKey_PublicKeyMultibase_ThrowsFormatExceptionNamingTheExpectedPrefix()
    {
        var error = Assert.Throws<FormatException>(() => Ed25519Multikey.DecodeSecretKey(DiVectors.W3CKeyPair().PublicKeyMultibase));

        Assert.Contains("0x8026", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromSeed_WrongLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => Ed25519KeyPair.FromSeed(new byte[31]));
    }
}
