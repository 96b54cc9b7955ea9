using CtecSkills.Core.Accounts;
using CtecSkills.Core.Analytics;
using CtecSkills.Core.Audit;
using CtecSkills.Core.Catalog;
using CtecSkills.Core.Cohorts;
using CtecSkills.Core.Credentials;
using CtecSkills.Core.Mail;
using CtecSkills.Core.Organizations;
using CtecSkills.Core.Portfolio;
using CtecSkills.Core.Privacy;
using CtecSkills.Core.Progress;
using CtecSkills.Core.Recognition;
using CtecSkills.Core.Regions;
using CtecSkills.Core.Sms;
using CtecSkills.Core.Text;
using CtecSkills.Core.Verification;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CtecSkills.Core.Data;

public sealed class AppDbContext(DbContextOptions<AppDbContext> options)
    : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    public DbSet<Locality> Localities => Set<Locality>();
    public DbSet<PopulationReference> PopulationReferences => Set<PopulationReference>();
    public DbSet<PopulationFigure> PopulationFigures => Set<PopulationFigure>();
    public DbSet<TrainingBase> TrainingBases => Set<TrainingBase>();
    public DbSet<BaseMembership> BaseMemberships => Set<BaseMembership>();
    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<SmsCode> SmsCodes => Set<SmsCode>();
    public DbSet<SmsOutboxMessage> SmsOutbox => Set<SmsOutboxMessage>();
    public DbSet<MailOutboxMessage> MailOutbox => Set<MailOutboxMessage>();
    public DbSet<OutboundMessage> OutboundMessages => Set<OutboundMessage>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Course> Courses => Set<Course>();
    public DbSet<CourseOffering> CourseOfferings => Set<CourseOffering>();
    public DbSet<CourseModule> CourseModules => Set<CourseModule>();
    public DbSet<Lesson> Lessons => Set<Lesson>();
    public DbSet<CourseMedia> CourseMedia => Set<CourseMedia>();
    public DbSet<Quiz> Quizzes => Set<Quiz>();
    public DbSet<Question> Questions => Set<Question>();
    public DbSet<QuizAttempt> QuizAttempts => Set<QuizAttempt>();
    public DbSet<LessonProgress> LessonProgress => Set<LessonProgress>();
    public DbSet<KeyedStep> KeyedSteps => Set<KeyedStep>();
    public DbSet<Cohort> Cohorts => Set<Cohort>();
    public DbSet<CohortSession> CohortSessions => Set<CohortSession>();
    public DbSet<Enrollment> Enrollments => Set<Enrollment>();
    public DbSet<AttendanceRecord> Attendance => Set<AttendanceRecord>();
    public DbSet<AttendanceStrike> AttendanceStrikes => Set<AttendanceStrike>();
    public DbSet<IssuanceRequest> IssuanceRequests => Set<IssuanceRequest>();
    public DbSet<LearningFact> LearningFacts => Set<LearningFact>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<ReminderSent> RemindersSent => Set<ReminderSent>();
    public DbSet<VerifierApplication> VerifierApplications => Set<VerifierApplication>();
    public DbSet<VerificationLog> VerificationLogs => Set<VerificationLog>();
    public DbSet<RecognitionAgreement> RecognitionAgreements => Set<RecognitionAgreement>();
    public DbSet<IndexRelease> IndexReleases => Set<IndexRelease>();
    public DbSet<IndexReleaseCell> IndexReleaseCells => Set<IndexReleaseCell>();
    public DbSet<Achievement> Achievements => Set<Achievement>();
    public DbSet<IssuerKey> IssuerKeys => Set<IssuerKey>();
    public DbSet<IssuedCredential> IssuedCredentials => Set<IssuedCredential>();
    public DbSet<StatusListPublication> StatusListPublications => Set<StatusListPublication>();
    public DbSet<BulkIssueRun> BulkIssueRuns => Set<BulkIssueRun>();
    public DbSet<WalletOffer> WalletOffers => Set<WalletOffer>();
    public DbSet<PortfolioShare> PortfolioShares => Set<PortfolioShare>();
    public DbSet<PortfolioShareItem> PortfolioShareItems => Set<PortfolioShareItem>();
    public DbSet<PortfolioShareView> PortfolioShareViews => Set<PortfolioShareView>();
    public DbSet<DataExport> DataExports => Set<DataExport>();
    public DbSet<ConsentRecord> ConsentRecords => Set<ConsentRecord>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no timestamp type that sorts; store instants as UTC ticks so that comparisons run in SQL.
        if (Database.IsSqlite())
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<AppUser>(e =>
        {
            e.Property(u => u.DisplayName).HasMaxLength(100);
            e.Property(u => u.PrivacyNoticeVersion).HasMaxLength(20);
            e.Property(u => u.Culture).HasMaxLength(10);
            // One account per mobile number: the phone is how learners are found again.
            e.HasIndex(u => u.PhoneNumber).IsUnique();
            e.HasOne<Organization>().WithMany().HasForeignKey(u => u.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            e.Property(u => u.Gender).HasConversion<string>().HasMaxLength(8);
            e.Property(u => u.LocalityCode).HasMaxLength(6);
            e.Property(u => u.Area).HasConversion<string>().HasMaxLength(8);
            e.Property(u => u.LearnerGroup).HasConversion<string>().HasMaxLength(24);
            e.HasOne<Locality>().WithMany().HasForeignKey(u => u.LocalityCode).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<ConsentRecord>(e =>
        {
            e.Property(r => r.UserId).HasMaxLength(450);
            e.Property(r => r.NoticeVersion).HasMaxLength(20);
            e.Property(r => r.Way).HasConversion<string>().HasMaxLength(24);
            e.HasOne<AppUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(r => new { r.UserId, r.Id });
        });

        builder.Entity<Locality>(e =>
        {
            e.HasKey(l => l.Code);
            e.Property(l => l.Code).HasMaxLength(6);
            e.Property(l => l.ProvinceCode).HasMaxLength(6);
            e.Property(l => l.ProvinceName).HasMaxLength(20);
            e.Property(l => l.Name).HasMaxLength(40);
            e.Property(l => l.NameEn).HasMaxLength(60);
            e.Property(l => l.Coverage).HasMaxLength(80);
            e.Property(l => l.Kind).HasConversion<string>().HasMaxLength(12);
            e.Property(l => l.Tier).HasConversion<string>().HasMaxLength(12);
        });

        builder.Entity<PopulationReference>(e =>
        {
            e.Property(p => p.Source).HasMaxLength(200);
            e.Property(p => p.ImportedBy).HasMaxLength(256);
            e.HasMany(p => p.Figures).WithOne().HasForeignKey(f => f.PopulationReferenceId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<PopulationFigure>(e =>
        {
            e.Property(f => f.Area).HasConversion<string>().HasMaxLength(8);
            e.HasIndex(f => new { f.PopulationReferenceId, f.LocalityCode, f.Area }).IsUnique();
            e.HasOne<Locality>().WithMany().HasForeignKey(f => f.LocalityCode).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<TrainingBase>(e =>
        {
            e.Property(b => b.Name).HasMaxLength(100);
            e.Property(b => b.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(b => b.Address).HasMaxLength(200);
            e.Property(b => b.ContactName).HasMaxLength(50);
            e.Property(b => b.ContactPhone).HasMaxLength(20);
            e.Property(b => b.ContactEmail).HasMaxLength(256);
            e.HasIndex(b => b.Name).IsUnique();
            e.HasOne(b => b.Locality).WithMany().HasForeignKey(b => b.LocalityCode).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<BaseMembership>(e =>
        {
            e.HasKey(m => new { m.TrainingBaseId, m.UserId });
            e.HasOne(m => m.TrainingBase).WithMany(b => b.Members).HasForeignKey(m => m.TrainingBaseId);
            e.HasOne(m => m.User).WithMany().HasForeignKey(m => m.UserId);
        });

        builder.Entity<Organization>(e =>
        {
            e.Property(o => o.Name).HasMaxLength(100);
            e.Property(o => o.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(o => o.ContactEmail).HasMaxLength(256);
            e.HasIndex(o => o.Name).IsUnique();
            e.HasOne(o => o.Locality).WithMany().HasForeignKey(o => o.LocalityCode).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<SmsCode>(e =>
        {
            e.Property(c => c.Phone).HasMaxLength(11);
            e.Property(c => c.CodeHash).HasMaxLength(64);
            e.Property(c => c.Salt).HasMaxLength(32);
            e.HasIndex(c => new { c.Phone, c.CreatedAt });
            e.HasIndex(c => c.ExpiresAt);
        });

        builder.Entity<SmsOutboxMessage>(e =>
        {
            e.Property(m => m.Phone).HasMaxLength(11);
            e.Property(m => m.Text).HasMaxLength(500);
            e.HasIndex(m => m.CreatedAt);
        });

        builder.Entity<MailOutboxMessage>(e =>
        {
            e.Property(m => m.To).HasMaxLength(256);
            e.Property(m => m.Subject).HasMaxLength(200);
            e.Property(m => m.Body).HasMaxLength(4000);
            e.HasIndex(m => m.To);
        });

        builder.Entity<OutboundMessage>(e =>
        {
            e.Property(m => m.Key).HasMaxLength(120);
            e.Property(m => m.Phone).HasMaxLength(11);
            e.Property(m => m.Text).HasMaxLength(500);
            e.Property(m => m.State).HasConversion<string>().HasMaxLength(10);
            e.Property(m => m.LastError).HasMaxLength(500);
            // One message per cause: a retried request or a second job run cannot queue it twice.
            e.HasIndex(m => m.Key).IsUnique();
            // What the send job looks for.
            e.HasIndex(m => new { m.State, m.NextAttemptAt });
            e.HasIndex(m => m.CreatedAt);
        });

        ConfigureCatalog(builder);
        ConfigureCohorts(builder);
        ConfigureProgress(builder, Database.IsNpgsql());
        ConfigureVerification(builder);
        ConfigureRecognition(builder);
        ConfigureIndex(builder);
        ConfigureCredentials(builder);
        ConfigurePortfolio(builder);
        ConfigurePrivacy(builder);
    }

    private static void ConfigurePrivacy(ModelBuilder builder)
    {
        builder.Entity<DataExport>(e =>
        {
            e.Property(x => x.UserId).HasMaxLength(450);
            e.Property(x => x.RequestedByUserId).HasMaxLength(450);
            e.Property(x => x.Reason).HasMaxLength(AuditEntry.ReasonLength);
            e.Property(x => x.State).HasConversion<string>().HasMaxLength(10);
            e.Property(x => x.Error).HasMaxLength(DataExport.ErrorLength);
            e.Ignore(x => x.RequestedBySelf);
            // One export being prepared per person: a second tap, or a second tab, cannot start another.
            e.HasIndex(x => x.UserId).IsUnique().HasFilter("\"FinishedAt\" IS NULL").HasDatabaseName("IX_DataExports_Unfinished");
            e.HasIndex(x => new { x.UserId, x.RequestedAt });
            e.HasIndex(x => x.ExpiresAt);
            e.HasIndex(x => new { x.State, x.LeaseUntil });
            // Erasing an account erases its exports.
            e.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });
    }

    private static void ConfigurePortfolio(ModelBuilder builder)
    {
        builder.Entity<PortfolioShare>(e =>
        {
            e.Property(s => s.UserId).HasMaxLength(450);
            e.Property(s => s.TokenHash).HasMaxLength(PortfolioShareService.TokenHashLength);
            e.Property(s => s.Label).HasMaxLength(PortfolioShareService.LabelLength);
            e.HasIndex(s => s.TokenHash).IsUnique();
            e.HasIndex(s => new { s.UserId, s.CreatedAt });
            e.ToTable(t => t.HasCheckConstraint("CK_PortfolioShares_LifetimeDays", "\"LifetimeDays\" IN (7, 30, 90)"));
            // Erasing an account erases its links and their view logs.
            e.HasOne(s => s.User).WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(s => s.Items).WithOne().HasForeignKey(i => i.PortfolioShareId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(s => s.Views).WithOne().HasForeignKey(v => v.PortfolioShareId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<PortfolioShareItem>(e =>
        {
            e.ToTable(t => t.HasCheckConstraint("CK_PortfolioShareItems_OneKind", "(\"IssuedCredentialId\" IS NULL) <> (\"EnrollmentId\" IS NULL)"));
            e.HasIndex(i => new { i.PortfolioShareId, i.IssuedCredentialId }).IsUnique();
            e.HasIndex(i => new { i.PortfolioShareId, i.EnrollmentId }).IsUnique();
            e.HasIndex(i => i.IssuedCredentialId);
            e.HasIndex(i => i.EnrollmentId);
            e.HasOne(i => i.IssuedCredential).WithMany().HasForeignKey(i => i.IssuedCredentialId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(i => i.Enrollment).WithMany().HasForeignKey(i => i.EnrollmentId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<PortfolioShareView>(e =>
        {
            e.Property(v => v.ViewerOrganization).HasMaxLength(100);
            e.HasIndex(v => new { v.PortfolioShareId, v.At });
        });
    }

    private static void ConfigureCredentials(ModelBuilder builder)
    {
        builder.Entity<Achievement>(e =>
        {
            e.Property(a => a.Name).HasMaxLength(CredentialLimits.NameLength);
            e.Property(a => a.Description).HasMaxLength(CredentialLimits.TextLength);
            e.Property(a => a.CriteriaNarrative).HasMaxLength(CredentialLimits.TextLength);
            e.Property(a => a.AchievementType).HasMaxLength(40);
            e.Property(a => a.Level).HasConversion<string>().HasMaxLength(12);
            e.ToTable(t => t.HasCheckConstraint("CK_Achievements_ValidityMonths", "\"ValidityMonths\" IS NULL OR \"ValidityMonths\" > 0"));
            e.HasIndex(a => a.CourseId);
            e.HasOne(a => a.Course).WithMany().HasForeignKey(a => a.CourseId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<IssuerKey>(e =>
        {
            e.Property(k => k.KeyId).HasMaxLength(300);
            e.Property(k => k.PublicJwk).HasMaxLength(2000);
            e.Property(k => k.ProtectedPrivateKey).HasMaxLength(8000);
            e.Property(k => k.Ed25519PublicKeyMultibase).HasMaxLength(60);
            e.Property(k => k.ProtectedEd25519Seed).HasMaxLength(1000);
            e.HasIndex(k => k.KeyId).IsUnique();
            e.HasIndex(k => k.Ed25519PublicKeyMultibase).IsUnique();
            // At most one current key per issuer: two requests creating "the first key" at once cannot both win.
            e.HasIndex(k => k.TrainingBaseId).IsUnique().HasFilter("\"RetiredAt\" IS NULL").HasDatabaseName("IX_IssuerKeys_Current");
            e.Property(k => k.CompromiseReason).HasMaxLength(CredentialLimits.ReasonLength);
            e.HasOne(k => k.TrainingBase).WithMany().HasForeignKey(k => k.TrainingBaseId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<IssuedCredential>(e =>
        {
            e.Property(c => c.CredentialId).HasMaxLength(60);
            e.Property(c => c.UserId).HasMaxLength(450);
            e.Property(c => c.VerificationCode).HasMaxLength(VerificationCode.Length);
            e.Property(c => c.HolderName).HasMaxLength(100);
            e.Property(c => c.KeyId).HasMaxLength(300);
            e.Property(c => c.StatusReason).HasMaxLength(CredentialLimits.ReasonLength);
            // The rule "one credential per enrollment and achievement", whatever retries or races happen.
            e.Property(c => c.ReplacedByCredentialId).HasMaxLength(60);
            // A re-issued credential keeps its old row (revoked, pointing to the new one): one live credential each.
            e.HasIndex(c => new { c.EnrollmentId, c.AchievementId }).IsUnique().HasFilter("\"ReplacedByCredentialId\" IS NULL");
            e.HasIndex(c => c.VerificationCode).IsUnique();
            e.HasIndex(c => c.CredentialId).IsUnique();
            e.HasIndex(c => new { c.IssuerBaseId, c.StatusListSequence, c.StatusIndex }).IsUnique();
            e.HasIndex(c => c.UserId);
            // A credential drawn for an account erased meanwhile cannot be stored (the issuing job racing an erasure).
            e.HasOne<AppUser>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne(c => c.Enrollment).WithMany().HasForeignKey(c => c.EnrollmentId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(c => c.Achievement).WithMany().HasForeignKey(c => c.AchievementId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(c => c.IssuerBase).WithMany().HasForeignKey(c => c.IssuerBaseId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<WalletOffer>(e =>
        {
            e.Property(o => o.UserId).HasMaxLength(450);
            e.Property(o => o.TokenHash).HasMaxLength(BearerTokens.HashLength);
            e.HasIndex(o => o.TokenHash).IsUnique();
            e.HasIndex(o => new { o.UserId, o.IssuedCredentialId });
            // The retention job deletes by expiry.
            e.HasIndex(o => o.ExpiresAt);
            // Erasing an account, or a credential going away with it, takes its offers along.
            e.HasOne(o => o.User).WithMany().HasForeignKey(o => o.UserId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(o => o.IssuedCredential).WithMany().HasForeignKey(o => o.IssuedCredentialId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<StatusListPublication>(e =>
        {
            e.Property(p => p.Purpose).HasConversion<string>().HasMaxLength(12);
            e.Property(p => p.ETag).HasMaxLength(70);
            e.HasIndex(p => new { p.TrainingBaseId, p.Purpose, p.Sequence }).IsUnique();
            e.HasOne<TrainingBase>().WithMany().HasForeignKey(p => p.TrainingBaseId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<BulkIssueRun>(e =>
        {
            e.Property(r => r.RequestedByUserId).HasMaxLength(450);
            e.HasIndex(r => new { r.CohortId, r.RequestedAt });
            e.HasIndex(r => r.FinishedAt);
            e.HasOne(r => r.Cohort).WithMany().HasForeignKey(r => r.CohortId).OnDelete(DeleteBehavior.Cascade);
        });
    }

    private static void ConfigureIndex(ModelBuilder builder)
    {
        builder.Entity<IndexRelease>(e =>
        {
            e.Property(r => r.PeriodKind).HasConversion<string>().HasMaxLength(8);
            e.Property(r => r.Breakdown).HasConversion<string>().HasMaxLength(12);
            e.Property(r => r.Method).HasMaxLength(40);
            e.Property(r => r.CreatedBy).HasMaxLength(256);
            e.Property(r => r.PublishedBy).HasMaxLength(256);
            e.Property(r => r.PopulationSource).HasMaxLength(200);
            e.Ignore(r => r.Period);
            e.Ignore(r => r.IsPublished);
            e.HasIndex(r => r.CreatedAt);
            e.HasIndex(r => r.PublishedAt);
            e.HasIndex(r => new { r.PeriodKind, r.Year, r.PeriodNumber });
            e.ToTable(t =>
            {
                t.HasCheckConstraint("CK_IndexReleases_K", "\"K\" >= 1");
                // The floor on k backs the service's rule: a release below it can exist (from before the floor) but never be public.
                t.HasCheckConstraint("CK_IndexReleases_PublishedK", IndexReleaseService.PublishedKConstraint);
            });
            // The population reference a release used is kept, so the release can be reproduced.
            e.HasOne<PopulationReference>().WithMany().HasForeignKey(r => r.PopulationReferenceId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(r => r.Cells).WithOne().HasForeignKey(c => c.IndexReleaseId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<IndexReleaseCell>(e =>
        {
            // No pseudonym column, by design: a release holds counts only.
            e.Property(c => c.Level).HasConversion<string>().HasMaxLength(8);
            e.Property(c => c.ProvinceCode).HasMaxLength(6);
            e.Property(c => c.LocalityCode).HasMaxLength(6);
            e.Property(c => c.Area).HasConversion<string>().HasMaxLength(8);
            e.Property(c => c.Group).HasMaxLength(24);
            e.HasIndex(c => c.IndexReleaseId);
        });
    }

    private static void ConfigureRecognition(ModelBuilder builder)
    {
        builder.Entity<RecognitionAgreement>(e =>
        {
            e.Property(a => a.Reference).HasMaxLength(100);
            e.Property(a => a.IssuedInProvince).HasMaxLength(6);
            e.Property(a => a.RecognizedInProvince).HasMaxLength(6);
            e.Property(a => a.Category).HasConversion<string>().HasMaxLength(20);
            e.Property(a => a.Level).HasConversion<string>().HasMaxLength(12);
            e.Property(a => a.LocalStandard).HasMaxLength(200);
            e.Property(a => a.CreatedByUserId).HasMaxLength(450);
            e.HasIndex(a => new { a.IssuedInProvince, a.ValidFrom });
            // An agreement for one achievement names a real one; achievements are never deleted.
            e.HasOne<Achievement>().WithMany().HasForeignKey(a => a.AchievementId).OnDelete(DeleteBehavior.Restrict);
            e.ToTable(t =>
            {
                t.HasCheckConstraint("CK_RecognitionAgreements_Provinces", "\"IssuedInProvince\" <> \"RecognizedInProvince\"");
                t.HasCheckConstraint("CK_RecognitionAgreements_Scope", "(\"Category\" IS NULL) <> (\"AchievementId\" IS NULL)");
            });
        });
    }

    private static void ConfigureVerification(ModelBuilder builder)
    {
        builder.Entity<VerifierApplication>(e =>
        {
            e.Property(a => a.UserId).HasMaxLength(450);
            e.Property(a => a.OrganizationName).HasMaxLength(100);
            e.Property(a => a.OrganizationKind).HasConversion<string>().HasMaxLength(20);
            e.Property(a => a.LocalityCode).HasMaxLength(6);
            e.Property(a => a.ContactName).HasMaxLength(50);
            e.Property(a => a.Email).HasMaxLength(256);
            e.Property(a => a.Status).HasConversion<string>().HasMaxLength(10);
            e.Property(a => a.DecidedByUserId).HasMaxLength(450);
            e.Property(a => a.DecisionReason).HasMaxLength(AuditEntry.ReasonLength);
            e.HasIndex(a => new { a.Status, a.CreatedAt });
            e.HasOne(a => a.User).WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Locality>().WithMany().HasForeignKey(a => a.LocalityCode).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<VerificationLog>(e =>
        {
            e.Property(l => l.UserId).HasMaxLength(450);
            e.Property(l => l.Channel).HasMaxLength(8);
            e.Property(l => l.CredentialCode).HasMaxLength(16);
            e.Property(l => l.CredentialId).HasMaxLength(60);
            e.Property(l => l.Outcome).HasConversion<string>().HasMaxLength(16);
            e.HasIndex(l => l.At);
            e.HasIndex(l => new { l.UserId, l.At });
        });
    }

    private static void ConfigureProgress(ModelBuilder builder, bool partitioned)
    {
        builder.Entity<AttendanceRecord>(e =>
        {
            e.Property(a => a.Method).HasConversion<string>().HasMaxLength(8);
            e.Property(a => a.RecordedByUserId).HasMaxLength(450);
            // Scanning twice, or staff marking someone already checked in, cannot count the hours twice.
            e.HasIndex(a => new { a.EnrollmentId, a.SessionId }).IsUnique();
            e.HasIndex(a => a.SessionId);
            e.HasOne(a => a.Session).WithMany().HasForeignKey(a => a.SessionId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(a => a.Enrollment).WithMany().HasForeignKey(a => a.EnrollmentId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<AttendanceStrike>(e =>
        {
            e.Property(a => a.StruckByUserId).HasMaxLength(450);
            // Striking twice (two staff screens, a double tap) keeps one strike.
            e.HasIndex(a => new { a.EnrollmentId, a.SessionId }).IsUnique();
            e.HasIndex(a => a.SessionId);
            e.HasOne(a => a.Session).WithMany().HasForeignKey(a => a.SessionId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(a => a.Enrollment).WithMany().HasForeignKey(a => a.EnrollmentId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<IssuanceRequest>(e =>
        {
            e.Property(r => r.LastError).HasMaxLength(500);
            e.HasIndex(r => r.EnrollmentId).IsUnique();
            e.HasIndex(r => r.ProcessedAt);
            e.HasOne(r => r.Enrollment).WithMany().HasForeignKey(r => r.EnrollmentId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<LearningFact>(e =>
        {
            // Deliberately no foreign keys: a fact outlives the account it came from (PIPL erasure keeps facts).
            e.Property(f => f.Kind).HasConversion<string>().HasMaxLength(12);
            e.Property(f => f.LocalityCode).HasMaxLength(6);
            e.Property(f => f.Area).HasConversion<string>().HasMaxLength(8);
            e.Property(f => f.TargetGroup).HasConversion<string>().HasMaxLength(24);
            e.Property(f => f.Gender).HasConversion<string>().HasMaxLength(8);
            e.Property(f => f.AgeBand).HasConversion<string>().HasMaxLength(12);
            e.Property(f => f.Category).HasConversion<string>().HasMaxLength(20);
            e.Property(f => f.Level).HasConversion<string>().HasMaxLength(12);
            e.Property(f => f.Pseudonym).HasMaxLength(64);
            if (partitioned)
            {
                // Partitioned by Beijing month on PostgreSQL (docs/decisions/0031), and a partitioned table's primary
                // key must contain its partition key. The id alone stays unique: one identity sequence feeds every month.
                e.HasKey(f => new { f.Id, f.Period });
                e.Property(f => f.Id).UseIdentityByDefaultColumn();
            }
            e.HasIndex(f => new { f.Kind, f.Period });
            // Covers the release's one GROUP BY: read in this order, each cell's facts arrive together and its learners
            // sorted, so both databases aggregate from the index alone, without a sort or a table lookup.
            e.HasIndex(f => new { f.Kind, f.LocalityCode, f.Area, f.IsSynthetic, f.LearnerKey, f.Period, f.TargetGroup, f.Gender })
                .HasDatabaseName("IX_LearningFacts_Release");
        });

        builder.Entity<AuditEntry>(e =>
        {
            e.Property(a => a.ActorUserId).HasMaxLength(450);
            e.Property(a => a.Action).HasMaxLength(40);
            e.Property(a => a.Subject).HasMaxLength(100);
            e.Property(a => a.Reason).HasMaxLength(AuditEntry.ReasonLength);
            e.HasIndex(a => new { a.Subject, a.At });
            e.HasIndex(a => new { a.TrainingBaseId, a.At });
        });

        builder.Entity<ReminderSent>(e =>
        {
            e.Property(r => r.UserId).HasMaxLength(450);
            e.Property(r => r.Kind).HasConversion<string>().HasMaxLength(16);
            e.HasIndex(r => new { r.UserId, r.Day }).IsUnique();
            e.HasOne<AppUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        });
    }

    private static void ConfigureCohorts(ModelBuilder builder)
    {
        builder.Entity<Cohort>(e =>
        {
            e.Property(c => c.Name).HasMaxLength(100);
            e.ToTable(t => t.HasCheckConstraint("CK_Cohorts_Capacity", "\"Capacity\" > 0"));
            e.HasIndex(c => new { c.TrainingBaseId, c.CourseId });
            e.HasOne(c => c.Course).WithMany().HasForeignKey(c => c.CourseId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(c => c.TrainingBase).WithMany().HasForeignKey(c => c.TrainingBaseId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(c => c.Sessions).WithOne(s => s.Cohort).HasForeignKey(s => s.CohortId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(c => c.Enrollments).WithOne(x => x.Cohort).HasForeignKey(x => x.CohortId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<CohortSession>(e =>
        {
            e.Property(s => s.Place).HasMaxLength(200);
            e.HasIndex(s => new { s.CohortId, s.StartsAt });
        });

        builder.Entity<Enrollment>(e =>
        {
            e.Property(x => x.UserId).HasMaxLength(450);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(12);
            e.Property(x => x.Source).HasConversion<string>().HasMaxLength(8);
            e.Property(x => x.CompletionMethod).HasConversion<string>().HasMaxLength(8);
            // One enrollment per learner and cohort: enrolling twice, or two racing requests, cannot make a second row.
            e.HasIndex(x => new { x.CohortId, x.UserId }).IsUnique();
            e.HasIndex(x => new { x.CohortId, x.Status });
            e.HasIndex(x => x.UserId);
            // Erasing an account leaves the seat in past rosters, anonymous (docs/decisions/0024).
            e.HasOne(x => x.User).WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.SetNull);
        });
    }

    private static void ConfigureCatalog(ModelBuilder builder)
    {
        builder.Entity<Course>(e =>
        {
            e.Property(c => c.Slug).HasMaxLength(CatalogLimits.SlugLength);
            e.Property(c => c.Title).HasMaxLength(CatalogLimits.TitleLength);
            e.Property(c => c.Summary).HasMaxLength(CatalogLimits.SummaryLength);
            e.Property(c => c.Category).HasConversion<string>().HasMaxLength(20);
            e.Property(c => c.Level).HasConversion<string>().HasMaxLength(12);
            e.HasIndex(c => c.Slug).IsUnique();
            e.HasIndex(c => new { c.IsPublished, c.Category });
            e.ToTable(t =>
            {
                t.HasCheckConstraint("CK_Courses_StudyHours", "\"StudyHours\" > 0");
                t.HasCheckConstraint("CK_Courses_MinAttendedHours", "\"MinAttendedHours\" >= 0");
            });
            e.HasOne(c => c.OwnerBase).WithMany().HasForeignKey(c => c.OwnerBaseId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(c => c.Modules).WithOne().HasForeignKey(m => m.CourseId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(c => c.Lessons).WithOne().HasForeignKey(l => l.CourseId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(c => c.Media).WithOne().HasForeignKey(m => m.CourseId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(c => c.Quiz).WithOne().HasForeignKey<Quiz>(q => q.CourseId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<CourseOffering>(e =>
        {
            e.HasKey(o => new { o.CourseId, o.TrainingBaseId });
            e.HasOne(o => o.Course).WithMany(c => c.OfferedBy).HasForeignKey(o => o.CourseId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(o => o.TrainingBase).WithMany().HasForeignKey(o => o.TrainingBaseId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<CourseModule>(e =>
        {
            e.Property(m => m.Title).HasMaxLength(CatalogLimits.TitleLength);
            e.HasIndex(m => new { m.CourseId, m.Position }).IsUnique();
            e.HasMany(m => m.Lessons).WithOne(l => l.Module).HasForeignKey(l => l.ModuleId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<Lesson>(e =>
        {
            e.Property(l => l.Title).HasMaxLength(CatalogLimits.TitleLength);
            e.Property(l => l.FileName).HasMaxLength(CatalogLimits.PathLength);
            e.Property(l => l.Markdown).HasMaxLength(CatalogLimits.LessonBytes);
            e.HasIndex(l => new { l.CourseId, l.Number }).IsUnique();
            e.ToTable(t => t.HasCheckConstraint("CK_Lessons_Minutes", "\"Minutes\" > 0"));
        });

        builder.Entity<CourseMedia>(e =>
        {
            e.Property(m => m.Path).HasMaxLength(CatalogLimits.PathLength);
            e.Property(m => m.ContentType).HasMaxLength(100);
            e.HasIndex(m => new { m.CourseId, m.Path }).IsUnique();
        });

        builder.Entity<Quiz>(e =>
        {
            e.Property(q => q.Title).HasMaxLength(CatalogLimits.TitleLength);
            e.ToTable(t =>
            {
                t.HasCheckConstraint("CK_Quizzes_PassMark", "\"PassMark\" BETWEEN 0 AND 100");
                t.HasCheckConstraint("CK_Quizzes_MaxAttempts", "\"MaxAttempts\" > 0");
            });
            e.HasMany(q => q.Questions).WithOne().HasForeignKey(q => q.QuizId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<Question>(e =>
        {
            e.Property(q => q.Type).HasConversion<string>().HasMaxLength(20);
            e.Property(q => q.Text).HasMaxLength(CatalogLimits.QuestionLength);
            e.Property(q => q.Feedback).HasMaxLength(CatalogLimits.QuestionLength);
            e.Ignore(q => q.OptionCount);
            e.HasIndex(q => new { q.QuizId, q.Position }).IsUnique();
        });

        builder.Entity<QuizAttempt>(e =>
        {
            e.Property(a => a.UserId).HasMaxLength(450);
            e.Property(a => a.Answers).HasMaxLength(4000);
            // The attempt number is unique so that two submits racing for the last attempt cannot both be stored.
            e.HasIndex(a => new { a.QuizId, a.UserId, a.Number }).IsUnique();
            e.HasOne(a => a.Quiz).WithMany().HasForeignKey(a => a.QuizId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<AppUser>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<LessonProgress>(e =>
        {
            e.Property(p => p.UserId).HasMaxLength(450);
            e.HasIndex(p => new { p.UserId, p.LessonId }).IsUnique();
            e.HasOne(p => p.Lesson).WithMany().HasForeignKey(p => p.LessonId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<AppUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<KeyedStep>(e =>
        {
            e.Property(k => k.UserId).HasMaxLength(450);
            e.Property(k => k.Key).HasMaxLength(KeyedStep.KeyMaxLength);
            e.Property(k => k.Kind).HasConversion<string>().HasMaxLength(20);
            // The learner's key applies once: a replay, or the same step sent twice at once, finds this row.
            e.HasIndex(k => new { k.UserId, k.Key }).IsUnique();
            e.HasOne<AppUser>().WithMany().HasForeignKey(k => k.UserId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
