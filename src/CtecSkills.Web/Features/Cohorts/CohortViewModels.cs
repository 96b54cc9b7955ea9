using System.ComponentModel.DataAnnotations;
using System.Globalization;
using CtecSkills.Core.Cohorts;
using CtecSkills.Core.Progress;
using CtecSkills.Core.Regions;
using CtecSkills.Web.Infrastructure;

namespace CtecSkills.Web.Features.Cohorts;

public sealed record CohortFormViewModel
{
    /// <summary>"courseId:baseId" of a course the staff member's base offers.</summary>
    [Required(ErrorMessage = "Validation.Required")]
    [Display(Name = "Field.CohortOffering")]
    public string? Offering { get; init; }

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(100, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Field.CohortName")]
    public string? Name { get; init; }

    [Display(Name = "Field.OnlineOnly")]
    public bool OnlineOnly { get; init; }

    [Required(ErrorMessage = "Validation.Required")]
    [Range(1, 10_000, ErrorMessage = "Validation.Range")]
    [Display(Name = "Field.Capacity")]
    public int? Capacity { get; init; }

    [Required(ErrorMessage = "Validation.Required")]
    [Display(Name = "Field.EnrollmentOpensOn")]
    public DateOnly? EnrollmentOpensOn { get; init; }

    [Required(ErrorMessage = "Validation.Required")]
    [Display(Name = "Field.EnrollmentClosesOn")]
    public DateOnly? EnrollmentClosesOn { get; init; }

    public IReadOnlyList<OfferedCourse> Offerings { get; set; } = [];

    public CohortInput? ToInput()
    {
        var parts = (Offering ?? "").Split(':');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var courseId)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var baseId))
        {
            return null;
        }
        return new CohortInput
        {
            CourseId = courseId,
            TrainingBaseId = baseId,
            Name = Name!,
            OnlineOnly = OnlineOnly,
            Capacity = Capacity!.Value,
            EnrollmentOpensOn = EnrollmentOpensOn!.Value,
            EnrollmentClosesOn = EnrollmentClosesOn!.Value,
        };
    }
}

public sealed record SessionFormViewModel
{
    [Required(ErrorMessage = "Validation.Required")]
    [Display(Name = "Field.SessionDate")]
    public DateOnly? Date { get; init; }

    [Required(ErrorMessage = "Validation.Required")]
    [Display(Name = "Field.SessionStarts")]
    public TimeOnly? Starts { get; init; }

    [Required(ErrorMessage = "Validation.Required")]
    [Display(Name = "Field.SessionEnds")]
    public TimeOnly? Ends { get; init; }

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(200, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Field.SessionPlace")]
    public string? Place { get; init; }

    [Required(ErrorMessage = "Validation.Required")]
    [Range(0.5, 24, ErrorMessage = "Validation.Range")]
    [Display(Name = "Field.SessionHours")]
    public double? Hours { get; init; }

    public SessionInput ToInput()
    {
        DateTimeOffset At(TimeOnly time) => new(Date!.Value.ToDateTime(time), BeijingTime.Offset);
        return new SessionInput(At(Starts!.Value), At(Ends!.Value), Place!, Hours!.Value);
    }
}

public sealed record CohortDetailsViewModel(CohortDetails Details, SessionFormViewModel Session, IReadOnlyList<RosterError> RosterErrors)
{
    /// <summary>Progress of each learner with a place, by enrollment id.</summary>
    public IReadOnlyDictionary<int, EnrollmentProgress> Progress { get; init; } = new Dictionary<int, EnrollmentProgress>();

    public DateTimeOffset Now { get; init; }
}

/// <summary>The staff's start page: the classes still to come (check-in one tap away) above every cohort.</summary>
public sealed record CohortListViewModel(IReadOnlyList<UpcomingSession> Upcoming, IReadOnlyList<CohortSummary> Cohorts);
