using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Data;

// Who looked at a member's data: one row per read, never updated or deleted by the app.
public sealed class AccessLogRow
{
    public long Id { get; set; }

    public Guid ClaimId { get; set; }

    public DateTimeOffset At { get; set; }

    public string UserId { get; set; } = string.Empty;

    public string UserName { get; set; } = string.Empty;

    public string Action { get; set; } = string.Empty;

    public Guid? DocumentId { get; set; }

    public Guid? PacketBuildId { get; set; }

    // The name the download carried, as the reader saw it then.
    public string? FileName { get; set; }
}

// A refresh token that has been exchanged once. Kept until the token itself would have expired, then swept.
public sealed class SpentRefreshToken
{
    // SHA-256 of the token: a database leak gives no usable token.
    public string TokenHash { get; set; } = string.Empty;

    public string UserId { get; set; } = string.Empty;

    public DateTimeOffset SpentAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}

public static class AccessModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<AccessLogRow>(row =>
        {
            row.ToTable("AccessLog");
            row.HasKey(r => r.Id);
            row.Property(r => r.UserId).HasMaxLength(450);
            row.Property(r => r.UserName).HasMaxLength(200);
            row.Property(r => r.Action).HasMaxLength(32);
            row.Property(r => r.FileName).HasMaxLength(300);
            // Restrict, and triggers in the migration refuse UPDATE and DELETE: the record of who looked outlives nothing it names.
            row.HasOne<Claim>().WithMany().HasForeignKey(r => r.ClaimId).OnDelete(DeleteBehavior.Restrict);
            row.HasIndex(r => new { r.ClaimId, r.Id });
        });

        builder.Entity<SpentRefreshToken>(token =>
        {
            token.ToTable("SpentRefreshTokens");
            token.HasKey(t => t.TokenHash);
            token.Property(t => t.TokenHash).HasMaxLength(64);
            token.Property(t => t.UserId).HasMaxLength(450);
            token.HasIndex(t => t.ExpiresAt);
        });
    }
}
