using CtecSkills.Core.Accounts;
using CtecSkills.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.Core.Organizations;

public sealed record AddStaffInput(string Email, string DisplayName, string? InitialPassword);

public enum AddStaffProblem
{
    BaseNotFound,
    NotAStaffAccount,
    AlreadyMember,
    PasswordRequired,
    PasswordTooWeak,
    InvalidEmail,
}

public sealed record AddStaffResult(AddStaffProblem? Problem, bool CreatedAccount = false)
{
    public bool Succeeded => Problem is null;
}

/// <summary>Admins decide who works for which base; membership is what scopes every staff query.</summary>
public sealed class BaseStaffService(AppDbContext db, UserManager<AppUser> users, AccountService accounts)
{
    /// <summary>
    /// Adds an existing staff account to the base, or creates the account with the initial password the admin hands
    /// over (the person changes it after the first sign-in).
    /// </summary>
    public async Task<AddStaffResult> AddAsync(int baseId, AddStaffInput input, CancellationToken ct)
    {
        if (!await db.TrainingBases.AnyAsync(b => b.Id == baseId, ct))
        {
            return new(AddStaffProblem.BaseNotFound);
        }
        var email = input.Email.Trim();
        var user = await users.FindByEmailAsync(email);
        var created = false;
        if (user is null)
        {
            if (string.IsNullOrEmpty(input.InitialPassword))
            {
                return new(AddStaffProblem.PasswordRequired);
            }
            var result = await accounts.CreateStaffAccountAsync(email, input.InitialPassword, input.DisplayName.Trim(), Roles.Staff, ct);
            if (!result.Succeeded)
            {
                return new(result.Errors.Any(e => e.Code.StartsWith("Password", StringComparison.Ordinal))
                    ? AddStaffProblem.PasswordTooWeak
                    : AddStaffProblem.InvalidEmail);
            }
            user = (await users.FindByEmailAsync(email))!;
            created = true;
        }
        else if (!await users.IsInRoleAsync(user, Roles.Staff))
        {
            return new(AddStaffProblem.NotAStaffAccount);
        }

        if (await db.BaseMemberships.AnyAsync(m => m.TrainingBaseId == baseId && m.UserId == user.Id, ct))
        {
            return new(AddStaffProblem.AlreadyMember);
        }
        db.BaseMemberships.Add(new BaseMembership { TrainingBaseId = baseId, UserId = user.Id });
        await db.SaveChangesAsync(ct);
        return new(null, created);
    }

    /// <summary>Takes a person off a base; their account stays (they may work for other bases).</summary>
    public async Task<bool> RemoveAsync(int baseId, string userId, CancellationToken ct) =>
        await db.BaseMemberships.Where(m => m.TrainingBaseId == baseId && m.UserId == userId).ExecuteDeleteAsync(ct) > 0;
}
