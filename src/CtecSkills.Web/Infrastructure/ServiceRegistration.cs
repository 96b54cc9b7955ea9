using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using CtecSkills.Core.Accounts;
using CtecSkills.Core.Admin;
using CtecSkills.Core.Analytics;
using CtecSkills.Core.Catalog;
using CtecSkills.Core.Cohorts;
using CtecSkills.Core.Credentials;
using CtecSkills.Core.Data;
using CtecSkills.Core.Mail;
using CtecSkills.Core.Maintenance;
using CtecSkills.Core.Organizations;
using CtecSkills.Core.Privacy;
using CtecSkills.Core.Progress;
using CtecSkills.Core.Recognition;
using CtecSkills.Core.Regions;
using CtecSkills.Core.Seeding;
using CtecSkills.Core.Sms;
using CtecSkills.Core.Verification;
using CtecSkills.Web.Features.Benchmarks;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.WebEncoders;
using Serilog;
using Serilog.Formatting.Compact;

namespace CtecSkills.Web.Infrastructure;

public static class ServiceRegistration
{
    // Read-only instances: request localization hands each request CultureInfo.ReadOnly(culture), which clones a writable
    // culture without its number and date formats, so every request built them again through ICU (about a tenth of a
    // verification request's CPU). A read-only culture is handed over as is and keeps its formats.
    public static readonly CultureInfo[] Cultures = [CultureInfo.GetCultureInfo("zh-CN"), CultureInfo.GetCultureInfo("en")];

