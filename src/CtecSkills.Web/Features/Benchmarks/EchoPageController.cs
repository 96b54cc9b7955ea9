using CtecSkills.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace CtecSkills.Web.Features.Benchmarks;

/// <summary>
/// The baseline of the <c>/verify/{code}</c> page: the same route shape, rate-limit policy, layout, localization and
/// Razor rendering, with <c>bytes</c> bytes of text in the page body instead of a verification.
/// </summary>
[Route("echo"), EnableRateLimiting(RateLimits.Verify)]
public sealed class EchoPageController : Controller
{
    [HttpGet("{code}")]
    public IActionResult Code(string code, [FromQuery] int bytes)
    {
        if (bytes is < 0 or > EchoApiController.MaxBytes)
        {
            return BadRequest();
        }
        return View("Index", new EchoPageViewModel(code, bytes));
    }
}

/// <summary>The code as asked for and how many bytes of filler text the page body carries.</summary>
public sealed record EchoPageViewModel(string Code, int Bytes)
{
    /// <summary>
    /// <paramref name="sentence"/> repeated while it fits, then ASCII dots, so the UTF-8 text is exactly
    /// <see cref="Bytes"/> bytes (a sentence in Chinese, as the verify page's text mostly is).
    /// </summary>
    public string Filler(string sentence)
    {
        var each = System.Text.Encoding.UTF8.GetByteCount(sentence);
        var whole = each == 0 ? 0 : Bytes / each;
        return string.Concat(Enumerable.Repeat(sentence, whole)) + new string('.', Bytes - (whole * each));
    }
}
