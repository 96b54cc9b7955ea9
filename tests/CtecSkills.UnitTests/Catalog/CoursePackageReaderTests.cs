using System.Text;
using System.Text.Json.Nodes;
using CtecSkills.Core.Catalog;

namespace CtecSkills.UnitTests.Catalog;

public sealed class CoursePackageReaderTests
{
    [Fact]
    public void Read_ValidPackage_GivesDraftWithEverything()
    {
        var result = CoursePackageReader.Read(new TestPackage().ToPackage());

        Assert.Empty(result.Problems);
        var draft = Assert.IsType<CourseDraft>(result.Draft);
        Assert.Equal("phone-basics", draft.Slug);
        Assert.Equal(CourseCategory.DeviceBasics, draft.Category);
        Assert.Equal(TargetGroups.Everyone | TargetGroups.RuralWomen, draft.TargetGroups);
        Assert.Equal(2, Assert.Single(draft.Modules).Lessons.Count);
        Assert.Equal([QuestionType.SingleChoice, QuestionType.MultipleChoice, QuestionType.TrueFalse], draft.Quiz!.Questions.Select(q => q.Type));
        Assert.Empty(draft.Quiz.Questions[2].Options);
    }

    [Fact]
    public void Read_ZippedInsideAFolder_FindsCourseJson()
    {
        var package = new TestPackage();
        var files = package.ToPackage().Files.ToDictionary(f => "phone-basics/" + f.Key, f => f.Value);
        using var zip = new MemoryStream(Zip(files));

        var result = CoursePackageReader.Read(CoursePackage.FromZip(zip));

        Assert.Empty(result.Problems);
    }

    [Fact]
    public void Read_NotAZip_ReportsNotAZip()
    {
        using var garbage = new MemoryStream(Encoding.UTF8.GetBytes("this is not a zip"));

        var result = CoursePackageReader.Read(CoursePackage.FromZip(garbage));

        Assert.Null(result.Draft);
        Assert.Equal(PackageProblemKind.NotAZip, Assert.Single(result.Problems).Kind);
    }

    [Fact]
    public void Read_ZipEntryClimbingOut_ReportsUnsafePath()
    {
        var files = new TestPackage().ToPackage().Files.ToDictionary(f => f.Key, f => f.Value);
        files["../evil.md"] = [1];
        using var zip = new MemoryStream(Zip(files));

        var result = CoursePackageReader.Read(CoursePackage.FromZip(zip));

        Assert.Contains(result.Problems, p => p.Kind == PackageProblemKind.UnsafePath);
        Assert.Null(result.Draft);
    }

    [Fact]
    public void Read_NoCourseJson_ReportsMissingCourseJson()
    {
        var result = CoursePackageReader.Read(CoursePackage.FromFiles(new TestPackage().Files));

        Assert.Equal(PackageProblemKind.MissingCourseJson, Assert.Single(result.Problems).Kind);
    }

    [Fact]
    public void Read_BrokenJson_ReportsInvalidJsonWithPosition()
    {
        var files = new TestPackage().Files;
        files[CoursePackage.CourseFile] = Encoding.UTF8.GetBytes("{ \"slug\": ");

        var problem = Assert.Single(CoursePackageReader.Read(CoursePackage.FromFiles(files)).Problems);

        Assert.Equal(PackageProblemKind.InvalidJson, problem.Kind);
        Assert.Equal("course.json", problem.File);
        Assert.NotNull(problem.Detail);
    }

    [Theory]
    [InlineData("category", "Cooking", PackageProblemKind.UnknownCategory)]
    [InlineData("level", "Expert", PackageProblemKind.UnknownLevel)]
    [InlineData("slug", "Phone Basics", PackageProblemKind.InvalidSlug)]
    public void Read_BadValue_ReportsItsField(string field, string value, PackageProblemKind expected)
    {
        var package = new TestPackage();
        package.Course[field] = value;

        var problem = Assert.Single(CoursePackageReader.Read(package.ToPackage()).Problems);

        Assert.Equal(new PackageProblem("course.json", field, expected, value), problem);
    }

