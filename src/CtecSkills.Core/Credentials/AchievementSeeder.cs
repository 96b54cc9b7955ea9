using CtecSkills.Core.Catalog;
using CtecSkills.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.Core.Credentials;

/// <summary>Demo data: every demo course (a package under <c>seed/courses</c>) without an achievement gets one certificate.</summary>
public sealed class AchievementSeeder(AppDbContext db, TimeProvider clock)
{
    // Scams change quickly: the safe-payment certificate is the one demo credential that expires.
    private static readonly Dictionary<string, int> ValidityMonths = new(StringComparer.Ordinal) { ["fraud-and-safe-payment"] = 24 };

    public async Task SeedAsync(string seedDirectory, CancellationToken ct)
    {
        var folder = Path.Combine(seedDirectory, CourseSeeder.CoursesFolder);
        if (!Directory.Exists(folder))
        {
            return;
        }
        var slugs = Directory.GetDirectories(folder).Select(Path.GetFileName).OfType<string>().ToList();
        var courses = await db.Courses
            .Where(c => slugs.Contains(c.Slug) && !db.Achievements.Any(a => a.CourseId == c.Id))
            .Include(c => c.Quiz)
            .ToListAsync(ct);
        var now = clock.GetUtcNow();
        foreach (var course in courses)
        {
            var criteria = course.Quiz is null ? "学完全部课时。" : $"学完全部课时，测验达到 {course.Quiz.PassMark} 分。";
            if (course.MinAttendedHours > 0)
            {
                criteria += $"线下上课满 {course.MinAttendedHours} 小时。";
            }
            db.Achievements.Add(new Achievement
            {
                CourseId = course.Id,
                Name = $"{course.Title} 结业证书",
                Description = $"持证人学完了“{course.Title}”课程，会用课上教的本领。",
                CriteriaNarrative = criteria,
                AchievementType = "Certificate",
                Level = course.Level,
                ValidityMonths = ValidityMonths.TryGetValue(course.Slug, out var months) ? months : null,
                CreatedAt = now,
                UpdatedAt = now,
            });
        }
        await db.SaveChangesAsync(ct);
    }
}
