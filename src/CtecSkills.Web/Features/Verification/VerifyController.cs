using CtecSkills.Core.Credentials;
using CtecSkills.Core.Verification;
using CtecSkills.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace CtecSkills.Web.Features.Verification;

/// <summary>
/// The public verify page, no sign-in: what the QR code opens, and a form for a typed code, a pasted JWS or the
/// credential JSON file. Verifying changes nothing but the log, so the POST answers with the result directly.
/// </summary>
[Route("verify"), EnableRateLimiting(RateLimits.Verify)]
public sealed class VerifyController(CredentialVerifier verifier) : Controller
{
    private const int MaxFileBytes = 200_000;

    [HttpGet("")]
    public IActionResult Index() => View(new VerifyPageViewModel(null, null));

    [HttpGet(CredentialUrls.VerifyRoute)]
    public async Task<IActionResult> Code(string code, CancellationToken ct) =>
        View(nameof(Index), new VerifyPageViewModel(code, await verifier.VerifyCodeAsync(code, Who(), ct)));

    [HttpPost(""), ValidateAntiForgeryToken, RequestSizeLimit(MaxFileBytes + 100_000)]
    public async Task<IActionResult> Index(string? input, IFormFile? file, CancellationToken ct)
    {
        var text = input;
        if (file is { Length: > 0 and <= MaxFileBytes })
        {
            using var reader = new StreamReader(file.OpenReadStream());
            text = await reader.ReadToEndAsync(ct);
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            return View(new VerifyPageViewModel(null, null) { Message = "Verify.EmptyInput" });
        }
        var outcome = await verifier.VerifyTextAsync(text, Who(), ct);
        // Echo only a short code back into the box, never a pasted credential.
        return View(new VerifyPageViewModel(text.Length <= 20 ? text.Trim() : null, outcome));
    }

    private Verifier Who() => new(User.Identity?.IsAuthenticated == true ? User.UserId() : null, "page");
}

public sealed record VerifyPageViewModel(string? Input, VerificationOutcome? Outcome)
{
    public string? Message { get; init; }

    public static string Date(DateTimeOffset instant) => Credentials.WalletViewModel.Date(instant);
}
