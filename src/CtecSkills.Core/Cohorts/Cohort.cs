using CtecSkills.Core.Accounts;
using CtecSkills.Core.Catalog;
using CtecSkills.Core.Organizations;

namespace CtecSkills.Core.Cohorts;

/// <summary>A course run at one training base: in-person sessions or online only, with places and an enrollment window.</summary>
public sealed class Cohort
{
    public int Id { get; set; }
    public int CourseId { get; set; }
    public Course? Course { get; set; }
    public int TrainingBaseId { get; set; }
    public TrainingBase? TrainingBase { get; set; }
    public required string Name { get; set; }
    public bool OnlineOnly { get; set; }
    public int Capacity { get; set; }

    /// <summary>First and last day (Beijing time) on which learners may enroll.</summary>
    public DateOnly EnrollmentOpensOn { get; set; }
    public DateOnly EnrollmentClosesOn { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<CohortSession> Sessions { get; } = [];
    public List<Enrollment> Enrollments { get; } = [];

    public bool IsOpenOn(DateOnly day) => EnrollmentOpensOn <= day && day <= EnrollmentClosesOn;
}

public sealed class CohortSession
{
    public int Id { get; set; }
    public int CohortId { get; set; }
    public Cohort? Cohort { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    public required string Place { get; set; }
    public double Hours { get; set; }
}

public enum EnrollmentStatus
{
    Enrolled,
    Waitlisted,
    Withdrawn,
}

public enum EnrollmentSource
{
    Self,
    Staff,
    Roster,
}

/// <summary>One learner in one cohort (a unique index keeps it one).</summary>
public sealed class Enrollment
{
    public int Id { get; set; }
    public int CohortId { get; set; }
    public Cohort? Cohort { get; set; }

    /// <summary>The learner; null once they erased their account (the seat stays, anonymous, in past rosters).</summary>
    public string? UserId { get; set; }
    public AppUser? User { get; set; }
    public EnrollmentStatus Status { get; set; }
    public EnrollmentSource Source { get; set; }
    public DateTimeOffset? EnrolledAt { get; set; }
    public DateTimeOffset? WaitlistedAt { get; set; }
    public DateTimeOffset? WithdrawnAt { get; set; }

    /// <summary>Set once, by the conditional update that completes the enrollment; never cleared.</summary>
    public DateTimeOffset? CompletedAt { get; set; }
    public CompletionMethod? CompletionMethod { get; set; }

    /// <summary>Last lesson read, quiz submitted or check-in: what the at-risk flag and the inactivity nudge look at.</summary>
    public DateTimeOffset? LastActivityAt { get; set; }
}

public enum CompletionMethod
{
    /// <summary>The course's completion rule was met.</summary>
    Rule,

    /// <summary>Staff completed it by hand, with a reason in the audit log.</summary>
    Manual,
}