    public static WebApplicationBuilder AddCtecSkills(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var services = builder.Services;
        var contentRoot = builder.Environment.ContentRootPath;
        AddSettings(builder);

        services.AddSerilog((sp, logger) =>
        {
            // Sinks registered as services (ILogEventSink) are added too: a test reads what would reach the log file. Each
            // host keeps its own logger (preserveStaticLogger) instead of the process-wide Log.Logger, which the last host
            // started in a process would own.
            logger.ReadFrom.Configuration(config)
                .ReadFrom.Services(sp)
                .MinimumLevel.Information()
                .MinimumLevel.Override("Microsoft.AspNetCore", Serilog.Events.LogEventLevel.Warning)
                .MinimumLevel.Override("Microsoft.EntityFrameworkCore", Serilog.Events.LogEventLevel.Warning)
                // A failing command also surfaces as an exception, logged with its request; the EF copy is noise
                // (e.g. the migrations-history probe on a brand-new database).
                .MinimumLevel.Override("Microsoft.EntityFrameworkCore.Database.Command", Serilog.Events.LogEventLevel.Fatal)
                .MinimumLevel.Override("Hangfire", Serilog.Events.LogEventLevel.Warning)
                .Enrich.FromLogContext()
                .Enrich.With<SecretRedactingEnricher>();
            // Written by a background thread: a request never waits for the console (a slow log reader blocked
            // every request writing its log line). Flushed when the app stops.
            if (builder.Environment.IsDevelopment())
            {
                logger.WriteTo.Async(a => a.Console(formatProvider: CultureInfo.InvariantCulture));
            }
            else
            {
                logger.WriteTo.Async(a => a.Console(new RenderedCompactJsonFormatter()));
            }
        }, preserveStaticLogger: true);

        // Pooled: a request reuses a context instead of building one (the busiest paths are a single query).
        // Features watch saves through the interceptors they register (caches are told what a commit made stale).
        services.AddDbContextPool<AppDbContext>((sp, o) =>
        {
            DatabaseSetup.Configure(
                o, sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider,
                sp.GetRequiredService<IOptions<ConnectionStringsOptions>>().Value.Default, contentRoot);
            o.AddInterceptors(sp.GetServices<IInterceptor>());
        });
        services.AddSingleton(TimeProvider.System);

        services.AddIdentity<AppUser, IdentityRole>(o =>
            {
                o.User.RequireUniqueEmail = false;
                o.Password.RequiredLength = 8;
                o.Password.RequireNonAlphanumeric = false;
                // The rule learners are told is "letters and digits, at least 8"; no capital letter is demanded.
                o.Password.RequireUppercase = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.SignIn.RequireConfirmedAccount = false;
                o.Tokens.PasswordResetTokenProvider = PasswordResetTokenProvider.Name;
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddClaimsPrincipalFactory<ConsentClaimsPrincipalFactory>()
            .AddDefaultTokenProviders()
            .AddTokenProvider<PasswordResetTokenProvider>(PasswordResetTokenProvider.Name);
        // A password change renews the security stamp; every other session of the account is checked against it at
        // least once a minute and signed out (the default, 30 minutes, would leave a thief half an hour).
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/phone";
            o.AccessDeniedPath = "/error/403";
            o.Cookie.Name = "ctec.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurity(builder.Environment);
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromDays(14);
            // An erased account's cookie (on a second phone) fails on its next request, not at the next stamp check.
            // The account is loaded through the UserManager, which keeps it in the request's context: the stamp check
            // and every page that asks for the signed-in user (UserManager.GetUserAsync) then find it there instead of
            // reading the row again.
            var validateStamp = o.Events.OnValidatePrincipal;
            o.Events.OnValidatePrincipal = async ctx =>
            {
                var users = ctx.HttpContext.RequestServices.GetRequiredService<UserManager<AppUser>>();
                if (ctx.Principal is null || await users.GetUserAsync(ctx.Principal) is null)
                {
                    ctx.RejectPrincipal();
                    await ctx.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                    return;
                }
                await validateStamp(ctx);
            };
            // Pages get a real 403/401 status (rendered by the error page) instead of a redirect; APIs never redirect.
            o.Events.OnRedirectToAccessDenied = ctx =>
            {
                ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
            o.Events.OnRedirectToLogin = ctx =>
            {
                if (ctx.Request.Path.StartsWithSegments("/api"))
                {
                    ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return Task.CompletedTask;
                }
                ctx.Response.Redirect(ctx.RedirectUri);
                return Task.CompletedTask;
            };
        });
        services.AddAuthorization(Policies.Add);
        // Keys live in the database so that every node shares them; in production encrypt them with a certificate so
        // that a copy of the database alone cannot forge sign-in cookies.
        var protection = services.AddDataProtection().SetApplicationName("CtecSkills").PersistKeysToDbContext<AppDbContext>();
        var keyEncryption = config.ReadSettings<KeyEncryptionOptions>(KeyEncryptionOptions.Section);
        if (!string.IsNullOrEmpty(keyEncryption.CertificatePath))
        {
            protection.ProtectKeysWithCertificate(LoadCertificate(keyEncryption));
        }

        services.AddHttpClient<HttpSmsSender>((sp, c) =>
            c.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<SmsOptions>>().Value.GatewayTimeoutSeconds));
        services.AddScoped<OutboxSmsSender>();
        services.AddScoped<ISmsSender>(sp => sp.GetRequiredService<IOptions<SmsOptions>>().Value.UsesHttpGateway
            ? sp.GetRequiredService<HttpSmsSender>()
            : sp.GetRequiredService<OutboxSmsSender>());
        // Every text goes through the durable outbox in front of the sender (docs/decisions/0019).
        services.AddScoped<MessageSendJob>();
        services.AddSingleton<IInterceptor, MessageDispatchOnCommit>();

        services.AddScoped<SmtpMailSender>();
        services.AddScoped<OutboxMailSender>();
        services.AddScoped<IMailSender>(sp => sp.GetRequiredService<IOptions<MailOptions>>().Value.UsesSmtp
            ? sp.GetRequiredService<SmtpMailSender>()
            : sp.GetRequiredService<OutboxMailSender>());
        services.AddScoped<MailOutboxService>();

        services.AddScoped<SmsCodeService>();
        services.AddScoped<PasswordService>();
        services.AddScoped<AccountService>();
        services.AddScoped<ConsentService>();
        services.AddScoped<ProfileService>();
        services.AddScoped<TrainingBaseService>();
        services.AddScoped<BaseStaffService>();
        services.AddScoped<OrganizationService>();
        services.AddScoped<LocalityService>();
        services.AddScoped<PopulationReferenceService>();
        services.AddScoped<RoleSeeder>();
        services.AddScoped<ReferenceDataSeeder>();
        services.AddScoped<DemoSeeder>();
        services.AddScoped<DemoCohortSeeder>();
        services.AddScoped<DemoShowcaseSeeder>();
        services.AddScoped<DatabaseBackup>();
        services.AddScoped<RetentionJob>();
        services.AddScoped<ReminderJob>();
        services.AddScoped<Core.Privacy.PersonalDataCollector>();
        services.AddScoped<Core.Privacy.PersonalDataInventory>();
        services.AddScoped<Core.Privacy.PersonalDataExportBuilder>();
        services.AddScoped<Core.Privacy.PersonalDataExportService>();
        services.AddSingleton(sp => new Core.Privacy.DataExportLifetime(
            TimeSpan.FromHours(sp.GetRequiredService<IOptions<RetentionOptions>>().Value.DataExportHours)));
        services.AddScoped<Core.Privacy.PersonalDataExportJob>();
        services.AddScoped<SmsOutboxService>();
        services.AddSingleton<LessonRenderer>();
        services.AddScoped<CatalogService>();
        services.AddScoped<QuizService>();
        services.AddScoped<CoursePackageImporter>();
        services.AddScoped<CoursePackageExporter>();
        services.AddScoped<CourseSeeder>();
        services.AddScoped<CourseAuthoringService>();
        services.AddScoped<CohortService>();
        services.AddScoped<EnrollmentService>();
        services.AddScoped<RosterImportService>();
        services.AddSingleton(sp =>
        {
            var facts = sp.GetRequiredService<IOptions<FactsOptions>>().Value;
            return LearnerPseudonym.FromConfiguration(
                facts.PseudonymKey, Path.Combine(contentRoot, facts.PseudonymKeyFile), allowCreate: !builder.Environment.IsProduction());
        });
        services.AddScoped<LearningFacts>();
        services.AddScoped<ProgressService>();
        services.AddScoped<AttendanceService>();
        services.AddScoped<LearningEventService>();
        services.AddScoped<OfflineCourseService>();
        services.AddSingleton<Features.Offline.OfflineOwner>();
        services.AddScoped<VerifierRegistrationService>();
        services.AddScoped<RecognitionService>();
        services.AddScoped<IndexReleaseService>();
        services.AddScoped<IndexReleaseJob>();
        services.AddScoped<FactPartitions>();
        services.AddScoped<IndexDemoSeeder>();
        AddCredentials(builder);
        services.AddNodeCaches();

        // One storage per host, registered before AddHangfire (which only falls back to the process-wide
        // JobStorage.Current): two hosts in one process — the test suite — must never share or swap queues.
        // Long polling (LISTEN/NOTIFY): a worker takes a new job at once instead of at its next poll, 15 s later by
        // default; a sign-in code waits for nothing.
        var node = config.ReadSettings<NodeOptions>(NodeOptions.Section);
        var jobs = ReadJobSettings(config, node);
        services.AddSingleton<JobStorage>(sp => sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider == DatabaseProvider.Postgres
            ? new PostgreSqlStorage(
                new NpgsqlConnectionFactory(sp.GetRequiredService<IOptions<ConnectionStringsOptions>>().Value.Default, new PostgreSqlStorageOptions()),
                new PostgreSqlStorageOptions
                {
                    EnableLongPolling = true,
                    // A killed worker's job goes back to the queue after this long; a live worker keeps renewing its
                    // claim, so a release that runs longer is never taken by a second worker (docs/decisions/0029).
                    InvisibilityTimeout = TimeSpan.FromSeconds(jobs.InvisibilityTimeoutSeconds),
                    UseSlidingInvisibilityTimeout = true,
                })
            // Durable state lives in our own tables (see docs/decisions/0002); recurring jobs are re-registered on start.
            : new InMemoryStorage(new InMemoryStorageOptions()));
        services.AddHangfire(hangfire => hangfire
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        if (node.RunsJobs)
        {
            services.AddHangfireServer((sp, o) =>
            {
                // This host's own services: without it a server takes the process-wide activator of whichever host
                // configured Hangfire last, and jobs fail once that host is gone (two hosts in one process: the tests).
                o.Activator = new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>());
                o.WorkerCount = Math.Max(2, Environment.ProcessorCount);
                // Messages first: a worker free for either takes the sign-in code before a nightly release.
                o.Queues = jobs.MessagesOnly ? [MessageSendJob.Queue] : [MessageSendJob.Queue, "default"];
                // On SIGTERM running jobs get half the time to finish on their own; then their token is cancelled,
                // they stop at the next batch boundary (each batch is one transaction) and are handed back to the
                // queue, where another worker, or this one after its restart, carries them on.
                o.StopTimeout = TimeSpan.FromSeconds(jobs.ShutdownTimeoutSeconds / 2.0);
                o.ShutdownTimeout = TimeSpan.FromSeconds(jobs.ShutdownTimeoutSeconds);
            });
            // The host waits for the job server's stop, with a margin for the web server and the log flush.
            services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(jobs.ShutdownTimeoutSeconds + 10));
        }

