using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace CtecSkills.Core.Text;

/// <summary>
/// Random secrets that whoever holds them may use (share links, wallet offers): made from <see cref="RandomNumberGenerator"/>,
/// written as unpadded base64url so they fit in a URL path, and stored only as their SHA-256, so that a copied
/// database opens nothing.
/// </summary>
public static class BearerTokens
{
    /// <summary>Length of <see cref="Hash"/>: SHA-256 in hex.</summary>
    public const int HashLength = 64;

    public static string New(int bytes) => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(bytes));

    /// <summary>SHA-256 of the token's UTF-8 bytes, lowercase hex (the share-link migration computes the same in SQL).</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>True when the text could be a token of that many bytes: worth hashing and looking up.</summary>
    public static bool IsWellFormed([NotNullWhen(true)] string? token, int bytes) =>
        token is not null && token.Length == Base64Url.GetEncodedLength(bytes) && Base64Url.IsValid(token);
}
