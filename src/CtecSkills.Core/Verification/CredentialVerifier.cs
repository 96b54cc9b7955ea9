using System.Data;
using System.Globalization;
using System.Linq.Expressions;
using System.Text.Json.Nodes;
using CtecSkills.Core.Credentials;
using CtecSkills.Core.Data;
using CtecSkills.Core.Recognition;
using CtecSkills.Core.Regions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace CtecSkills.Core.Verification;

public enum VerificationStatus
{
    Valid,
    Invalid,
    Revoked,
    Suspended,
    Expired,
    NotYetValid,
}

public enum CheckResult
{
    Passed,
    Failed,
    Warning,
}

/// <summary>One check and why it came out as it did; <paramref name="Reason"/> is a stable code (e.g. <c>unknown-kid</c>).</summary>
public sealed record VerificationCheck(string Check, CheckResult Result, string Reason);

/// <summary>What a verifier may see: no phone, no identifier, the holder's name masked unless the holder made it public.</summary>
/// <param name="ReplacedByCode">The verification code of the credential that replaced this one (re-issued after its signing key
/// was compromised); null when it was not replaced.</param>
public sealed record VerifiedCredentialSummary(string? Code, string CredentialId, string AchievementName, string IssuerName,
    DateTimeOffset IssuedOn, DateTimeOffset? ValidUntil, string? HolderName, string? ReplacedByCode = null);

public sealed record VerificationOutcome(bool Verified, VerificationStatus Status, IReadOnlyList<VerificationCheck> Checks,
    VerifiedCredentialSummary? Credential, IReadOnlyList<Recognition.Recognition> RecognizedIn)
{
    public VerificationCheck? FirstFailure => Checks.FirstOrDefault(c => c.Result == CheckResult.Failed);
}

/// <summary>Who asked, for the log; both null for an anonymous visitor.</summary>
public sealed record Verifier(string? UserId, string Channel);

