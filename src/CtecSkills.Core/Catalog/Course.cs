using CtecSkills.Core.Organizations;

namespace CtecSkills.Core.Catalog;

/// <summary>The platform's digital-skills framework: every course belongs to one area.</summary>
public enum CourseCategory
{
    DeviceBasics,
    SafePayment,
    GovServices,
    JobSearch,
    ECommerce,
    OfficeTools,
    Entrepreneurship,
}

public enum CourseLevel
{
    Beginner,
    Intermediate,
    Advanced,
}

/// <summary>Who a course is written for; a course may serve several groups.</summary>
[Flags]
#pragma warning disable CA1711 // "Groups" is the domain word, not a collection suffix.
public enum TargetGroups
#pragma warning restore CA1711
{
    None = 0,
    MigrantWorkers = 1,
    RuralWomen = 2,
    ReturneeEntrepreneurs = 4,
    Everyone = 8,
}

/// <summary>A course in the catalogue: content (modules, lessons, quiz) owned by one base and offered by several.</summary>
public sealed class Course
{
    public int Id { get; set; }

    /// <summary>Stable address part (<c>/courses/{slug}</c>) and the key a package is matched by.</summary>
    public required string Slug { get; set; }
    public required string Title { get; set; }
    public required string Summary { get; set; }
    public CourseCategory Category { get; set; }
    public CourseLevel Level { get; set; }
    public TargetGroups TargetGroups { get; set; }
    public int StudyHours { get; set; }

    /// <summary>Completion rule, next to "all lessons read" and "quiz passed": hours attended in cohorts that have sessions.</summary>
    public int MinAttendedHours { get; set; }
    public bool IsPublished { get; set; }
    public int OwnerBaseId { get; set; }
    public TrainingBase? OwnerBase { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<CourseModule> Modules { get; } = [];
    public List<Lesson> Lessons { get; } = [];
    public List<CourseMedia> Media { get; } = [];
    public List<CourseOffering> OfferedBy { get; } = [];
    public Quiz? Quiz { get; set; }
}

/// <summary>A base that runs a course for its learners (cohorts come later).</summary>
public sealed class CourseOffering
{
    public int CourseId { get; set; }
    public Course? Course { get; set; }
    public int TrainingBaseId { get; set; }
    public TrainingBase? TrainingBase { get; set; }
}

public sealed class CourseModule
{
    public int Id { get; set; }
    public int CourseId { get; set; }

    /// <summary>1-based position within the course.</summary>
    public int Position { get; set; }
    public required string Title { get; set; }
    public List<Lesson> Lessons { get; } = [];
}

public sealed class Lesson
{
    public int Id { get; set; }
    public int CourseId { get; set; }
    public int ModuleId { get; set; }
    public CourseModule? Module { get; set; }

    /// <summary>1-based position across the whole course: the <c>n</c> in <c>/courses/{slug}/lessons/{n}</c>.</summary>
    public int Number { get; set; }
    public required string Title { get; set; }

    /// <summary>Path inside the package (e.g. <c>lessons/01-power.md</c>), kept so that export gives the same file back.</summary>
    public required string FileName { get; set; }
    public required string Markdown { get; set; }

    /// <summary>UTF-8 size of the Markdown: what a learner downloads for the text.</summary>
    public int SizeBytes { get; set; }
    public int Minutes { get; set; }
}

/// <summary>An image or other file a lesson refers to, kept in the database so that every web node can serve it.</summary>
public sealed class CourseMedia
{
    public int Id { get; set; }
    public int CourseId { get; set; }

    /// <summary>Path inside the package, always <c>media/…</c>.</summary>
    public required string Path { get; set; }
    public required string ContentType { get; set; }
    public required byte[] Content { get; set; }
    public int SizeBytes { get; set; }
}
