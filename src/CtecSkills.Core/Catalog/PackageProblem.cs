namespace CtecSkills.Core.Catalog;

public enum PackageProblemKind
{
    NotAZip,
    PackageTooLarge,
    TooManyEntries,
    UnsafePath,
    MissingCourseJson,
    InvalidJson,
    MissingField,
    WrongType,
    TooLong,
    InvalidSlug,
    DuplicateSlug,
    UnknownCategory,
    UnknownLevel,
    UnknownTargetGroup,
    NoTargetGroups,
    NotPositive,
    NoModules,
    NoLessons,
    LessonFileMissing,
    LessonFileNotMarkdown,
    LessonFileReused,
    LessonNotUtf8,
    LessonEmpty,
    LessonTooLarge,
    MediaMissing,
    MediaTooLarge,
    UnsupportedMedia,
    UnknownQuestionType,
    NoQuestions,
    WrongOptionCount,
    CorrectOutOfRange,
    NeedsExactlyOneCorrect,
    NeedsACorrect,
    DuplicateCorrect,
    PassMarkOutOfRange,
    MaxAttemptsOutOfRange,
}

/// <summary>One thing wrong with a package: the file, the field inside it (a JSON path such as <c>modules[0].lessons[2].file</c>), and what.</summary>
public sealed record PackageProblem(string File, string? Field, PackageProblemKind Kind, string? Detail = null);
