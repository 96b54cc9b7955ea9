using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using CtecSkills.Core.Verification;
using CtecSkills.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace CtecSkills.Web.Features.Verification;

/// <summary>
/// The W3C VC API verifier (<c>POST /credentials/verify</c>), for wallets and verifiers built on that API: the same
/// <see cref="CredentialVerifier"/> as <c>/api/v1/verify</c>, answered as checks, errors and warnings (docs/decisions/0035).
/// </summary>
// Not [ApiController]: its automatic 400 for a body that cannot be read would not carry the VC Data Model's problem type.
// No class-level [Produces]: it would overwrite the application/problem+json content type of error responses.
[Route(Path), ApiExplorerSettings(IgnoreApi = false)]
public sealed class VcApiController(CredentialVerifier verifier, IStringLocalizer<SharedResource> text) : ControllerBase
{
    public const string Path = "credentials/verify";

    /// <summary>The verification log's channel for this endpoint.</summary>
    public const string Channel = "vc-api";

    public const string EnvelopedType = "EnvelopedVerifiableCredential";
    public const string EnvelopePrefix = "data:application/vc+jwt,";
    public const string CredentialsV2Context = "https://www.w3.org/ns/credentials/v2";

    /// <summary>
    /// Verifies <c>{"verifiableCredential": …}</c>: a credential with its embedded Data Integrity proof, or an
    /// <c>EnvelopedVerifiableCredential</c> whose id is <c>data:application/vc+jwt,</c> and the credential's VC-JWT. Any
    /// well-formed request is answered 200, <c>verified</c> false when an error was found; malformed input is 400.
    /// </summary>
    [HttpPost(""), Consumes("application/json"), IgnoreAntiforgeryToken, EnableRateLimiting(RateLimits.Verify), RequestSizeLimit(VerifyApiController.MaxRequestBytes)]
    [ProducesResponseType<VcApiVerifyResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status415UnsupportedMediaType, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests, "application/problem+json")]
    public async Task<IActionResult> Verify([FromBody] VcApiVerifyRequest request, CancellationToken ct)
    {
        if (!ModelState.IsValid || request is null)
        {
            return Malformed(VcApiAnswer.ParsingError, text["VcApi.Problem.Body"]);
        }
        if (request.Unknown?.Keys.FirstOrDefault() is { } member)
        {
            return Malformed(VcApiAnswer.MalformedValueError, text["VcApi.Problem.UnknownMember", member]);
        }
        if (request.Options?.Unknown?.Keys.FirstOrDefault() is { } option)
        {
            return Malformed(VcApiAnswer.UnknownOptionProvided, text["VcApi.Problem.UnknownOption", option]);
        }
        if (request.VerifiableCredential is not JsonObject credential)
        {
            return Malformed(VcApiAnswer.MalformedValueError, text["VcApi.Problem.NoCredential"]);
        }
        var who = new Verifier(User.Identity?.IsAuthenticated == true ? User.UserId() : null, Channel);
        var enveloped = IsEnveloped(credential);
        VerificationOutcome outcome;
        if (enveloped)
        {
            if (!HasCredentialsV2Context(credential))
            {
                return Malformed(VcApiAnswer.MalformedValueError, text["VcApi.Problem.EnvelopeContext"]);
            }
            if (credential["id"] is not JsonValue id || !id.TryGetValue<string>(out var url)
                || !url.StartsWith(EnvelopePrefix, StringComparison.Ordinal) || url.Length == EnvelopePrefix.Length)
            {
                return Malformed(VcApiAnswer.MalformedValueError, text["VcApi.Problem.EnvelopeId"]);
            }
            outcome = await verifier.VerifyJwsAsync(url[EnvelopePrefix.Length..], who, ct);
        }
        else
        {
            outcome = await verifier.VerifyJsonAsync(credential, who, ct);
        }
        var answer = VcApiAnswer.From(outcome, embeddedProofExpected: !enveloped);
        return Ok(VcApiVerifyResponse.From(answer, text, request.Options, credential));
    }

    private static bool IsEnveloped(JsonObject credential) => credential["type"] switch
    {
        JsonValue one => one.TryGetValue<string>(out var type) && type == EnvelopedType,
        JsonArray many => many.Any(t => t is JsonValue v && v.TryGetValue<string>(out var type) && type == EnvelopedType),
        _ => false,
    };

    // VC 2.0: an enveloped credential's @context is the credentials v2 context (alone, or first of a list).
    private static bool HasCredentialsV2Context(JsonObject credential) => credential["@context"] switch
    {
        JsonValue one => one.TryGetValue<string>(out var context) && context == CredentialsV2Context,
        JsonArray many => many.Count > 0 && many[0] is JsonValue first && first.TryGetValue<string>(out var context) && context == CredentialsV2Context,
        _ => false,
    };

    private static ObjectResult Malformed(string type, string detail) =>
        ApiProblems.Result(StatusCodes.Status400BadRequest, type, VcApiAnswer.TitleOf(type), detail);
}

