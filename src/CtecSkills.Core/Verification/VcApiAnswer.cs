namespace CtecSkills.Core.Verification;

/// <summary>
/// One problem of a verification as the W3C VC API reports it (an RFC 9457 ProblemDetails): <paramref name="Type"/> is
/// a VC Data Model 2.0 or Bitstring Status List problem type where one fits, else ours; <paramref name="Reason"/> is our
/// stable reason code, which also names the readable text.
/// </summary>
public sealed record VcApiProblem(string Type, string Title, string Check, string Reason);

/// <summary>
/// A <see cref="VerificationOutcome"/> in the VC API's terms (POST /credentials/verify): the names of the checks that
/// passed, the errors (each one makes <see cref="Verified"/> false) and the warnings (a verifier should know, nothing
/// fails). Revoked, suspended, expired and not yet valid are errors, so that <see cref="Verified"/> says what
/// <c>/api/v1/verify</c> and the verify page say (docs/decisions/0035).
/// </summary>
public sealed record VcApiAnswer(bool Verified, IReadOnlyList<string> Checks, IReadOnlyList<VcApiProblem> Errors, IReadOnlyList<VcApiProblem> Warnings)
{
    public const string ParsingError = "https://www.w3.org/TR/vc-data-model#PARSING_ERROR";
    public const string CryptographicSecurityError = "https://www.w3.org/TR/vc-data-model#CRYPTOGRAPHIC_SECURITY_ERROR";
    public const string MalformedValueError = "https://www.w3.org/TR/vc-data-model#MALFORMED_VALUE_ERROR";
    public const string RangeError = "https://www.w3.org/TR/vc-data-model#RANGE_ERROR";
    public const string StatusRetrievalError = "https://www.w3.org/ns/credentials/status-list#STATUS_RETRIEVAL_ERROR";
    public const string StatusVerificationError = "https://www.w3.org/ns/credentials/status-list#STATUS_VERIFICATION_ERROR";

    /// <summary>The VC API's own type for an <c>options</c> member the verifier does not understand.</summary>
    public const string UnknownOptionProvided = "https://www.w3.org/TR/vcalm#UNKNOWN_OPTION_PROVIDED";

    /// <summary>Where a problem no specification names gets its type: this prefix and our reason code.</summary>
    public const string OwnProblemTypes = "https://ctecskills.cn/problems/";

    /// <summary>A credential JSON without an embedded proof, verified because it is exactly what we issued (issued before Data Integrity proofs).</summary>
    public const string NoEmbeddedProof = "no-embedded-proof";

    /// <summary>The credential was re-issued (its signing key was compromised); the replacement is the one to rely on.</summary>
    public const string ReplacedByReissue = "replaced-by-reissue";

    /// <param name="embeddedProofExpected">The input was credential JSON: when it carried no proof, a verified answer says so.</param>
    public static VcApiAnswer From(VerificationOutcome outcome, bool embeddedProofExpected)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var errors = outcome.Checks.Where(c => c.Result == CheckResult.Failed).Select(ErrorOf).ToList();
        var warnings = outcome.Checks.Where(c => c.Result == CheckResult.Warning).Select(WarningOf).ToList();
        // Passed, but only because we stored the token before the key leaked: whoever relies on it should know.
        warnings.AddRange(outcome.Checks.Where(c => c.Reason == "signed-before-key-compromise")
            .Select(c => Own(c.Check, c.Reason)));
        if (outcome.Verified && embeddedProofExpected && !outcome.Checks.Any(c => c.Check == CredentialVerifier.Proof))
        {
            warnings.Add(Own(CredentialVerifier.Proof, NoEmbeddedProof));
        }
        if (outcome.Credential?.ReplacedByCode is not null)
        {
            warnings.Add(Own(CredentialVerifier.Signature, ReplacedByReissue));
        }
        var checks = outcome.Checks.Where(c => c.Result == CheckResult.Passed).Select(c => c.Check).Distinct(StringComparer.Ordinal).ToList();
        return new VcApiAnswer(outcome.Verified, checks, errors, warnings);
    }

    private static VcApiProblem ErrorOf(VerificationCheck check) => check.Check switch
    {
        CredentialVerifier.Proof when check.Reason is "proof-unknown-term" or "proof-malformed" => Standard(MalformedValueError, check),
        CredentialVerifier.Proof or CredentialVerifier.Signature or CredentialVerifier.Issuer => Standard(CryptographicSecurityError, check),
        CredentialVerifier.Format when check.Reason is "jws-malformed" or "jws-bad-json" => Standard(ParsingError, check),
        CredentialVerifier.Format => Standard(MalformedValueError, check),
        CredentialVerifier.ExpiredCheck or CredentialVerifier.NotYetValidCheck => Standard(RangeError, check),
        // Revoked and suspended: a status bit that is set is no processing error in any specification.
        _ => Own(check.Check, check.Reason),
    };

    private static VcApiProblem WarningOf(VerificationCheck check) => check.Reason switch
    {
        "status-list-unavailable" => Standard(StatusRetrievalError, check),
        "status-list-unreadable" => Standard(StatusVerificationError, check),
        "status-entry-unreadable" => Standard(MalformedValueError, check),
        _ => Own(check.Check, check.Reason),
    };

    /// <summary>A standard type's title is its name, as the specifications write it (<c>CRYPTOGRAPHIC_SECURITY_ERROR</c>).</summary>
    public static string TitleOf(string type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type[(type.IndexOf('#', StringComparison.Ordinal) + 1)..];
    }

    private static VcApiProblem Standard(string type, VerificationCheck check) => new(type, TitleOf(type), check.Check, check.Reason);

    private static VcApiProblem Own(string check, string reason) => new(OwnProblemTypes + reason, reason, check, reason);
}
