using System.Text.Json;
using System.Text.Json.Nodes;
using CtecSkills.Core.Verification;
using CtecSkills.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace CtecSkills.Web.Features.Verification;

/// <summary>Public verification for HR systems: the same checks and answer as the /verify page.</summary>
// No class-level [Produces]: it would overwrite the application/problem+json content type of error responses.
[ApiController, Route("api/v1/verify")]
public sealed class VerifyApiController(CredentialVerifier verifier) : ControllerBase
{
    /// <summary>The largest request body of the public verification APIs (a credential JSON is a few KB).</summary>
    public const int MaxRequestBytes = 1_000_000;

    /// <summary>
    /// Verifies <c>{"code": "…"}</c>, <c>{"jws": "…"}</c> or an OB 3.0 credential JSON. A well-formed request that
    /// fails verification is 200 with <c>verified: false</c> and the failed check; malformed input is 400.
    /// </summary>
    [HttpPost(""), Consumes("application/json"), IgnoreAntiforgeryToken, EnableRateLimiting(RateLimits.Verify), RequestSizeLimit(MaxRequestBytes)]
    [ProducesResponseType<VerifyResponseDto>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public async Task<IActionResult> Verify([FromBody] JsonElement body, CancellationToken ct)
    {
        var who = new Verifier(User.Identity?.IsAuthenticated == true ? User.UserId() : null, "api");
        if (body.ValueKind != JsonValueKind.Object)
        {
            return Malformed("The body must be a JSON object.");
        }
        var json = JsonObject.Create(body)!;
        VerificationOutcome outcome;
        if (json["code"] is JsonValue code && code.TryGetValue<string>(out var codeText))
        {
            outcome = await verifier.VerifyCodeAsync(codeText, who, ct);
        }
        else if (json["jws"] is JsonValue jws && jws.TryGetValue<string>(out var jwsText))
        {
            outcome = await verifier.VerifyJwsAsync(jwsText, who, ct);
        }
        else if (json.ContainsKey("credentialSubject") && json.ContainsKey("issuer"))
        {
            outcome = await verifier.VerifyJsonAsync(json, who, ct);
        }
        else
        {
            return Malformed("Send {\"code\": …}, {\"jws\": …} or an OB 3.0 credential JSON.");
        }
        return Ok(VerifyResponseDto.From(outcome));
    }

    private static ObjectResult Malformed(string detail) => ApiProblems.Result(StatusCodes.Status400BadRequest,
        "https://ctecskills.cn/problems/bad-verification-request", "Malformed verification request", detail);
}

public sealed record VerifyCheckDto(string Check, string Result, string Reason);

public sealed record VerifySummaryDto(string? Code, string Id, string Achievement, string Issuer, DateTimeOffset IssuedOn, DateTimeOffset? ValidUntil, string? Holder,
    string? ReplacedBy);

public sealed record RecognizedInDto(string Province, string ProvinceName, string Agreement, string LocalStandard, DateOnly ValidFrom, DateOnly? ValidUntil);

public sealed record VerifyResponseDto(bool Verified, string Status, IReadOnlyList<VerifyCheckDto> Checks, VerifySummaryDto? Credential,
    IReadOnlyList<RecognizedInDto> RecognizedIn)
{
    public static VerifyResponseDto From(VerificationOutcome o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new(o.Verified, StatusName(o.Status),
            [.. o.Checks.Select(c => new VerifyCheckDto(c.Check, c.Result.ToString().ToLowerInvariant(), c.Reason))],
            o.Credential is { } s ? new VerifySummaryDto(s.Code, s.CredentialId, s.AchievementName, s.IssuerName, s.IssuedOn, s.ValidUntil, s.HolderName, s.ReplacedByCode) : null,
            [.. o.RecognizedIn.Select(r => new RecognizedInDto(r.ProvinceCode, r.ProvinceName, r.Reference, r.LocalStandard, r.ValidFrom, r.ValidUntil))]);
    }

    /// <summary>valid, invalid, revoked, suspended, expired, not-yet-valid.</summary>
    public static string StatusName(VerificationStatus status) =>
        status == VerificationStatus.NotYetValid ? "not-yet-valid" : status.ToString().ToLowerInvariant();
}
