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
    InvalidEmail,
    WeakPassword,
}

/// <summary>
/// <see cref="Problems"/> empty means "received": also when the email already has an account, where nothing is created
/// (<see cref="ApplicationId"/> is null) but the applicant is told the same as everyone else.
/// </summary>
public sealed record RegistrationResult(int? ApplicationId, IReadOnlyList<RegistrationProblem> Problems, IReadOnlyList<string> PasswordErrors)
{
    public bool Received => Problems.Count == 0;
}

public enum DecisionOutcome
{
    NotFound,
    AlreadyDecided,
    Approved,
    Rejected,

    /// <summary>A new organization was chosen, but one of that name exists: the admin must choose it explicitly, or reject.</summary>
    OrganizationNameTaken,
}

/// <summary>Employers and HR bureaus register to verify credentials; an admin approves or rejects each one, audited.</summary>
public sealed class VerifierRegistrationService(AppDbContext db, UserManager<AppUser> users, TimeProvider clock)
{

    /// <summary>
    /// Files an application with a new account. Whether the email already has an account is never said (the answer is the
    /// one every applicant gets, and the password is hashed either way so that the time taken does not tell either);
    /// the existing account is left as it is.
    /// </summary>
    public async Task<RegistrationResult> ApplyAsync(VerifierApplicationInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var problems = new List<RegistrationProblem>();
        var email = input.Email.Trim();
        if (!await db.Localities.AnyAsync(l => l.Code == input.LocalityCode, ct))
        {
            problems.Add(RegistrationProblem.UnknownLocality);
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
        if (await users.FindByEmailAsync(email) is { } existing)
        {
            _ = users.PasswordHasher.HashPassword(existing, input.Password);
            return new(null, [], []);
        }

        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var user = new AppUser
        {
            UserName = email,
            Email = email,
            DisplayName = input.ContactName.Trim(),
            CreatedAt = now,
        };
        db.ConsentRecords.Add(ConsentService.Give(user, ConsentWay.SignUp, now));
        var created = await users.CreateAsync(user, input.Password);
        if (!created.Succeeded)
        {
            // Two people registering the same address at the same instant: the second is told what the first was.
            return created.Errors.Any(e => e.Code is "DuplicateUserName" or "DuplicateEmail")
                ? new(null, [], [])
                : new(null, [RegistrationProblem.InvalidEmail], []);
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

    /// <summary>The organizations an admin may let an applicant join, by name.</summary>
    public Task<List<Organization>> ListOrganizationsAsync(CancellationToken ct) =>
        db.Organizations.AsNoTracking().OrderBy(o => o.Name).ToListAsync(ct);

    /// <summary>
    /// Approving gives the account the Verifier role and makes it a member of the organization the admin chose
    /// (<paramref name="joinOrganizationId"/>), or of a new one under the applied name when none was chosen. Typing an
    /// existing organization's name never joins it: a stranger would see its verification history. A reason is required
    /// to reject and optional to approve; both go to the audit log.
    /// </summary>
    public async Task<DecisionOutcome> DecideAsync(
        int applicationId, bool approve, int? joinOrganizationId, string adminUserId, string? reason, CancellationToken ct)
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
            Organization? organization;
            if (joinOrganizationId is { } chosen)
            {
                organization = await db.Organizations.FirstOrDefaultAsync(o => o.Id == chosen, ct);
                if (organization is null)
                {
                    return DecisionOutcome.NotFound;
                }
            }
            else
            {
                if (await db.Organizations.AnyAsync(o => o.Name == application.OrganizationName, ct))
                {
                    return DecisionOutcome.OrganizationNameTaken;
                }
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