    [Fact]
    public void Read_UnknownTargetGroup_ReportsItsIndex()
    {
        var package = new TestPackage();
        package.Course["targetGroups"] = new JsonArray("Everyone", "Students");

        var problem = Assert.Single(CoursePackageReader.Read(package.ToPackage()).Problems);

        Assert.Equal(new PackageProblem("course.json", "targetGroups[1]", PackageProblemKind.UnknownTargetGroup, "Students"), problem);
    }

    [Fact]
    public void Read_NumericEnumValue_IsRefused()
    {
        var package = new TestPackage();
        package.Course["level"] = "1";

        Assert.Equal(PackageProblemKind.UnknownLevel, Assert.Single(CoursePackageReader.Read(package.ToPackage()).Problems).Kind);
    }

    [Fact]
    public void Read_MissingTitleAndWrongTypeForHours_ReportsBoth()
    {
        var package = new TestPackage();
        package.Course.Remove("title");
        package.Course["studyHours"] = "six";

        var problems = CoursePackageReader.Read(package.ToPackage()).Problems;

        Assert.Contains(new PackageProblem("course.json", "title", PackageProblemKind.MissingField), problems);
        Assert.Contains(new PackageProblem("course.json", "studyHours", PackageProblemKind.WrongType), problems);
        Assert.Equal(2, problems.Count);
    }

    [Fact]
    public void Read_LessonFileMissing_NamesTheLessonAndTheFile()
    {
        var package = new TestPackage();
        package.Files.Remove("lessons/02-wifi.md");

        var problem = Assert.Single(CoursePackageReader.Read(package.ToPackage()).Problems);

        Assert.Equal(new PackageProblem("course.json", "modules[0].lessons[1].file", PackageProblemKind.LessonFileMissing, "lessons/02-wifi.md"), problem);
    }

    [Fact]
    public void Read_EmptyLesson_NamesTheLessonFile()
    {
        var package = new TestPackage();
        package.Files["lessons/01-power.md"] = Encoding.UTF8.GetBytes(" \n\n ");

        var problem = Assert.Single(CoursePackageReader.Read(package.ToPackage()).Problems);

        Assert.Equal(new PackageProblem("lessons/01-power.md", null, PackageProblemKind.LessonEmpty), problem);
    }

    [Fact]
    public void Read_LessonNotUtf8_IsReported()
    {
        var package = new TestPackage();
        package.Files["lessons/01-power.md"] = [0xC4, 0xE3, 0xBA, 0xC3, 0xFF];

        Assert.Equal(PackageProblemKind.LessonNotUtf8, Assert.Single(CoursePackageReader.Read(package.ToPackage()).Problems).Kind);
    }

    [Fact]
    public void Read_ImageThatIsNotInThePackage_ReportsMediaMissing()
    {
        var package = new TestPackage();
        package.Files["lessons/01-power.md"] = Encoding.UTF8.GetBytes("看图：![电源键](../media/power.png)");

        var problem = Assert.Single(CoursePackageReader.Read(package.ToPackage()).Problems);

        Assert.Equal(new PackageProblem("lessons/01-power.md", null, PackageProblemKind.MediaMissing, "media/power.png"), problem);
    }

    [Fact]
    public void Read_ScriptFileInMedia_IsRefused()
    {
        var package = new TestPackage();
        package.Files["media/trick.svg"] = Encoding.UTF8.GetBytes("<svg onload=alert(1)/>");

        Assert.Equal(PackageProblemKind.UnsupportedMedia, Assert.Single(CoursePackageReader.Read(package.ToPackage()).Problems).Kind);
    }

