namespace CtecSkills.Core.Catalog;

/// <summary>Sizes the database columns and the package checks share, so that a valid package always fits.</summary>
public static class CatalogLimits
{
    public const int SlugLength = 64;
    public const int TitleLength = 200;
    public const int SummaryLength = 2000;
    public const int PathLength = 200;
    public const int QuestionLength = 1000;
    public const int LessonBytes = 200_000;
    public const int MediaBytes = 2_000_000;
    public const int PackageBytes = 20_000_000;

    /// <summary>
    /// Files and folders in a package zip. A course has tens; a zip of a million empty entries is small to upload but
    /// costs memory and time for each one.
    /// </summary>
    public const int PackageEntries = 2_000;
    public const int MaxAttempts = 20;
    public const int MaxOptions = 8;
}
