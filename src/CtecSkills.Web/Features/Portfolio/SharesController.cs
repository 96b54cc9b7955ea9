using CtecSkills.Core.Credentials;
using CtecSkills.Core.Portfolio;
using CtecSkills.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CtecSkills.Web.Features.Portfolio;

/// <summary>The learner's share links: make one from chosen credentials and courses, see who looked, revoke it.</summary>
[Authorize(Policy = Policies.Learner), Route("me/shares")]
public sealed class SharesController(PortfolioShareService shares, CredentialUrls urls, IStringLocalizer<SharedResource> text) : Controller
{
    // The new link's token rides to the next page in the (encrypted, one-read) TempData cookie: the only place it exists
    // after the POST, since only its hash is stored.
    private const string NewTokenKey = "new-share-token";

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => await PageAsync(new ShareForm(), null, ct);

    [HttpPost(""), ValidateAntiForgeryToken]
    public async Task<IActionResult> Create(ShareForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        var result = ModelState.IsValid
            ? await shares.CreateAsync(User.UserId(), form.ToInput(), ct)
            : new CreateShareResult(null, form.BindingError(ModelState));
        if (result.ShareId is not { } id)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await PageAsync(form, text["Share.Error." + result.Error, PortfolioShareService.LabelLength, PortfolioShareService.MaxActiveShares].Value, ct);
        }
        TempData["notice"] = text["Share.Created"].Value;
        TempData[NewTokenKey] = result.Token;
        return Redirect("/me/shares#new-link");
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Details(int id, CancellationToken ct)
    {
        var share = await shares.FindForLearnerAsync(User.UserId(), id, ct);
        return share is null ? NotFound() : View(new ShareDetailsViewModel(share, urls));
    }

    [HttpPost("{id:int}/revoke"), ValidateAntiForgeryToken]
    public async Task<IActionResult> Revoke(int id, CancellationToken ct)
    {
        if (!await shares.RevokeAsync(User.UserId(), id, ct))
        {
            return NotFound();
        }
        TempData["notice"] = text["Share.Revoked"].Value;
        return Redirect($"/me/shares#share-{id}");
    }

    private async Task<IActionResult> PageAsync(ShareForm form, string? error, CancellationToken ct) =>
        View(nameof(Index), new SharesPageViewModel(
            await shares.ShareableAsync(User.UserId(), ct), await shares.ListForLearnerAsync(User.UserId(), ct), urls, form, error)
        {
            NewLink = TempData[NewTokenKey] is string token ? urls.Share(token) : null,
        });
}
