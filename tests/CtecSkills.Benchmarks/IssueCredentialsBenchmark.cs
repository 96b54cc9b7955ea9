using System.Diagnostics;
using System.Globalization;
using CtecSkills.Core.Accounts;
using CtecSkills.Core.Cohorts;
using CtecSkills.Core.Credentials;
using CtecSkills.Core.Data;
using CtecSkills.Core.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CtecSkills.Benchmarks;

/// <summary>
/// Budget: 10,000 credentials issued — signed (RS256), stored with their facts, status index assigned, requests
/// marked processed, the learners' SMS through the development outbox — in ≤ 20 s, on the real app over SQLite.
/// </summary>
public static class IssueCredentialsBenchmark
{
    public const int Credentials = 10_000;

    public static async Task<int> RunAsync()
    {
        await using var host = await BenchmarkHost.StartAsync("issue");
        await PrepareAsync(host, 50, "136");
        await IssueAsync(host);
        await PrepareAsync(host, Credentials, "137");

        var watch = Stopwatch.StartNew();
        var result = await IssueAsync(host);
        watch.Stop();

        await using var scope = host.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var stored = await db.IssuedCredentials.CountAsync();
        var distinctSlots = await db.IssuedCredentials.Select(c => new { c.IssuerBaseId, c.StatusListSequence, c.StatusIndex }).Distinct().CountAsync();
        Console.WriteLine("| credentials | issued in run | seconds | per second | stored | distinct status slots |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {Credentials} | {result.Issued} | {watch.Elapsed.TotalSeconds:F1} | {result.Issued / watch.Elapsed.TotalSeconds:F0} | {stored} | {distinctSlots} |"));
        var within = result.Issued == Credentials && result.Failed == 0 && distinctSlots == stored && watch.Elapsed <= TimeSpan.FromSeconds(20);
        Console.WriteLine(within ? "within budget" : "OVER budget (20 s) or issuing failed");
        return within ? 0 : 1;
    }

    internal static async Task<IssueRunResult> IssueAsync(BenchmarkHost host)
    {
        await using var scope = host.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CredentialIssuer>().ProcessPendingAsync(CancellationToken.None);
    }

    /// <summary>Learners who completed a demo course (which has its seeded achievement), each with an issuance request.</summary>
    internal static async Task PrepareAsync(BenchmarkHost host, int learners, string phonePrefix)
    {
        await using var scope = host.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var course = await db.Courses.AsNoTracking().Where(c => db.Achievements.Any(a => a.CourseId == c.Id)).OrderBy(c => c.Id).FirstAsync();
        var offering = await db.CourseOfferings.AsNoTracking().Where(o => o.CourseId == course.Id).OrderBy(o => o.TrainingBaseId).FirstAsync();
        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
        var cohortId = await scope.ServiceProvider.GetRequiredService<CohortService>().CreateAsync(new CohortInput
        {
            CourseId = course.Id,
            TrainingBaseId = offering.TrainingBaseId,
            Name = $"发证基准班 {phonePrefix}",
            Capacity = learners,
            EnrollmentOpensOn = today.AddDays(-1),
            EnrollmentClosesOn = today.AddDays(30),
        }, new BaseActor("", IsAdmin: true), CancellationToken.None) ?? throw new InvalidOperationException("No cohort.");

        var now = TimeProvider.System.GetUtcNow();
        var users = Enumerable.Range(0, learners).Select(i => new AppUser
        {
            UserName = $"{phonePrefix}{i:D8}",
            PhoneNumber = $"{phonePrefix}{i:D8}",
            DisplayName = "学员" + i.ToString(CultureInfo.InvariantCulture),
            CreatedAt = now,
        }).ToList();
        db.Users.AddRange(users);
        await db.SaveChangesAsync();
        var enrollments = users.Select(u => new Enrollment
        {
            CohortId = cohortId,
            UserId = u.Id,
            Status = EnrollmentStatus.Enrolled,
            Source = EnrollmentSource.Roster,
            EnrolledAt = now,
            CompletedAt = now,
            CompletionMethod = CompletionMethod.Rule,
        }).ToList();
        db.Enrollments.AddRange(enrollments);
        await db.SaveChangesAsync();
        db.IssuanceRequests.AddRange(enrollments.Select(e => new IssuanceRequest { EnrollmentId = e.Id, RequestedAt = now }));
        await db.SaveChangesAsync();
    }
}