        services.AddHealthChecks()
            .AddDbContextCheck<AppDbContext>("database")
            .AddCheck<JobStorageHealthCheck>("jobs");

        // Chinese text goes out as UTF-8, not as &#x…; escapes that triple the page weight.
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Cultures[0]);
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            o.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });

        services.AddControllersWithViews(o =>
            {
                o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
                o.Filters.Add(new RequestTooLargeFilter());
                o.Filters.Add(new ConsentGateFilter());
            })
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)))
            .ConfigureApplicationPartManager(parts => parts.FeatureProviders.Add(
                new EchoEndpointsFeature(config.ReadSettings<BenchmarksOptions>(BenchmarksOptions.Section).EchoEndpoints)));
        services.AddSingleton<IConfigureOptions<MvcOptions>, LocalizedModelBindingMessages>();
        services.Configure<RazorViewEngineOptions>(o => o.ViewLocationExpanders.Add(new FeatureViewLocationExpander()));
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "ctec.af";
            o.Cookie.SecurePolicy = CookieSecurity(builder.Environment);
        });

        services.AddProblemDetails();
        services.AddOpenApi();
        services.AddCtecRateLimits();
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = ResponseCompressionDefaults.MimeTypes.Concat(["image/svg+xml"]);
        });
        // Every response is compressed as it is written, so the fastest level: on a verification answer "Optimal" Brotli
        // cost about a tenth of the request's CPU, and the largest page stays far inside the 14 KB budget (README).
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
        // Believed only from loopback (the default) and the configured load balancers: emptying both lists would let any
        // client name its own address, and with it the rate-limit bucket it is counted in.
        services.AddOptions<Microsoft.AspNetCore.Builder.ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((o, proxy) =>
        {
            o.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto;
            foreach (var address in proxy.Value.ProxyAddresses)
            {
                o.KnownProxies.Add(address);
            }
            foreach (var network in proxy.Value.ProxyNetworks)
            {
                o.KnownIPNetworks.Add(network);
            }
        });
        return builder;
    }

    /// <summary>
    /// <see cref="JobsOptions"/> as the node's role allows it: one model, the role says whether this process runs jobs,
    /// so the earlier <c>Jobs:RunServer</c> switch is refused instead of silently contradicting it.
    /// </summary>
    private static JobsOptions ReadJobSettings(ConfigurationManager config, NodeOptions node)
    {
        var jobs = config.ReadSettings<JobsOptions>(JobsOptions.Section);
        var errors = new List<string>();
        if (config[JobsOptions.Section + ":RunServer"] is not null)
        {
            errors.Add($"{JobsOptions.Section}:RunServer: is replaced by {NodeOptions.Section}:{nameof(NodeOptions.Role)} (Web: no job workers, Worker: job workers and no pages, Both: the default).");
        }
        if (jobs.MessagesOnly && !node.RunsJobs)
        {
            errors.Add($"{JobsOptions.Section}:{nameof(JobsOptions.MessagesOnly)}: narrows the queues of a node that runs jobs; {NodeOptions.Section}:{nameof(NodeOptions.Role)}={node.Role} runs none.");
        }
        return errors.Count == 0 ? jobs : throw new OptionsValidationException(JobsOptions.Section, typeof(JobsOptions), errors);
    }

    /// <summary>Every section the app reads, bound once and validated on start (see <see cref="Settings"/>).</summary>
    private static void AddSettings(WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var services = builder.Services;
        var production = builder.Environment.IsProduction();
        services.AddSettings<ConnectionStringsOptions>(config, ConnectionStringsOptions.Section);
        services.AddSettings<DatabaseOptions>(config, DatabaseOptions.Section)
            .Validate(o => o.IsValid, $"{DatabaseOptions.Section}:{nameof(DatabaseOptions.Provider)}: must be Sqlite or Postgres.")
            .Validate<IOptions<ConnectionStringsOptions>>(
                (o, c) => o.Provider != DatabaseProvider.Postgres || !string.IsNullOrWhiteSpace(c.Value.Default),
                "ConnectionStrings:Default is required when Database:Provider is Postgres.");
        services.AddSettings<SeedOptions>(config, SeedOptions.Section)
            .Validate(o => !(o.Demo && production), "Seed:Demo is refused in Production: demo accounts have published passwords.")
            .Validate(o => !o.Showcase || (o.Demo && !production), "Seed:Showcase needs Seed:Demo and is refused in Production.");
        services.AddSettings<ProxyOptions>(config, ProxyOptions.Section);
        services.AddSettings<SmsOptions>(config, SmsOptions.Section)
            .Validate(o => !production || o.UsesHttpGateway || o.AllowOutboxInProduction,
                "Sms:Sender: is Outbox in Production, so sign-in codes would be kept in the database and sent to nobody; set Sms:Sender=Http with Sms:GatewayUrl and Sms:GatewaySecret (or Sms:AllowOutboxInProduction=true on a staging server).");
        services.AddSettings<MailOptions>(config, MailOptions.Section);
        services.AddSettings<KeyEncryptionOptions>(config, KeyEncryptionOptions.Section)
            .Validate(o => !production || !string.IsNullOrEmpty(o.CertificatePath),
                "DataProtection:CertificatePath: is required in Production: without a certificate the keys that sign every cookie and protect every issuer key lie unencrypted in the database.");
        services.AddSettings<FactsOptions>(config, FactsOptions.Section)
            .Validate(o => o.HasUsableKeyOrNone(), "Facts:PseudonymKey: must be base64 of at least 32 bytes.")
            .Validate(o => !production || !string.IsNullOrWhiteSpace(o.PseudonymKey) || File.Exists(Path.Combine(builder.Environment.ContentRootPath, o.PseudonymKeyFile)),
                "No pseudonym key: set Facts__PseudonymKey (base64, 32 bytes or more) or provide the key file Facts:PseudonymKeyFile.");
        services.AddSettings<IndexOptions>(config, IndexOptions.Section);
        services.AddSettings<NodeOptions>(config, NodeOptions.Section);
        services.AddSettings<RateLimitOptions>(config, RateLimitOptions.Section);
        services.AddSettings<RetentionOptions>(config, RetentionOptions.Section);
        // The host keeps "urls" at the root of the configuration.
        services.AddOptions<ServerUrlsOptions>().Bind(config);
        services.AddSettings<CredentialOptions>(config, CredentialOptions.Section)
            .Validate(o => !production || !string.IsNullOrWhiteSpace(o.PublicBaseUrl),
                "Credentials:PublicBaseUrl is required in Production: every signed credential names it and it must never change.")
            .Validate(o => string.IsNullOrWhiteSpace(o.PublicBaseUrl) || IsHttpUrl(o.PublicBaseUrl),
                "Credentials:PublicBaseUrl: must be an absolute http(s) address such as https://ctecskills.cn.")
            .Validate(o => !production || string.IsNullOrWhiteSpace(o.PublicBaseUrl) || o.PublicBaseUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase),
                "Credentials:PublicBaseUrl: must be an https address in Production: verifiers fetch keys and status lists from it.")
            .Validate(o => o.StatusListMaxAgeSeconds > 0, "Credentials:StatusListMaxAgeSeconds: must be at least 1.");
    }

    /// <summary>
    /// Cookies are sent over https only, wherever the app runs for real, so that a network on the way (a café's wifi)
    /// never sees a sign-in cookie. A developer's machine and the in-process test server speak plain http.
    /// </summary>
    private static CookieSecurePolicy CookieSecurity(IWebHostEnvironment environment) =>
        environment.IsDevelopment() || environment.IsEnvironment("Testing") ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    private static X509Certificate2 LoadCertificate(KeyEncryptionOptions options)
    {
        try
        {
            return X509CertificateLoader.LoadPkcs12FromFile(options.CertificatePath!, options.CertificatePassword);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new OptionsValidationException(KeyEncryptionOptions.Section, typeof(KeyEncryptionOptions),
                [$"DataProtection:CertificatePath: the certificate '{options.CertificatePath}' cannot be opened ({e.Message}); check DataProtection:CertificatePassword."]);
        }
    }

    private static void AddCredentials(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // Outside Production an empty address is the one the app listens on, so that QR codes and key URLs open on
        // this machine.
        services.AddSingleton(sp => new CredentialUrls(new Uri(
            sp.GetRequiredService<IOptions<CredentialOptions>>().Value.PublicBaseUrl is { Length: > 0 } configured
                ? configured
                : sp.GetRequiredService<IOptions<ServerUrlsOptions>>().Value.FirstLocalUrl)));
        services.AddScoped<IssuerKeyStore>();
        // JSON-LD with the vendored contexts only (never the network), for the Data Integrity proofs.
        services.AddSingleton(new Core.LinkedData.JsonLd.JsonLdProcessor(new Core.LinkedData.JsonLd.VendoredContextLoader()));
        services.AddSingleton<DataIntegrityProofs>();
        services.AddScoped<StatusListPublisher>();
        services.AddScoped<StatusIndexAllocator>();
        services.AddScoped<SignedCredentialBuilder>();
        services.AddScoped<CredentialReadyNotifier>();
        services.AddScoped<CredentialIssuer>();
        services.AddScoped<CredentialReissuer>();
        services.AddScoped<CredentialIssuingJob>();
        services.AddScoped<IssuerDocuments>();
        services.AddScoped<BulkIssueService>();
        services.AddScoped<CredentialService>();
        services.AddScoped<WalletOfferService>();
        services.AddScoped<AccountErasureService>();
        services.AddScoped<AchievementService>();
        services.AddScoped<AchievementSeeder>();
        services.AddScoped<StatusListCheck>();
        services.AddScoped<CredentialVerifier>();
        services.AddSingleton<VerificationLogWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<VerificationLogWriter>());
        services.AddScoped<Core.Portfolio.PortfolioShareService>();
        services.AddScoped<BatchVerificationService>();
        services.AddScoped<VerificationHistoryService>();
    }
}

