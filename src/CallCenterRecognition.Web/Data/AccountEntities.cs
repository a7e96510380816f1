using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Data;

public static class AccountLinkPurposes
{
    public const string Invite = "invite";
    public const string Reset = "reset";
}

// A one-time link that lets a staff member choose a password: sent when an administrator invites them or asks for a reset.
// Only the SHA-256 of the token is stored, so a copy of the database opens no account.
public sealed class AccountLinkRow
{
    public Guid Id { get; set; }

    public string UserId { get; set; } = string.Empty;

    public string Purpose { get; set; } = AccountLinkPurposes.Invite;

    public string TokenHash { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    // Set when the password was chosen with it, or when a newer link replaced it.
    public DateTimeOffset? UsedAt { get; set; }
}

// Every change to a staff account: who, when, what, and for edits the field with its old and new value. Never updated.
public sealed class AccountAuditRow
{
    public long Id { get; set; }

    public string UserId { get; set; } = string.Empty;

    public DateTimeOffset At { get; set; }

    // Null when the account changed itself (choosing a password through its link).
    public string? ActorId { get; set; }

    public string ActorName { get; set; } = string.Empty;

    public string Action { get; set; } = string.Empty;

    public string? Field { get; set; }

    public string? OldValue { get; set; }

    public string? NewValue { get; set; }
}

public static class AccountModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<AccountLinkRow>(link =>
        {
            link.ToTable("AccountLinks");
            link.HasKey(l => l.Id);
            link.Property(l => l.UserId).HasMaxLength(450);
            link.Property(l => l.Purpose).HasMaxLength(16);
            link.Property(l => l.TokenHash).HasMaxLength(64);
            link.HasIndex(l => l.TokenHash).IsUnique();
            link.HasIndex(l => new { l.UserId, l.UsedAt });
            link.HasOne<AppUser>().WithMany().HasForeignKey(l => l.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<AccountAuditRow>(audit =>
        {
            audit.ToTable("AccountAudit");
            audit.HasKey(a => a.Id);
            audit.Property(a => a.UserId).HasMaxLength(450);
            audit.Property(a => a.ActorId).HasMaxLength(450);
            audit.Property(a => a.ActorName).HasMaxLength(200);
            audit.Property(a => a.Action).HasMaxLength(32);
            audit.Property(a => a.Field).HasMaxLength(32);
            audit.Property(a => a.OldValue).HasMaxLength(300);
            audit.Property(a => a.NewValue).HasMaxLength(300);
            audit.HasOne<AppUser>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Restrict);
            audit.HasIndex(a => new { a.UserId, a.Id });
        });
    }
}
