namespace CtecSkills.Core.Catalog;

public sealed record QuizGrade(int Score, bool Passed, IReadOnlyList<bool> Right);

/// <summary>Marks answers: a question counts only when exactly the right options are chosen, no more and no fewer.</summary>
public static class QuizGrader
{
    public static QuizGrade Grade(IReadOnlyList<Question> questions, IReadOnlyList<IReadOnlyList<int>> answers, int passMark)
    {
        var right = new List<bool>(questions.Count);
        for (var i = 0; i < questions.Count; i++)
        {
            var chosen = i < answers.Count ? answers[i] : [];
            right.Add(chosen.Distinct().Order().SequenceEqual(questions[i].Correct.Order()));
        }
        var score = questions.Count == 0 ? 0 : (int)Math.Round(100.0 * right.Count(r => r) / questions.Count, MidpointRounding.AwayFromZero);
        return new(score, score >= passMark, right);
    }
}
