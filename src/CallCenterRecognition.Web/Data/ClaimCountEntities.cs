using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Data;

// Claims and their current grievants counted per department, stage and open/closed, kept by database triggers in the
// transaction of every change to Claims or ClaimGrievants (see the ClaimCounts migrations), so the dashboard reads a few
// hundred rows instead of counting a million. The app never writes it.
public sealed class ClaimCountRow
{
    public string Department { get; set; } = string.Empty;

    public string Stage { get; set; } = string.Empty;

    public bool IsClosed { get; set; }

    // PostgreSQL spreads each cell over 16 rows by the claim's id, so concurrent actions rarely wait on one row lock; SQLite uses 0.
    public int Slot { get; set; }

    public int Claims { get; set; }

    public int Members { get; set; }
}

// Open claims counted per stage and the UTC day they entered it, kept by triggers beside ClaimCounts (see the ClaimStageDays
// migrations), so a stage's median wait is found by walking a few hundred days' counts and reading one day of the
// (Stage, IsClosed, StageEnteredAt) index, not by skipping half a stage's claims. The app never writes it.
public sealed class ClaimStageDayRow
{
    public string Stage { get; set; } = string.Empty;

    // Days since 0001-01-01 UTC: StageEnteredAt.UtcTicks / TimeSpan.TicksPerDay, the same integer on SQLite and PostgreSQL.
    public int EnteredDay { get; set; }

    // As in ClaimCounts: PostgreSQL spreads a day over 16 rows by the claim's id; SQLite uses 0.
    public int Slot { get; set; }

    public int Claims { get; set; }
}

public static class ClaimCountModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<ClaimCountRow>(count =>
        {
            count.ToTable("ClaimCounts");
            count.HasKey(c => new { c.Department, c.Stage, c.IsClosed, c.Slot });
            count.Property(c => c.Department).HasMaxLength(100);
            count.Property(c => c.Stage).HasMaxLength(64);
        });
        builder.Entity<ClaimStageDayRow>(day =>
        {
            day.ToTable("ClaimStageDays");
            day.HasKey(d => new { d.Stage, d.EnteredDay, d.Slot });
            day.Property(d => d.Stage).HasMaxLength(64);
        });
    }
}
