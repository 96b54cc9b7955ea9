using CtecSkills.Core.Organizations;

namespace CtecSkills.Core.Catalog;

/// <summary>The tenancy rule (<see cref="BaseAccess"/>) for courses, which belong to the base that owns them, and for offerings.</summary>
public static class CatalogAccess
{
    public static IQueryable<Course> ManagedBy(this IQueryable<Course> courses, BaseActor actor) =>
        courses.ManagedBy(c => c.OwnerBase, actor);

    public static IQueryable<CourseOffering> ManagedBy(this IQueryable<CourseOffering> offerings, BaseActor actor) =>
        offerings.ManagedBy(o => o.TrainingBase, actor);
}
