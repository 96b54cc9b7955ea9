using CtecSkills.Core.Accounts;
using CtecSkills.Core.Organizations;
using CtecSkills.Web.Infrastructure;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace CtecSkills.Web.Features.Home;

public sealed class HomeController(TrainingBaseService bases, AccountService accounts, TimeProvider clock) : Controller
{
    [HttpGet("/")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        return View(new HomeViewModel(await bases.ListPublicAsync(ct)));
    }

    [HttpGet("/privacy")]
    public IActionResult Privacy() => View();

    /// <summary>The language switch: a plain form post, so it works without JavaScript.</summary>
    [HttpPost("/culture")]
    public async Task<IActionResult> SetCulture(string culture, string? returnUrl, CancellationToken ct)
    {
        if (ServiceRegistration.Cultures.Any(c => c.Name == culture))
        {
            if (User.Identity?.IsAuthenticated == true)
            {
                await accounts.SetCultureAsync(User.UserId(), culture, ct);
            }
            Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = clock.GetUtcNow().AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
        }
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }
}

public sealed record HomeViewModel(IReadOnlyList<TrainingBase> Bases);
