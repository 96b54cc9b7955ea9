using System.Security.Cryptography;
using System.Text;

namespace CtecSkills.Core.Analytics;

/// <summary>
/// The keyed pseudonym of a learner in the anonymized facts: HMAC-SHA256 of the account id under a secret that is kept
/// outside the database (configuration or a key file), so that a copy of the database alone cannot link facts back to
/// accounts, while the index can still count distinct learners.
/// </summary>
public sealed class LearnerPseudonym
{
    private readonly byte[] _key;

    public LearnerPseudonym(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < 32)
        {
            throw new ArgumentException("The pseudonym key must be at least 32 bytes.", nameof(key));
        }
        _key = key;
    }

    public string Of(string userId) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(userId)));

    /// <summary>
    /// The configured key (base64) if there is one; otherwise the key file, created with 32 random bytes on first use.
    /// Production must configure one of the two explicitly, so that a lost file cannot silently change every pseudonym.
    /// </summary>
    public static LearnerPseudonym FromConfiguration(string? base64Key, string keyFile, bool allowCreate)
    {
        if (!string.IsNullOrWhiteSpace(base64Key))
        {
            return new(Convert.FromBase64String(base64Key));
        }
        if (File.Exists(keyFile))
        {
            return new(Convert.FromBase64String(File.ReadAllText(keyFile).Trim()));
        }
        if (!allowCreate)
        {
            throw new InvalidOperationException(
                $"No pseudonym key: set Facts__PseudonymKey (base64, 32 bytes or more) or provide the key file {keyFile}.");
        }
        var created = RandomNumberGenerator.GetBytes(32);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(keyFile))!);
        File.WriteAllText(keyFile, Convert.ToBase64String(created));
        return new(created);
    }
}
