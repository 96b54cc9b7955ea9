using System.Security.Claims;
using CtecSkills.Core.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;

namespace CtecSkills.Web.Infrastructure;

/// <summary>
/// Puts the version of the privacy notice the person accepted into their sign-in cookie, so the gate needs no database
/// read per request. Written at sign-in, after accepting or withdrawing (the page signs in again), and each time the
/// security stamp is checked (every minute), so another device's step reaches this session soon.
/// </summary>
public sealed class ConsentClaimsPrincipalFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    public const string NoticeVersionClaim = "ctec:notice";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(NoticeVersionClaim, user.PrivacyNoticeVersion ?? ""));
        return identity;
    }
}

/// <summary>
/// Sends a learner whose consent is not for the current notice (never given after a roster import, given to an
/// earlier version, or withdrawn) to the consent page from every page but the few they need to decide: the notice, their
/// data, deleting the account and signing out.
/// </summary>
public sealed class ConsentGateFilter : IAuthorizationFilter
{
    public const string ConsentPath = "/me/consent";

    private static readonly PathString[] Open =
        [ConsentPath, "/privacy", "/account/signout", "/me/data", "/me/delete", "/culture", "/error", "/offline"];

    public void OnAuthorization(AuthorizationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        if (!http.User.IsInRole(Roles.Learner)
            || ConsentService.IsCurrent(http.User.FindFirstValue(ConsentClaimsPrincipalFactory.NoticeVersionClaim))
            || ApiPaths.IsApi(http.Request.Path)
            || Open.Any(p => http.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }
        var back = HttpMethods.IsGet(http.Request.Method) ? http.Request.Path + http.Request.QueryString : "/me";
        context.Result = new RedirectResult(ConsentPath + QueryString.Create("returnUrl", back));
    }
}
