using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Data;

// A work unit of a department: what Article 21.4 recognizes as a call center, and what every claim about it shares.
public sealed class UnitRow
{
    public long Id { get; set; }

    public string Department { get; set; } = string.Empty;

    public string WorkUnit { get; set; } = string.Empty;

    // Department and work unit without case or spaces (ClaimMapping.UnitKey); unique, so one place is one unit.
    public string UnitKey { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public string? Location { get; set; }

    // One of UnitStatuses; null only between the migration that created the unit and the start-up that derives it.
    public string? Status { get; set; }

    // The day the status took effect: decision date for recognized/denied, effective date for the differential.
    public DateOnly? StatusOn { get; set; }

    // A denial can be appealed until this day (the denied stage's due date).
    public DateOnly? AppealBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    // A unit merged into another (the same place spelled differently) keeps its key, so intake still finds the target.
    public long? MergedIntoId { get; set; }

    public int Version { get; set; }
}

public sealed class UnitHistoryRow
{
    public long Id { get; set; }

    public long UnitId { get; set; }

    public DateTimeOffset At { get; set; }

    public string ActorId { get; set; } = string.Empty;

    public string ActorName { get; set; } = string.Empty;

    // "status", "renamed", "merged", "created".
    public string Change { get; set; } = string.Empty;

    public string? Status { get; set; }

    public DateOnly? StatusOn { get; set; }

    public Guid? ClaimId { get; set; }

    public string? ClaimNumber { get; set; }

    public string Note { get; set; } = string.Empty;
}

// One member a claim is brought for. The first is the member who called the MRC (Claim.Member mirrors them).
public sealed class ClaimGrievantRow
{
    public long Id { get; set; }

    public Guid ClaimId { get; set; }

    public int Position { get; set; }

    public string Name { get; set; } = string.Empty;

    public string Email { get; set; } = string.Empty;

    public string? Phone { get; set; }

    public string Classification { get; set; } = string.Empty;

    // The language this member's link, page and reminders are in (BCP 47, one of MemberLanguages).
    public string Language { get; set; } = "en";

    public DateOnly? ConsentOn { get; set; }

    public DateTimeOffset AddedAt { get; set; }

    public DateTimeOffset? RemovedAt { get; set; }
}

// Units not merged away, counted per department and status ('' for a unit whose status is not derived yet), kept by database
// triggers in the transaction of every change to a unit (see the UnitCounts migrations), so the dashboard reads a few dozen
// rows instead of every unit. The app never writes it.
public sealed class UnitCountRow
{
    public string Department { get; set; } = string.Empty;

    public string Status { get; set; } = string.Empty;

    public int Units { get; set; }
}

public static class UnitModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<UnitRow>(unit =>
        {
            unit.ToTable("Units");
            unit.HasKey(u => u.Id);
            unit.Property(u => u.Department).HasMaxLength(100);
            unit.Property(u => u.WorkUnit).HasMaxLength(200);
            unit.Property(u => u.UnitKey).HasMaxLength(300);
            unit.Property(u => u.Name).HasMaxLength(200);
            unit.Property(u => u.Location).HasMaxLength(200);
            unit.Property(u => u.Status).HasMaxLength(32);
            unit.HasIndex(u => u.UnitKey).IsUnique();
            unit.HasIndex(u => new { u.Department, u.Status });
            unit.HasIndex(u => new { u.Status, u.StatusOn });
            unit.HasOne<UnitRow>().WithMany().HasForeignKey(u => u.MergedIntoId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<UnitCountRow>(count =>
        {
            count.ToTable("UnitCounts");
            count.HasKey(c => new { c.Department, c.Status });
            count.Property(c => c.Department).HasMaxLength(100);
            count.Property(c => c.Status).HasMaxLength(32);
        });

        builder.Entity<UnitHistoryRow>(history =>
        {
            history.ToTable("UnitHistory");
            history.HasKey(h => h.Id);
            history.Property(h => h.ActorId).HasMaxLength(450);
            history.Property(h => h.ActorName).HasMaxLength(200);
            history.Property(h => h.Change).HasMaxLength(32);
            history.Property(h => h.Status).HasMaxLength(32);
            history.Property(h => h.ClaimNumber).HasMaxLength(20);
            history.Property(h => h.Note).HasMaxLength(1000);
            history.HasOne<UnitRow>().WithMany().HasForeignKey(h => h.UnitId).OnDelete(DeleteBehavior.Cascade);
            history.HasIndex(h => new { h.UnitId, h.Id });
        });

        builder.Entity<ClaimGrievantRow>(grievant =>
        {
            grievant.ToTable("ClaimGrievants");
            grievant.HasKey(g => g.Id);
            grievant.Property(g => g.Name).HasMaxLength(200);
            grievant.Property(g => g.Email).HasMaxLength(254);
            grievant.Property(g => g.Phone).HasMaxLength(40);
            grievant.Property(g => g.Classification).HasMaxLength(200);
            grievant.Property(g => g.Language).HasMaxLength(16).HasDefaultValue("en");
            grievant.HasOne<Claim>().WithMany().HasForeignKey(g => g.ClaimId).OnDelete(DeleteBehavior.Cascade);
            grievant.HasIndex(g => new { g.ClaimId, g.Position }).IsUnique();
            grievant.HasIndex(g => g.Email);
        });
    }
}
