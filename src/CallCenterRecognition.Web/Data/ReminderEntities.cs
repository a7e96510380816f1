using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Data;

public static class ReminderStatus
{
    public const string Scheduled = "scheduled";
    public const string Sent = "sent";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
}

public static class ReminderRecipients
{
    // One named user (RecipientUserId): the notices the scheduler writes, as opposed to the definition's recipient kinds.
    public const string User = "user";
}

// One message to send: the database row is the truth, Hangfire only executes it.
public sealed class ReminderRow
{
    public long Id { get; set; }

    public Guid ClaimId { get; set; }

    public string Stage { get; set; } = string.Empty;

    // The stage visit the reminder belongs to; re-entering the stage starts a new visit.
    public DateTimeOffset StageEnteredAt { get; set; }

    public DateTimeOffset StageDueAt { get; set; }

    public string ReminderId { get; set; } = string.Empty;

    // 0 for the first message, then 1..maxRepeats for repetitions.
    public int Occurrence { get; set; }

    public string Template { get; set; } = string.Empty;

    // assignee, member, mrc, ccwg (from the definition) or user (a notice to RecipientUserId).
    public string Recipient { get; set; } = string.Empty;

    public string? RecipientUserId { get; set; }

    public DateTimeOffset SendAt { get; set; }

    public string Status { get; set; } = ReminderStatus.Scheduled;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    public DateTimeOffset? CancelledAt { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }

    public string? ClaimedBy { get; set; }

    // W3C traceparent of the action that scheduled it, so the send job joins that trace.
    public string? TraceParent { get; set; }

    public DateTimeOffset? LeaseUntil { get; set; }
}

public sealed class NotificationRow
{
    public long Id { get; set; }

    public string UserId { get; set; } = string.Empty;

    public Guid? ClaimId { get; set; }

    public long? ReminderId { get; set; }

    public string Title { get; set; } = string.Empty;

    public string Body { get; set; } = string.Empty;

    public string? Link { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ReadAt { get; set; }
}

// A representative's calendar feed token; only its SHA-256 is stored, so a database leak does not expose feeds.
public sealed class CalendarFeedToken
{
    public string UserId { get; set; } = string.Empty;

    public string TokenHash { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }
}

public static class ReminderModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<ReminderRow>(reminder =>
        {
            reminder.ToTable("Reminders");
            reminder.HasKey(r => r.Id);
            reminder.Property(r => r.Stage).HasMaxLength(64);
            reminder.Property(r => r.ReminderId).HasMaxLength(64);
            reminder.Property(r => r.Template).HasMaxLength(64);
            reminder.Property(r => r.Recipient).HasMaxLength(16);
            reminder.Property(r => r.RecipientUserId).HasMaxLength(450);
            reminder.Property(r => r.Status).HasMaxLength(16);
            reminder.Property(r => r.LastError).HasMaxLength(2000);
            reminder.Property(r => r.ClaimedBy).HasMaxLength(64);
            reminder.Property(r => r.TraceParent).HasMaxLength(64);
            reminder.HasOne<Claim>().WithMany().HasForeignKey(r => r.ClaimId).OnDelete(DeleteBehavior.Cascade);
            reminder.HasIndex(r => new { r.Status, r.SendAt });
            reminder.HasIndex(r => new { r.ClaimId, r.Status });
            reminder.HasIndex(r => new { r.ClaimId, r.Stage, r.StageEnteredAt, r.ReminderId, r.Occurrence, r.StageDueAt });
        });

        builder.Entity<NotificationRow>(notification =>
        {
            notification.ToTable("Notifications");
            notification.HasKey(n => n.Id);
            notification.Property(n => n.UserId).HasMaxLength(450);
            notification.Property(n => n.Title).HasMaxLength(300);
            notification.Property(n => n.Body).HasMaxLength(4000);
            notification.Property(n => n.Link).HasMaxLength(500);
            notification.HasOne<AppUser>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
            notification.HasIndex(n => new { n.UserId, n.ReadAt, n.CreatedAt });

            // One notification per reminder and user, however often the send job runs.
            notification.HasIndex(n => new { n.ReminderId, n.UserId }).IsUnique();
        });

        builder.Entity<CalendarFeedToken>(token =>
        {
            token.ToTable("CalendarFeedTokens");
            token.HasKey(t => t.UserId);
            token.Property(t => t.TokenHash).HasMaxLength(64);
            token.HasIndex(t => t.TokenHash).IsUnique();
            token.HasOne<AppUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
