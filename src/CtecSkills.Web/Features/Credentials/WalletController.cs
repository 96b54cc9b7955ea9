using System.Text;
using CtecSkills.Core.Credentials;
using CtecSkills.Core.Text;
using CtecSkills.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CtecSkills.Web.Features.Credentials;

/// <summary>The learner's credentials: QR and code to show, and the files to take along (OB 3.0 JSON, JWS, PDF).</summary>
[Authorize(Policy = Policies.Learner), Route(CredentialUrls.WalletRoute)]
public sealed class WalletController(CredentialService credentials, CredentialUrls urls, IStringLocalizer<SharedResource> text) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) =>
        View(new WalletViewModel(await credentials.ListForLearnerAsync(User.UserId(), ct), urls));

    /// <summary>"核验时显示我的全名": the verify pages and API show the holder's full name, or mask it (the default).</summary>
    [HttpPost("{code}/holder-name"), ValidateAntiForgeryToken]
    public async Task<IActionResult> HolderName(string code, bool showFullName, CancellationToken ct)
    {
        if (!await credentials.SetHolderNamePublicAsync(User.UserId(), code, showFullName, ct))
        {
            return NotFound();
        }
        TempData["notice"] = text[showFullName ? "Wallet.FullNameOn" : "Wallet.FullNameOff"].Value;
        return Redirect($"/me/credentials#c-{code}");
    }

    [HttpGet("{code}/qr.svg")]
    public async Task<IActionResult> Qr(string code, CancellationToken ct)
    {
        var credential = await credentials.FindForLearnerAsync(User.UserId(), code, ct);
        if (credential is null)
        {
            return NotFound();
        }
        Response.Headers.CacheControl = "private, max-age=86400";
        return Content(QrCodes.Svg(urls.Verify(credential.VerificationCode).AbsoluteUri), "image/svg+xml", Encoding.UTF8);
    }

    [HttpGet("{code}/credential.json")]
    public Task<IActionResult> Json(string code, CancellationToken ct) =>
        DownloadAsync(code, c => (Encoding.UTF8.GetBytes(c.CredentialJson), "application/json", "json"), ct);

    [HttpGet("{code}/credential.jwt")]
    public Task<IActionResult> Jws(string code, CancellationToken ct) =>
        DownloadAsync(code, c => (Encoding.ASCII.GetBytes(c.Jws), "application/vc+jwt", "jwt"), ct);

    [HttpGet("{code}/certificate.pdf")]
    public async Task<IActionResult> Pdf(string code, CancellationToken ct)
    {
        var summary = (await credentials.ListForLearnerAsync(User.UserId(), ct)).FirstOrDefault(c => c.Code == code);
        if (summary is null)
        {
            return NotFound();
        }
        return File(CertificatePdf.Render(summary, urls), "application/pdf", $"certificate-{summary.Code}.pdf");
    }

    private async Task<IActionResult> DownloadAsync(string code, Func<IssuedCredential, (byte[] Bytes, string Type, string Extension)> form, CancellationToken ct)
    {
        var credential = await credentials.FindForLearnerAsync(User.UserId(), code, ct);
        if (credential is null)
        {
            return NotFound();
        }
        var (bytes, type, extension) = form(credential);
        return File(bytes, type, $"credential-{credential.VerificationCode}.{extension}");
    }
}

public sealed record WalletViewModel(IReadOnlyList<CredentialSummary> Credentials, CredentialUrls Urls)
{
    /// <summary>A Beijing-time calendar date, as printed on the certificate.</summary>
    public static string Date(DateTimeOffset instant) =>
        instant.ToOffset(Core.Regions.BeijingTime.Offset).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
