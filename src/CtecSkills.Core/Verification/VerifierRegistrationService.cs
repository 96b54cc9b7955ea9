using CtecSkills.Core.Accounts;
using CtecSkills.Core.Audit;
using CtecSkills.Core.Data;
using CtecSkills.Core.Organizations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.Core.Verification;

public sealed record VerifierApplicationInput(
    string OrganizationName, OrganizationKind OrganizationKind, string LocalityCode, string ContactName, string Email, string Password);

public enum RegistrationProblem
{
    UnknownLocality,
    EmailTaken,
    WeakPassword,
}

public sealed record RegistrationResult(int? ApplicationId, IReadOnlyList<RegistrationProblem> Problems, IReadOnlyList<string> PasswordErrors);

public enum DecisionOutcome
{
    NotFound,
    AlreadyDecided,
    Approved,
    Rejected,
}

/// <summary>Employers and HR bureaus register to verify credentials; an admin approves or rejects each one, audited.</summary>
public sealed class VerifierRegistrationService(AppDbContext db, UserManager<AppUser> users, TimeProvider clock)
{

    public async Task<RegistrationResult> ApplyAsync(VerifierApplicationInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var problems = new List<RegistrationProblem>();
        var email = input.Email.Trim();
        if (!await db.Localities.AnyAsync(l => l.Code == input.LocalityCode, ct))
        {
            problems.Add(RegistrationProblem.UnknownLocality);
        }
        if (await users.FindByEmailAsync(email) is not null)
        {
            problems.Add(RegistrationProblem.EmailTaken);
        }
        var passwordErrors = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            var check = await validator.ValidateAsync(users, null!, input.Password);
            passwordErrors.AddRange(check.Errors.Select(e => e.Code));
        }
        if (passwordErrors.Count > 0)
        {
            problems.Add(RegistrationProblem.WeakPassword);
        }
        if (problems.Count > 0)
        {
            return new(null, problems, passwordErrors);
        }

        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var user = new AppUser
        {
            UserName = email,
            Email = email,
            DisplayName = input.ContactName.Trim(),
            CreatedAt = now,
            PrivacyNoticeVersion = PrivacyNotice.CurrentVersion,
            PrivacyAcceptedAt = now,
        };
        var created = await users.CreateAsync(user, input.Password);
        if (!created.Succeeded)
        {
            // Two people registering the same address at the same instant: the second loses here.
            return new(null, [RegistrationProblem.EmailTaken], []);
        }
        var application = new VerifierApplication
        {
            UserId = user.Id,
            OrganizationName = input.OrganizationName.Trim(),
            OrganizationKind = input.OrganizationKind,
            LocalityCode = input.LocalityCode,
            ContactName = input.ContactName.Trim(),
            Email = email,
            Status = ApplicationStatus.Pending,
            CreatedAt = now,
        };
        db.VerifierApplications.Add(application);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new(application.Id, [], []);
    }

    public Task<List<VerifierApplication>> ListAsync(CancellationToken ct) =>
        db.VerifierApplications.AsNoTracking()
            .OrderBy(a => a.Status).ThenByDescending(a => a.CreatedAt)
            .ToListAsync(ct);

    public Task<VerifierApplication?> FindForUserAsync(string userId, CancellationToken ct) =>
        db.VerifierApplications.AsNoTracking().Where(a => a.UserId == userId).OrderByDescending(a => a.Id).FirstOrDefaultAsync(ct);

    /// <summary>
    /// Approving gives the account the Verifier role and makes it a member of the organization (the existing one of that
    /// name, or a new one). A reason is required to reject and optional to approve; both go to the audit log.
    /// </summary>
    public async Task<DecisionOutcome> DecideAsync(int applicationId, bool approve, string adminUserId, string? reason, CancellationToken ct)
    {
        if ((!approve && string.IsNullOrWhiteSpace(reason)) || reason?.Trim().Length > AuditEntry.ReasonLength)
        {
            throw new ArgumentException($"A rejection needs a reason; a reason has at most {AuditEntry.ReasonLength} characters.", nameof(reason));
        }
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var status = approve ? ApplicationStatus.Approved : ApplicationStatus.Rejected;
        var won = await db.VerifierApplications.Where(a => a.Id == applicationId && a.Status == ApplicationStatus.Pending)
            .ExecuteUpdateAsync(s => s
                .SetProperty(a => a.Status, status)
                .SetProperty(a => a.DecidedAt, now)
                .SetProperty(a => a.DecidedByUserId, adminUserId)
                .SetProperty(a => a.DecisionReason, reason == null ? null : reason.Trim()), ct);
        if (won == 0)
        {
            return await db.VerifierApplications.AnyAsync(a => a.Id == applicationId, ct) ? DecisionOutcome.AlreadyDecided : DecisionOutcome.NotFound;
        }
        var application = await db.VerifierApplications.AsNoTracking().FirstAsync(a => a.Id == applicationId, ct);
        if (approve)
        {
            var organization = await db.Organizations.FirstOrDefaultAsync(o => o.Name == application.OrganizationName, ct);
            if (organization is null)
            {
                organization = new Organization
                {
                    Name = application.OrganizationName,
                    Kind = application.OrganizationKind,
                    LocalityCode = application.LocalityCode,
                    ContactEmail = application.Email,
                    CreatedAt = now,
                };
                db.Organizations.Add(organization);
                await db.SaveChangesAsync(ct);
            }
            var user = await users.FindByIdAsync(application.UserId) ?? throw new InvalidOperationException("The applicant's account is gone.");
            user.OrganizationId = organization.Id;
            user.EmailConfirmed = true;
            await users.UpdateAsync(user);
            await users.AddToRoleAsync(user, Roles.Verifier);
        }
        db.Audit(now, adminUserId, approve ? AuditActions.ApproveVerifier : AuditActions.RejectVerifier,
            AuditActions.VerifierApplicationSubject(applicationId), reason: reason?.Trim());
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return approve ? DecisionOutcome.Approved : DecisionOutcome.Rejected;
    }
}