    [Fact]
    public void Read_QuestionNamesItsLesson_KeepsTheLessonToReread()
    {
        var package = new TestPackage();
        package.Question(1)["lesson"] = 2;

        var draft = CoursePackageReader.Read(package.ToPackage()).Draft!;

        Assert.Equal([null, 2, null], draft.Quiz!.Questions.Select(q => q.Lesson));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void Read_QuestionNamesALessonTheCourseHasNot_ReportsTheNumber(int lesson)
    {
        var package = new TestPackage();
        package.Question(0)["lesson"] = lesson;

        var problem = Assert.Single(CoursePackageReader.Read(package.ToPackage()).Problems);

        Assert.Equal(new PackageProblem("course.json", "quiz.questions[0].lesson", PackageProblemKind.LessonOutOfRange, $"{lesson}"), problem);
    }

    [Fact]
    public void Read_CorrectIndexOutOfRange_ReportsTheIndex()
    {
        var package = new TestPackage();
        package.Question(0)["correct"] = new JsonArray(2);

        var problems = CoursePackageReader.Read(package.ToPackage()).Problems;

        Assert.Contains(new PackageProblem("course.json", "quiz.questions[0].correct[0]", PackageProblemKind.CorrectOutOfRange, "2"), problems);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void Read_SingleChoiceWithoutExactlyOneCorrect_IsRefused(int which)
    {
        var package = new TestPackage();
        package.Question(which)["correct"] = new JsonArray(0, 1);

        var problem = Assert.Single(CoursePackageReader.Read(package.ToPackage()).Problems);

        Assert.Equal(new PackageProblem("course.json", $"quiz.questions[{which}].correct", PackageProblemKind.NeedsExactlyOneCorrect, "2"), problem);
    }

    [Fact]
    public void Read_MultipleChoiceWithNoCorrect_IsRefused()
    {
        var package = new TestPackage();
        package.Question(1)["correct"] = new JsonArray();

        Assert.Equal(PackageProblemKind.NeedsACorrect, Assert.Single(CoursePackageReader.Read(package.ToPackage()).Problems).Kind);
    }

    [Fact]
    public void Read_TrueFalseWithThreeOptions_IsRefused()
    {
        var package = new TestPackage();
        package.Question(2)["options"] = new JsonArray("对", "错", "不知道");

        Assert.Equal(PackageProblemKind.WrongOptionCount, Assert.Single(CoursePackageReader.Read(package.ToPackage()).Problems).Kind);
    }

    [Fact]
    public void Read_UnknownQuestionType_IsRefused()
    {
        var package = new TestPackage();
        package.Question(0)["type"] = "essay";

        Assert.Equal(PackageProblemKind.UnknownQuestionType, Assert.Single(CoursePackageReader.Read(package.ToPackage()).Problems).Kind);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public void Read_PassMarkOutside0To100_IsRefused(int passMark)
    {
        var package = new TestPackage();
        package.Course["quiz"]!["passMark"] = passMark;

        var problem = Assert.Single(CoursePackageReader.Read(package.ToPackage()).Problems);

        Assert.Equal(new PackageProblem("course.json", "quiz.passMark", PackageProblemKind.PassMarkOutOfRange, passMark.ToString(System.Globalization.CultureInfo.InvariantCulture)), problem);
    }

    [Fact]
    public void Read_ManyMistakes_ReportsEveryOne()
    {
        var package = new TestPackage();
        package.Course["category"] = "Cooking";
        package.Course["quiz"]!["passMark"] = 150;
        package.Question(1)["correct"] = new JsonArray(7);
        package.Files.Remove("lessons/01-power.md");
        package.Files["lessons/02-wifi.md"] = [];

        var kinds = CoursePackageReader.Read(package.ToPackage()).Problems.Select(p => p.Kind).ToHashSet();

        Assert.Equal(
            new HashSet<PackageProblemKind>
            {
                PackageProblemKind.UnknownCategory, PackageProblemKind.PassMarkOutOfRange, PackageProblemKind.CorrectOutOfRange,
                PackageProblemKind.LessonFileMissing, PackageProblemKind.LessonEmpty,
            },
            kinds);
    }

    private static byte[] Zip(Dictionary<string, byte[]> files)
    {
        using var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, content) in files)
            {
                using var entry = zip.CreateEntry(path).Open();
                entry.Write(content);
            }
        }
        return buffer.ToArray();
    }
}