/// <summary>
/// Verifies an OB 3.0 credential given as a typed code, a compact JWS (VC-JWT) or the credential JSON, the way an
/// outside verifier would: the signature against our published keys, the validity period, and revocation and
/// suspension from the <em>published</em> signed status lists (not the credential row); then where it is
/// recognized. Every verification is logged without the credential.
/// </summary>
public sealed class CredentialVerifier(
    AppDbContext db, IssuerKeyStore keys, DataIntegrityProofs proofs, StatusListCheck statusLists, RecognitionService recognition,
    VerificationLogWriter logWriter, TimeProvider clock)
{
    public const string Format = "format";
    public const string Signature = "signature";

    /// <summary>The embedded Data Integrity proof, checked on its own before anything else of a credential JSON that has one.</summary>
    public const string Proof = "proof";
    public const string Issuer = "issuer";
    public const string NotYetValidCheck = "not-yet-valid";
    public const string ExpiredCheck = "expired";
    public const string Revocation = "revoked";
    public const string Suspension = "suspended";
    public const string RecognitionCheck = "recognition";

    /// <summary>The reason code when the signing key was compromised before the credential was signed (or when it was signed is not ours to trust).</summary>
    public const string KeyCompromised = "key-compromised";

    public async Task<VerificationOutcome> VerifyCodeAsync(string? input, Verifier who, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(who);
        var parsed = VerificationCode.Parse(input);
        if (parsed.Code is not { } code)
        {
            return await LogAsync(CodeFailure(parsed), who, ct);
        }
        var text = code.ToString();
        var stored = await StoredByCodeAsync(text, ct);
        if (stored is null)
        {
            return await LogAsync(Failed(Format, "code-unknown"), who, ct);
        }
        return await LogAsync(await VerifySignedAsync(stored.Jws, [], stored, ct), who, ct);
    }

    /// <summary>
    /// Verifies many typed codes, each exactly as <see cref="VerifyCodeAsync"/> would, and returns one outcome per
    /// input in input order, each logged. The credentials are loaded in one query; status lists, keys and recognition
    /// come from the same caches as for a single code.
    /// </summary>
    public async Task<IReadOnlyList<VerificationOutcome>> VerifyCodesAsync(IReadOnlyList<string?> inputs, Verifier who, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(who);
        var parsed = inputs.Select(VerificationCode.Parse).ToList();
        var codes = parsed.Where(p => p.Code is not null).Select(p => p.Code!.Value.ToString()).Distinct().ToList();
        var stored = codes.Count == 0
            ? []
            : await db.IssuedCredentials.AsNoTracking().Where(c => codes.Contains(c.VerificationCode)).Select(StoredProjection).ToDictionaryAsync(c => c.VerificationCode, StringComparer.Ordinal, ct);
        var outcomes = new List<VerificationOutcome>(parsed.Count);
        foreach (var p in parsed)
        {
            outcomes.Add(p.Code is not { } code ? CodeFailure(p)
                : stored.TryGetValue(code.ToString(), out var credential) ? await VerifySignedAsync(credential.Jws, [], credential, ct)
                : Failed(Format, "code-unknown"));
        }
        await LogAsync(outcomes, who, ct);
        return outcomes;
    }

    public async Task<VerificationOutcome> VerifyJwsAsync(string? jws, Verifier who, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(who);
        return await LogAsync(await VerifySignedAsync(jws, [], null, ct), who, ct);
    }

    /// <summary>
    /// A credential JSON (pasted, uploaded or sent to the API). Its embedded Data Integrity proof, when it has one, is
    /// checked first as its own check, with its own reasons (<c>proof-tampered</c>, <c>proof-unknown-key</c>,
    /// <c>proof-controller-not-issuer</c>, <c>proof-unknown-term</c>, …); then the JSON verifies only if it is exactly
    /// the credential we issued under its id, whose signed form is verified in full (compromised keys, validity,
    /// status lists, recognition). JSON without a proof (issued before Data Integrity proofs) takes the second step only.
    /// </summary>
    public async Task<VerificationOutcome> VerifyJsonAsync(JsonObject credential, Verifier who, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(who);
        var id = credential["id"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        if (id is null)
        {
            return await LogAsync(Failed(Format, "credential-without-id"), who, ct);
        }
        List<VerificationCheck> checks = [];
        if (credential.ContainsKey("proof"))
        {
            var proof = await proofs.VerifyAsync(credential, keys.FindVerificationMethodAsync, ct);
            if (!proof.IsValid)
            {
                return await LogAsync(Failed(Proof, ProofReason(proof.Failure)), who, ct);
            }
            checks.Add(new VerificationCheck(Proof, CheckResult.Passed, DataIntegrityProofs.Cryptosuite));
        }
        var stored = await db.IssuedCredentials.AsNoTracking()
            .Where(c => c.CredentialId == id).Select(c => new { c.CredentialJson, c.Jws }).FirstOrDefaultAsync(ct);
        if (stored is null)
        {
            return await LogAsync(Failed(Issuer, "credential-unknown"), who, ct);
        }
        if (!JsonNode.DeepEquals(JsonNode.Parse(stored.CredentialJson), credential))
        {
            return await LogAsync(Failed(Signature, "json-differs-from-issued"), who, ct);
        }
        return await LogAsync(await VerifySignedAsync(stored.Jws, [.. checks, new VerificationCheck(Format, CheckResult.Passed, "json-matches-issued")], null, ct), who, ct);
    }

    private static string ProofReason(DataIntegrityFailure failure) => failure switch
    {
        DataIntegrityFailure.Tampered => "proof-tampered",
        DataIntegrityFailure.UnknownKey => "proof-unknown-key",
        DataIntegrityFailure.ControllerNotIssuer => "proof-controller-not-issuer",
        DataIntegrityFailure.UnknownTerm => "proof-unknown-term",
        DataIntegrityFailure.Unsupported => "proof-unsupported",
        _ => "proof-malformed",
    };

    /// <summary>What a person typed or pasted into one box: a JSON object, a compact JWS, or else a code.</summary>
    public Task<VerificationOutcome> VerifyTextAsync(string? text, Verifier who, CancellationToken ct)
    {
        var trimmed = (text ?? "").Trim();
        if (trimmed.StartsWith('{'))
        {
            JsonObject? json = null;
            try
            {
                json = JsonNode.Parse(trimmed) as JsonObject;
            }
            catch (System.Text.Json.JsonException)
            {
            }
            return json is null ? LogAsync(Failed(Format, "json-malformed"), who, ct) : VerifyJsonAsync(json, who, ct);
        }
        return trimmed.Contains('.', StringComparison.Ordinal) ? VerifyJwsAsync(trimmed, who, ct) : VerifyCodeAsync(trimmed, who, ct);
    }

    /// <summary>The holder as a verifier sees them: nothing for a credential not ours, "—" after erasure, else (masked) name.</summary>
    private static string? HolderShown(StoredCredential? row) => row switch
    {
        null => null,
        { Holder: null } => IssuedCredential.ErasedHolder,
        { HolderNamePublic: true } => row.Holder,
        _ => MaskName(row.Holder),
    };

    /// <summary>Masks a holder's name for strangers: 王*明, 王*, A*n.</summary>
    public static string MaskName(string name)
    {
        var elements = StringInfoElements((name ?? "").Trim());
        return elements.Count switch
        {
            0 => "",
            1 => elements[0] + "*",
            2 => elements[0] + "*",
            _ => elements[0] + "*" + elements[^1],
        };
    }

    private static List<string> StringInfoElements(string s)
    {
        var list = new List<string>();
        var e = StringInfo.GetTextElementEnumerator(s);
        while (e.MoveNext())
        {
            list.Add(e.GetTextElement());
        }
        return list;
    }

    /// <summary>What verification reads from our own row: the JWS, the holder's name and choice, and what recognition needs.</summary>
    private sealed record StoredCredential(string CredentialId, string Jws, string VerificationCode, string? Holder, bool HolderNamePublic,
        int IssuerBaseId, int AchievementId, string? ReplacedByCredentialId);

    private static readonly Expression<Func<IssuedCredential, StoredCredential>> StoredProjection = c => new StoredCredential(
        c.CredentialId, c.Jws, c.VerificationCode, c.HolderName, c.HolderNamePublic, c.IssuerBaseId, c.AchievementId,
        c.ReplacedByCredentialId);

    private static readonly Func<AppDbContext, string, Task<StoredCredential?>> StoredById = EF.CompileAsyncQuery(
        (AppDbContext db, string id) => db.IssuedCredentials.AsNoTracking().Where(c => c.CredentialId == id).Select(StoredProjection).FirstOrDefault());

    // Behind every QR code and typed code: the busiest query of the public site. Plain SQL on the context's connection
    // (the same text on SQLite and PostgreSQL), two tables by unique index. As a compiled five-table LINQ query it was
    // about half of a verification request's CPU on SQLite, mostly SQLite planning the join afresh each time
    // (docs/decisions/0012, "Throughput"); the issuer's province and the achievement's category and level now come
    // from the recognition snapshot.
    private const string StoredByCodeSql = """
        SELECT c."CredentialId", c."Jws", c."VerificationCode", c."HolderName", c."HolderNamePublic", c."IssuerBaseId", c."AchievementId",
            c."ReplacedByCredentialId"
        FROM "IssuedCredentials" AS c
        WHERE c."VerificationCode" = @code
        """;

    private async Task<StoredCredential?> StoredByCodeAsync(string code, CancellationToken ct)
    {
        // EF counts opens: a connection the context already holds open (a transaction) stays open afterwards.
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = StoredByCodeSql;
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            var parameter = command.CreateParameter();
            parameter.ParameterName = "code";
            parameter.Value = code;
            command.Parameters.Add(parameter);
            await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, ct);
            return await reader.ReadAsync(ct)
                ? new StoredCredential(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetBoolean(4),
                    reader.GetInt32(5), reader.GetInt32(6), reader.IsDBNull(7) ? null : reader.GetString(7))
                : null;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <param name="stored">Our row when the caller already read it for this JWS; otherwise it is looked up by the credential id.</param>
    private async Task<VerificationOutcome> VerifySignedAsync(string? jws, List<VerificationCheck> checks, StoredCredential? stored, CancellationToken ct)
    {
        var result = await VcJwt.VerifyAsync(jws, keys.FindPublicAsync, ct);
        if (ValidityPeriod.Of(result) is not { } period)
        {
            var failed = result.Failure switch
            {
                VcJwtFailure.UnknownKey => new VerificationCheck(Issuer, CheckResult.Failed, "unknown-kid"),
                VcJwtFailure.KeyNotForIssuer => new VerificationCheck(Issuer, CheckResult.Failed, "key-not-for-issuer"),
                VcJwtFailure.InvalidSignature => new VerificationCheck(Signature, CheckResult.Failed, "signature-mismatch"),
                VcJwtFailure.AlgorithmNotAllowed => new VerificationCheck(Signature, CheckResult.Failed, "algorithm-not-allowed"),
                VcJwtFailure.ClaimsMismatch => new VerificationCheck(Format, CheckResult.Failed, "claims-mismatch"),
                VcJwtFailure.BadJson => new VerificationCheck(Format, CheckResult.Failed, "jws-bad-json"),
                _ => new VerificationCheck(Format, CheckResult.Failed, "jws-malformed"),
            };
            return Outcome(VerificationStatus.Invalid, [.. checks, failed], null, []);
        }

        var credential = result.Credential!;
        if (checks.Count == 0)
        {
            checks.Add(new VerificationCheck(Format, CheckResult.Passed, "vc-jwt"));
        }
        checks.Add(new VerificationCheck(Signature, CheckResult.Passed, "rs256"));
        checks.Add(new VerificationCheck(Issuer, CheckResult.Passed, "kid-in-jwks"));

        var id = StringOf(credential, "id") ?? "";
        var row = stored?.CredentialId == id ? stored : await StoredById(db, id);
        if (await keys.CompromisedAtAsync(result.KeyId!, ct) is { } compromisedAt)
        {
            // Whoever holds the leaked key can write any iat: only a token we stored when we issued it is believed
            // about when it was signed.
            var ours = row is not null && string.Equals(row.Jws, jws, StringComparison.Ordinal);
            if (!ours || result.IssuedAt is not { } signedAt || signedAt >= compromisedAt)
            {
                return Outcome(VerificationStatus.Invalid, [.. checks, new VerificationCheck(Signature, CheckResult.Failed, KeyCompromised)], null, []);
            }
            checks.Add(new VerificationCheck(Signature, CheckResult.Passed, "signed-before-key-compromise"));
        }

        // The signature stands whatever the date: an expired credential still shows its status and summary.
        var now = clock.GetUtcNow();
        var notYet = period.IsNotYetValidAt(now);
        var expired = period.HasExpiredAt(now);
        checks.Add(new VerificationCheck(NotYetValidCheck, notYet ? CheckResult.Failed : CheckResult.Passed, notYet ? "before-valid-from" : "valid-from-reached"));
        checks.Add(new VerificationCheck(ExpiredCheck, expired ? CheckResult.Failed : CheckResult.Passed,
            expired ? "after-valid-until" : period.ValidUntil is null ? "no-expiry" : "before-valid-until"));

        var revoked = await statusLists.IsSetAsync(credential, StatusPurpose.Revocation, checks, ct);
        var suspended = await statusLists.IsSetAsync(credential, StatusPurpose.Suspension, checks, ct);

        var replacedBy = row?.ReplacedByCredentialId is { } replacement
            ? await db.IssuedCredentials.AsNoTracking().Where(c => c.CredentialId == replacement).Select(c => c.VerificationCode).FirstOrDefaultAsync(ct)
            : null;
        var summary = new VerifiedCredentialSummary(
            row?.VerificationCode, id,
            credential["credentialSubject"]?["achievement"]?["name"]?.GetValue<string>() ?? StringOf(credential, "name") ?? "",
            credential["issuer"]?["name"]?.GetValue<string>() ?? "",
            period.ValidFrom, period.ValidUntil, HolderShown(row), replacedBy);

        var status = revoked ? VerificationStatus.Revoked
            : suspended ? VerificationStatus.Suspended
            : expired ? VerificationStatus.Expired
            : notYet ? VerificationStatus.NotYetValid
            : VerificationStatus.Valid;
        List<Recognition.Recognition> regions = [];
        // Recognition follows what the credential says (its achievement's category and level as signed), never the
        // achievement row today, which staff may edit after issuing.
        if (row is not null && status == VerificationStatus.Valid && SkillsFramework.TryReadKind(credential, out var category, out var level))
        {
            regions = await recognition.RecognizedInAsync(row.IssuerBaseId, new AchievementKind(category, level), row.AchievementId, BeijingTime.Today(clock), ct);
            checks.AddRange(regions.Select(r => new VerificationCheck(RecognitionCheck, CheckResult.Passed, $"{r.ProvinceCode}:{r.Reference}")));
        }
        return Outcome(status, checks, summary, regions);
    }

    private async Task<VerificationOutcome> LogAsync(VerificationOutcome outcome, Verifier who, CancellationToken ct)
    {
        await LogAsync([outcome], who, ct);
        return outcome;
    }

    private async Task LogAsync(IReadOnlyList<VerificationOutcome> outcomes, Verifier who, CancellationToken ct)
    {
        int? organizationId = who.UserId is null
            ? null
            : await db.Users.Where(u => u.Id == who.UserId).Select(u => u.OrganizationId).FirstOrDefaultAsync(ct);
        var at = clock.GetUtcNow();
        foreach (var outcome in outcomes)
        {
            await logWriter.EnqueueAsync(new VerificationLog
            {
                At = at,
                UserId = who.UserId,
                OrganizationId = organizationId,
                Channel = who.Channel,
                CredentialCode = outcome.Credential?.Code,
                CredentialId = outcome.Credential?.Code is null ? null : outcome.Credential.CredentialId,
                Outcome = outcome.Status,
            }, ct);
        }
    }

    private static VerificationOutcome CodeFailure(VerificationCodeParseResult parsed) =>
        Failed(Format, parsed.Status == VerificationCodeStatus.CheckCharacterMismatch ? "code-check-character" : "code-malformed");

    private static VerificationOutcome Failed(string check, string reason) =>
        Outcome(VerificationStatus.Invalid, [new VerificationCheck(check, CheckResult.Failed, reason)], null, []);

    private static VerificationOutcome Outcome(VerificationStatus status, IReadOnlyList<VerificationCheck> checks, VerifiedCredentialSummary? summary,
        IReadOnlyList<Recognition.Recognition> regions) =>
        new(status == VerificationStatus.Valid, status, checks, summary, regions);

    private static string? StringOf(JsonObject node, string name) =>
        node[name] is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;
}
