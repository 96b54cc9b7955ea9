namespace CtecSkills.Core.Catalog;

public enum QuestionType
{
    SingleChoice,
    MultipleChoice,
    TrueFalse,
}

public sealed class Quiz
{
    public int Id { get; set; }
    public int CourseId { get; set; }
    public required string Title { get; set; }

    /// <summary>Lowest score (0–100) that passes.</summary>
    public int PassMark { get; set; }
    public int MaxAttempts { get; set; }
    public List<Question> Questions { get; } = [];
}

public sealed class Question
{
    public int Id { get; set; }
    public int QuizId { get; set; }

    /// <summary>1-based position within the quiz.</summary>
    public int Position { get; set; }
    public QuestionType Type { get; set; }
    public required string Text { get; set; }

    /// <summary>Answer texts; empty for a true/false question that uses the platform's own "true" and "false" words.</summary>
    public List<string> Options { get; init; } = [];

    /// <summary>0-based indexes of the right options (for true/false: 0 = true, 1 = false).</summary>
    public List<int> Correct { get; init; } = [];
    public string? Feedback { get; set; }

    /// <summary>The course-wide number of the lesson that teaches the answer: after a wrong answer the learner is sent to reread it.</summary>
    public int? LessonNumber { get; set; }

    public int OptionCount => Type == QuestionType.TrueFalse && Options.Count == 0 ? 2 : Options.Count;
}

/// <summary>One submitted attempt; the number is unique per learner and quiz so that two racing submits cannot exceed the limit.</summary>
public sealed class QuizAttempt
{
    public long Id { get; set; }
    public int QuizId { get; set; }
    public Quiz? Quiz { get; set; }
    public required string UserId { get; set; }
    public int Number { get; set; }
    public int Score { get; set; }
    public bool Passed { get; set; }

    /// <summary>The chosen option indexes per question, as JSON (<c>[[1],[0,2],[]]</c>).</summary>
    public required string Answers { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
}

/// <summary>A learner opened a lesson; the first time counts as read.</summary>
public sealed class LessonProgress
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public int LessonId { get; set; }
    public Lesson? Lesson { get; set; }
    public DateTimeOffset FirstReadAt { get; set; }
}
