using CtecSkills.Core.Credentials;
using CtecSkills.Core.Organizations;
using CtecSkills.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CtecSkills.Web.Features.Credentials;

/// <summary>Admins see each issuer's public keys and rotate them; private keys never appear here.</summary>
[Authorize(Policy = Policies.Admin), Route("admin/issuers")]
public sealed class IssuerKeysController(IssuerKeyStore keys, TrainingBaseService bases, IStringLocalizer<SharedResource> text) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var list = new List<IssuerKeysViewModel.Issuer>();
        foreach (var b in await bases.ListAsync(User.BaseActor(), ct))
        {
            list.Add(new(b.Id, b.Name, await keys.ListAsync(b.Id, ct)));
        }
        return View(new IssuerKeysViewModel(list));
    }

    [HttpPost("{id:int}/rotate"), ValidateAntiForgeryToken]
    public async Task<IActionResult> Rotate(int id, CancellationToken ct)
    {
        if (!await keys.RotateAsync(id, ct))
        {
            return NotFound();
        }
        TempData["notice"] = text["IssuerKeys.Rotated"].Value;
        return Redirect("/admin/issuers");
    }
}

public sealed record IssuerKeysViewModel(IReadOnlyList<IssuerKeysViewModel.Issuer> Issuers)
{
    public sealed record Issuer(int Id, string Name, IReadOnlyList<IssuerKeySummary> Keys);
}
