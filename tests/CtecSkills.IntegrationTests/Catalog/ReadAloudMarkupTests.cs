using CtecSkills.IntegrationTests.Infrastructure;

namespace CtecSkills.IntegrationTests.Catalog;

/// <summary>
/// What the server sends for read-aloud: a hidden "listen" button per lesson and per quiz question, pointing at the
/// text it reads, and the one script that may reveal it (the browser side is tested end to end).
/// </summary>
public sealed class ReadAloudMarkupTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    [Fact]
    public async Task Quiz_EachQuestion_HasAHiddenListenButtonForItsOwnText()
    {
        await app.EnsureCourseAsync();
        using var learner = await app.SignedInAsLearnerAsync();

        var page = await CtecSkillsApp.GetPageAsync(learner, $"/courses/{CtecSkillsApp.TestCourseSlug}/quiz");

        var questions = page.Document.QuerySelectorAll("fieldset.question");
        Assert.Equal(3, questions.Length);
        foreach (var question in questions)
        {
            var listen = Assert.Single(question.QuerySelectorAll("button[data-listen]"));
            Assert.True(listen.HasAttribute("hidden"));
            Assert.Equal("button", listen.GetAttribute("type"));
            Assert.Equal(question.Id, listen.GetAttribute("data-listen"));
            Assert.Equal("zh-CN", listen.GetAttribute("data-lang"));
        }
        Assert.NotNull(page.Document.QuerySelector("script[src^='/js/read-aloud.js'][defer]"));
    }

    [Fact]
    public async Task Lesson_Anonymous_HasAHiddenListenButtonForTitleAndText()
    {
        await app.EnsureCourseAsync();
        using var browser = app.CreateBrowserClient();

        var page = await CtecSkillsApp.GetPageAsync(browser, $"/courses/{CtecSkillsApp.TestCourseSlug}/lessons/1");

        var listen = Assert.Single(page.Document.QuerySelectorAll("button[data-listen]"));
        Assert.True(listen.HasAttribute("hidden"));
        Assert.Equal("朗读", listen.TextContent.Replace("🔊", "", StringComparison.Ordinal).Trim());
        foreach (var id in listen.GetAttribute("data-listen")!.Split(' '))
        {
            Assert.NotNull(page.Document.GetElementById(id));
        }
        Assert.Equal("zh-CN", page.Document.GetElementById("lesson-text")!.GetAttribute("lang"));
        Assert.NotNull(page.Document.QuerySelector("script[src^='/js/read-aloud.js'][defer]"));
    }
}
