using CtecSkills.Core.Catalog;
using Microsoft.Extensions.Localization;

namespace CtecSkills.Web.Features.Catalog;

public static class QuizText
{
    /// <summary>An option's text; a true/false question without its own words uses the platform's "true"/"false".</summary>
    public static string Option(Question question, int index, IStringLocalizer text) =>
        index < question.Options.Count ? question.Options[index]
        : question.Type == QuestionType.TrueFalse ? text[index == 0 ? "Quiz.True" : "Quiz.False"].Value
        : "";
}
