using CtecSkills.Core.Catalog;
using CtecSkills.Core.Cohorts;
using CtecSkills.Core.Organizations;

namespace CtecSkills.Core.Credentials;

/// <summary>What a learner earns by completing a course: the OB 3.0 <c>Achievement</c> its credentials carry.</summary>
public sealed class Achievement
{
    public int Id { get; set; }
    public int CourseId { get; set; }
    public Course? Course { get; set; }
    public required string Name { get; set; }
    public required string Description { get; set; }
    public required string CriteriaNarrative { get; set; }

    /// <summary>OB 3.0 <c>AchievementType</c>, e.g. <c>Certificate</c>, <c>Badge</c>.</summary>
    public required string AchievementType { get; set; }
    public CourseLevel Level { get; set; }

    /// <summary>Months a credential stays valid after issue; null means it does not expire.</summary>
    public int? ValidityMonths { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// An RS256 signing key of one issuer (training base). The private key is stored only as a Data Protection payload;
/// a retired key signs nothing new but stays published so that what it signed still verifies.
/// </summary>
public sealed class IssuerKey
{
    public int Id { get; set; }
    public int TrainingBaseId { get; set; }
    public TrainingBase? TrainingBase { get; set; }

    /// <summary>The JOSE <c>kid</c>: the issuer's id URL with a fragment naming the key.</summary>
    public required string KeyId { get; set; }

    /// <summary>The public JWK as JSON (n, e, kid, alg, use).</summary>
    public required string PublicJwk { get; set; }

    /// <summary>PKCS#8 private key, protected with <c>IDataProtector</c>; never leaves the issuing service.</summary>
    public required string ProtectedPrivateKey { get; set; }

    /// <summary>
    /// The Ed25519 half of the key, for Data Integrity proofs (<c>eddsa-rdfc-2022</c>): its public key as a Multikey
    /// (<c>z6Mk…</c>). Rotated, retired and compromised together with the RSA half. Null only on a key made before
    /// Data Integrity proofs, until it is first used.
    /// </summary>
    public string? Ed25519PublicKeyMultibase { get; set; }

    /// <summary>The Ed25519 private seed, protected like <see cref="ProtectedPrivateKey"/>.</summary>
    public string? ProtectedEd25519Seed { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RetiredAt { get; set; }

    /// <summary>
    /// An admin said the private key leaked from this moment on: what it signed from then verifies as invalid, and
    /// what it signed before stays valid (and may be re-issued with the current key). Null: not compromised.
    /// </summary>
    public DateTimeOffset? CompromisedAt { get; set; }

    /// <summary>The admin's reason for <see cref="CompromisedAt"/> (also in the audit log).</summary>
    public string? CompromiseReason { get; set; }
}

/// <summary>
/// One signed OpenBadgeCredential. Unique per enrollment and achievement and per verification code; the verifier
/// reads it by code and checks <see cref="Jws"/> against the published JWKS and status lists.
/// </summary>
public sealed class IssuedCredential
{
    public long Id { get; set; }

    /// <summary>The credential's <c>id</c> (and JWT <c>jti</c>): <c>urn:uuid:…</c>.</summary>
    public required string CredentialId { get; set; }
    public int EnrollmentId { get; set; }
    public Enrollment? Enrollment { get; set; }
    public int AchievementId { get; set; }
    public Achievement? Achievement { get; set; }

    /// <summary>The holder; null once they erased their account (the credential stays verifiable or was revoked then).</summary>
    public string? UserId { get; set; }

    /// <summary>The issuing base: the one that ran the learner's cohort.</summary>
    public int IssuerBaseId { get; set; }
    public TrainingBase? IssuerBase { get; set; }

    /// <summary>The 11-character code (<see cref="Credentials.VerificationCode.ToString"/>) in <c>/verify/{code}</c>.</summary>
    public required string VerificationCode { get; set; }
    public required string KeyId { get; set; }
    public required string CredentialJson { get; set; }
    public required string Jws { get; set; }

    /// <summary>Which pair of the issuer's status lists (revocation and suspension) holds this credential's bit.</summary>
    public int StatusListSequence { get; set; }

    /// <summary>The same random index in the revocation and the suspension list.</summary>
    public int StatusIndex { get; set; }
    public DateTimeOffset IssuedAt { get; set; }
    public DateTimeOffset ValidFrom { get; set; }
    public DateTimeOffset? ValidUntil { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset? SuspendedAt { get; set; }

    /// <summary>Last revocation, suspension or unsuspension: lists published before it are stale.</summary>
    public DateTimeOffset? StatusChangedAt { get; set; }

    /// <summary>The reason for the current revocation or suspension, as staff wrote it (also in the audit log).</summary>
    public string? StatusReason { get; set; }

    /// <summary>The learner chose to show their full name to verifiers; otherwise verification shows it masked (王*明).</summary>
    public bool HolderNamePublic { get; set; }

    /// <summary>
    /// The holder's name as it was when the credential was issued: what verification, the staff list and the PDF show.
    /// A later correction of the profile does not change it (the credential says what was true then). Null once the
    /// holder erased their account and chose to keep the credential verifiable: shown as <see cref="ErasedHolder"/>.
    /// </summary>
    public string? HolderName { get; set; }

    /// <summary>How a holder who erased their account is shown.</summary>
    public const string ErasedHolder = "—";

    /// <summary>Revoked for good, with the reason verifiers see; the caller republishes the revocation list after saving.</summary>
    public void Revoke(DateTimeOffset now, string reason)
    {
        RevokedAt = now;
        StatusReason = reason;
        StatusChangedAt = now;
    }

    /// <summary>
    /// Set when this credential was re-issued (its signing key was compromised): the <see cref="CredentialId"/> of the
    /// credential that replaces it. A replaced credential is revoked and leaves the learner's wallet; one unreplaced
    /// credential per enrollment and achievement (a filtered unique index).
    /// </summary>
    public string? ReplacedByCredentialId { get; set; }
}

/// <summary>The signed status-list credential last published for one issuer, purpose and list number.</summary>
public sealed class StatusListPublication
{
    public int Id { get; set; }
    public int TrainingBaseId { get; set; }
    public StatusPurpose Purpose { get; set; }
    public int Sequence { get; set; }
    public required string Jws { get; set; }

    /// <summary>
    /// The same status-list credential as JSON with its embedded Data Integrity proof (the JWS payload carries it too),
    /// for verifiers that check embedded proofs. Null on a publication made before those proofs: it is published again
    /// when next asked for.
    /// </summary>
    public string? CredentialJson { get; set; }
    public required string ETag { get; set; }
    public DateTimeOffset PublishedAt { get; set; }
}

/// <summary>Staff asked to issue the missing credentials of a whole cohort; the job counts its progress here.</summary>
public sealed class BulkIssueRun
{
    public int Id { get; set; }
    public int CohortId { get; set; }
    public Cohort? Cohort { get; set; }
    public required string RequestedByUserId { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public int Total { get; set; }
    public int Issued { get; set; }
    public int Failed { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}
