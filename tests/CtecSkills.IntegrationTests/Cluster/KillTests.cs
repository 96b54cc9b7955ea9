using System.Diagnostics;
using System.Globalization;
using CtecSkills.Core.Accounts;
using CtecSkills.Core.Cohorts;
using CtecSkills.Core.Regions;
using CtecSkills.Core.Seeding;
using CtecSkills.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.IntegrationTests.Cluster;

/// <summary>
/// kill -9 in the middle of long work, then a restart: what our own tables hold must make the restarted process
/// finish the work exactly once, or show none of it. The same stories run on the PostgreSQL cluster (the worker or a
/// web node is killed) and on the single SQLite node (the one process is killed, its in-memory job queue with it).
/// </summary>
public abstract class KillTests(ClusterFixture cluster)
{
    /// <summary>Where staff act (a web node).</summary>
    protected abstract AppNode Web { get; }

    /// <summary>Where the jobs run (the worker, or the single node).</summary>
    protected abstract AppNode Jobs { get; }

    protected ClusterFixture Cluster => cluster;

    protected async Task KillDuringBulkIssueAsync(int learners)
    {
        var (cohortId, phones) = await SeedCompletedCohortAsync(learners);
        using var staff = await SignedInStaffAsync(Web);
        var page = await CtecSkillsApp.GetPageAsync(staff, $"/cohorts/{cohortId}/credentials");
        await CtecSkillsApp.SubmitAndFollowAsync(staff, page.Form($"/cohorts/{cohortId}/credentials/bulk"));

        // Killed only once some, and not all, credentials are committed: proven mid-run.
        var issuedAtKill = await WaitUntilAsync(
            () => CountCredentialsAsync(cohortId), n => n > 0 && n < learners, TimeSpan.FromSeconds(240), "the bulk run to be half-way");
        await Jobs.KillAsync();
        var afterKill = await CountCredentialsAsync(cohortId);
        Assert.True(afterKill < learners, $"The run finished before the kill landed ({afterKill} of {learners}).");

        await RestartAsync(Jobs);
        await WaitUntilAsync(
            () => Cluster.QueryAsync(db => db.BulkIssueRuns.AnyAsync(r => r.CohortId == cohortId && r.FinishedAt != null)),
            done => done, TimeSpan.FromSeconds(300), "the bulk run to finish after the restart");

        var credentials = await Cluster.QueryAsync(db => db.IssuedCredentials.AsNoTracking()
            .Where(c => c.Enrollment!.CohortId == cohortId)
            .Select(c => new { c.EnrollmentId, c.IssuerBaseId, c.StatusListSequence, c.StatusIndex, c.CredentialId })
            .ToListAsync());
        Assert.Equal(learners, credentials.Count);
        Assert.Equal(learners, credentials.Select(c => c.EnrollmentId).Distinct().Count());
        Assert.Equal(learners, credentials.Select(c => (c.IssuerBaseId, c.StatusListSequence, c.StatusIndex)).Distinct().Count());
        var keys = credentials.Select(c => "credential-ready:" + c.CredentialId).ToHashSet();
        var texts = await Cluster.QueryAsync(db => db.OutboundMessages.AsNoTracking()
            .Where(m => m.Key.StartsWith("credential-ready:") && phones.Contains(m.Phone))
            .Select(m => new { m.Phone, m.Key })
            .ToListAsync());
        Assert.Equal(learners, texts.Count);
        Assert.Equal(learners, texts.Select(t => t.Phone).Distinct().Count());
        Assert.All(texts, t => Assert.Contains(t.Key, keys));
        // What staff see on the cohort's credential page: every learner counted once, nobody failed.
        var run = await Cluster.QueryAsync(db => db.BulkIssueRuns.AsNoTracking().SingleAsync(r => r.CohortId == cohortId));
        Assert.True(run.Issued == learners && run.Failed == 0, $"The run says {run.Issued} issued, {run.Failed} failed of {learners} (killed at {issuedAtKill}).");
    }

    protected static async Task RestartAsync(AppNode node)
    {
        Assert.False(node.IsRunning, $"{node.Name} still runs.");
        await node.StartAsync();
    }

    protected Task<int> CountCredentialsAsync(int cohortId) =>
        Cluster.QueryAsync(db => db.IssuedCredentials.CountAsync(c => c.Enrollment!.CohortId == cohortId));

