using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace CtecSkills.Core.Catalog;

/// <summary>
/// Checks a package completely and turns it into a <see cref="CourseDraft"/>. It collects every problem instead of
/// stopping at the first, because staff fix a package offline and should not have to upload it once per mistake.
/// </summary>
public static partial class CoursePackageReader
{
    private static readonly Dictionary<string, QuestionType> QuestionTypes = new(StringComparer.Ordinal)
    {
        ["single"] = QuestionType.SingleChoice,
        ["multiple"] = QuestionType.MultipleChoice,
        ["truefalse"] = QuestionType.TrueFalse,
    };

    public static readonly IReadOnlyDictionary<string, string> MediaTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".gif"] = "image/gif",
        [".webp"] = "image/webp",
        [".mp3"] = "audio/mpeg",
        [".m4a"] = "audio/mp4",
        [".mp4"] = "video/mp4",
    };

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static PackageReadResult Read(CoursePackage package)
    {
        var problems = new List<PackageProblem>(package.Problems);
        if (problems.Count > 0 && !package.Files.ContainsKey(CoursePackage.CourseFile))
        {
            return new(null, problems);
        }
        if (!package.Files.TryGetValue(CoursePackage.CourseFile, out var json))
        {
            problems.Add(new(CoursePackage.CourseFile, null, PackageProblemKind.MissingCourseJson));
            return new(null, problems);
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            problems.Add(new(CoursePackage.CourseFile, null, PackageProblemKind.InvalidJson, $"{e.LineNumber + 1}:{e.BytePositionInLine + 1}"));
            return new(null, problems);
        }
        using (document)
        {
            var context = new Context(package, problems);
            var draft = context.ReadCourse(document.RootElement);
            return new(problems.Count == 0 ? draft : null, problems);
        }
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();

    private sealed class Context(CoursePackage package, List<PackageProblem> problems)
    {
        private const string File = CoursePackage.CourseFile;
        private readonly HashSet<string> _usedLessonFiles = new(StringComparer.Ordinal);

        public CourseDraft? ReadCourse(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                Add("", PackageProblemKind.WrongType);
                return null;
            }
            var slug = Text(root, "slug", "slug", CatalogLimits.SlugLength);
            if (slug is not null && !SlugPattern().IsMatch(slug))
            {
                Add("slug", PackageProblemKind.InvalidSlug, slug);
            }
            var title = Text(root, "title", "title", CatalogLimits.TitleLength);
            var summary = Text(root, "summary", "summary", CatalogLimits.SummaryLength);
            var category = EnumValue<CourseCategory>(root, "category", PackageProblemKind.UnknownCategory);
            var level = EnumValue<CourseLevel>(root, "level", PackageProblemKind.UnknownLevel);
            var groups = ReadGroups(root);
            var hours = Positive(root, "studyHours", "studyHours");
            var attendance = OptionalNotNegative(root, "minAttendedHours");
            var modules = ReadModules(root);
            QuizDraft? quiz = null;
            if (root.TryGetProperty("quiz", out var quizElement) && quizElement.ValueKind != JsonValueKind.Null)
            {
                quiz = ReadQuiz(quizElement, modules.Sum(m => m.Lessons.Count));
            }
            var media = ReadMedia();
            if (problems.Count > 0)
            {
                return null;
            }
            return new(slug!, title!, summary!, category!.Value, level!.Value, groups, hours!.Value, attendance ?? 0, modules, quiz, media);
        }

        private TargetGroups ReadGroups(JsonElement root)
        {
            var groups = TargetGroups.None;
            if (!root.TryGetProperty("targetGroups", out var array))
            {
                Add("targetGroups", PackageProblemKind.MissingField);
                return groups;
            }
            if (array.ValueKind != JsonValueKind.Array)
            {
                Add("targetGroups", PackageProblemKind.WrongType);
                return groups;
            }
            var i = 0;
            foreach (var item in array.EnumerateArray())
            {
                var field = $"targetGroups[{i++}]";
                if (item.ValueKind == JsonValueKind.String && TryParseName<TargetGroups>(item.GetString()!, out var group) && group != TargetGroups.None)
                {
                    groups |= group;
                }
                else
                {
                    Add(field, PackageProblemKind.UnknownTargetGroup, item.ToString());
                }
            }
            if (i == 0)
            {
                Add("targetGroups", PackageProblemKind.NoTargetGroups);
            }
            return groups;
        }

        private List<ModuleDraft> ReadModules(JsonElement root)
        {
            var modules = new List<ModuleDraft>();
            if (!TryArray(root, "modules", "modules", out var array))
            {
                return modules;
            }
            var m = 0;
            foreach (var module in array.EnumerateArray())
            {
                var path = $"modules[{m++}]";
                if (module.ValueKind != JsonValueKind.Object)
                {
                    Add(path, PackageProblemKind.WrongType);
                    continue;
                }
                var title = Text(module, "title", path + ".title", CatalogLimits.TitleLength);
                var lessons = new List<LessonDraft>();
                if (TryArray(module, "lessons", path + ".lessons", out var lessonArray))
                {
                    var l = 0;
                    foreach (var lesson in lessonArray.EnumerateArray())
                    {
                        var draft = ReadLesson(lesson, $"{path}.lessons[{l++}]");
                        if (draft is not null)
                        {
                            lessons.Add(draft);
                        }
                    }
                    if (l == 0)
                    {
                        Add(path + ".lessons", PackageProblemKind.NoLessons);
                    }
                }
                modules.Add(new(title ?? "", lessons));
            }
            if (m == 0)
            {
                Add("modules", PackageProblemKind.NoModules);
            }
            return modules;
        }

        private LessonDraft? ReadLesson(JsonElement lesson, string path)
        {
            if (lesson.ValueKind != JsonValueKind.Object)
            {
                Add(path, PackageProblemKind.WrongType);
                return null;
            }
            var title = Text(lesson, "title", path + ".title", CatalogLimits.TitleLength);
            var minutes = Positive(lesson, "minutes", path + ".minutes");
            var fileName = Text(lesson, "file", path + ".file", CatalogLimits.PathLength);
            if (fileName is null)
            {
                return null;
            }
            var file = CoursePackage.Normalize(fileName);
            if (file is null || !file.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
            {
                Add(path + ".file", PackageProblemKind.LessonFileNotMarkdown, fileName);
                return null;
            }
            if (!_usedLessonFiles.Add(file))
            {
                Add(path + ".file", PackageProblemKind.LessonFileReused, file);
            }
            if (!package.Files.TryGetValue(file, out var bytes))
            {
                Add(path + ".file", PackageProblemKind.LessonFileMissing, file);
                return null;
            }
            if (bytes.Length > CatalogLimits.LessonBytes)
            {
                problems.Add(new(file, null, PackageProblemKind.LessonTooLarge, (CatalogLimits.LessonBytes / 1000).ToString(CultureInfo.InvariantCulture)));
                return null;
            }
            string markdown;
            try
            {
                markdown = StrictUtf8.GetString(bytes).TrimStart('\uFEFF');
            }
            catch (DecoderFallbackException)
            {
                problems.Add(new(file, null, PackageProblemKind.LessonNotUtf8));
                return null;
            }
            if (string.IsNullOrWhiteSpace(markdown))
            {
                problems.Add(new(file, null, PackageProblemKind.LessonEmpty));
                return null;
            }
            foreach (var link in Markdown.Parse(markdown).Descendants<LinkInline>())
            {
                var media = LessonLinks.ResolveMedia(file, link.Url);
                if (link.IsImage && media is not null && !package.Files.ContainsKey(media))
                {
                    problems.Add(new(file, null, PackageProblemKind.MediaMissing, media));
                }
            }
            return title is null || minutes is null ? null : new(title, file, minutes.Value, markdown);
        }

        private QuizDraft? ReadQuiz(JsonElement quiz, int lessonCount)
        {
            if (quiz.ValueKind != JsonValueKind.Object)
            {
                Add("quiz", PackageProblemKind.WrongType);
                return null;
            }
            var title = Text(quiz, "title", "quiz.title", CatalogLimits.TitleLength);
            var passMark = Integer(quiz, "passMark", "quiz.passMark");
            if (passMark is < 0 or > 100)
            {
                Add("quiz.passMark", PackageProblemKind.PassMarkOutOfRange, passMark.Value.ToString(CultureInfo.InvariantCulture));
            }
            var maxAttempts = Integer(quiz, "maxAttempts", "quiz.maxAttempts");
            if (maxAttempts is < 1 or > CatalogLimits.MaxAttempts)
            {
                Add("quiz.maxAttempts", PackageProblemKind.MaxAttemptsOutOfRange, maxAttempts.Value.ToString(CultureInfo.InvariantCulture));
            }
            var questions = new List<QuestionDraft>();
            if (TryArray(quiz, "questions", "quiz.questions", out var array))
            {
                var q = 0;
                foreach (var question in array.EnumerateArray())
                {
                    var draft = ReadQuestion(question, $"quiz.questions[{q++}]", lessonCount);
                    if (draft is not null)
                    {
                        questions.Add(draft);
                    }
                }
                if (q == 0)
                {
                    Add("quiz.questions", PackageProblemKind.NoQuestions);
                }
            }
            return title is null || passMark is null || maxAttempts is null ? null : new(title, passMark.Value, maxAttempts.Value, questions);
        }

        private QuestionDraft? ReadQuestion(JsonElement question, string path, int lessonCount)
        {
            if (question.ValueKind != JsonValueKind.Object)
            {
                Add(path, PackageProblemKind.WrongType);
                return null;
            }
            var typeName = Text(question, "type", path + ".type", 20);
            QuestionType? type = null;
            if (typeName is not null)
            {
                if (QuestionTypes.TryGetValue(typeName, out var known))
                {
                    type = known;
                }
                else
                {
                    Add(path + ".type", PackageProblemKind.UnknownQuestionType, typeName);
                }
            }
            var text = Text(question, "text", path + ".text", CatalogLimits.QuestionLength);
            var feedback = question.TryGetProperty("feedback", out var f) && f.ValueKind != JsonValueKind.Null
                ? Text(question, "feedback", path + ".feedback", CatalogLimits.QuestionLength)
                : null;

            var options = new List<string>();
            var hasOptions = question.TryGetProperty("options", out var optionArray) && optionArray.ValueKind != JsonValueKind.Null;
            if (hasOptions)
            {
                if (optionArray.ValueKind != JsonValueKind.Array)
                {
                    Add(path + ".options", PackageProblemKind.WrongType);
                    return null;
                }
                var o = 0;
                foreach (var option in optionArray.EnumerateArray())
                {
                    var field = $"{path}.options[{o++}]";
                    if (option.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(option.GetString()))
                    {
                        Add(field, PackageProblemKind.WrongType);
                    }
                    else if (option.GetString()!.Length > CatalogLimits.TitleLength)
                    {
                        Add(field, PackageProblemKind.TooLong, CatalogLimits.TitleLength.ToString(CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        options.Add(option.GetString()!.Trim());
                    }
                }
            }
            // A true/false question may leave out its options: the page then shows the platform's own words.
            var optionCount = type == QuestionType.TrueFalse && !hasOptions ? 2 : options.Count;
            var optionsOk = type switch
            {
                QuestionType.TrueFalse => optionCount == 2,
                null => true,
                _ => optionCount is >= 2 and <= CatalogLimits.MaxOptions,
            };
            if (!optionsOk)
            {
                Add(path + ".options", PackageProblemKind.WrongOptionCount, optionCount.ToString(CultureInfo.InvariantCulture));
            }

            var correct = new List<int>();
            if (TryArray(question, "correct", path + ".correct", out var correctArray))
            {
                var c = 0;
                foreach (var item in correctArray.EnumerateArray())
                {
                    var field = $"{path}.correct[{c++}]";
                    if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt32(out var index))
                    {
                        Add(field, PackageProblemKind.WrongType);
                    }
                    else if (index < 0 || index >= optionCount)
                    {
                        Add(field, PackageProblemKind.CorrectOutOfRange, index.ToString(CultureInfo.InvariantCulture));
                    }
                    else if (correct.Contains(index))
                    {
                        Add(field, PackageProblemKind.DuplicateCorrect, index.ToString(CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        correct.Add(index);
                    }
                }
                if (type is QuestionType.SingleChoice or QuestionType.TrueFalse && c != 1)
                {
                    Add(path + ".correct", PackageProblemKind.NeedsExactlyOneCorrect, c.ToString(CultureInfo.InvariantCulture));
                }
                else if (type == QuestionType.MultipleChoice && c == 0)
                {
                    Add(path + ".correct", PackageProblemKind.NeedsACorrect);
                }
            }
            // Optional: the lesson (course-wide number, as in /lessons/{n}) to reread after a wrong answer.
            int? lesson = null;
            if (question.TryGetProperty("lesson", out var l) && l.ValueKind != JsonValueKind.Null)
            {
                lesson = Integer(question, "lesson", path + ".lesson");
                if (lesson is { } n && (n < 1 || n > lessonCount))
                {
                    Add(path + ".lesson", PackageProblemKind.LessonOutOfRange, n.ToString(CultureInfo.InvariantCulture));
                    lesson = null;
                }
            }
            return type is null || text is null ? null : new(type.Value, text, options, correct, feedback, lesson);
        }

        private List<MediaDraft> ReadMedia()
        {
            var media = new List<MediaDraft>();
            foreach (var (path, bytes) in package.Files.Where(f => f.Key.StartsWith(LessonLinks.MediaFolder, StringComparison.Ordinal)).OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                if (path.Length > CatalogLimits.PathLength)
                {
                    problems.Add(new(path, null, PackageProblemKind.TooLong, CatalogLimits.PathLength.ToString(CultureInfo.InvariantCulture)));
                }
                else if (!MediaTypes.TryGetValue(Path.GetExtension(path), out var type))
                {
                    problems.Add(new(path, null, PackageProblemKind.UnsupportedMedia, Path.GetExtension(path)));
                }
                else if (bytes.Length > CatalogLimits.MediaBytes)
                {
                    problems.Add(new(path, null, PackageProblemKind.MediaTooLarge, (CatalogLimits.MediaBytes / 1_000_000).ToString(CultureInfo.InvariantCulture)));
                }
                else
                {
                    media.Add(new(path, type, bytes));
                }
            }
            return media;
        }

        private string? Text(JsonElement parent, string name, string field, int maxLength)
        {
            if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                Add(field, PackageProblemKind.MissingField);
                return null;
            }
            if (value.ValueKind != JsonValueKind.String)
            {
                Add(field, PackageProblemKind.WrongType);
                return null;
            }
            var text = value.GetString()!.Trim();
            if (text.Length == 0)
            {
                Add(field, PackageProblemKind.MissingField);
                return null;
            }
            if (text.Length > maxLength)
            {
                Add(field, PackageProblemKind.TooLong, maxLength.ToString(CultureInfo.InvariantCulture));
                return null;
            }
            return text;
        }

        private int? Integer(JsonElement parent, string name, string field)
        {
            if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                Add(field, PackageProblemKind.MissingField);
                return null;
            }
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
            {
                Add(field, PackageProblemKind.WrongType);
                return null;
            }
            return number;
        }

        private int? Positive(JsonElement parent, string name, string field)
        {
            var number = Integer(parent, name, field);
            if (number is <= 0)
            {
                Add(field, PackageProblemKind.NotPositive, number.Value.ToString(CultureInfo.InvariantCulture));
                return null;
            }
            return number;
        }

        private int? OptionalNotNegative(JsonElement parent, string name)
        {
            if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return 0;
            }
            var number = Integer(parent, name, name);
            if (number is < 0)
            {
                Add(name, PackageProblemKind.NotPositive, number.Value.ToString(CultureInfo.InvariantCulture));
                return null;
            }
            return number;
        }

        private T? EnumValue<T>(JsonElement parent, string name, PackageProblemKind unknown)
            where T : struct, Enum
        {
            var text = Text(parent, name, name, 40);
            if (text is null)
            {
                return null;
            }
            if (TryParseName<T>(text, out var value))
            {
                return value;
            }
            Add(name, unknown, text);
            return null;
        }

        private bool TryArray(JsonElement parent, string name, string field, out JsonElement array)
        {
            if (!parent.TryGetProperty(name, out array) || array.ValueKind == JsonValueKind.Null)
            {
                Add(field, PackageProblemKind.MissingField);
                return false;
            }
            if (array.ValueKind != JsonValueKind.Array)
            {
                Add(field, PackageProblemKind.WrongType);
                return false;
            }
            return true;
        }

        private void Add(string field, PackageProblemKind kind, string? detail = null) => problems.Add(new(File, field, kind, detail));
    }

    // Only the exact names: "1" or "rural women" would otherwise slip through Enum.TryParse.
    private static bool TryParseName<T>(string text, out T value)
        where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(candidate.ToString(), text, StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }
}
