using System.Net;
using CtecSkills.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.IntegrationTests.Catalog;

/// <summary>
/// The test course's quiz: Q1 single (right: 0), Q2 multiple (right: 0 and 1), Q3 true/false (right: 1 = false);
/// pass mark 60, two attempts.
/// </summary>
public sealed class QuizTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    private static readonly string QuizUrl = $"/courses/{CtecSkillsApp.TestCourseSlug}/quiz";

    [Fact]
    public async Task Quiz_Anonymous_IsSentToSignIn()
    {
        await app.EnsureCourseAsync();
        using var browser = app.CreateBrowserClient();

        using var response = await browser.GetAsync(QuizUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/phone", new Uri(new Uri("http://localhost"), response.Headers.Location!).AbsolutePath);
    }

    [Fact]
    public async Task Quiz_ShowsRadiosCheckboxesAndTrueFalse()
    {
        await app.EnsureCourseAsync();
        using var learner = await app.SignedInAsLearnerAsync();

        var page = await CtecSkillsApp.GetPageAsync(learner, QuizUrl);

        Assert.Equal(3, page.Document.QuerySelectorAll("input[name=q0][type=radio]").Length);
        Assert.Equal(4, page.Document.QuerySelectorAll("input[name=q1][type=checkbox]").Length);
        Assert.Equal(2, page.Document.QuerySelectorAll("input[name=q2][type=radio]").Length);
        Assert.Contains("对", page.Document.QuerySelectorAll("fieldset")[2].TextContent);
        Assert.Contains("错", page.Document.QuerySelectorAll("fieldset")[2].TextContent);
    }

    [Fact]
    public async Task Quiz_AllRight_PassesWithFeedbackAndIsStored()
    {
        await app.EnsureCourseAsync();
        using var learner = await app.SignedInAsLearnerAsync();
        var userId = await CatalogBrowsingTests.UserIdOfAsync(app, learner);
        var form = (await CtecSkillsApp.GetPageAsync(learner, QuizUrl)).Form(QuizUrl)
            .Set("q0", "0").Set("q1", "0").Add("q1", "1").Set("q2", "1");

        var result = await CtecSkillsApp.SubmitAndFollowAsync(learner, form);

        Assert.Contains("得分：100 分", result.Text);
        Assert.Contains("通过了", result.Text);
        Assert.Contains("付款码是付钱用的", result.Text);
        var attempt = await app.QueryAsync(db => db.QuizAttempts.SingleAsync(a => a.UserId == userId));
        Assert.Equal((100, true, 1), (attempt.Score, attempt.Passed, attempt.Number));
    }

    [Fact]
    public async Task Quiz_MultipleChoiceWithOneExtraBox_CountsThatQuestionWrong()
    {
        await app.EnsureCourseAsync();
        using var learner = await app.SignedInAsLearnerAsync();
        var form = (await CtecSkillsApp.GetPageAsync(learner, QuizUrl)).Form(QuizUrl)
            .Set("q0", "0").Set("q1", "0").Add("q1", "1").Add("q1", "2").Set("q2", "1");

        var result = await CtecSkillsApp.SubmitAndFollowAsync(learner, form);

        Assert.Contains("得分：67 分", result.Text);
        Assert.Contains("通过了", result.Text);
        var wrong = result.Document.QuerySelectorAll("section.question").Single(s => s.TextContent.Contains("答错了", StringComparison.Ordinal));
        Assert.Contains("扫码付钱前要看清哪些", wrong.TextContent);
        Assert.Contains("正确答案", wrong.TextContent);
    }

    [Fact]
    public async Task Attempt_FailedWithAttemptsLeft_NamesWrongQuestionsAndLessonsToRereadButNotTheAnswers()
    {
        await app.EnsureCourseAsync();
        using var learner = await app.SignedInAsLearnerAsync();
        var wrongAnswers = (await CtecSkillsApp.GetPageAsync(learner, QuizUrl)).Form(QuizUrl).Set("q0", "1").Set("q2", "1");

        var first = await CtecSkillsApp.SubmitAndFollowAsync(learner, wrongAnswers);

        Assert.Contains("还没通过", first.Text);
        var sections = first.Document.QuerySelectorAll("section.question");
        Assert.Contains("答错了", sections[0].TextContent);
        Assert.Contains("答错了", sections[1].TextContent);
        Assert.Contains("答对了", sections[2].TextContent);
        var reread = first.Document.QuerySelectorAll("section.question a").Select(a => (a.GetAttribute("href"), a.TextContent.Trim())).ToList();
        Assert.Equal(
            [($"/courses/{CtecSkillsApp.TestCourseSlug}/lessons/1", "第 1 课 付款码和收款码"), ($"/courses/{CtecSkillsApp.TestCourseSlug}/lessons/2", "第 2 课 付钱前看三样")],
            reread);
        // Neither the right options nor the explanations, which give them away, while an attempt is left.
        Assert.DoesNotContain("正确答案：", first.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("付款码是付钱用的", first.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("付钱前先看收款人名字", first.Text, StringComparison.Ordinal);
        Assert.Contains("正确答案会在您通过测验或用完全部答题次数后显示", first.Text, StringComparison.Ordinal);

        // After the last attempt the answers show, on the new attempt and on the earlier one.
        var last = await CtecSkillsApp.SubmitAndFollowAsync(learner, wrongAnswers);
        Assert.Contains("用完了全部 2 次", last.Text);
        Assert.Contains("正确答案：", last.Text, StringComparison.Ordinal);
        Assert.Contains("付款码是付钱用的", last.Text, StringComparison.Ordinal);
        var again = await CtecSkillsApp.GetPageAsync(learner, first.Url.PathAndQuery);
        Assert.Contains("正确答案：", again.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quiz_AfterMaxAttempts_RefusesWithClearMessageAndStoresNothingMore()
    {
        await app.EnsureCourseAsync();
        using var learner = await app.SignedInAsLearnerAsync();
        var userId = await CatalogBrowsingTests.UserIdOfAsync(app, learner);
        var wrongAnswers = (await CtecSkillsApp.GetPageAsync(learner, QuizUrl)).Form(QuizUrl).Set("q0", "1").Set("q2", "0");

        var first = await CtecSkillsApp.SubmitAndFollowAsync(learner, wrongAnswers);
        var second = await CtecSkillsApp.SubmitAndFollowAsync(learner, wrongAnswers);
        var third = await CtecSkillsApp.SubmitAndFollowAsync(learner, wrongAnswers);

        Assert.Contains("还没通过", first.Text);
        Assert.Contains("您还有 1 次机会", first.Text);
        Assert.Contains("用完了全部 2 次", second.Text);
        Assert.Equal(QuizUrl, third.Path);
        Assert.Contains("答题机会已经用完", third.Text);
        Assert.Empty(third.Document.QuerySelectorAll($"form[action='{QuizUrl}']"));
        Assert.Equal(2, await app.QueryAsync(db => db.QuizAttempts.CountAsync(a => a.UserId == userId)));
    }

    [Fact]
    public async Task Attempt_OfAnotherLearner_Returns404()
    {
        await app.EnsureCourseAsync();
        using var owner = await app.SignedInAsLearnerAsync();
        var form = (await CtecSkillsApp.GetPageAsync(owner, QuizUrl)).Form(QuizUrl).Set("q0", "0");
        using var submitted = await CtecSkillsApp.SubmitAsync(owner, form);
        var attemptUrl = submitted.Headers.Location!.OriginalString;
        using var other = await app.SignedInAsLearnerAsync();

        using var response = await other.GetAsync(attemptUrl);

        Assert.Contains("/quiz/attempts/", attemptUrl, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync(attemptUrl)).StatusCode);
    }

    [Fact]
    public async Task Quiz_PostWithoutAntiforgeryToken_IsRefusedAndStoresNothing()
    {
        await app.EnsureCourseAsync();
        using var learner = await app.SignedInAsLearnerAsync();
        var userId = await CatalogBrowsingTests.UserIdOfAsync(app, learner);
        var form = (await CtecSkillsApp.GetPageAsync(learner, QuizUrl)).Form(QuizUrl).Set("q0", "0").Remove(HtmlForm.TokenField);

        using var response = await CtecSkillsApp.SubmitAsync(learner, form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await app.QueryAsync(db => db.QuizAttempts.CountAsync(a => a.UserId == userId)));
    }
}
