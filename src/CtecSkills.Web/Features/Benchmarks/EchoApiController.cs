using System.Text.Json;
using CtecSkills.Web.Features.Verification;
using CtecSkills.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace CtecSkills.Web.Features.Benchmarks;

/// <summary>
/// The baseline of <c>POST /api/v1/verify</c>: the same attributes, rate-limit policy, model binding of the JSON body
/// and JSON output formatter, answering a <see cref="VerifyResponseDto"/>-shaped body of exactly <c>bytes</c> bytes
/// (before compression), with no verification behind it. What verify costs beyond this is the verification itself.
/// </summary>
[ApiController, Route("api/v1/echo")]
public sealed class EchoApiController : ControllerBase
{
    /// <summary>The smallest answer: one check with an empty reason.</summary>
    public const int MinBytes = EmptyAnswerBytes + CheckOverheadBytes + 6;

    /// <summary>The largest answer asked for: a verify answer is about 1–2 KB.</summary>
    public const int MaxBytes = 64_000;

    // {"verified":true,"status":"valid","checks":[],"credential":null,"recognizedIn":[]} is 82 bytes; every check adds
    // {"check":"","result":"passed","reason":""} (42) plus its name, its reason and a comma between checks.
    private const int EmptyAnswerBytes = 82;
    private const int CheckOverheadBytes = 42;
    private const string Reason = "thesameshapeandsizeasaverificationanswer";

    [HttpPost(""), Consumes("application/json"), IgnoreAntiforgeryToken, EnableRateLimiting(RateLimits.Verify), RequestSizeLimit(1_000_000)]
    [ProducesResponseType<VerifyResponseDto>(StatusCodes.Status200OK, "application/json")]
    public IActionResult Echo([FromBody] JsonElement body, [FromQuery] int bytes)
    {
        if (body.ValueKind != JsonValueKind.Object || bytes is < MinBytes or > MaxBytes)
        {
            return Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed echo request",
                detail: $"Send a JSON object and bytes between {MinBytes} and {MaxBytes}.");
        }
        return Ok(new VerifyResponseDto(true, "valid", Checks(bytes - EmptyAnswerBytes), null, []));
    }

    /// <summary>
    /// Checks named <c>echo-1</c>, <c>echo-2</c>, … with a reason of lowercase letters (no character the JSON encoder
    /// escapes), as many as fit in <paramref name="room"/> bytes, the last one's reason stretched to fill it exactly.
    /// </summary>
    public static List<VerifyCheckDto> Checks(int room)
    {
        var checks = new List<VerifyCheckDto>();
        while (room > 0)
        {
            var separator = checks.Count == 0 ? 0 : 1;
            var name = $"echo-{checks.Count + 1}";
            var fixedPart = separator + CheckOverheadBytes + name.Length;
            var left = room - fixedPart;
            if (left < 0)
            {
                // Too little room for another check: widen the previous reason instead (room is at most the size of one check).
                var last = checks[^1];
                checks[^1] = last with { Reason = last.Reason + new string('x', room) };
                break;
            }
            var reason = left <= Reason.Length * 2 ? new string('x', left) : Reason;
            checks.Add(new VerifyCheckDto(name, "passed", reason));
            room -= fixedPart + reason.Length;
        }
        return checks;
    }
}
