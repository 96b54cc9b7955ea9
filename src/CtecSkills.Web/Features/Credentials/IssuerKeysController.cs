using System.Globalization;
using CtecSkills.Core.Credentials;
using CtecSkills.Core.Organizations;
using CtecSkills.Core.Regions;
using CtecSkills.Web.Infrastructure;
using Hangfire;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CtecSkills.Web.Features.Credentials;

/// <summary>
/// Admins see each issuer's public keys, rotate them, mark one compromised from a moment on and have what it signed
/// re-issued with the current key; private keys never appear here.
/// </summary>
[Authorize(Policy = Policies.Admin), Route("admin/issuers")]
public sealed class IssuerKeysController(
    IssuerKeyStore keys, CredentialReissuer reissuer, TrainingBaseService bases, IBackgroundJobClient jobs, TimeProvider clock,
    IStringLocalizer<SharedResource> text) : Controller
{
    /// <summary>The form's moment: a Beijing wall-clock time as a datetime-local field sends it (to the second with step="1").</summary>
    public const string MomentFormat = "yyyy-MM-dd'T'HH:mm:ss";

    private static readonly string[] MomentFormats = [MomentFormat, "yyyy-MM-dd'T'HH:mm"];

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await ModelAsync(null, ct));

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

    [HttpPost("{id:int}/keys/{keyId:int}/compromise"), ValidateAntiForgeryToken]
    public async Task<IActionResult> Compromise(int id, int keyId, string? from, string? reason, CancellationToken ct)
    {
        KeyCompromiseResult result;
        if (!DateTime.TryParseExact(from, MomentFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            result = KeyCompromiseResult.MomentInvalid;
        }
        else
        {
            var moment = new DateTimeOffset(local, BeijingTime.Offset);
            result = await keys.MarkCompromisedAsync(id, keyId, moment, reason, User.UserId(), ct);
        }
        if (result == KeyCompromiseResult.NotFound)
        {
            return NotFound();
        }
        if (result != KeyCompromiseResult.Done)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(nameof(Index), await ModelAsync(new IssuerKeysViewModel.Problem(keyId, "IssuerKeys.Problem." + result, from, reason), ct));
        }
        TempData["notice"] = text["IssuerKeys.Compromised"].Value;
        return Redirect($"/admin/issuers#key-{keyId}");
    }

    [HttpPost("{id:int}/keys/{keyId:int}/reissue"), ValidateAntiForgeryToken]
    public async Task<IActionResult> Reissue(int id, int keyId, CancellationToken ct)
    {
        var userId = User.UserId();
        if (await reissuer.StartAsync(id, keyId, userId, ct) is not { } count)
        {
            return NotFound();
        }
        jobs.Enqueue<CredentialReissuer>(r => r.ReissueAsync(keyId, userId, CancellationToken.None));
        TempData["notice"] = text["IssuerKeys.ReissueStarted", count].Value;
        return Redirect($"/admin/issuers#key-{keyId}");
    }

    private async Task<IssuerKeysViewModel> ModelAsync(IssuerKeysViewModel.Problem? problem, CancellationToken ct)
    {
        var list = new List<IssuerKeysViewModel.Issuer>();
        foreach (var b in await bases.ListAsync(User.BaseActor(), ct))
        {
            list.Add(new(b.Id, b.Name, await keys.ListAsync(b.Id, ct)));
        }
        var now = clock.GetUtcNow().ToOffset(BeijingTime.Offset).ToString(MomentFormat, CultureInfo.InvariantCulture);
        return new IssuerKeysViewModel(list, now, problem);
    }
}

/// <param name="Now">The current Beijing time in the form's format, the moment field's default.</param>
/// <param name="Failed">The compromise form that was refused, with its message key and what the admin typed.</param>
public sealed record IssuerKeysViewModel(IReadOnlyList<IssuerKeysViewModel.Issuer> Issuers, string Now, IssuerKeysViewModel.Problem? Failed)
{
    public sealed record Issuer(int Id, string Name, IReadOnlyList<IssuerKeySummary> Keys);

    public sealed record Problem(int KeyId, string Message, string? From, string? Reason);
}
