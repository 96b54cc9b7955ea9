using CtecSkills.Core.Accounts;
using CtecSkills.Core.Catalog;
using CtecSkills.Core.Data;
using CtecSkills.Core.Regions;

namespace CtecSkills.Core.Analytics;

/// <summary>Turns a learner, a course and a moment into the anonymized fact the index counts; nothing else about the person goes in.</summary>
public sealed class LearningFacts(LearnerPseudonym pseudonym)
{
    /// <summary>
    /// Adds the fact to the caller's unit of work when the learner's consent stands
    /// (<see cref="ConsentService.AllowsIndex"/>): people a roster registered who have not accepted the notice, and people
    /// who withdrew, are used only to run their class. A later acceptance does not back-fill (ADR 0026).
    /// </summary>
    public void Record(AppDbContext db, FactKind kind, AppUser learner, CourseCategory category, CourseLevel level, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (ConsentService.AllowsIndex(learner))
        {
            db.LearningFacts.Add(Create(kind, learner, category, level, at));
        }
    }

    public LearningFact Create(FactKind kind, AppUser learner, CourseCategory category, CourseLevel level, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(learner);
        var local = at.ToOffset(BeijingTime.Offset);
        return new()
        {
            Kind = kind,
            Period = Period(local),
            LocalityCode = learner.LocalityCode,
            Area = learner.Area,
            TargetGroup = learner.LearnerGroup,
            Gender = learner.Gender,
            AgeBand = Band(learner.BirthYear, local.Year),
            Category = category,
            Level = level,
            Pseudonym = pseudonym.Of(learner.Id),
        };
    }

    public static int Period(DateTimeOffset beijingTime) => beijingTime.Year * 100 + beijingTime.Month;

    public static AgeBand Band(int? birthYear, int year) => (year - birthYear) switch
    {
        null => AgeBand.Unknown,
        < 25 => AgeBand.Under25,
        < 35 => AgeBand.From25To34,
        < 45 => AgeBand.From35To44,
        < 55 => AgeBand.From45To54,
        _ => AgeBand.From55,
    };
}