/// <summary>Model-binding messages ("the value is not valid") in the person's language.</summary>
public sealed class LocalizedModelBindingMessages(IStringLocalizerFactory factory) : IConfigureOptions<MvcOptions>
{
    public void Configure(MvcOptions options)
    {
        var text = factory.Create(typeof(SharedResource));
        var messages = options.ModelBindingMessageProvider;
        messages.SetValueIsInvalidAccessor(v => text["Validation.ValueInvalid", v]);
        messages.SetAttemptedValueIsInvalidAccessor((v, _) => text["Validation.ValueInvalid", v]);
        messages.SetValueMustBeANumberAccessor(_ => text["Validation.Number"]);
        messages.SetMissingBindRequiredValueAccessor(_ => text["Validation.Required"]);
        messages.SetValueMustNotBeNullAccessor(_ => text["Validation.Required"]);
        messages.SetMissingKeyOrValueAccessor(() => text["Validation.Required"]);
        messages.SetUnknownValueIsInvalidAccessor(_ => text["Validation.ValueInvalid", ""]);
        messages.SetNonPropertyAttemptedValueIsInvalidAccessor(v => text["Validation.ValueInvalid", v]);
        messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => text["Validation.ValueInvalid", ""]);
        messages.SetNonPropertyValueMustBeANumberAccessor(() => text["Validation.Number"]);
        messages.SetMissingRequestBodyRequiredValueAccessor(() => text["Validation.Required"]);
    }
}
