using System.Security.Claims;
using CtecSkills.Core.Accounts;
using CtecSkills.Core.Organizations;

namespace CtecSkills.Web.Infrastructure;

public static class ClaimsPrincipalExtensions
{
    public static string UserId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Not signed in.");

    public static BaseActor BaseActor(this ClaimsPrincipal user) => new(user.UserId(), user.IsInRole(Roles.Admin));
}
