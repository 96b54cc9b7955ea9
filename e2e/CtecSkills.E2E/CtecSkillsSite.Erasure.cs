using CtecSkills.Core.Cohorts;
using CtecSkills.Core.Credentials;
using CtecSkills.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CtecSkills.E2E;

public partial class CtecSkillsSite
{
    /// <summary>
    /// The learner with that phone completes <paramref name="count"/> demo cohorts that award a credential (written as
    /// the completion service would) and the issuing job runs; returns the verification codes in the order issued.
    /// </summary>
    public async Task<List<string>> IssuedCredentialCodesAsync(string learnerPhone, int count)
    {
        var app = _app ?? throw new InvalidOperationException("The site has not started.");
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var learner = await db.Users.Where(u => u.PhoneNumber == learnerPhone).Select(u => u.Id).SingleAsync();
        var cohorts = await db.Cohorts.Where(c => db.Achievements.Any(a => a.CourseId == c.CourseId))
            .GroupBy(c => c.CourseId).Select(g => g.Min(c => c.Id)).OrderBy(id => id).Take(count).ToListAsync();
        var now = TimeProvider.System.GetUtcNow();
        var enrollments = cohorts.Select(cohortId => new Enrollment
        {
            CohortId = cohortId,
            UserId = learner,
            Status = EnrollmentStatus.Enrolled,
            Source = EnrollmentSource.Self,
            EnrolledAt = now.AddDays(-10),
            CompletedAt = now,
            CompletionMethod = CompletionMethod.Rule,
        }).ToList();
        db.Enrollments.AddRange(enrollments);
        await db.SaveChangesAsync();
        db.IssuanceRequests.AddRange(enrollments.Select(e => new IssuanceRequest { EnrollmentId = e.Id, RequestedAt = now }));
        await db.SaveChangesAsync();
        await scope.ServiceProvider.GetRequiredService<CredentialIssuingJob>().RunAsync(default);
        var ids = enrollments.Select(e => e.Id).ToList();
        return await db.IssuedCredentials.Where(c => ids.Contains(c.EnrollmentId)).OrderBy(c => c.Id).Select(c => c.VerificationCode).ToListAsync();
    }

    /// <summary>A minute passes for the phone's codes: the next one may be sent (the resend wait is a minute).</summary>
    public async Task LetAMinutePassForCodesAsync(string phone)
    {
        var app = _app ?? throw new InvalidOperationException("The site has not started.");
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var earlier = TimeProvider.System.GetUtcNow().AddMinutes(-2);
        await db.SmsCodes.Where(c => c.Phone == phone).ExecuteUpdateAsync(s => s.SetProperty(c => c.CreatedAt, earlier));
    }
}
