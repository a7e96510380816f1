using System.Diagnostics;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Telemetry;
using CallCenterRecognition.Web.Infrastructure;
using CallCenterRecognition.Workflows;
using Hangfire;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using static CallCenterRecognition.Web.Features.Reminders.ReminderDispatcher;

namespace CallCenterRecognition.Web.Features.Reminders;

public sealed class ReminderSendException(string message, Exception inner) : Exception(message, inner);

// Sends one claimed reminder by e-mail and in-app. Every state change is a conditional UPDATE on the row, so a retried or
// duplicated job sends nothing twice: only the holder of the claim token may send, and "sent" is written once.
public sealed class SendReminderJob(
    AppDbContext db,
    WorkflowEngine engine,
    UserManager<AppUser> users,
    IEmailTransport email,
    LocalClock clock,
    TimeProvider time,
    IOptions<ReminderOptions> options,
    PublicBaseUrl publicBaseUrl,
    IOptions<EmailOptions> emailOptions,
    Language.MemberMail memberMail,
    ILogger<SendReminderJob> logger)
{
    public enum Outcome
    {
        NotOwned,
        Sent,
        Cancelled,
        Retrying,
        Failed,
    }

    [AutomaticRetry(Attempts = 4, DelaysInSeconds = [30, 120, 600, 1800], OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    public async Task SendAsync(long reminderId, string token, CancellationToken cancellationToken)
    {
        var outcome = await TrySendAsync(reminderId, token, cancellationToken);
        if (outcome.Outcome == Outcome.Retrying)
        {
            throw new ReminderSendException($"Reminder {reminderId} was not delivered; it will be retried.", outcome.Error!);
        }
    }

    public async Task<(Outcome Outcome, Exception? Error)> TrySendAsync(long reminderId, string token, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();

        // The claim token marks the row as handed to this job; while an attempt runs it carries a suffix, so a duplicate of the
        // job running at the same time finds no row to take. A retry finds the plain token again; a crash leaves the lease to expire.
        var sending = token + "!";
        var owned = await ExecuteAsync(
            """UPDATE "Reminders" SET "Attempts" = "Attempts" + 1, "LeaseUntil" = @lease, "ClaimedBy" = @sending WHERE "Id" = @id AND "Status" = 'scheduled' AND "ClaimedBy" = @token""",
            cancellationToken,
            ("@lease", Time(db, now.AddSeconds(options.Value.LeaseSeconds))),
            ("@sending", sending),
            ("@id", reminderId),
            ("@token", token));
        if (owned == 0)
        {
            return (Outcome.NotOwned, null);
        }

        var row = await db.Set<ReminderRow>().AsNoTracking().FirstAsync(r => r.Id == reminderId, cancellationToken);
        // The send joins the trace of the action (or start) that scheduled the reminder, however much later it runs.
        using var activity = AppTelemetry.StartLinked("reminder.send", row.TraceParent, ActivityKind.Consumer);
        activity?.SetTag("ccr.reminder.id", reminderId);
        activity?.SetTag("ccr.reminder.template", row.Template);
        activity?.SetTag("ccr.reminder.attempt", row.Attempts);
        var claim = await db.Claims.AsNoTracking().FirstOrDefaultAsync(c => c.Id == row.ClaimId, cancellationToken);
        var notice = row.Recipient == ReminderRecipients.User;
        if (claim is null || claim.IsClosed || (!notice && (claim.Stage != row.Stage || claim.StageEnteredAt != row.StageEnteredAt || claim.DueAt != row.StageDueAt)))
        {
            await FinishAsync(reminderId, sending, ReminderStatus.Cancelled, null, cancellationToken);
            return (Outcome.Cancelled, null);
        }

        try
        {
            await DeliverAsync(row, claim, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var error = $"{ex.GetType().Name}: {ex.Message}";
            if (row.Attempts >= options.Value.MaxAttempts)
            {
                logger.LogWarning(ex, "Reminder {Id} failed after {Attempts} attempts", reminderId, row.Attempts);
                await FinishAsync(reminderId, sending, ReminderStatus.Failed, error, cancellationToken);
                AppTelemetry.RemindersFailed.Add(1, new KeyValuePair<string, object?>("final", true));
                activity?.SetStatus(ActivityStatusCode.Error, "failed");
                return (Outcome.Failed, ex);
            }

            // Keep the lease over Hangfire's next retry; if this server dies, the lease runs out and a dispatcher claims the row again.
            var delays = ReminderOptions.RetryDelaysSeconds;
            var wait = delays[Math.Min(row.Attempts - 1, delays.Length - 1)] + options.Value.LeaseSeconds;
            await ExecuteAsync(
                """UPDATE "Reminders" SET "LastError" = @error, "LeaseUntil" = @lease, "ClaimedBy" = @token WHERE "Id" = @id AND "Status" = 'scheduled' AND "ClaimedBy" = @sending""",
                cancellationToken,
                ("@error", Shorten(error)),
                ("@lease", Time(db, time.GetUtcNow().AddSeconds(wait))),
                ("@id", reminderId),
                ("@token", token),
                ("@sending", sending));
            AppTelemetry.RemindersFailed.Add(1, new KeyValuePair<string, object?>("final", false));
            activity?.SetStatus(ActivityStatusCode.Error, "retrying");
            return (Outcome.Retrying, ex);
        }

        await FinishAsync(reminderId, sending, ReminderStatus.Sent, null, cancellationToken);
        AppTelemetry.RemindersSent.Add(1, new KeyValuePair<string, object?>("recipient", row.Recipient));
        return (Outcome.Sent, null);
    }

    private async Task DeliverAsync(ReminderRow row, Data.Claim claim, CancellationToken cancellationToken)
    {
        var definition = engine.DefinitionOf(Features.Claims.ClaimMapping.ToState(claim));
        var forMember = row.Recipient == "member";
        var notice = row.Recipient == ReminderRecipients.User;

        // A notice is about the claim as it is now; a stage reminder about the visit it was written for (checked above).
        var stage = definition.StagesById[notice ? claim.Stage : row.Stage];
        var assignee = notice && claim.AssignedRepresentativeId is { } assigneeId ? await users.FindByIdAsync(assigneeId) : null;

        // The member never gets a link into the staff site; a previous assignee may no longer open the claim.
        var link = forMember || row.Template == ReminderTemplates.ReassignedAway ? null : publicBaseUrl.For($"/claims/{claim.Id}");
        var context = new ReminderContext(
            claim.Number,
            stage.Name,
            stage.Description,
            notice ? claim.DueAt : row.StageDueAt,
            clock.Zone,
            link,
            forMember,
            claim.Member.Name,
            claim.WorkUnit,
            claim.Department,
            assignee?.DisplayName,
            stage);
        var rendered = forMember ? memberMail.Reminder(claim.Member.Language, row.Template, context) : ReminderTemplates.Render(row.Template, context);

        var addresses = new List<MailboxAddress>();
        if (forMember)
        {
            // Every grievant gets their own letter: none sees another's address, and each is greeted by name.
            var grievants = await db.Grievants.AsNoTracking().Where(g => g.ClaimId == claim.Id && g.RemovedAt == null).OrderBy(g => g.Position).ToListAsync(cancellationToken);
            if (grievants.Count > 1)
            {
                foreach (var grievant in grievants)
                {
                    var own = memberMail.Reminder(grievant.Language, row.Template, context with { MemberName = grievant.Name });
                    await SendAsync(row, claim, own, [new MailboxAddress(grievant.Name, grievant.Email)], grievant.Position == 0 ? string.Empty : $"-g{grievant.Id}", cancellationToken);
                }

                return;
            }

            addresses.Add(new MailboxAddress(claim.Member.Name, claim.Member.Email));
        }
        else
        {
            var staff = await StaffRecipientsAsync(row);
            if (staff.Count == 0)
            {
                throw new InvalidOperationException(row.Recipient switch
                {
                    "assignee" => "the claim has no assigned representative",
                    ReminderRecipients.User => "the user no longer exists",
                    _ => $"no user holds the role for '{row.Recipient}'",
                });
            }

            await NotifyAsync(row, claim, staff, rendered, link is null ? null : $"/claims/{claim.Id}", cancellationToken);
            addresses.AddRange(staff.Where(u => !string.IsNullOrEmpty(u.Email)).Select(u => new MailboxAddress(u.DisplayName, u.Email!)));
        }

        if (addresses.Count == 0)
        {
            return;
        }

        await SendAsync(row, claim, rendered, addresses, string.Empty, cancellationToken);
    }

    private async Task SendAsync(ReminderRow row, Data.Claim claim, RenderedMessage rendered, IEnumerable<MailboxAddress> addresses, string suffix, CancellationToken cancellationToken)
    {
        // The claim's GUID makes the id unique across databases; the row id keeps it the same on every attempt.
        var message = new MimeMessage
        {
            Subject = rendered.Subject,
            MessageId = MessageIds.For($"reminder-{row.Id}{suffix}.{claim.Id:N}", emailOptions.Value.From),
            Date = time.GetUtcNow(),
            Body = new TextPart("plain") { Text = rendered.Body },
        };
        message.From.Add(MailboxAddress.Parse(emailOptions.Value.From));
        message.To.AddRange(addresses);
        message.Headers.Add("X-CCR-Reminder", row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        message.Headers.Add("X-CCR-Template", row.Template);
        await email.SendAsync(message, $"reminder-{row.Id}{suffix}", cancellationToken);
    }

    private async Task<List<AppUser>> StaffRecipientsAsync(ReminderRow row)
    {
        switch (row.Recipient)
        {
            case "assignee":
            case ReminderRecipients.User:
                return row.RecipientUserId is { } id && await users.FindByIdAsync(id) is { } user ? [user] : [];
            case "mrc":
                return [.. await users.GetUsersInRoleAsync(Roles.Mrc)];
            case "ccwg":
                return [.. await users.GetUsersInRoleAsync(Roles.Ccwg)];
            default:
                return [];
        }
    }

    private async Task NotifyAsync(ReminderRow row, Data.Claim claim, List<AppUser> recipients, RenderedMessage message, string? link, CancellationToken cancellationToken)
    {
        var already = await db.Set<NotificationRow>().Where(n => n.ReminderId == row.Id).Select(n => n.UserId).ToListAsync(cancellationToken);
        var missing = recipients.Where(u => !already.Contains(u.Id)).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        foreach (var user in missing)
        {
            db.Set<NotificationRow>().Add(new NotificationRow
            {
                UserId = user.Id,
                ClaimId = claim.Id,
                ReminderId = row.Id,
                Title = message.Subject,
                Body = message.Body.Split('\n')[0].Trim(),
                Link = link,
                CreatedAt = time.GetUtcNow(),
            });
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A concurrent attempt inserted the same (reminder, user) notification; the unique index keeps one.
            db.ChangeTracker.Clear();
        }
    }

    private Task<int> FinishAsync(long reminderId, string sending, string status, string? error, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return ExecuteAsync(
            """
            UPDATE "Reminders" SET "Status" = @status, "SentAt" = @sent, "CancelledAt" = @cancelled, "LastError" = COALESCE(@error, "LastError"),
                "ClaimedBy" = NULL, "LeaseUntil" = NULL
            WHERE "Id" = @id AND "Status" = 'scheduled' AND "ClaimedBy" = @token
            """,
            cancellationToken,
            ("@status", status),
            ("@sent", status == ReminderStatus.Sent ? Time(db, now) : null),
            ("@cancelled", status == ReminderStatus.Cancelled ? Time(db, now) : null),
            ("@error", error is null ? null : Shorten(error)),
            ("@id", reminderId),
            ("@token", sending));
    }

    private async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = await CommandAsync(db, sql, cancellationToken);
        foreach (var (name, value) in parameters)
        {
            Parameter(command, name, value);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Shorten(string text) => text.Length > 2000 ? text[..2000] : text;
}
