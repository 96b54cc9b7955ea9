using CtecSkills.Core.Verification;

namespace CtecSkills.UnitTests.Verification;

public sealed class VcApiAnswerTests
{
    private static readonly VerifiedCredentialSummary Summary = new("ABCDEFGHJK2", "urn:uuid:1", "扫码支付安全 结业证书", "成都培训基地",
        DateTimeOffset.UnixEpoch, null, "王*明");

    private static VerificationCheck Passed(string check, string reason) => new(check, CheckResult.Passed, reason);

    private static readonly VerificationCheck[] AllPassed =
    [
        Passed("proof", "eddsa-rdfc-2022"), Passed("format", "json-matches-issued"), Passed("signature", "rs256"), Passed("issuer", "kid-in-jwks"),
        Passed("not-yet-valid", "valid-from-reached"), Passed("expired", "no-expiry"), Passed("revoked", "clear-in-status-list"),
        Passed("suspended", "clear-in-status-list"), Passed("recognition", "500000:川渝人社发〔2026〕1号"),
    ];

    private static VerificationOutcome Outcome(VerificationStatus status, params VerificationCheck[] checks) =>
        new(status == VerificationStatus.Valid, status, checks, Summary, []);

    [Theory]
    [InlineData("proof", "proof-tampered", VcApiAnswer.CryptographicSecurityError)]
    [InlineData("proof", "proof-unknown-key", VcApiAnswer.CryptographicSecurityError)]
    [InlineData("proof", "proof-controller-not-issuer", VcApiAnswer.CryptographicSecurityError)]
    [InlineData("proof", "proof-unsupported", VcApiAnswer.CryptographicSecurityError)]
    [InlineData("proof", "proof-unknown-term", VcApiAnswer.MalformedValueError)]
    [InlineData("proof", "proof-malformed", VcApiAnswer.MalformedValueError)]
    [InlineData("signature", "signature-mismatch", VcApiAnswer.CryptographicSecurityError)]
    [InlineData("signature", "key-compromised", VcApiAnswer.CryptographicSecurityError)]
    [InlineData("signature", "json-differs-from-issued", VcApiAnswer.CryptographicSecurityError)]
    [InlineData("issuer", "unknown-kid", VcApiAnswer.CryptographicSecurityError)]
    [InlineData("issuer", "credential-unknown", VcApiAnswer.CryptographicSecurityError)]
    [InlineData("format", "jws-malformed", VcApiAnswer.ParsingError)]
    [InlineData("format", "jws-bad-json", VcApiAnswer.ParsingError)]
    [InlineData("format", "claims-mismatch", VcApiAnswer.MalformedValueError)]
    [InlineData("format", "credential-without-id", VcApiAnswer.MalformedValueError)]
    [InlineData("expired", "after-valid-until", VcApiAnswer.RangeError)]
    [InlineData("not-yet-valid", "before-valid-from", VcApiAnswer.RangeError)]
    [InlineData("revoked", "revoked-in-status-list", VcApiAnswer.OwnProblemTypes + "revoked-in-status-list")]
    [InlineData("suspended", "suspended-in-status-list", VcApiAnswer.OwnProblemTypes + "suspended-in-status-list")]
    public void From_OneFailedCheck_OneErrorOfItsTypeAndNotVerified(string check, string reason, string type)
    {
        var answer = VcApiAnswer.From(Outcome(VerificationStatus.Invalid, Passed("format", "vc-jwt"), new VerificationCheck(check, CheckResult.Failed, reason)), false);

        Assert.False(answer.Verified);
        var error = Assert.Single(answer.Errors);
        Assert.Equal((type, check, reason), (error.Type, error.Check, error.Reason));
        Assert.Equal(type.StartsWith(VcApiAnswer.OwnProblemTypes, StringComparison.Ordinal) ? reason : type[(type.IndexOf('#', StringComparison.Ordinal) + 1)..], error.Title);
        Assert.Equal(["format"], answer.Checks);
        Assert.Empty(answer.Warnings);
    }

    [Fact]
    public void From_EveryCheckPassed_VerifiedWithEachCheckNamedOnce()
    {
        var answer = VcApiAnswer.From(Outcome(VerificationStatus.Valid, AllPassed), true);

        Assert.True(answer.Verified);
        Assert.Equal(["proof", "format", "signature", "issuer", "not-yet-valid", "expired", "revoked", "suspended", "recognition"], answer.Checks);
        Assert.Empty(answer.Errors);
        Assert.Empty(answer.Warnings);
    }

    [Theory]
    [InlineData("status-list-unavailable", VcApiAnswer.StatusRetrievalError)]
    [InlineData("status-list-unreadable", VcApiAnswer.StatusVerificationError)]
    [InlineData("status-entry-unreadable", VcApiAnswer.MalformedValueError)]
    [InlineData("no-status-entry", VcApiAnswer.OwnProblemTypes + "no-status-entry")]
    public void From_StatusListNotRead_VerifiedWithAWarning(string reason, string type)
    {
        var checks = AllPassed.Select(c => c.Check == "revoked" ? new VerificationCheck("revoked", CheckResult.Warning, reason) : c).ToArray();

        var answer = VcApiAnswer.From(Outcome(VerificationStatus.Valid, checks), true);

        Assert.True(answer.Verified);
        Assert.Empty(answer.Errors);
        var warning = Assert.Single(answer.Warnings);
        Assert.Equal((type, "revoked", reason), (warning.Type, warning.Check, warning.Reason));
        Assert.DoesNotContain("revoked", answer.Checks);
    }

    [Fact]
    public void From_SignedBeforeItsKeyWasCompromisedAndReplaced_VerifiedWithBothWarnings()
    {
        var outcome = new VerificationOutcome(true, VerificationStatus.Valid, [.. AllPassed, Passed("signature", "signed-before-key-compromise")],
            Summary with { ReplacedByCode = "ZZZZZZZZZZ9" }, []);

        var answer = VcApiAnswer.From(outcome, true);

        Assert.True(answer.Verified);
        Assert.Equal(["signed-before-key-compromise", VcApiAnswer.ReplacedByReissue], answer.Warnings.Select(w => w.Reason));
    }

    [Fact]
    public void From_CredentialJsonWithoutProofMatchingWhatWeIssued_VerifiedWithANoProofWarningButNotForAnEnvelope()
    {
        var checks = AllPassed.Where(c => c.Check != "proof").ToArray();

        var json = VcApiAnswer.From(Outcome(VerificationStatus.Valid, checks), embeddedProofExpected: true);
        var envelope = VcApiAnswer.From(Outcome(VerificationStatus.Valid, checks), embeddedProofExpected: false);

        Assert.Equal((VcApiAnswer.OwnProblemTypes + VcApiAnswer.NoEmbeddedProof, "proof"), (Assert.Single(json.Warnings).Type, json.Warnings[0].Check));
        Assert.Empty(envelope.Warnings);
    }
}
