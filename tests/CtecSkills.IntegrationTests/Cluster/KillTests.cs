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

    protected Task KillDuringBulkIssueAsync(int learners) => StopDuringBulkIssueAsync(learners, graceful: false);

    /// <summary>
    /// The bulk run is stopped half-way by kill -9, or by SIGTERM (which must end the process within the shutdown bound,
    /// the running job cancelled at a chunk boundary and handed back to the queue); after the restart every learner has
    /// exactly one credential, one status-list index and one text.
    /// </summary>
    protected async Task StopDuringBulkIssueAsync(int learners, bool graceful)
    {
        var (cohortId, phones) = await SeedCompletedCohortAsync(learners);
        using var staff = await SignedInStaffAsync(Web);
        var page = await CtecSkillsApp.GetPageAsync(staff, $"/cohorts/{cohortId}/credentials");
        await CtecSkillsApp.SubmitAndFollowAsync(staff, page.Form($"/cohorts/{cohortId}/credentials/bulk"));

        // Killed only once some, and not all, credentials are committed: proven mid-run.
        var issuedAtKill = await WaitUntilAsync(
            () => CountCredentialsAsync(cohortId), n => n > 0 && n < learners, TimeSpan.FromSeconds(240), "the bulk run to be half-way");
        if (graceful)
        {
            var took = await Jobs.TerminateAsync(TimeSpan.FromSeconds(60));
            Assert.True(took < TimeSpan.FromSeconds(ClusterFixture.ShutdownTimeoutSeconds + 10), $"SIGTERM took {took} to stop {Jobs.Name}.");
        }
        else
        {
            await Jobs.KillAsync();
        }
        var afterKill = await CountCredentialsAsync(cohortId);
        // A graceful stop may let the run finish; a kill must have landed mid-run.
        Assert.True(graceful || afterKill < learners, $"The run finished before the kill landed ({afterKill} of {learners}).");

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

    protected async Task KillDuringRosterImportAsync(int rows)
    {
        int cohortId;
        await using (var db = Cluster.NewDbContext())
        {
            cohortId = (await NewCohortAsync(db, rows + 10)).Id;
        }
        var prefix = "17" + Random.Shared.Next(100, 999).ToString(CultureInfo.InvariantCulture);
        var phones = Enumerable.Range(0, rows).Select(i => prefix + i.ToString("D6", CultureInfo.InvariantCulture)).ToList();
        var csv = CtecSkillsApp.RosterCsv(System.Text.Encoding.UTF8, [.. phones.Select(p => $"王秀兰,{p},女,1982,510100,乡村,农村妇女")]);
        var staff = await SignedInStaffAsync(Web);
        var upload = CtecSkillsApp.ImportRosterAsync(staff, cohortId, csv);

        await ProveImportMidWayAsync(upload, rows);
        await Web.KillAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => upload);
        staff.Dispose();

        Assert.Equal((0, 0, 0), await RosterRowsStoredAsync(cohortId, phones));
        await RestartAsync(Web);
        Assert.Equal((0, 0, 0), await RosterRowsStoredAsync(cohortId, phones));
        // Staff upload the same file again, as they would after the failure: every row goes in, once.
        using var again = await SignedInStaffAsync(Web);
        var landed = await CtecSkillsApp.ImportRosterAsync(again, cohortId, csv);
        Assert.Equal($"/cohorts/{cohortId}", landed.Path);
        Assert.Equal((rows, rows, rows), await RosterRowsStoredAsync(cohortId, phones));
    }

    /// <summary>Waits until the import's transaction has written part of the file (and not all of it), so a kill lands mid-import.</summary>
    protected abstract Task ProveImportMidWayAsync(Task upload, int rows);

    /// <summary>Learners with the file's phones, enrolments in the cohort and invitations queued for it.</summary>
    private Task<(int Users, int Enrollments, int Invitations)> RosterRowsStoredAsync(int cohortId, List<string> phones) =>
        Cluster.QueryAsync(async db =>
        {
            var prefix = Core.Sms.MessageOutbox.InvitationKeyPrefix(cohortId);
            return (
                await db.Users.CountAsync(u => phones.Contains(u.PhoneNumber!)),
                await db.Enrollments.CountAsync(e => e.CohortId == cohortId),
                await db.OutboundMessages.CountAsync(m => m.Key.StartsWith(prefix)));
        });

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

    /// <summary>A cohort of the first demo base on a course with one achievement, open for enrolment.</summary>
    protected static async Task<Cohort> NewCohortAsync(Core.Data.AppDbContext db, int capacity)
    {
        var baseId = await db.TrainingBases.Where(b => b.Name == DemoSeeder.Bases[0].Name).Select(b => b.Id).SingleAsync();
        var courseId = await db.Achievements.GroupBy(a => a.CourseId).Where(g => g.Count() == 1).Select(g => g.Key).OrderBy(id => id).FirstAsync();
        var today = BeijingTime.Today(TimeProvider.System);
        var cohort = new Cohort
        {
            CourseId = courseId,
            TrainingBaseId = baseId,
            Name = "集群测试班 " + Guid.NewGuid().ToString("N")[..6],
            Capacity = capacity,
            EnrollmentOpensOn = today.AddDays(-30),
            EnrollmentClosesOn = today.AddDays(30),
            CreatedAt = TimeProvider.System.GetUtcNow(),
        };
        db.Cohorts.Add(cohort);
        await db.SaveChangesAsync();
        return cohort;
    }

    /// <summary>
    /// A cohort of the first demo base on a course with one achievement, and <paramref name="learners"/> new learners
    /// who completed it, written in bulk; returns the cohort and the learners' phones.
    /// </summary>
    protected async Task<(int CohortId, List<string> Phones)> SeedCompletedCohortAsync(int learners)
    {
        await using var db = Cluster.NewDbContext();
        var cohort = await NewCohortAsync(db, learners + 10);
        var now = TimeProvider.System.GetUtcNow();

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

    [PostgresFact]
    public Task BulkIssue_WorkerStoppedWithSigtermMidRun_StopsWithinTheBoundAndTheRunFinishesOnceAfterRestart() =>
        StopDuringBulkIssueAsync(2_000, graceful: true);

    /// <summary>
    /// The test holds a lock that lets the release's own row be written but makes the insert of its cells wait: the
    /// node is killed while it is proven to be half-way through storing the release.
    /// </summary>
    [PostgresFact]
    public async Task IndexRelease_WebNodeKilledWhileStoringIt_NoReleaseOrAWholeOneIsVisible()
    {
        var before = await Cluster.QueryAsync(db => db.IndexReleases.Select(r => r.Id).ToListAsync());
        var analyst = Web.CreateClient();
        var landed = await CtecSkillsApp.SignInWithPasswordAsync(analyst, DemoSeeder.AnalystEmail, CtecSkillsApp.DemoPassword);
        Assert.Equal("/me", landed.Path);
        var dashboard = await CtecSkillsApp.GetPageAsync(analyst, "/index");
        var form = dashboard.Form("/index/releases").Set("Kind", "Month").Set("Year", "2025").Set("Number", "3").Set("K", "10");

        Task<HtmlPage> build;
        await using (var blocker = new Npgsql.NpgsqlConnection(Cluster.Database.ConnectionString))
        {
            await blocker.OpenAsync();
            await using var tx = await blocker.BeginTransactionAsync();
            await using (var lockCells = new Npgsql.NpgsqlCommand("LOCK TABLE \"IndexReleaseCells\" IN SHARE MODE", blocker, tx))
            {
                await lockCells.ExecuteNonQueryAsync();
            }
            build = CtecSkillsApp.SubmitAndFollowAsync(analyst, form);
            await WaitUntilAsync(() => Cluster.QueryAsync(db => db.Database.SqlQueryRaw<int>(
                    """
                    SELECT count(*)::int AS "Value" FROM pg_stat_activity
                    WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO "IndexReleaseCells"%'
                    """).SingleAsync()),
                waiting => waiting > 0, TimeSpan.FromSeconds(120), "the release's cells to wait for the lock");
            await Web.KillAsync();
            await tx.RollbackAsync();
        }
        await Assert.ThrowsAnyAsync<Exception>(() => build);
        analyst.Dispose();

        Assert.Equal(before, await Cluster.QueryAsync(db => db.IndexReleases.Select(r => r.Id).ToListAsync()));
        await RestartAsync(Web);
        Assert.Equal(before, await Cluster.QueryAsync(db => db.IndexReleases.Select(r => r.Id).ToListAsync()));
        // Built again after the restart, the release is stored with its cells: nothing of the killed attempt is in the way.
        using var again = Web.CreateClient();
        await CtecSkillsApp.SignInWithPasswordAsync(again, DemoSeeder.AnalystEmail, CtecSkillsApp.DemoPassword);
        var rebuilt = await CtecSkillsApp.SubmitAndFollowAsync(again, (await CtecSkillsApp.GetPageAsync(again, "/index")).Form("/index/releases")
            .Set("Kind", "Month").Set("Year", "2025").Set("Number", "3").Set("K", "10"));
        Assert.Equal(System.Net.HttpStatusCode.OK, rebuilt.Status);
        Assert.True(await Cluster.QueryAsync(db => db.IndexReleases.Where(r => !before.Contains(r.Id)).Select(r => r.Cells.Count).SingleAsync()) > 0);
    }

    [PostgresFact]
    public Task RosterImport_WebNodeKilledMidImport_NoRowIsStoredAndTheSameFileThenGoesInWhole() =>
        KillDuringRosterImportAsync(10_000);

    /// <summary>
    /// Identity values are taken outside the transaction: the enrolments' sequence moving while the request is open
    /// shows rows written but not committed (no other session can see them).
    /// </summary>
    protected override async Task ProveImportMidWayAsync(Task upload, int rows)
    {
        var before = await EnrollmentSequenceAsync();
        await WaitUntilAsync(async () => (upload.IsCompleted, Value: await EnrollmentSequenceAsync() - before),
            v => v.IsCompleted || (v.Value > 0 && v.Value < rows), TimeSpan.FromSeconds(240), "the import to be half-way");
        Assert.False(upload.IsCompleted, "The import ended before the kill.");
    }

    private Task<long> EnrollmentSequenceAsync() =>
        Cluster.QueryAsync(db => db.Database
            .SqlQueryRaw<long>("SELECT COALESCE(last_value, 0) AS \"Value\" FROM pg_sequences WHERE sequencename = 'Enrollments_Id_seq'")
            .SingleAsync());
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

    [SqliteFact]
    public Task RosterImport_NodeKilledMidImport_NoRowIsStoredAndTheSameFileThenGoesInWhole() =>
        KillDuringRosterImportAsync(10_000);

    /// <summary>
    /// SQLite has one writer: the import's transaction holding the write lock for a while (a write of the test's own
    /// is still refused as busy after a second, twice in a row) while the request is open shows the import writing.
    /// </summary>
    protected override async Task ProveImportMidWayAsync(Task upload, int rows)
    {
        var busy = 0;
        await WaitUntilAsync(async () =>
        {
            busy = await WriteLockHeldAsync() ? busy + 1 : 0;
            return (upload.IsCompleted, busy);
        }, v => v.IsCompleted || v.busy >= 2, TimeSpan.FromSeconds(240), "the import to hold the write lock");
        Assert.False(upload.IsCompleted, "The import ended before the kill.");
    }

    private async Task<bool> WriteLockHeldAsync()
    {
        var path = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(Cluster.Database.ConnectionString).DataSource;
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(
            new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = path, DefaultTimeout = 1, Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "BEGIN IMMEDIATE; ROLLBACK;";
        try
        {
            await command.ExecuteNonQueryAsync();
            return false;
        }
        catch (Microsoft.Data.Sqlite.SqliteException e) when (e.SqliteErrorCode == 5)
        {
            return true;
        }
    }
}

/// <summary>
/// The classes that start app processes run one after another: each starts up to three .NET processes, and several
/// at once on a small CI machine would measure the machine instead of the app.
/// </summary>
[CollectionDefinition(nameof(ClusterProcesses), DisableParallelization = true)]
public sealed class ClusterProcesses;
