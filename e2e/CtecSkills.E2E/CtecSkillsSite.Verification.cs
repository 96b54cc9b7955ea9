using CtecSkills.Core.Cohorts;
using CtecSkills.Core.Credentials;
using CtecSkills.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CtecSkills.E2E;

public partial class CtecSkillsSite
{
    /// <summary>
    /// A demo learner (the one with that phone, else the first not in the cohort) completes a demo cohort (written as
    /// the completion service would: enrollment and issuance request) and the issuing job runs once; returns the
    /// credential's verification code.
    /// </summary>
    public async Task<string> IssuedCredentialCodeAsync(string? learnerPhone = null)
    {
        var app = _app ?? throw new InvalidOperationException("The site has not started.");
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var cohort = await db.Cohorts.Where(c => db.Achievements.Any(a => a.CourseId == c.CourseId)).OrderBy(c => c.Id).FirstAsync();
        var learner = await db.Users.Where(u => u.PhoneNumber != null && !db.Enrollments.Any(e => e.UserId == u.Id && e.CohortId == cohort.Id))
            .Where(u => learnerPhone == null || u.PhoneNumber == learnerPhone)
            .OrderBy(u => u.Id).Select(u => u.Id).FirstAsync();
        var now = TimeProvider.System.GetUtcNow();
        var enrollment = new Enrollment
        {
            CohortId = cohort.Id,
            UserId = learner,
            Status = EnrollmentStatus.Enrolled,
            Source = EnrollmentSource.Self,
            EnrolledAt = now.AddDays(-10),
            CompletedAt = now,
            CompletionMethod = CompletionMethod.Rule,
        };
        db.Enrollments.Add(enrollment);
        await db.SaveChangesAsync();
        db.IssuanceRequests.Add(new IssuanceRequest { EnrollmentId = enrollment.Id, RequestedAt = now });
        await db.SaveChangesAsync();
        await scope.ServiceProvider.GetRequiredService<CredentialIssuingJob>().RunAsync(default);
        return await db.IssuedCredentials.Where(c => c.EnrollmentId == enrollment.Id).Select(c => c.VerificationCode).SingleAsync();
    }
}
