using CtecSkills.Core.Catalog;
using CtecSkills.Core.Data;
using CtecSkills.Core.Organizations;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.Core.Credentials;

public sealed record AchievementInput
{
    public string? Name { get; init; }
    public string? Description { get; init; }
    public string? CriteriaNarrative { get; init; }
    public string? AchievementType { get; init; }
    public CourseLevel Level { get; init; }
    public int? ValidityMonths { get; init; }
}

public enum AchievementProblem
{
    NameRequired,
    NameTooLong,
    DescriptionRequired,
    DescriptionTooLong,
    CriteriaRequired,
    CriteriaTooLong,
    UnknownType,
    ValidityOutOfRange,
    /// <summary>U+FFFE, U+FFFF or a broken surrogate pair: a credential holding it would not verify in other verifiers.</summary>
    UnsupportedCharacter,
}

public sealed record AchievementSaveResult(bool Found, IReadOnlyList<AchievementProblem> Problems)
{
    public bool Succeeded => Found && Problems.Count == 0;
}

public sealed record CourseAchievements(int CourseId, string Slug, string Title, CourseCategory Category, CourseLevel Level, IReadOnlyList<Achievement> Achievements);

/// <summary>Achievements of a course, managed by staff of the base that owns the course (or an admin).</summary>
public sealed class AchievementService(AppDbContext db, TimeProvider clock)
{
    /// <summary>OB 3.0 AchievementType values offered to staff (the spec's enumeration has more).</summary>
    public static readonly IReadOnlyList<string> Types = ["Certificate", "Badge", "Certification", "Competency", "CourseCompletion"];

    public async Task<CourseAchievements?> FindAsync(string slug, BaseActor actor, CancellationToken ct)
    {
        var course = await db.Courses.ManagedBy(actor).AsNoTracking().FirstOrDefaultAsync(c => c.Slug == slug, ct);
        if (course is null)
        {
            return null;
        }
        var achievements = await db.Achievements.AsNoTracking().Where(a => a.CourseId == course.Id).OrderBy(a => a.Id).ToListAsync(ct);
        return new(course.Id, course.Slug, course.Title, course.Category, course.Level, achievements);
    }

    /// <summary>Creates (<paramref name="achievementId"/> null) or updates an achievement of the course.</summary>
    public async Task<AchievementSaveResult> SaveAsync(string slug, int? achievementId, AchievementInput input, BaseActor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var course = await db.Courses.ManagedBy(actor).FirstOrDefaultAsync(c => c.Slug == slug, ct);
        if (course is null)
        {
            return new(false, []);
        }
        Achievement? achievement = null;
        if (achievementId is { } id)
        {
            achievement = await db.Achievements.FirstOrDefaultAsync(a => a.Id == id && a.CourseId == course.Id, ct);
            if (achievement is null)
            {
                return new(false, []);
            }
        }
        var problems = Check(input);
        if (problems.Count > 0)
        {
            return new(true, problems);
        }
        var now = clock.GetUtcNow();
        if (achievement is null)
        {
            achievement = new Achievement { Name = "", Description = "", CriteriaNarrative = "", AchievementType = "", CourseId = course.Id, CreatedAt = now };
            db.Achievements.Add(achievement);
        }
        // Credentials already issued keep the achievement as it was when signed; edits apply to new ones.
        achievement.Name = input.Name!.Trim();
        achievement.Description = input.Description!.Trim();
        achievement.CriteriaNarrative = input.CriteriaNarrative!.Trim();
        achievement.AchievementType = input.AchievementType!;
        achievement.Level = input.Level;
        achievement.ValidityMonths = input.ValidityMonths;
        achievement.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return new(true, []);
    }

    public static List<AchievementProblem> Check(AchievementInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var problems = new List<AchievementProblem>();
        Text(input.Name, CredentialLimits.NameLength, AchievementProblem.NameRequired, AchievementProblem.NameTooLong, problems);
        Text(input.Description, CredentialLimits.TextLength, AchievementProblem.DescriptionRequired, AchievementProblem.DescriptionTooLong, problems);
        Text(input.CriteriaNarrative, CredentialLimits.TextLength, AchievementProblem.CriteriaRequired, AchievementProblem.CriteriaTooLong, problems);
        if (input.AchievementType is null || !Types.Contains(input.AchievementType))
        {
            problems.Add(AchievementProblem.UnknownType);
        }
        if (input.ValidityMonths is < 1 or > CredentialLimits.MaxValidityMonths)
        {
            problems.Add(AchievementProblem.ValidityOutOfRange);
        }
        if (!CredentialLimits.IsSignable(input.Name, input.Description, input.CriteriaNarrative))
        {
            problems.Add(AchievementProblem.UnsupportedCharacter);
        }
        return problems;
    }

    private static void Text(string? value, int max, AchievementProblem required, AchievementProblem tooLong, List<AchievementProblem> problems)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add(required);
        }
        else if (value.Trim().Length > max)
        {
            problems.Add(tooLong);
        }
    }
}