    /// <summary>Polls <paramref name="read"/> until <paramref name="until"/> holds; returns the value that made it hold.</summary>
    protected async Task<T> WaitUntilAsync<T>(Func<Task<T>> read, Func<T, bool> until, TimeSpan limit, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (until(value))
            {
                return value;
            }
            if (clock.Elapsed > limit)
            {
                Assert.Fail($"Waited {limit} for {what}; last value {value}.{Environment.NewLine}{Cluster.Logs}");
            }
            await Task.Delay(25);
        }
    }

    protected static async Task<HttpClient> SignedInStaffAsync(AppNode node)
    {
        var client = node.CreateClient();
        var landed = await CtecSkillsApp.SignInWithPasswordAsync(client, DemoSeeder.Bases[0].StaffEmail, CtecSkillsApp.DemoPassword);
        Assert.Equal("/me", landed.Path);
        return client;
    }

    /// <summary>
    /// A cohort of the first demo base on a course with one achievement, and <paramref name="learners"/> new learners
    /// who completed it, written in bulk; returns the cohort and the learners' phones.
    /// </summary>
    protected async Task<(int CohortId, List<string> Phones)> SeedCompletedCohortAsync(int learners)
    {
        await using var db = Cluster.NewDbContext();
        var baseId = await db.TrainingBases.Where(b => b.Name == DemoSeeder.Bases[0].Name).Select(b => b.Id).SingleAsync();
        var courseId = await db.Achievements.GroupBy(a => a.CourseId).Where(g => g.Count() == 1).Select(g => g.Key).OrderBy(id => id).FirstAsync();
        var now = TimeProvider.System.GetUtcNow();
        var today = BeijingTime.Today(TimeProvider.System);
        var cohort = new Cohort
        {
            CourseId = courseId,
            TrainingBaseId = baseId,
            Name = "集群测试班 " + Guid.NewGuid().ToString("N")[..6],
            Capacity = learners + 10,
            EnrollmentOpensOn = today.AddDays(-30),
            EnrollmentClosesOn = today.AddDays(30),
            CreatedAt = now,
        };
        db.Cohorts.Add(cohort);
        await db.SaveChangesAsync();

        var prefix = "15" + Random.Shared.Next(100, 999).ToString(CultureInfo.InvariantCulture);
        var phones = Enumerable.Range(0, learners).Select(i => prefix + i.ToString("D6", CultureInfo.InvariantCulture)).ToList();
        foreach (var chunk in phones.Chunk(1000))
        {
            var users = chunk.Select(phone => new AppUser
            {
                UserName = phone,
                NormalizedUserName = phone,
                PhoneNumber = phone,
                PhoneNumberConfirmed = true,
                DisplayName = "学员" + phone[^4..],
                CreatedAt = now,
                SecurityStamp = Guid.NewGuid().ToString("N"),
                ConcurrencyStamp = Guid.NewGuid().ToString(),
                LockoutEnabled = true,
            }).ToList();
            db.Users.AddRange(users);
            db.Enrollments.AddRange(users.Select(u => new Enrollment
            {
                CohortId = cohort.Id,
                UserId = u.Id,
                Status = EnrollmentStatus.Enrolled,
                Source = EnrollmentSource.Roster,
                EnrolledAt = now.AddDays(-10),
                CompletedAt = now,
                CompletionMethod = CompletionMethod.Rule,
            }));
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
        return (cohort.Id, phones);
    }
}

/// <summary>The kill tests on two web nodes and a worker over PostgreSQL.</summary>
[Collection(nameof(ClusterProcesses))]
public sealed class PostgresKillTests(PostgresCluster cluster) : KillTests(cluster), IClassFixture<PostgresCluster>
{
    protected override AppNode Web => Cluster.Node(PostgresCluster.WebA);

    protected override AppNode Jobs => Cluster.Node(PostgresCluster.Worker);

    [PostgresFact]
    public Task BulkIssue_WorkerKilledMidRun_AfterRestartEveryLearnerHasOneCredentialAndOneText() =>
        KillDuringBulkIssueAsync(5_000);
}

/// <summary>The kill tests on the single-machine installation: one process on a SQLite file, its job queue in memory.</summary>
[Collection(nameof(ClusterProcesses))]
public sealed class SqliteKillTests(SqliteNode node) : KillTests(node), IClassFixture<SqliteNode>
{
    protected override AppNode Web => Cluster.Node(SqliteNode.Only);

    protected override AppNode Jobs => Cluster.Node(SqliteNode.Only);

    [SqliteFact]
    public Task BulkIssue_NodeKilledMidRun_AfterRestartEveryLearnerHasOneCredentialAndOneText() =>
        KillDuringBulkIssueAsync(5_000);
}

/// <summary>
/// The classes that start app processes run one after another: each starts up to three .NET processes, and several
/// at once on a small CI machine would measure the machine instead of the app.
/// </summary>
[CollectionDefinition(nameof(ClusterProcesses), DisableParallelization = true)]
public sealed class ClusterProcesses;
