using CtecSkills.Core.Audit;
using CtecSkills.Core.Data;
using CtecSkills.Core.Organizations;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.Core.Credentials;

public enum CredentialState
{
    Active,
    Suspended,
    Revoked,
    Expired,
}

public sealed record CredentialSummary(
    long Id,
    string Code,
    string AchievementName,
    string AchievementType,
    string IssuerName,
    string LearnerName,
    string CourseTitle,
    DateTimeOffset ValidFrom,
    DateTimeOffset? ValidUntil,
    CredentialState State,
    string? StatusReason,
    bool HolderNamePublic)
{
    public string DisplayCode => VerificationCode.Parse(Code).Code?.ToDisplayString() ?? Code;

    /// <summary>The holder erased their account and kept this credential verifiable (staff see 已删除的学员).</summary>
    public bool HolderErased => LearnerName == IssuedCredential.ErasedHolder;
}

public enum StatusChange
{
    Revoke,
    Suspend,
    Unsuspend,
}

public enum StatusChangeResult
{
    Done,
    NotFound,
    ReasonRequired,
    ReasonTooLong,

    /// <summary>Revoked is final; suspending an already suspended or unsuspending an active one changes nothing.</summary>
    NotAllowed,
}

/// <summary>
/// Reading issued credentials (the learner's wallet, the base's list, a verifier by code) and changing their
/// status: revoke, suspend, unsuspend, each with a reason in the audit log and the status list republished.
/// </summary>
public sealed class CredentialService(AppDbContext db, StatusListPublisher statusLists, TimeProvider clock)
{
    /// <summary>The learner's wallet: a credential re-issued after a key compromise shows once, as its replacement.</summary>
    public async Task<List<CredentialSummary>> ListForLearnerAsync(string userId, CancellationToken ct) =>
        (await Summaries(db.IssuedCredentials.Where(c => c.UserId == userId && c.ReplacedByCredentialId == null)).ToListAsync(ct)).Select(WithExpiry).ToList();

    /// <summary>The learner's own credential by code, with its signed forms; null when it is not theirs.</summary>
    public Task<IssuedCredential?> FindForLearnerAsync(string userId, string code, CancellationToken ct) =>
        db.IssuedCredentials.AsNoTracking().FirstOrDefaultAsync(c => c.UserId == userId && c.VerificationCode == code, ct);

    /// <summary>Any credential by its verification code (for the public verify pages): the stored JWS and JSON.</summary>
    public Task<IssuedCredential?> FindByCodeAsync(string code, CancellationToken ct) =>
        db.IssuedCredentials.AsNoTracking().FirstOrDefaultAsync(c => c.VerificationCode == code, ct);

    public async Task<CredentialSummary?> FindSummaryAsync(string code, CancellationToken ct)
    {
        var summary = await Summaries(db.IssuedCredentials.Where(c => c.VerificationCode == code)).FirstOrDefaultAsync(ct);
        return summary is null ? null : WithExpiry(summary);
    }

    /// <summary>
    /// The learner's choice for one of their credentials: verification shows their full name, or masks it (the
    /// default). False when the credential is not theirs.
    /// </summary>
    public async Task<bool> SetHolderNamePublicAsync(string userId, string code, bool isPublic, CancellationToken ct) =>
        await db.IssuedCredentials.Where(c => c.UserId == userId && c.VerificationCode == code)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.HolderNamePublic, isPublic), ct) > 0;

    /// <summary>Credentials issued by the bases the actor works for (all for an admin), newest first.</summary>
    public async Task<List<CredentialSummary>> ListForStaffAsync(BaseActor actor, int? cohortId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var query = db.IssuedCredentials.ManagedBy(actor);
        if (cohortId is { } id)
        {
            query = query.Where(c => c.Enrollment!.CohortId == id);
        }
        return (await Summaries(query).Take(500).ToListAsync(ct)).Select(WithExpiry).ToList();
    }

    public async Task<CredentialSummary?> FindForStaffAsync(string code, BaseActor actor, CancellationToken ct)
    {
        var summary = await Summaries(db.IssuedCredentials.ManagedBy(actor).Where(c => c.VerificationCode == code)).FirstOrDefaultAsync(ct);
        return summary is null ? null : WithExpiry(summary);
    }

    public async Task<StatusChangeResult> ChangeStatusAsync(string code, StatusChange change, string? reason, BaseActor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var credential = await db.IssuedCredentials.ManagedBy(actor).FirstOrDefaultAsync(c => c.VerificationCode == code, ct);
        if (credential is null)
        {
            return StatusChangeResult.NotFound;
        }
        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason))
        {
            return StatusChangeResult.ReasonRequired;
        }
        if (reason.Length > CredentialLimits.ReasonLength)
        {
            return StatusChangeResult.ReasonTooLong;
        }
        var allowed = change switch
        {
            StatusChange.Revoke => credential.RevokedAt is null,
            StatusChange.Suspend => credential.RevokedAt is null && credential.SuspendedAt is null,
            _ => credential.RevokedAt is null && credential.SuspendedAt is not null,
        };
        if (!allowed)
        {
            return StatusChangeResult.NotAllowed;
        }

        var now = clock.GetUtcNow();
        switch (change)
        {
            case StatusChange.Revoke:
                credential.Revoke(now, reason);
                break;
            case StatusChange.Suspend:
                credential.SuspendedAt = now;
                credential.StatusReason = reason;
                break;
            default:
                credential.SuspendedAt = null;
                credential.StatusReason = null;
                break;
        }
        credential.StatusChangedAt = now;
        var action = change switch
        {
            StatusChange.Revoke => AuditActions.RevokeCredential,
            StatusChange.Suspend => AuditActions.SuspendCredential,
            _ => AuditActions.UnsuspendCredential,
        };
        db.Audit(now, actor.UserId, action, AuditActions.CredentialSubject(credential.VerificationCode), credential.IssuerBaseId, reason);
        await db.SaveChangesAsync(ct);

        // After commit, from the committed rows; if this fails or races, the minute sweep republishes the stale list.
        var purpose = change == StatusChange.Revoke ? StatusPurpose.Revocation : StatusPurpose.Suspension;
        await statusLists.PublishAsync(credential.IssuerBaseId, purpose, credential.StatusListSequence, ct);
        return StatusChangeResult.Done;
    }

    private static IQueryable<CredentialSummary> Summaries(IQueryable<IssuedCredential> query) =>
        query.AsNoTracking()
            .OrderByDescending(c => c.Id)
            .Select(c => new CredentialSummary(
                c.Id,
                c.VerificationCode,
                c.Achievement!.Name,
                c.Achievement.AchievementType,
                c.IssuerBase!.Name,
                c.HolderName ?? IssuedCredential.ErasedHolder,
                c.Achievement.Course!.Title,
                c.ValidFrom,
                c.ValidUntil,
                c.RevokedAt != null ? CredentialState.Revoked : c.SuspendedAt != null ? CredentialState.Suspended : CredentialState.Active,
                c.StatusReason,
                c.HolderNamePublic));

    private CredentialSummary WithExpiry(CredentialSummary summary) =>
        summary.State == CredentialState.Active && summary.ValidUntil is { } until && until <= clock.GetUtcNow()
            ? summary with { State = CredentialState.Expired }
            : summary;
}
