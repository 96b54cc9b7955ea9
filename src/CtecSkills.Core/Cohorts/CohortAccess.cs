using CtecSkills.Core.Organizations;

namespace CtecSkills.Core.Cohorts;

/// <summary>The tenancy rule (<see cref="BaseAccess"/>) for cohorts and what belongs to a cohort: its classes and enrollments.</summary>
public static class CohortAccess
{
    public static IQueryable<Cohort> ManagedBy(this IQueryable<Cohort> cohorts, BaseActor actor) =>
        cohorts.ManagedBy(c => c.TrainingBase, actor);

    public static IQueryable<CohortSession> ManagedBy(this IQueryable<CohortSession> sessions, BaseActor actor) =>
        sessions.ManagedBy(s => s.Cohort!.TrainingBase, actor);

    public static IQueryable<Enrollment> ManagedBy(this IQueryable<Enrollment> enrollments, BaseActor actor) =>
        enrollments.ManagedBy(e => e.Cohort!.TrainingBase, actor);
}
