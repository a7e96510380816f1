using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Telemetry;
using CallCenterRecognition.Web.Infrastructure;
using CallCenterRecognition.Workflows;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using static CallCenterRecognition.Web.Features.Reminders.ReminderDispatcher;

namespace CallCenterRecognition.Web.Features.Reminders;

public sealed record ReminderSendResult(long Id, SendReminderJob.Outcome Outcome, int Attempts, Exception? Error);

// Sends claimed reminders, a batch at a time: one UPDATE takes them all, their claims, grievants and staff are read once, every
// message goes out over one mail session, and the batch is marked sent with its bell notifications in one transaction.
// Every state change is conditional on the claim token, so a retried or duplicated job sends nothing twice: only the holder
// of the token may send, and "sent" is written once. Each reminder fails alone: a bad address is retried with backoff while
// the others of its batch are marked sent.
public sealed class ReminderSender(
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
    ILogger<ReminderSender> logger)
{
    private readonly Dictionary<string, AppUser?> usersById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<AppUser>> usersByRole = new(StringComparer.Ordinal);
    private MailboxAddress? from;

    public async Task<IReadOnlyList<ReminderSendResult>> SendAsync(IReadOnlyList<long> ids, string token, CancellationToken cancellationToken)
    {
        // One connection for the batch's statements, handed back when it ends (the context is pooled).
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            return await SendOpenAsync(ids, token, cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<IReadOnlyList<ReminderSendResult>> SendOpenAsync(IReadOnlyList<long> ids, string token, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();

        // The claim token marks the rows as handed to this job; while an attempt runs it carries a suffix, so a duplicate of the
        // job running at the same time finds no row to take. A retry finds the plain token again; a crash leaves the lease to expire.
        var sending = token + "!";
        var taken = await TakeAsync(ids, token, sending, now, cancellationToken);
        var results = ids.Where(id => !taken.Contains(id)).Select(id => new ReminderSendResult(id, SendReminderJob.Outcome.NotOwned, 0, null)).ToList();
        if (taken.Count == 0)
        {
            return results;
        }

        var rows = await db.Set<ReminderRow>().AsNoTracking().Where(r => taken.Contains(r.Id)).OrderBy(r => r.Id).ToListAsync(cancellationToken);
        var claimIds = rows.Select(r => r.ClaimId).Distinct().ToList();
        var claims = await db.Claims.AsNoTracking().Where(c => claimIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        var memberClaims = rows.Where(r => r.Recipient == "member").Select(r => r.ClaimId).Distinct().ToList();
        var grievants = memberClaims.Count == 0
            ? []
            : (await db.Grievants.AsNoTracking().Where(g => memberClaims.Contains(g.ClaimId) && g.RemovedAt == null).ToListAsync(cancellationToken))
                .GroupBy(g => g.ClaimId).ToDictionary(g => g.Key, g => g.OrderBy(x => x.Position).ToList());

        await LoadUsersAsync(rows, claims, cancellationToken);
        var batch = new Batch();
        await using (var session = await email.OpenSessionAsync(cancellationToken))
        {
            foreach (var row in rows)
            {
                // Each send joins the trace of the action (or start) that scheduled it, however much later it runs.
                using var activity = AppTelemetry.StartLinked("reminder.send", row.TraceParent, ActivityKind.Consumer);
                activity?.SetTag("ccr.reminder.id", row.Id);
                activity?.SetTag("ccr.reminder.template", row.Template);
                activity?.SetTag("ccr.reminder.attempt", row.Attempts);
                var claim = claims.GetValueOrDefault(row.ClaimId);
                var notice = row.Recipient == ReminderRecipients.User;
                if (claim is null || claim.IsClosed || (!notice && (claim.Stage != row.Stage || claim.StageEnteredAt != row.StageEnteredAt || claim.DueAt != row.StageDueAt)))
                {
                    batch.Cancelled.Add(row);
                    continue;
                }

                try
                {
                    var notifications = await DeliverAsync(row, claim, session, grievants.GetValueOrDefault(claim.Id), cancellationToken);
                    batch.Delivered.Add((row, notifications));
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    batch.Failed.Add((row, ex));
                    activity?.SetStatus(ActivityStatusCode.Error, row.Attempts >= options.Value.MaxAttempts ? "failed" : "retrying");
                }

                // A message another send would repeat is marked at once, so a crash resends at most the one in flight.
                if (!email.DeliversOncePerKey && batch.Count > 0)
                {
                    results.AddRange(await FinishAsync(batch, sending, token, cancellationToken));
                    batch = new Batch();
                }
            }
        }

        if (batch.Count > 0)
        {
            results.AddRange(await FinishAsync(batch, sending, token, cancellationToken));
        }

        return results;
    }

    private async Task<HashSet<long>> TakeAsync(IReadOnlyList<long> ids, string token, string sending, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var taken = new HashSet<long>();
        await using var command = await CommandAsync(db, string.Empty, cancellationToken);
        command.CommandText = $"""
            UPDATE "Reminders" SET "Attempts" = "Attempts" + 1, "LeaseUntil" = @lease, "ClaimedBy" = @sending
            WHERE "Id" IN ({IdList(command, ids)}) AND "Status" = 'scheduled' AND "ClaimedBy" = @token
            RETURNING "Id"
            """;
        Parameter(command, "@lease", Time(db, now.AddSeconds(options.Value.LeaseSeconds)));
        Parameter(command, "@sending", sending);
        Parameter(command, "@token", token);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            taken.Add(reader.GetInt64(0));
        }

        return taken;
    }

    // One transaction: the delivered rows marked sent (only those this job still holds) with their notifications, the
    // cancelled ones marked, the failed ones given their error and their backoff.
    private async Task<List<ReminderSendResult>> FinishAsync(Batch batch, string sending, string token, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var results = new List<ReminderSendResult>(batch.Count);
        var marked = new HashSet<long>();
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (batch.Delivered.Count > 0)
            {
                marked.UnionWith(await MarkAsync([.. batch.Delivered.Select(d => d.Row.Id)], ReminderStatus.Sent, sending, now, cancellationToken));
                var notifications = batch.Delivered.Where(d => marked.Contains(d.Row.Id)).SelectMany(d => d.Notifications).ToList();
                if (notifications.Count > 0)
                {
                    await InsertNotificationsAsync(notifications, cancellationToken);
                }
            }

            if (batch.Cancelled.Count > 0)
            {
                await MarkAsync([.. batch.Cancelled.Select(r => r.Id)], ReminderStatus.Cancelled, sending, now, cancellationToken);
            }

            foreach (var (row, error) in batch.Failed)
            {
                var text = Shorten($"{error.GetType().Name}: {error.Message}");
                if (row.Attempts >= options.Value.MaxAttempts)
                {
                    await ExecuteAsync(
                        """
                        UPDATE "Reminders" SET "Status" = 'failed', "LastError" = @error, "ClaimedBy" = NULL, "LeaseUntil" = NULL
                        WHERE "Id" = @id AND "Status" = 'scheduled' AND "ClaimedBy" = @sending
                        """,
                        cancellationToken,
                        ("@error", text),
                        ("@id", row.Id),
                        ("@sending", sending));
                }
                else
                {
                    // The lease covers the wait before the retry and a send after it; if this server dies, it runs out and a
                    // dispatcher claims the row again.
                    var wait = ReminderOptions.RetryDelay(row.Attempts).TotalSeconds + options.Value.LeaseSeconds;
                    await ExecuteAsync(
                        """UPDATE "Reminders" SET "LastError" = @error, "LeaseUntil" = @lease, "ClaimedBy" = @token WHERE "Id" = @id AND "Status" = 'scheduled' AND "ClaimedBy" = @sending""",
                        cancellationToken,
                        ("@error", text),
                        ("@lease", Time(db, now.AddSeconds(wait))),
                        ("@id", row.Id),
                        ("@token", token),
                        ("@sending", sending));
                }
            }

            await transaction.CommitAsync(cancellationToken);
        }

        foreach (var (row, _) in batch.Delivered)
        {
            if (marked.Contains(row.Id))
            {
                AppTelemetry.RemindersSent.Add(1, new KeyValuePair<string, object?>("recipient", row.Recipient));
                results.Add(new ReminderSendResult(row.Id, SendReminderJob.Outcome.Sent, row.Attempts, null));
            }
            else
            {
                results.Add(new ReminderSendResult(row.Id, SendReminderJob.Outcome.NotOwned, row.Attempts, null));
            }
        }

        results.AddRange(batch.Cancelled.Select(row => new ReminderSendResult(row.Id, SendReminderJob.Outcome.Cancelled, row.Attempts, null)));
        foreach (var (row, error) in batch.Failed)
        {
            var final = row.Attempts >= options.Value.MaxAttempts;
            if (final)
            {
                logger.LogWarning(error, "Reminder {Id} failed after {Attempts} attempts", row.Id, row.Attempts);
            }

            AppTelemetry.RemindersFailed.Add(1, new KeyValuePair<string, object?>("final", final));
            results.Add(new ReminderSendResult(row.Id, final ? SendReminderJob.Outcome.Failed : SendReminderJob.Outcome.Retrying, row.Attempts, error));
        }

        return results;
    }

    private async Task<List<long>> MarkAsync(List<long> ids, string status, string sending, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = await CommandAsync(db, string.Empty, cancellationToken);
        command.CommandText = $"""
            UPDATE "Reminders" SET "Status" = @status, "SentAt" = @sent, "CancelledAt" = @cancelled, "ClaimedBy" = NULL, "LeaseUntil" = NULL
            WHERE "Id" IN ({IdList(command, ids)}) AND "Status" = 'scheduled' AND "ClaimedBy" = @sending
            RETURNING "Id"
            """;
        Parameter(command, "@status", status);
        Parameter(command, "@sent", status == ReminderStatus.Sent ? Time(db, now) : null);
        Parameter(command, "@cancelled", status == ReminderStatus.Cancelled ? Time(db, now) : null);
        Parameter(command, "@sending", sending);
        var marked = new List<long>(ids.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            marked.Add(reader.GetInt64(0));
        }

        return marked;
    }

    // One multi-row INSERT, with EF's own column names and value conversions; a (reminder, user) pair already there (from an
    // attempt that wrote its notification before a crash) is kept as it is.
    private async Task InsertNotificationsAsync(List<NotificationRow> notifications, CancellationToken cancellationToken)
    {
        var type = db.Model.FindEntityType(typeof(NotificationRow))!;
        var table = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        var key = type.FindPrimaryKey()!.Properties.Single();
        var columns = type.GetProperties().Where(p => p != key).ToList();
        const int PerStatement = 50;
        foreach (var chunk in notifications.Chunk(PerStatement))
        {
            await using var command = await CommandAsync(db, string.Empty, cancellationToken);
            var values = new List<string>(chunk.Length);
            for (var i = 0; i < chunk.Length; i++)
            {
                var names = new List<string>(columns.Count);
                for (var c = 0; c < columns.Count; c++)
                {
                    var name = $"@n{i}_{c}";
                    var mapping = (Microsoft.EntityFrameworkCore.Storage.RelationalTypeMapping)columns[c].GetRelationalTypeMapping();
                    command.Parameters.Add(mapping.CreateParameter(command, name, columns[c].GetGetter().GetClrValue(chunk[i]), columns[c].IsNullable));
                    names.Add(name);
                }

                values.Add($"({string.Join(", ", names)})");
            }

            command.CommandText =
                $"INSERT INTO \"{table.Name}\" ({string.Join(", ", columns.Select(c => $"\"{c.GetColumnName(table)}\""))}) VALUES {string.Join(", ", values)} " +
                "ON CONFLICT (\"ReminderId\", \"UserId\") DO NOTHING";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private async Task<List<NotificationRow>> DeliverAsync(ReminderRow row, Data.Claim claim, IEmailSession session, List<ClaimGrievantRow>? grievants, CancellationToken cancellationToken)
    {
        var definition = engine.DefinitionOf(Features.Claims.ClaimMapping.ToState(claim));
        var forMember = row.Recipient == "member";
        var notice = row.Recipient == ReminderRecipients.User;

        // A notice is about the claim as it is now; a stage reminder about the visit it was written for (checked before).
        var stage = definition.StagesById[notice ? claim.Stage : row.Stage];
        var assignee = notice && claim.AssignedRepresentativeId is { } assigneeId ? await UserAsync(assigneeId) : null;

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

        if (forMember)
        {
            // Every grievant gets their own letter: none sees another's address, and each is greeted by name.
            if (grievants is { Count: > 1 })
            {
                foreach (var grievant in grievants)
                {
                    var own = memberMail.Reminder(grievant.Language, row.Template, context with { MemberName = grievant.Name });
                    await SendMailAsync(session, row, claim, own, [new MailboxAddress(grievant.Name, grievant.Email)], grievant.Position == 0 ? string.Empty : $"-g{grievant.Id}", cancellationToken);
                }
            }
            else
            {
                var rendered = memberMail.Reminder(claim.Member.Language, row.Template, context);
                await SendMailAsync(session, row, claim, rendered, [new MailboxAddress(claim.Member.Name, claim.Member.Email)], string.Empty, cancellationToken);
            }

            return [];
        }

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

        var message = ReminderTemplates.Render(row.Template, context);
        var addresses = staff.Where(u => !string.IsNullOrEmpty(u.Email)).Select(u => new MailboxAddress(u.DisplayName, u.Email!)).ToList();
        if (addresses.Count > 0)
        {
            await SendMailAsync(session, row, claim, message, addresses, string.Empty, cancellationToken);
        }

        var createdAt = time.GetUtcNow();
        var firstLine = message.Body.Split('\n')[0].Trim();
        return [.. staff.Select(user => new NotificationRow
        {
            UserId = user.Id,
            ClaimId = claim.Id,
            ReminderId = row.Id,
            Title = message.Subject,
            Body = firstLine,
            Link = link is null ? null : $"/claims/{claim.Id}",
            CreatedAt = createdAt,
        })];
    }

    private async Task SendMailAsync(IEmailSession session, ReminderRow row, Data.Claim claim, RenderedMessage rendered, IEnumerable<MailboxAddress> addresses, string suffix, CancellationToken cancellationToken)
    {
        // The claim's GUID makes the id unique across databases; the row id keeps it the same on every attempt.
        var message = new MimeMessage
        {
            Subject = rendered.Subject,
            MessageId = MessageIds.For($"reminder-{row.Id}{suffix}.{claim.Id:N}", emailOptions.Value.From),
            Date = time.GetUtcNow(),
            Body = new TextPart("plain") { Text = rendered.Body },
        };
        from ??= MailboxAddress.Parse(emailOptions.Value.From);
        message.From.Add(new MailboxAddress(from.Name, from.Address));
        message.To.AddRange(addresses);
        message.Headers.Add("X-CCR-Reminder", row.Id.ToString(CultureInfo.InvariantCulture));
        message.Headers.Add("X-CCR-Template", row.Template);
        // The delivery is the send's outgoing call (the batch's reads and its commit are shared by rows of other traces).
        using var delivery = AppTelemetry.Source.StartActivity("email.send", ActivityKind.Client);
        delivery?.SetTag("ccr.email.key", $"reminder-{row.Id}{suffix}");
        await session.SendAsync(message, $"reminder-{row.Id}{suffix}", cancellationToken);
    }

    private async Task<List<AppUser>> StaffRecipientsAsync(ReminderRow row)
    {
        switch (row.Recipient)
        {
            case "assignee":
            case ReminderRecipients.User:
                return row.RecipientUserId is { } id && await UserAsync(id) is { } user ? [user] : [];
            case "mrc":
                return await RoleAsync(Roles.Mrc);
            case "ccwg":
                return await RoleAsync(Roles.Ccwg);
            default:
                return [];
        }
    }

    // Every named recipient and notice assignee of the batch in one query (a query per user cost more than the message).
    private async Task LoadUsersAsync(List<ReminderRow> rows, Dictionary<Guid, Data.Claim> claims, CancellationToken cancellationToken)
    {
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if ((row.Recipient is "assignee" or ReminderRecipients.User) && row.RecipientUserId is { } recipient)
            {
                wanted.Add(recipient);
            }

            if (row.Recipient == ReminderRecipients.User && claims.GetValueOrDefault(row.ClaimId)?.AssignedRepresentativeId is { } assignee)
            {
                wanted.Add(assignee);
            }
        }

        wanted.ExceptWith(usersById.Keys);
        if (wanted.Count == 0)
        {
            return;
        }

        var ids = wanted.ToList();
        foreach (var user in await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToListAsync(cancellationToken))
        {
            usersById[user.Id] = user;
        }

        foreach (var id in ids)
        {
            usersById.TryAdd(id, null);
        }
    }

    // A batch asks about the same few staff over and over: each is read once per batch.
    private async Task<AppUser?> UserAsync(string id)
    {
        if (!usersById.TryGetValue(id, out var user))
        {
            user = await users.FindByIdAsync(id);
            usersById[id] = user;
        }

        return user;
    }

    private async Task<List<AppUser>> RoleAsync(string role)
    {
        if (!usersByRole.TryGetValue(role, out var members))
        {
            members = [.. await users.GetUsersInRoleAsync(role)];
            usersByRole[role] = members;
        }

        return members;
    }

    private static string IdList(DbCommand command, IReadOnlyList<long> ids)
    {
        var names = new string[ids.Count];
        for (var i = 0; i < ids.Count; i++)
        {
            names[i] = $"@id{i}";
            Parameter(command, names[i], ids[i]);
        }

        return string.Join(", ", names);
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

    private sealed class Batch
    {
        public List<(ReminderRow Row, List<NotificationRow> Notifications)> Delivered { get; } = [];

        public List<ReminderRow> Cancelled { get; } = [];

        public List<(ReminderRow Row, Exception Error)> Failed { get; } = [];

        public int Count => Delivered.Count + Cancelled.Count + Failed.Count;
    }
}
