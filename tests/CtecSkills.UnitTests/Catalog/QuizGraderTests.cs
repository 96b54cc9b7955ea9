using CtecSkills.Core.Catalog;

namespace CtecSkills.UnitTests.Catalog;

public sealed class QuizGraderTests
{
    private static readonly Question[] Questions =
    [
        new() { Type = QuestionType.SingleChoice, Text = "单选", Options = ["甲", "乙", "丙"], Correct = [1] },
        new() { Type = QuestionType.MultipleChoice, Text = "多选", Options = ["甲", "乙", "丙", "丁"], Correct = [0, 2] },
        new() { Type = QuestionType.TrueFalse, Text = "判断", Correct = [1] },
    ];

    [Fact]
    public void Grade_AllRight_Scores100AndPasses()
    {
        var grade = QuizGrader.Grade(Questions, [[1], [2, 0], [1]], passMark: 60);

        Assert.Equal(new[] { true, true, true }, grade.Right);
        Assert.Equal(100, grade.Score);
        Assert.True(grade.Passed);
    }

    [Fact]
    public void Grade_SingleChoiceWrong_CountsWrong()
    {
        Assert.False(QuizGrader.Grade(Questions, [[0], [0, 2], [1]], 60).Right[0]);
    }

    [Theory]
    [InlineData(new[] { 0 })]
    [InlineData(new[] { 0, 2, 3 })]
    [InlineData(new int[0])]
    public void Grade_MultipleChoiceNotExactlyTheRightSet_CountsWrong(int[] chosen)
    {
        var grade = QuizGrader.Grade(Questions, [[1], chosen, [1]], 60);

        Assert.False(grade.Right[1]);
        Assert.Equal(67, grade.Score);
    }

    [Fact]
    public void Grade_TrueFalseWrong_CountsWrong()
    {
        Assert.False(QuizGrader.Grade(Questions, [[1], [0, 2], [0]], 60).Right[2]);
    }

    [Fact]
    public void Grade_ScoreBelowPassMark_Fails()
    {
        var grade = QuizGrader.Grade(Questions, [[1], [0], [0]], passMark: 60);

        Assert.Equal(33, grade.Score);
        Assert.False(grade.Passed);
    }

    [Fact]
    public void Grade_ScoreEqualToPassMark_Passes()
    {
        var twoQuestions = Questions[..2];

        var grade = QuizGrader.Grade(twoQuestions, [[1], [3]], passMark: 50);

        Assert.Equal(50, grade.Score);
        Assert.True(grade.Passed);
    }

    [Fact]
    public void Grade_UnansweredQuestions_CountWrong()
    {
        Assert.Equal(0, QuizGrader.Grade(Questions, [], 60).Score);
    }
}
