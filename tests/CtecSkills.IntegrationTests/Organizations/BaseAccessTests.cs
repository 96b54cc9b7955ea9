using System.Linq.Expressions;
using CtecSkills.Core.Catalog;
using CtecSkills.Core.Cohorts;
using CtecSkills.Core.Credentials;
using CtecSkills.Core.Data;
using CtecSkills.Core.Organizations;
using CtecSkills.Core.Seeding;
using CtecSkills.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.IntegrationTests.Organizations;

/// <summary>
/// The tenancy rule every service uses (<see cref="BaseAccess"/>): for each aggregate that belongs to a base, staff get
/// exactly their own base's records, an admin gets every record, and an account that belongs to no base gets none.
/// </summary>
public sealed class BaseAccessTests(CtecSkillsApp app) : IClassFixture<CtecSkillsApp>, IAsyncLifetime
{
    private static readonly DemoBase Own = DemoSeeder.Bases[0];
    private BaseActor _staff = null!;
    private int _ownBaseId;

    public async Task InitializeAsync()
    {
        // Credentials at two bases, so that the credential rule has something to tell apart.
        await app.CompletedEnrollmentsAsync(Own, 2);
        await app.CompletedEnrollmentsAsync(DemoSeeder.Bases[1], 2);
        await app.RunIssuingJobAsync();
        _ownBaseId = await app.GetStaffBaseIdAsync(Own.StaffEmail);
        // The demo's courses all belong to the first base: one changes hands, so that courses too are told apart.
        var otherBaseId = await app.GetStaffBaseIdAsync(DemoSeeder.Bases[1].StaffEmail);
        await app.QueryAsync(db => db.Courses.Where(c => c.Id == db.Courses.Max(m => m.Id))
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.OwnerBaseId, otherBaseId)));
        _staff = new BaseActor(await app.QueryAsync(db => db.Users.Where(u => u.Email == Own.StaffEmail).Select(u => u.Id).SingleAsync()), IsAdmin: false);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public Task ManagedBy_TrainingBases_OwnOnly() =>
        AssertRuleAsync(db => db.TrainingBases, (q, a) => q.ManagedBy(a), b => b.Id);

    [Fact]
    public Task ManagedBy_Courses_ThoseTheBaseOwns() =>
        AssertRuleAsync(db => db.Courses, (q, a) => q.ManagedBy(a), c => c.OwnerBaseId);

    [Fact]
    public Task ManagedBy_CourseOfferings_TheBasesOwn() =>
        AssertRuleAsync(db => db.CourseOfferings, (q, a) => q.ManagedBy(a), o => o.TrainingBaseId);

    [Fact]
    public Task ManagedBy_Cohorts_TheBasesOwn() =>
        AssertRuleAsync(db => db.Cohorts, (q, a) => q.ManagedBy(a), c => c.TrainingBaseId);

    [Fact]
    public Task ManagedBy_Classes_OfTheBasesCohorts() =>
        AssertRuleAsync(db => db.CohortSessions, (q, a) => q.ManagedBy(a), s => s.Cohort!.TrainingBaseId);

    [Fact]
    public Task ManagedBy_Enrollments_InTheBasesCohorts() =>
        AssertRuleAsync(db => db.Enrollments, (q, a) => q.ManagedBy(a), e => e.Cohort!.TrainingBaseId);

    [Fact]
    public Task ManagedBy_IssuedCredentials_TheBaseIssued() =>
        AssertRuleAsync(db => db.IssuedCredentials, (q, a) => q.ManagedBy(a), c => c.IssuerBaseId);

    private async Task AssertRuleAsync<T>(
        Func<AppDbContext, IQueryable<T>> all, Func<IQueryable<T>, BaseActor, IQueryable<T>> managedBy, Expression<Func<T, int>> baseIdOf)
    {
        var total = await app.QueryAsync(db => all(db).CountAsync());
        var bases = await app.QueryAsync(db => managedBy(all(db), _staff).Select(baseIdOf).Distinct().ToListAsync());
        var own = await app.QueryAsync(db => managedBy(all(db), _staff).CountAsync());
        var ownExpected = await app.QueryAsync(db => all(db).Select(baseIdOf).CountAsync(id => id == _ownBaseId));
        var admin = await app.QueryAsync(db => managedBy(all(db), new BaseActor(_staff.UserId, IsAdmin: true)).CountAsync());
        var stranger = await app.QueryAsync(db => managedBy(all(db), new BaseActor("no-such-user", IsAdmin: false)).CountAsync());

        Assert.Equal([_ownBaseId], bases);
        Assert.Equal(ownExpected, own);
        Assert.True(own < total, "The demo data should hold records of other bases too, or this test proves nothing.");
        Assert.Equal(total, admin);
        Assert.Equal(0, stranger);
    }
}
