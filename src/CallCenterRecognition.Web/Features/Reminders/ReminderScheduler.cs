using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Claims;
using CallCenterRecognition.Web.Features.Telemetry;
using CallCenterRecognition.Web.Infrastructure;
using CallCenterRecognition.Workflows;
using Claim = CallCenterRecognition.Web.Data.Claim;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CallCenterRecognition.Web.Features.Reminders;

// Called by the handlers that change a claim, before their SaveChanges, so the reminder rows commit with the action or not at all.
public sealed class ReminderScheduler(AppDbContext db, WorkflowEngine engine, IWorkCalendar calendar, LocalClock clock, TimeProvider time, IOptions<ReminderOptions> options, IReminderJobQueue queue)
{
    private bool noticesWritten;

    public async Task ApplyAsync(Claim claim, CancellationToken cancellationToken)
    {
        // Only original values are read from the entry, and those need no change detection (the save runs it anyway).
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var entry = db.Entry(claim);
        db.ChangeTracker.AutoDetectChangesEnabled = detect;
        var now = time.GetUtcNow();
        var before = entry.State == EntityState.Added ? null : entry.Property(c => c.AssignedRepresentativeId).OriginalValue;
        if (before != claim.AssignedRepresentativeId)
        {
            Notify(claim, ReminderTemplates.Assigned, claim.AssignedRepresentativeId, now);
            Notify(claim, ReminderTemplates.ReassignedAway, before, now);
        }

        if (entry.State != EntityState.Added)
        {
            // A claim moved to another version of its definition gets that version's reminders, even in the same stage.
            var unchanged = entry.Property(c => c.DefinitionVersion).OriginalValue == claim.DefinitionVersion &&
                            entry.Property(c => c.Stage).OriginalValue == claim.Stage &&
                            entry.Property(c => c.StageEnteredAt).OriginalValue == claim.StageEnteredAt &&
                            entry.Property(c => c.DueAt).OriginalValue == claim.DueAt &&
                            entry.Property(c => c.AssignedRepresentativeId).OriginalValue == claim.AssignedRepresentativeId;
            if (unchanged)
            {
                return;
            }

            // Notices tell of something that happened: they stay due whatever the claim does next, unless it closes.
            var closing = claim.IsClosed;
            var pending = await Claims.ClaimQueries.PendingRemindersAsync(db, claim.Id, closing, cancellationToken);
            foreach (var row in pending)
            {
                row.Status = ReminderStatus.Cancelled;
                row.CancelledAt = now;
                row.ClaimedBy = null;
                row.LeaseUntil = null;
            }
        }

        if (claim.IsClosed || claim.DueAt is not { } due)
        {
            return;
        }

        var stage = engine.DefinitionOf(claim.ToState()).StagesById[claim.Stage];
        foreach (var reminder in stage.Reminders)
        {
            var occurrence = 0;
            foreach (var sendAt in Times(reminder, due))
            {
                if (sendAt >= now)
                {
                    db.Set<ReminderRow>().Add(new ReminderRow
                    {
                        ClaimId = claim.Id,
                        Stage = claim.Stage,
                        StageEnteredAt = claim.StageEnteredAt,
                        StageDueAt = due,
                        ReminderId = reminder.Id,
                        Occurrence = occurrence,
                        Template = reminder.Template,
                        Recipient = reminder.Recipient,
                        RecipientUserId = reminder.Recipient == "assignee" ? claim.AssignedRepresentativeId : null,
                        SendAt = sendAt,
                        CreatedAt = now,
                        TraceParent = AppTelemetry.CurrentTraceParent(),
                    });
                }

                occurrence++;
            }
        }
    }

    // After the action's commit: the notices it wrote go out now rather than at the next dispatcher run.
    public void SendNoticesNow()
    {
        if (noticesWritten)
        {
            noticesWritten = false;
            queue.EnqueueDispatch();
        }
    }

    // The claim's representative hears at once of something done to their claim by someone else (a grievant added).
    public void NotifyAssignee(Claim claim, string template, DateTimeOffset now) => Notify(claim, template, claim.AssignedRepresentativeId, now);

    // Anyone whose assignment changed hears of it at once, whichever action changed it.
    private void Notify(Claim claim, string template, string? userId, DateTimeOffset now)
    {
        if (userId is null)
        {
            return;
        }

        db.Set<ReminderRow>().Add(new ReminderRow
        {
            ClaimId = claim.Id,
            Stage = claim.Stage,
            StageEnteredAt = claim.StageEnteredAt,
            StageDueAt = claim.DueAt ?? now,
            ReminderId = template,
            Template = template,
            Recipient = ReminderRecipients.User,
            RecipientUserId = userId,
            SendAt = now,
            CreatedAt = now,
            TraceParent = AppTelemetry.CurrentTraceParent(),
        });
        noticesWritten = true;
    }

    // Every send time of a reminder: the first, then up to maxRepeats repetitions, each on a day at the configured local time.
    public IEnumerable<DateTimeOffset> Times(ReminderDefinition reminder, DateTimeOffset due)
    {
        var day = reminder.When switch
        {
            ReminderTiming.BeforeDue => Previous(LocalDate(calendar.SubtractDuration(due, reminder.Offset!.Value))),
            ReminderTiming.AfterDue => LocalDate(calendar.AddDuration(due, reminder.Offset!.Value)),
            _ => Next(LocalDate(due)),
        };
        yield return At(day);
        if (reminder.Repeat is not { } repeat)
        {
            yield break;
        }

        for (var i = 0; i < reminder.MaxRepeats; i++)
        {
            day = LocalDate(calendar.AddDuration(At(day), repeat));
            yield return At(day);
        }
    }

    private DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, clock.Zone).DateTime);

    private DateOnly Previous(DateOnly day)
    {
        while (!calendar.IsBusinessDay(day))
        {
            day = day.AddDays(-1);
        }

        return day;
    }

    private DateOnly Next(DateOnly day)
    {
        while (!calendar.IsBusinessDay(day))
        {
            day = day.AddDays(1);
        }

        return day;
    }

    private DateTimeOffset At(DateOnly day)
    {
        var local = day.ToDateTime(options.Value.SendAtLocalTime, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, clock.Zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
