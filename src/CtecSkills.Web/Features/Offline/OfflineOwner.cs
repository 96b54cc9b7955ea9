using System.Security.Claims;
using CtecSkills.Core.Analytics;
using CtecSkills.Web.Infrastructure;

namespace CtecSkills.Web.Features.Offline;

/// <summary>
/// The opaque tag of the signed-in account that the service worker files saved pages and queued steps under
/// (docs/decisions/0028): a keyed HMAC of the account id under the pseudonym secret, in its own domain, so that it is
/// neither the id nor the phone, and cannot be linked to the anonymized facts' pseudonym without the secret.
/// </summary>
public sealed class OfflineOwner(LearnerPseudonym pseudonym)
{
    /// <summary>The response header every page for a signed-in account carries (none when signed out).</summary>
    public const string Header = "Ctec-Owner";

    public string? Of(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? pseudonym.Of("offline-owner:" + user.UserId())[..32] : null;

    /// <summary>Tags every response of a signed-in account, so that the worker sees whose pages it is saving.</summary>
    public static void Use(IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (context.RequestServices.GetRequiredService<OfflineOwner>().Of(context.User) is { } owner)
        {
            context.Response.Headers[Header] = owner;
        }
        return next();
    });
}
