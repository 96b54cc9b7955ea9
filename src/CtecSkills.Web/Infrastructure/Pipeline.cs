using CtecSkills.Core.Accounts;
using CtecSkills.Core.Analytics;
using CtecSkills.Core.Catalog;
using CtecSkills.Core.Credentials;
using CtecSkills.Core.Data;
using CtecSkills.Core.Maintenance;
using CtecSkills.Core.Privacy;
using CtecSkills.Core.Progress;
using CtecSkills.Core.Regions;
using CtecSkills.Core.Seeding;
using CtecSkills.Core.Sms;
using Hangfire;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Serilog;

namespace CtecSkills.Web.Infrastructure;

public static class Pipeline
{
    public const string JobsDashboardPath = "/admin/jobs";

    /// <summary>Migrates, fills reference data, and adds demo data where configured. Runs before the app serves.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app, CancellationToken ct = default)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        // Nodes started together take turns (PostgreSQL advisory lock); a node that finds the work done goes on at once.
        await using var setup = await DatabaseSetup.LockSetupAsync(db, ct);
        await DatabaseSetup.MigrateAsync(db, ct);
        // The facts' partitions for this month and the next ones on PostgreSQL, before any fact can arrive (ADR 0031).
        await scope.ServiceProvider.GetRequiredService<FactPartitions>().EnsureAsync(ct);
        await scope.ServiceProvider.GetRequiredService<RoleSeeder>().SeedAsync();
        await scope.ServiceProvider.GetRequiredService<ReferenceDataSeeder>().SeedAsync(SeedDirectory(app), ct);
        // Seed:Demo in Production is refused when the settings are validated, before this runs.
        var seed = app.Services.GetRequiredService<IOptions<SeedOptions>>().Value;
        if (seed.Demo)
        {
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(ct);
            await scope.ServiceProvider.GetRequiredService<CourseSeeder>().SeedAsync(SeedDirectory(app), ct);
            await scope.ServiceProvider.GetRequiredService<DemoCohortSeeder>().SeedAsync(ct);
            await scope.ServiceProvider.GetRequiredService<IndexDemoSeeder>().SeedAsync(app.Services.GetRequiredService<IOptions<IndexOptions>>().Value.DemoFacts, ct);
            await scope.ServiceProvider.GetRequiredService<AchievementSeeder>().SeedAsync(SeedDirectory(app), ct);
        }
        if (seed.Showcase)
        {
            await scope.ServiceProvider.GetRequiredService<DemoShowcaseSeeder>().SeedAsync(ct);
        }
    }

    private static async Task PrintDemoSignInsAsync(WebApplication app)
    {
        var lines = new List<string>
        {
            "",
            $"CtecSkills is running at {string.Join(" ", app.Urls)}",
            $"Demo sign-ins (password {DemoSeeder.Password}) at /account/signin:",
            $"  admin     {DemoSeeder.AdminEmail}",
            $"  analyst   {DemoSeeder.AnalystEmail}",
            $"  verifier  {DemoSeeder.VerifierEmail}",
        };
        lines.AddRange(DemoSeeder.Bases.Select(b => $"  staff     {b.StaffEmail}  ({b.Name})"));
        lines.Add($"  learners  {DemoSeeder.LearnerPhone(0)} … {DemoSeeder.LearnerPhone(DemoSeeder.LearnerNames.Count - 1)} at /account/phone; the SMS code is on /admin/sms-outbox and in this log");
        if (app.Services.GetRequiredService<IOptions<SeedOptions>>().Value.Showcase)
        {
            await using var scope = app.Services.CreateAsyncScope();
            if (await scope.ServiceProvider.GetRequiredService<DemoShowcaseSeeder>().FindCodesAsync(CancellationToken.None) is { } codes)
            {
                lines.Add($"  half-way  {DemoSeeder.LearnerPhone(DemoShowcaseSeeder.HalfWayLearner)} has read half of a course");
                lines.Add(DemoCodesLine(codes));
            }
        }
        Console.WriteLine(string.Join(Environment.NewLine, lines));
    }

    /// <summary>The start-up line with one 核验码 of each kind to try on /verify (also in the sample batch file).</summary>
    public static string DemoCodesLine(DemoCodes codes) =>
        "Codes to try on /verify: " + string.Join("  ", codes.All.Select(c => $"{c.Kind} {DemoShowcaseSeeder.Display(c.Code)}"));

    public static string SeedDirectory(WebApplication app) => Path.Combine(AppContext.BaseDirectory, "seed");

    public static WebApplication UseCtecSkills(this WebApplication app)
    {
        var node = app.Services.GetRequiredService<IOptions<NodeOptions>>().Value;
        if (!node.ServesHttp)
        {
            // A worker answers its health and nothing else: no pages, no API, no dashboard (docs/decisions/0029).
            MapHealthChecks(app);
            RegisterRecurringJobs(app);
            return app;
        }
        if (app.Services.GetRequiredService<IOptions<ProxyOptions>>().Value.TrustForwardedHeaders)
        {
            app.UseForwardedHeaders();
        }
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error");
            app.UseHsts();
        }
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseSecurityHeaders();
        app.UseResponseCompression();
        // Through this host's logger: the middleware's default, the static Log, is silent (preserveStaticLogger). Addresses
        // in the line are redacted by SecretRedactingEnricher (docs/decisions/0023).
        app.UseSerilogRequestLogging(o => o.Logger = app.Services.GetRequiredService<Serilog.ILogger>());
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = ctx => ctx.Context.Response.Headers.CacheControl =
                ctx.Context.Request.Query.ContainsKey("v") ? "public, max-age=31536000, immutable" : "public, max-age=3600",
        });
        app.UseRequestLocalization();
        app.UseRouting();
        app.UseAuthentication();
        // Whose pages these are, for the service worker (docs/decisions/0028).
        Features.Offline.OfflineOwner.Use(app);
        // After authentication: the batch limit is per signed-in verifier.
        app.UseRateLimiter();
        app.UseAuthorization();

        MapHealthChecks(app);
        app.MapOpenApi("/openapi/{documentName}.json");
        // Endpoint authorization is the gate; Hangfire's own filter (local requests only) is switched off.
        app.MapHangfireDashboard(JobsDashboardPath, new DashboardOptions
        {
            Authorization = [],
            AsyncAuthorization = [],
            DashboardTitle = "CtecSkills jobs",
            AppPath = "/admin",
        }).RequireAuthorization(Policies.Admin);
        app.MapControllers();

        if (app.Environment.IsDevelopment() && app.Services.GetRequiredService<IOptions<SeedOptions>>().Value.Demo)
        {
            app.Lifetime.ApplicationStarted.Register(() => _ = PrintDemoSignInsAsync(app));
        }

        if (node.RunsJobs)
        {
            RegisterRecurringJobs(app);
        }
        return app;
    }

    private static void MapHealthChecks(WebApplication app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = HealthResponse.WriteAsync }).DisableRateLimiting();
        // Liveness: the process answers, no dependency is asked (for orchestrators, and the bare endpoint the
        // verification benchmark compares against).
        app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = _ => false }).DisableRateLimiting();
    }

    /// <summary>
    /// By the nodes that run jobs (a web node's registration would reach no worker on SQLite's in-memory storage). On
    /// PostgreSQL every worker writes the same definitions; Hangfire's scheduler takes a distributed lock before it
    /// enqueues a due occurrence, so each runs once per schedule however many workers there are.
    /// </summary>
    private static void RegisterRecurringJobs(WebApplication app)
    {
        // The hourly SMS housekeeping of earlier versions is part of the daily retention job now.
        app.Services.GetRequiredService<IRecurringJobManager>().RemoveIfExists("sms-housekeeping");
        // 03:10 Beijing time, after the index release, when nobody is studying.
        app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<RetentionJob>(
            RetentionJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), "10 19 * * *");
        // The sweep behind the enqueue-on-commit: retries after back-off, and whatever a lost enqueue or a dead worker left.
        app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<MessageSendJob>(
            MessageSendJob.RecurringJobId, MessageSendJob.Queue, job => job.SendDueAsync(CancellationToken.None), Cron.Minutely());
        app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<ReminderJob>(
            ReminderJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), Cron.Hourly());
        // 02:30 Beijing time, when nobody is studying.
        app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<IndexReleaseJob>(
            IndexReleaseJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), "30 18 * * *");
        // Pending issuance requests and lost bulk runs are re-found in our tables every minute (docs/decisions/0008).
        app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<CredentialIssuingJob>(
            CredentialIssuingJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), Cron.Minutely());
        // Data exports whose job was lost are built again, and expired zips deleted, from the DataExports table.
        app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<PersonalDataExportJob>(
            PersonalDataExportJob.RecurringJobId, job => job.SweepAsync(CancellationToken.None), Cron.Minutely());
        if (app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider == DatabaseProvider.Sqlite)
        {
            // The queue lived in the previous process's memory: a bulk run it was doing (killed, power cut) is carried on
            // now, from what our tables say is missing, instead of by the sweep minutes later.
            app.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<CredentialIssuingJob>(job => job.ResumeAfterRestartAsync(CancellationToken.None));
        }
    }
}
