using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CtecSkills.Core.Accounts;
using CtecSkills.Core.Catalog;
using CtecSkills.Core.Regions;

namespace CtecSkills.Core.Analytics;

public enum FactKind
{
    Enrollment,
    Completion,
    Credential,
}

public enum AgeBand
{
    Under25,
    From25To34,
    From35To44,
    From45To54,
    From55,
    Unknown,
}

/// <summary>
/// One anonymized event for the human-capital index. No name, phone, ID number, free text or key of any other table:
/// the learner appears only as a keyed pseudonym (HMAC-SHA256 with a secret kept outside the database), which lets the
/// index count distinct learners and nothing else.
/// </summary>
public sealed class LearningFact
{
    public long Id { get; set; }
    public FactKind Kind { get; set; }

    /// <summary>Beijing-time month of the event as yyyyMM (202611), so that months, quarters and years group in SQL.</summary>
    public int Period { get; set; }
    public string? LocalityCode { get; set; }
    public Area? Area { get; set; }
    public LearnerGroup? TargetGroup { get; set; }
    public Gender? Gender { get; set; }
    public AgeBand AgeBand { get; set; }
    public CourseCategory Category { get; set; }
    public CourseLevel Level { get; set; }

    /// <summary>Setting it also sets <see cref="LearnerKey"/> and <see cref="IsSynthetic"/>, which are derived from it.</summary>
    public required string Pseudonym
    {
        get;
        set
        {
            field = value;
            LearnerKey = KeyOf(value);
            IsSynthetic = value.StartsWith(SyntheticFacts.PseudonymPrefix, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// The pseudonym's last 16 hex digits as a 64-bit number: the index counts distinct learners on this narrow key from
    /// a covering index instead of sorting 64-character strings (two learners share a key with odds of about n²/2⁶⁵).
    /// </summary>
    public long LearnerKey { get; private set; }

    /// <summary>Whether <see cref="SyntheticFacts"/> made the fact (demo and benchmarks), so a release can say how many it holds.</summary>
    public bool IsSynthetic { get; private set; }

    /// <summary>
    /// The last 16 hex digits read as a two's-complement 64-bit number — what the migration computes in SQL for
    /// existing facts; any other pseudonym (hand-made in tests) gets the first 8 bytes of its SHA-256.
    /// </summary>
    public static long KeyOf(string pseudonym)
    {
        ArgumentNullException.ThrowIfNull(pseudonym);
        var tail = pseudonym.AsSpan(Math.Max(0, pseudonym.Length - 16));
        return tail.Length == 16 && !tail.ContainsAnyExcept(LowerHex)
            ? long.Parse(tail, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture)
            : BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(pseudonym)));
    }

    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");
}
