using CtecSkills.Core.Cohorts;
using CtecSkills.Core.Data;
using CtecSkills.Core.Organizations;
using CtecSkills.Core.Regions;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.Core.Seeding;

/// <summary>
/// Demo cohorts once the demo bases and courses exist: every base runs one course with three two-hour classes (the
/// first today, so the check-in screen can be tried at once) and an enrollment window open for a month; the first
/// twenty demo learners are placed by staff, the last ten stay free to enroll themselves.
/// </summary>
public sealed class DemoCohortSeeder(AppDbContext db, EnrollmentService enrollments, TimeProvider clock)
{
    public const int PlacedLearners = 20;

    public async Task SeedAsync(CancellationToken ct)
    {
        if (await db.Cohorts.AnyAsync(ct))
        {
            return;
        }
        var courses = await db.Courses.Where(c => c.IsPublished).OrderBy(c => c.Id).Select(c => new { c.Id, c.Title }).ToListAsync(ct);
        var bases = await db.TrainingBases.OrderBy(b => b.Id).Select(b => new { b.Id, b.Address }).ToListAsync(ct);
        var admin = await db.Users.Where(u => u.Email == DemoSeeder.AdminEmail).Select(u => u.Id).FirstOrDefaultAsync(ct);
        if (courses.Count == 0 || bases.Count == 0 || admin is null)
        {
            return;
        }
        var now = clock.GetUtcNow();
        var today = BeijingTime.Today(clock);
        var classStart = new DateTimeOffset(today.ToDateTime(new TimeOnly(9, 0)), BeijingTime.Offset);
        var cohortIds = new List<int>();
        for (var i = 0; i < bases.Count; i++)
        {
            var course = courses[i % courses.Count];
            if (!await db.CourseOfferings.AnyAsync(o => o.CourseId == course.Id && o.TrainingBaseId == bases[i].Id, ct))
            {
                continue;
            }
            var cohort = new Cohort
            {
                CourseId = course.Id,
                TrainingBaseId = bases[i].Id,
                Name = $"{course.Title}（{today.Year}年{today.Month}月班）",
                Capacity = 30,
                EnrollmentOpensOn = today.AddDays(-7),
                EnrollmentClosesOn = today.AddDays(30),
                CreatedAt = now,
            };
            for (var week = 0; week < 3; week++)
            {
                var start = classStart.AddDays(7 * week);
                cohort.Sessions.Add(new CohortSession
                {
                    StartsAt = start.ToUniversalTime(),
                    EndsAt = start.AddHours(2).ToUniversalTime(),
                    Place = bases[i].Address,
                    Hours = 2,
                });
            }
            db.Cohorts.Add(cohort);
            await db.SaveChangesAsync(ct);
            cohortIds.Add(cohort.Id);
        }
        var actor = new BaseActor(admin, IsAdmin: true);
        for (var i = 0; i < PlacedLearners && cohortIds.Count > 0; i++)
        {
            await enrollments.EnrollByStaffAsync(cohortIds[i % cohortIds.Count], actor, DemoSeeder.LearnerPhone(i), ct);
        }
    }
}
