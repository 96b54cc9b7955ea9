namespace CtecSkills.Core.Analytics;

/// <summary>Section <c>Facts</c>: where the secret behind <see cref="LearnerPseudonym"/> comes from.</summary>
public sealed class FactsOptions
{
    public const string Section = "Facts";
    public const string DefaultKeyFile = "data/pseudonym.key";

    /// <summary>The key as base64 (32 bytes or more); when empty, <see cref="PseudonymKeyFile"/> holds it.</summary>
    public string? PseudonymKey { get; set; }

    /// <summary>A file holding the key as base64, relative to the app folder; created outside Production.</summary>
    public string PseudonymKeyFile { get; set; } = DefaultKeyFile;

    /// <summary>An empty key is fine (the file is used); a set one must be base64 of at least 32 bytes.</summary>
    public bool HasUsableKeyOrNone()
    {
        if (string.IsNullOrWhiteSpace(PseudonymKey))
        {
            return true;
        }
        var bytes = new byte[PseudonymKey.Length];
        return Convert.TryFromBase64String(PseudonymKey, bytes, out var length) && length >= 32;
    }
}
