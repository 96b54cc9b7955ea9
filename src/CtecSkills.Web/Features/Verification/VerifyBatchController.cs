using CtecSkills.Core.Seeding;
using CtecSkills.Core.Verification;
using CtecSkills.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CtecSkills.Web.Features.Verification;

/// <summary>An approved HR verifier uploads a CSV of codes and gets a summary and a result CSV.</summary>
[Authorize(Policy = Policies.Verifier), Route("verify/batch")]
public sealed class VerifyBatchController(
    BatchVerificationService batches, IStringLocalizer<SharedResource> text, TimeProvider clock, IOptions<SeedOptions> seed) : Controller
{
    public const string SampleFileName = "demo-codes.csv";

    [HttpGet("")]
    public IActionResult Index() => View(new BatchUploadViewModel(null, seed.Value.Showcase));

    /// <summary>The demo's sample file: one code of each kind and one that does not exist (Seed:Showcase only).</summary>
    [HttpGet(SampleFileName)]
    public async Task<IActionResult> Sample([FromServices] DemoShowcaseSeeder showcase, CancellationToken ct) =>
        seed.Value.Showcase && await showcase.SampleBatchCsvAsync(ct) is { } csv
            ? File(csv, "text/csv; charset=utf-8", SampleFileName)
            : NotFound();

    /// <remarks>
    /// The answer is the summary page with the whole result CSV inside its download link (a <c>data:</c> URL with a
    /// <c>download</c> name). A clerk at a desktop expects to upload once, see at a glance how many came out valid or
    /// not, and then save the file for Excel; a second request would have to upload the file again (a browser
    /// cannot resubmit a chosen file), verifying and logging every code twice, or keep the results on the server
    /// between requests, which would store what verifiers must not keep and break on a second web node. The link
    /// works without JavaScript; 1,000 rows add about 300 KB to the page.
    /// </remarks>
    [HttpPost(""), ValidateAntiForgeryToken, EnableRateLimiting(RateLimits.VerifyBatch), RequestSizeLimit(BatchCodeFile.MaxBytes + 100_000)]
    public async Task<IActionResult> Index(IFormFile? file, CancellationToken ct)
    {
        // Empty and over-size files are refused by BatchCodeFile like every other bad file; the request size limit above
        // keeps what is read into memory bounded.
        if (file is null)
        {
            return View(new BatchUploadViewModel(BatchFileProblem.Empty, seed.Value.Showcase));
        }
        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, ct);
        var result = await batches.VerifyFileAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), User.UserId(), ct);
        return result.Problem is { } problem
            ? View(new BatchUploadViewModel(problem, seed.Value.Showcase))
            : View("Result", BatchResultViewModel.From(result, text, clock.GetUtcNow()));
    }
}
