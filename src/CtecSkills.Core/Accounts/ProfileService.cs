using CtecSkills.Core.Audit;
using CtecSkills.Core.Data;
using CtecSkills.Core.Regions;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.Core.Accounts;

public enum ProfileProblem
{
    NameRequired,
    NameTooLong,
    BirthYearOutOfRange,
    UnknownLocality,
}

/// <summary>What a learner may correct about themselves; empty choices mean "not said".</summary>
public sealed record ProfileInput(string? DisplayName, Gender? Gender, int? BirthYear, string? LocalityCode, Area? Area, LearnerGroup? LearnerGroup);

/// <summary>
/// The learner corrects their own profile (PIPL art. 46). Credentials keep the name they were issued with and the
/// index keeps what it counted: both say what was true then.
/// </summary>
public sealed class ProfileService(AppDbContext db, TimeProvider clock)
{
    public const int NameMaxLength = 50;
    public const int EarliestBirthYear = 1930;

    /// <summary>Learners are at least 14, the youngest age vocational training takes.</summary>
    public const int YoungestAge = 14;

    public int LatestBirthYear => BeijingTime.Today(clock).Year - YoungestAge;

    public Task<ProfileInput?> FindAsync(string userId, CancellationToken ct) =>
        db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new ProfileInput(u.DisplayName, u.Gender, u.BirthYear, u.LocalityCode, u.Area, u.LearnerGroup))
            .FirstOrDefaultAsync(ct);

    /// <summary>
    /// Saves the corrected profile of <paramref name="userId"/> (the signed-in person; nobody else's) and audits the
    /// change without its values. With any problem nothing changes. Null when the account is gone.
    /// </summary>
    public async Task<IReadOnlyList<ProfileProblem>?> CorrectAsync(string userId, ProfileInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var problems = new List<ProfileProblem>();
        var name = input.DisplayName?.Trim() ?? "";
        if (name.Length == 0)
        {
            problems.Add(ProfileProblem.NameRequired);
        }
        else if (name.Length > NameMaxLength)
        {
            problems.Add(ProfileProblem.NameTooLong);
        }
        if (input.BirthYear is { } year && (year < EarliestBirthYear || year > LatestBirthYear))
        {
            problems.Add(ProfileProblem.BirthYearOutOfRange);
        }
        var locality = string.IsNullOrWhiteSpace(input.LocalityCode) ? null : input.LocalityCode.Trim();
        if (locality is not null && !await db.Localities.AnyAsync(l => l.Code == locality, ct))
        {
            problems.Add(ProfileProblem.UnknownLocality);
        }
        if (problems.Count > 0)
        {
            return problems;
        }

        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null)
        {
            return null;
        }
        user.DisplayName = name;
        user.Gender = input.Gender;
        user.BirthYear = input.BirthYear;
        user.LocalityCode = locality;
        user.Area = input.Area;
        user.LearnerGroup = input.LearnerGroup;
        db.Audit(clock.GetUtcNow(), userId, AuditActions.CorrectProfile, AuditActions.UserSubject(userId));
        await db.SaveChangesAsync(ct);
        return [];
    }
}
