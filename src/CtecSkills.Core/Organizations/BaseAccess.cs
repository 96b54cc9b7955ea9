using System.Linq.Expressions;

namespace CtecSkills.Core.Organizations;

/// <summary>
/// A person who acts on bases: an admin sees every base, staff only the bases they belong to. Anything outside
/// that is reported as not found, so staff cannot even learn which other bases exist.
/// </summary>
public sealed record BaseActor(string UserId, bool IsAdmin);

/// <summary>
/// The tenancy rule, written once: what a <see cref="BaseActor"/> may see and change is the data of the bases they
/// manage (every base for an admin). Staff see and change the same set; where staff may change only part of a record
/// (a base's name is the admin's), the owning service says so. Each aggregate that belongs to a base has one
/// <c>ManagedBy</c> extension in its feature, built on <see cref="ManagedBy{T}"/>.
/// </summary>
public static class BaseAccess
{
    public static IQueryable<TrainingBase> ManagedBy(this IQueryable<TrainingBase> bases, BaseActor actor) =>
        bases.ManagedBy(b => b, actor);

    /// <summary>Narrows <paramref name="records"/> to those whose base (reached by <paramref name="baseOf"/>) the actor manages.</summary>
    public static IQueryable<T> ManagedBy<T>(this IQueryable<T> records, Expression<Func<T, TrainingBase?>> baseOf, BaseActor actor)
    {
        ArgumentNullException.ThrowIfNull(baseOf);
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.IsAdmin)
        {
            return records;
        }
        var userId = actor.UserId;
        Expression<Func<TrainingBase?, bool>> isMember = b => b!.Members.Any(m => m.UserId == userId);
        var body = new Substitute(isMember.Parameters[0], baseOf.Body).Visit(isMember.Body);
        return records.Where(Expression.Lambda<Func<T, bool>>(body, baseOf.Parameters));
    }

    private sealed class Substitute(ParameterExpression parameter, Expression replacement) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == parameter ? replacement : node;
    }
}
