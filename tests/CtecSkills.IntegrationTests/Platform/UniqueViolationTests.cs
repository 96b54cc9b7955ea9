using CtecSkills.Core.Catalog;
using CtecSkills.Core.Cohorts;
using CtecSkills.Core.Data;
using CtecSkills.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.IntegrationTests.Platform;

/// <summary>
/// Race catches handle the unique index they expect and nothing else: on this run's database a real duplicate is
/// recognized by its index, while another index's name or a foreign-key error is not taken for it.
/// </summary>
public sealed class UniqueViolationTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>
{
    [Fact]
    public async Task Is_SecondEnrollmentOfTheSameLearner_IsThatIndexAndNoOther()
    {
        var existing = await app.QueryAsync(db => db.Enrollments.AsNoTracking().FirstAsync());

        var (any, thatIndex, otherIndex) = await SaveFailureAsync(
            db => db.Enrollments.Add(new Enrollment { CohortId = existing.CohortId, UserId = existing.UserId }),
            e => (UniqueViolation.Is(e), UniqueViolation.Is<Enrollment>(e, nameof(Enrollment.CohortId), nameof(Enrollment.UserId)),
                UniqueViolation.Is<Course>(e, nameof(Course.Slug))));

        Assert.True(any);
        Assert.True(thatIndex);
        Assert.False(otherIndex);
    }

    [Fact]
    public async Task Is_ReadOfALessonThatDoesNotExist_IsNotAUniqueViolation()
    {
        var userId = await app.QueryAsync(db => db.Users.Select(u => u.Id).FirstAsync());

        var (any, thatIndex) = await SaveFailureAsync(
            db => db.LessonProgress.Add(new LessonProgress { UserId = userId, LessonId = int.MaxValue, FirstReadAt = TimeProvider.System.GetUtcNow() }),
            e => (UniqueViolation.Is(e), UniqueViolation.Is<LessonProgress>(e, nameof(LessonProgress.UserId), nameof(LessonProgress.LessonId))));

        Assert.False(any);
        Assert.False(thatIndex);
    }

    /// <summary>Saves what <paramref name="add"/> adds, expects it to fail, and asks about the failure while its context lives.</summary>
    private Task<T> SaveFailureAsync<T>(Action<AppDbContext> add, Func<DbUpdateException, T> ask) =>
        app.QueryAsync(async db =>
        {
            add(db);
            return ask(await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync()));
        });
}
