namespace CtecSkills.Core.Catalog;

/// <summary>How a lesson refers to its course's media: a relative path such as <c>../media/x.png</c> or <c>media/x.png</c>.</summary>
public static class LessonLinks
{
    public const string MediaFolder = "media/";

    /// <summary>The package path (<c>media/…</c>) a lesson's link points to, or null when it is not a relative media link.</summary>
    public static string? ResolveMedia(string lessonFile, string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Contains(':', StringComparison.Ordinal) || url.StartsWith('/') || url.StartsWith('#') || url.Contains('?', StringComparison.Ordinal))
        {
            return null;
        }
        var slash = lessonFile.LastIndexOf('/');
        var folder = slash < 0 ? "" : lessonFile[..(slash + 1)];
        var path = CoursePackage.Normalize(Uri.UnescapeDataString(url).StartsWith(MediaFolder, StringComparison.Ordinal) ? url : folder + url);
        return path is not null && path.StartsWith(MediaFolder, StringComparison.Ordinal) ? Uri.UnescapeDataString(path) : null;
    }

    public static string MediaUrl(string slug, string mediaPath) =>
        $"/courses/{slug}/media/{string.Join('/', mediaPath[MediaFolder.Length..].Split('/').Select(Uri.EscapeDataString))}";
}