/// <summary>The body of <c>POST /credentials/verify</c>; a member other than these two is refused (400).</summary>
public sealed record VcApiVerifyRequest
{
    /// <summary>
    /// A credential with its embedded Data Integrity proof, or <c>{"@context": "https://www.w3.org/ns/credentials/v2",
    /// "type": "EnvelopedVerifiableCredential", "id": "data:application/vc+jwt,&lt;compact JWS&gt;"}</c>.
    /// </summary>
    public JsonNode? VerifiableCredential { get; init; }

    public VcApiVerifyOptions? Options { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; init; }
}

/// <summary>The VC API's verify options we understand; any other is refused with the VC API's UNKNOWN_OPTION_PROVIDED (400).</summary>
public sealed record VcApiVerifyOptions
{
    [Description("Return the credential as it was verified, as `credential`. Default false.")]
    public bool? ReturnCredential { get; init; }

    [Description("Return `problemDetails` (the errors, then the warnings). Default true.")]
    public bool? ReturnProblemDetails { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; init; }
}

/// <summary>One error or warning: an RFC 9457 ProblemDetails with our check and reason code as extension members.</summary>
public sealed record VcApiProblemDto(
    [property: Description("A VC Data Model 2.0 or Bitstring Status List problem type where one fits, else https://ctecskills.cn/problems/<reason>.")] string Type,
    string Title,
    [property: Description("The reason in words, in the request's language (zh-CN unless Accept-Language asks for en).")] string Detail,
    [property: Description("Our check: format, proof, signature, issuer, not-yet-valid, expired, revoked, suspended.")] string Check,
    [property: Description("Our stable reason code, e.g. proof-tampered, revoked-in-status-list, after-valid-until.")] string Reason);

/// <summary>The VC API verification result: the older <c>checks</c>/<c>warnings</c>/<c>errors</c> and the newer <c>problemDetails</c>.</summary>
public sealed record VcApiVerifyResponse(
    [property: Description("True exactly when there are no errors.")] bool Verified,
    [property: Description("The checks that passed.")] IReadOnlyList<string> Checks,
    IReadOnlyList<VcApiProblemDto> Warnings,
    IReadOnlyList<VcApiProblemDto> Errors)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Description("The errors, then the warnings; left out when options.returnProblemDetails is false.")]
    public IReadOnlyList<VcApiProblemDto>? ProblemDetails { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Description("The credential as verified, when options.returnCredential is true.")]
    public JsonObject? Credential { get; init; }

    public static VcApiVerifyResponse From(VcApiAnswer answer, IStringLocalizer text, VcApiVerifyOptions? options, JsonObject credential)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(text);
        List<VcApiProblemDto> errors = [.. answer.Errors.Select(p => Dto(p, text))];
        List<VcApiProblemDto> warnings = [.. answer.Warnings.Select(p => Dto(p, text))];
        return new(answer.Verified, answer.Checks, warnings, errors)
        {
            ProblemDetails = options?.ReturnProblemDetails == false ? null : [.. errors, .. warnings],
            Credential = options?.ReturnCredential == true ? credential : null,
        };
    }

    private static VcApiProblemDto Dto(VcApiProblem problem, IStringLocalizer text) =>
        new(problem.Type, problem.Title, text["Verify.Reason." + problem.Reason], problem.Check, problem.Reason);
}
