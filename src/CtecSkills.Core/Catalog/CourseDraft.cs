namespace CtecSkills.Core.Catalog;

/// <summary>A package that passed every check, ready to become a <see cref="Course"/>.</summary>
public sealed record CourseDraft(
    string Slug,
    string Title,
    string Summary,
    CourseCategory Category,
    CourseLevel Level,
    TargetGroups TargetGroups,
    int StudyHours,
    int MinAttendedHours,
    IReadOnlyList<ModuleDraft> Modules,
    QuizDraft? Quiz,
    IReadOnlyList<MediaDraft> Media);

public sealed record ModuleDraft(string Title, IReadOnlyList<LessonDraft> Lessons);

public sealed record LessonDraft(string Title, string File, int Minutes, string Markdown);

public sealed record QuizDraft(string Title, int PassMark, int MaxAttempts, IReadOnlyList<QuestionDraft> Questions);

public sealed record QuestionDraft(QuestionType Type, string Text, IReadOnlyList<string> Options, IReadOnlyList<int> Correct, string? Feedback,
    int? Lesson = null);

public sealed record MediaDraft(string Path, string ContentType, byte[] Content);

public sealed record PackageReadResult(CourseDraft? Draft, IReadOnlyList<PackageProblem> Problems);
