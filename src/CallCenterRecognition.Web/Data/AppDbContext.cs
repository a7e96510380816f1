using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Data;

// One model; a subclass per provider only so that each provider keeps its own migrations.
public abstract class AppDbContext(DbContextOptions options) : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Claim> Claims => Set<Claim>();

    public DbSet<ClaimJournalEntry> JournalEntries => Set<ClaimJournalEntry>();

    public DbSet<ClaimNumberCounter> ClaimNumberCounters => Set<ClaimNumberCounter>();

    public DbSet<DocumentRow> Documents => Set<DocumentRow>();

    public DbSet<DocumentTextPageRow> DocumentTextPages => Set<DocumentTextPageRow>();

    public DbSet<MemberLinkRow> MemberLinks => Set<MemberLinkRow>();

    public DbSet<PacketBuildRow> PacketBuilds => Set<PacketBuildRow>();

    public DbSet<UnitRow> Units => Set<UnitRow>();

    public DbSet<UnitHistoryRow> UnitHistory => Set<UnitHistoryRow>();

    public DbSet<ClaimGrievantRow> Grievants => Set<ClaimGrievantRow>();

    public DbSet<ClaimCountRow> ClaimCounts => Set<ClaimCountRow>();

    public DbSet<WorkflowDefinitionRow> WorkflowDefinitions => Set<WorkflowDefinitionRow>();

    public DbSet<WorkflowMigrationRow> WorkflowMigrations => Set<WorkflowMigrationRow>();

    public DbSet<DepartmentRow> Departments => Set<DepartmentRow>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot compare or order DateTimeOffset text; UTC ticks sort and compare as numbers.
        if (Database.IsSqlite())
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        }
        else
        {
            // Npgsql writes timestamptz only from offset zero; times computed in Los Angeles arrive with -07:00/-08:00.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<ToUtcConverter>();
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<AppUser>(user => user.Property(u => u.DisplayName).HasMaxLength(200));

        builder.Entity<WorkflowDefinitionRow>(definition =>
        {
            definition.HasKey(d => new { d.DefinitionId, d.Version });
            definition.Property(d => d.DefinitionId).HasMaxLength(100);
            definition.Property(d => d.Source).HasMaxLength(20);
            definition.Property(d => d.CreatedById).HasMaxLength(450);
        });

        builder.Entity<WorkflowMigrationRow>(migration =>
        {
            migration.HasKey(m => m.Id);
            migration.Property(m => m.DefinitionId).HasMaxLength(100);
            migration.Property(m => m.Status).HasMaxLength(20);
            migration.Property(m => m.RequestedById).HasMaxLength(450);
            migration.Property(m => m.Error).HasMaxLength(2000);
            migration.HasIndex(m => new { m.Status, m.RequestedAt });
        });

        builder.Entity<Claim>(claim =>
        {
            claim.HasKey(c => c.Id);
            claim.Property(c => c.Number).HasMaxLength(20);
            claim.HasIndex(c => c.Number).IsUnique();
            claim.OwnsOne(c => c.Member, member =>
            {
                member.Property(m => m.Name).HasColumnName("MemberName").HasMaxLength(200);
                member.Property(m => m.Email).HasColumnName("MemberEmail").HasMaxLength(254);
                member.Property(m => m.Phone).HasColumnName("MemberPhone").HasMaxLength(40);
                member.Property(m => m.Language).HasColumnName("MemberLanguage").HasMaxLength(16).HasDefaultValue("en");
                member.HasIndex(m => m.Email);
            });
            claim.Property(c => c.Department).HasMaxLength(100);
            claim.Property(c => c.WorkUnit).HasMaxLength(200);
            claim.Property(c => c.UnitKey).HasMaxLength(300);
            claim.Property(c => c.BargainingUnit).HasMaxLength(4);
            claim.Property(c => c.Classification).HasMaxLength(200);
            claim.Property(c => c.PhoneSystems).HasMaxLength(100);
            claim.Property(c => c.SearchText).HasMaxLength(300);
            claim.Property(c => c.StatementFacts).HasMaxLength(Features.Claims.EditStatement.MaxFacts);
            claim.Property(c => c.DefinitionId).HasMaxLength(100);
            claim.Property(c => c.Stage).HasMaxLength(64);
            claim.Property(c => c.JournalHash).HasMaxLength(64);
            claim.Property(c => c.Version).IsConcurrencyToken();
            claim.HasOne(c => c.AssignedRepresentative).WithMany().HasForeignKey(c => c.AssignedRepresentativeId).OnDelete(DeleteBehavior.Restrict);
            claim.HasIndex(c => c.UnitKey);
            claim.HasIndex(c => new { c.AssignedRepresentativeId, c.IsClosed, c.DueAt });
            claim.HasIndex(c => new { c.IsClosed, c.DueAt });
            claim.HasIndex(c => new { c.Stage, c.Department });
            claim.HasIndex(c => new { c.Stage, c.IsClosed, c.StageEnteredAt });
            claim.HasIndex(c => new { c.DefinitionId, c.DefinitionVersion, c.IsClosed });
            claim.HasIndex(c => c.Department);
            claim.HasOne<UnitRow>().WithMany().HasForeignKey(c => c.UnitId).OnDelete(DeleteBehavior.Restrict);
            claim.HasIndex(c => new { c.UnitId, c.IsClosed });
            claim.HasMany(c => c.Journal).WithOne().HasForeignKey(e => e.ClaimId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<ClaimJournalEntry>(entry =>
        {
            entry.HasKey(e => e.Id);
            entry.HasIndex(e => new { e.ClaimId, e.Sequence }).IsUnique();
            entry.Property(e => e.ActorId).HasMaxLength(450);
            entry.Property(e => e.ActorName).HasMaxLength(200);
            entry.Property(e => e.Action).HasMaxLength(64);
            entry.Property(e => e.FromStage).HasMaxLength(64);
            entry.Property(e => e.ToStage).HasMaxLength(64);
            entry.Property(e => e.PreviousHash).HasMaxLength(64);
            entry.Property(e => e.Hash).HasMaxLength(64);
        });

        builder.Entity<ClaimNumberCounter>(counter =>
        {
            counter.HasKey(c => c.Year);
            counter.Property(c => c.Year).ValueGeneratedNever();
        });

        ReminderModel.Configure(builder);
        DocumentModel.Configure(builder);
        AccessModel.Configure(builder);
        AccountModel.Configure(builder);
        UnitModel.Configure(builder);
        DepartmentModel.Configure(builder);
        ClaimCountModel.Configure(builder);
    }
}

public sealed class UtcTicksConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTimeOffset, long>(
    v => v.UtcTicks,
    v => new DateTimeOffset(v, TimeSpan.Zero));

public sealed class ToUtcConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTimeOffset, DateTimeOffset>(
    value => value.ToUniversalTime(),
    value => value);

public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options) : AppDbContext(options)
{
    // SQLite takes one writer at a time and each commit waits for fsync; the group commit queues this process's writers
    // and commits those that arrive together in one transaction.
    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default) =>
        Database.CurrentTransaction is not null
            ? base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken)
            : SqliteGroupCommit.For(Database.GetConnectionString() ?? string.Empty).SaveAsync(this, acceptAllChangesOnSuccess, cancellationToken);

    internal Task<int> SaveNowAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken) =>
        base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
}

public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options);
