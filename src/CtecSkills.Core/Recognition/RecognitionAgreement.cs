using CtecSkills.Core.Catalog;

namespace CtecSkills.Core.Recognition;

/// <summary>
/// An agreement between the two regions' HR authorities: achievements of a kind (a framework category, optionally one
/// level — or one named achievement) issued by issuers in one province are recognized in the other as equivalent to a
/// named local standard, from a date, until a date or open-ended.
/// </summary>
public sealed class RecognitionAgreement
{
    public int Id { get; set; }

    /// <summary>The document number or title people cite (e.g. 川渝人社发〔2026〕12号).</summary>
    public required string Reference { get; set; }

    /// <summary>Province code (GB/T 2260) of the issuers the agreement covers.</summary>
    public required string IssuedInProvince { get; set; }

    /// <summary>Province code where the achievements are recognized.</summary>
    public required string RecognizedInProvince { get; set; }

    /// <summary>Kind of achievement: a framework category (and optionally a level), or else one achievement.</summary>
    public CourseCategory? Category { get; set; }
    public CourseLevel? Level { get; set; }
    public int? AchievementId { get; set; }

    /// <summary>The local standard the achievement counts as, in the recognizing region's own words.</summary>
    public required string LocalStandard { get; set; }
    public DateOnly ValidFrom { get; set; }
    public DateOnly? ValidUntil { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedByUserId { get; set; }

    public bool InForceOn(DateOnly day) => ValidFrom <= day && (ValidUntil is null || day <= ValidUntil);

    public bool Covers(string issuerProvince, CourseCategory category, CourseLevel level, int? achievementId) =>
        IssuedInProvince == issuerProvince
        && (AchievementId is { } only ? only == achievementId : Category == category && (Level is null || Level == level));
}
