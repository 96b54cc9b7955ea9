using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace CtecSkills.Core.LinkedData;

/// <summary>
/// An issuer's Ed25519 signing key (RFC 8032), the key eddsa-rdfc-2022 proofs are made with. .NET itself has no
/// Ed25519, so BouncyCastle's managed implementation signs. The 32-byte seed is the whole secret: it is what gets
/// stored (under Data Protection) and what <see cref="Ed25519Multikey.EncodeSecretKey"/> writes.
/// </summary>
public sealed class Ed25519KeyPair
{
    private readonly Ed25519PrivateKeyParameters _privateKey;

    private Ed25519KeyPair(Ed25519PrivateKeyParameters privateKey)
    {
        _privateKey = privateKey;
        PublicKey = privateKey.GeneratePublicKey().GetEncoded();
    }

    /// <summary>A new key from the operating system's random number generator.</summary>
    public static Ed25519KeyPair Generate() => FromSeed(RandomNumberGenerator.GetBytes(Ed25519PrivateKeyParameters.KeySize));

    /// <summary>The key a 32-byte seed (RFC 8032's private key) determines.</summary>
    public static Ed25519KeyPair FromSeed(ReadOnlySpan<byte> seed32)
    {
        if (seed32.Length != Ed25519PrivateKeyParameters.KeySize)
        {
            throw new ArgumentException($"An Ed25519 seed is 32 bytes, not {seed32.Length}.", nameof(seed32));
        }
        return new Ed25519KeyPair(new Ed25519PrivateKeyParameters(seed32));
    }

    /// <summary>The 32-byte public key.</summary>
    public byte[] PublicKey { get; }

    /// <summary>The public key as a Multikey <c>publicKeyMultibase</c> (<c>z6Mk…</c>).</summary>
    public string PublicKeyMultibase => Ed25519Multikey.Encode(PublicKey);

    /// <summary>A copy of the 32-byte seed; the caller protects it.</summary>
    public byte[] ExportSeed() => _privateKey.GetEncoded();

    /// <summary>The 64-byte Ed25519 signature of <paramref name="data"/> (deterministic: the same data gives the same bytes).</summary>
    public byte[] Sign(ReadOnlySpan<byte> data)
    {
        var signer = new Ed25519Signer();
        signer.Init(forSigning: true, _privateKey);
        signer.BlockUpdate(data);
        return signer.GenerateSignature();
    }
}

/// <summary>
/// Ed25519 keys written as the Controlled Identifiers "Multikey" format: a multicodec prefix (<c>0xed 0x01</c> for a
/// public key, <c>0x80 0x26</c> for a secret seed), then the 32 key bytes, base58btc with the multibase prefix
/// <c>z</c> — so a public key reads <c>z6Mk…</c> and a secret key <c>z3u2…</c>, which is how verifiers and wallets
/// recognise them.
/// </summary>
public static class Ed25519Multikey
{
    private static readonly byte[] PublicKeyPrefix = [0xed, 0x01];
    private static readonly byte[] SecretKeyPrefix = [0x80, 0x26];

    /// <summary>The Multikey <c>publicKeyMultibase</c> of a 32-byte public key.</summary>
    public static string Encode(ReadOnlySpan<byte> publicKey32) => EncodeKey(PublicKeyPrefix, publicKey32, "public key");

    /// <summary>The 32-byte public key in <paramref name="publicKeyMultibase"/>; <see cref="FormatException"/> if it is not an Ed25519 Multikey.</summary>
    public static byte[] DecodePublicKey(string publicKeyMultibase) => DecodeKey(PublicKeyPrefix, publicKeyMultibase, "public key", "z6Mk");

    /// <summary>The Multikey <c>secretKeyMultibase</c> of a 32-byte seed.</summary>
    public static string EncodeSecretKey(ReadOnlySpan<byte> seed32) => EncodeKey(SecretKeyPrefix, seed32, "secret key");

    /// <summary>The 32-byte seed in <paramref name="secretKeyMultibase"/>; <see cref="FormatException"/> if it is not an Ed25519 secret Multikey.</summary>
    public static byte[] DecodeSecretKey(string secretKeyMultibase) => DecodeKey(SecretKeyPrefix, secretKeyMultibase, "secret key", "z3u2");

    /// <summary>Whether <paramref name="signature"/> is a valid Ed25519 signature of <paramref name="data"/> by <paramref name="publicKey32"/>.</summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey32, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (publicKey32.Length != Ed25519PublicKeyParameters.KeySize || signature.Length != Ed25519PrivateKeyParameters.SignatureSize)
        {
            return false;
        }
        Ed25519PublicKeyParameters key;
        try
        {
            key = new Ed25519PublicKeyParameters(publicKey32);
        }
        catch (ArgumentException)
        {
            return false;
        }
        var verifier = new Ed25519Signer();
        verifier.Init(forSigning: false, key);
        verifier.BlockUpdate(data);
        return verifier.VerifySignature(signature.ToArray());
    }

    private static string EncodeKey(byte[] prefix, ReadOnlySpan<byte> key, string what)
    {
        if (key.Length != 32)
        {
            throw new ArgumentException($"An Ed25519 {what} is 32 bytes, not {key.Length}.", nameof(key));
        }
        return "z" + Base58Btc.Encode([.. prefix, .. key]);
    }

    private static byte[] DecodeKey(byte[] prefix, string multibase, string what, string looksLike)
    {
        ArgumentNullException.ThrowIfNull(multibase);
        if (!multibase.StartsWith('z'))
        {
            throw new FormatException($"An Ed25519 {what} Multikey is base58btc and starts with 'z' ({looksLike}…).");
        }
        var bytes = Base58Btc.Decode(multibase[1..]);
        if (bytes.Length != prefix.Length + 32 || !bytes.AsSpan(0, prefix.Length).SequenceEqual(prefix))
        {
            throw new FormatException(
                $"Not an Ed25519 {what} Multikey: expected the multicodec prefix 0x{Convert.ToHexStringLower(prefix)} and 32 key bytes ({looksLike}…).");
        }
        return bytes[prefix.Length..];
    }
}
