using CtecSkills.Core.Organizations;
using CtecSkills.Web.Infrastructure;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace CtecSkills.Web.Features.Home;

public sealed class HomeController(TrainingBaseService bases) : Controller
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
    public IActionResult SetCulture(string culture, string? returnUrl)
    {
        if (ServiceRegistration.Cultures.Any(c => c.Name == culture))
        {
            Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
        }
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }
}

public sealed record HomeViewModel(IReadOnlyList<TrainingBase> Bases);
