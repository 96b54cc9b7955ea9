using CtecSkills.Core.Accounts;
using CtecSkills.Core.Organizations;
using CtecSkills.Core.Regions;
using CtecSkills.Core.Sms;
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
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

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
            // One account per mobile number: the phone is how learners are found again.
            e.HasIndex(u => u.PhoneNumber).IsUnique();
            e.HasOne(u => u.Organization).WithMany().HasForeignKey(u => u.OrganizationId).OnDelete(DeleteBehavior.Restrict);
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
            e.HasOne(m => m.User).WithMany(u => u.BaseMemberships).HasForeignKey(m => m.UserId);
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
    }
}
