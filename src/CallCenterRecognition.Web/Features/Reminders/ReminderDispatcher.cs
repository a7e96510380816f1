using System.Data.Common;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Telemetry;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace CallCenterRecognition.Web.Features.Reminders;

public sealed record ClaimedReminder(long Id, string Token);

// Hands claimed reminders to whatever executes the send jobs (Hangfire in the app).
public interface IReminderJobQueue
{
    // One job sends a claimed batch.
    void EnqueueBatch(IReadOnlyList<ClaimedReminder> batch);

    // A failed reminder tried again alone, after its backoff.
    void ScheduleSend(ClaimedReminder reminder, TimeSpan delay);

    // A dispatcher run now, for rows written due now.
    void EnqueueDispatch();
}

// With the in-memory store's job server in this instance, notices due now are dispatched in-process
// (ReminderDispatchTrigger); otherwise the run is a job in the storage, whose lock makes instances take turns.
public sealed class HangfireReminderJobQueue(IBackgroundJobClient jobs, ReminderDispatchTrigger? trigger = null) : IReminderJobQueue
{
    public void EnqueueBatch(IReadOnlyList<ClaimedReminder> batch)
    {
        var ids = batch.Select(r => r.Id).ToArray();
        var token = batch[0].Token;
        jobs.Enqueue<SendReminderBatchJob>(job => job.SendAsync(ids, token, CancellationToken.None));
    }

    public void ScheduleSend(ClaimedReminder reminder, TimeSpan delay) =>
        jobs.Schedule<SendReminderJob>(job => job.SendAsync(reminder.Id, reminder.Token, CancellationToken.None), delay);

    public void EnqueueDispatch()
    {
        if (trigger is not null)
        {
            trigger.Signal();
            return;
        }

        jobs.Enqueue<ReminderDispatcher>(dispatcher => dispatcher.DispatchAsync(CancellationToken.None));
    }
}

// The recurring job: claims due rows atomically in batches (a lease, so a crashed server's rows are claimed again later) and
// enqueues one send job per batch.
public sealed class ReminderDispatcher(AppDbContext db, TimeProvider time, IOptions<ReminderOptions> options, IReminderJobQueue queue, ILogger<ReminderDispatcher> logger)
{
    public const string RecurringJobId = "reminders-dispatch";

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 0)]
    public async Task DispatchAsync(CancellationToken cancellationToken)
    {
        // A backlog (8:00 on a busy day, or after an outage) drains in one run, in batches, within the minute before the next run.
        using var activity = AppTelemetry.Source.StartActivity("reminders.dispatch");
        var started = time.GetTimestamp();
        var total = 0;
        IReadOnlyList<ClaimedReminder> claimed;
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await SupersedeRepeatsAsync(time.GetUtcNow(), cancellationToken);
            do
            {
                claimed = await ClaimBatchAsync(cancellationToken);
                if (claimed.Count > 0)
                {
                    queue.EnqueueBatch(claimed);
                }

                total += claimed.Count;
            }
            while (claimed.Count >= options.Value.BatchSize && time.GetElapsedTime(started) < TimeSpan.FromSeconds(45));
        }
        finally
        {
            // The raw statements share one connection; the pooled context gets it back closed.
            await db.Database.CloseConnectionAsync();
        }

        activity?.SetTag("ccr.reminders.claimed", total);
        if (total > 0)
        {
            logger.LogInformation("Claimed {Count} due reminders", total);
        }
    }

    // One UPDATE … RETURNING, valid on SQLite (3.35+) and PostgreSQL. The outer conditions repeat the inner ones so that a
    // concurrent claimer re-checks them on the row it waited for and skips rows another dispatcher took.
    public async Task<IReadOnlyList<ClaimedReminder>> ClaimDueAsync(CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await SupersedeRepeatsAsync(time.GetUtcNow(), cancellationToken);
            return await ClaimBatchAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    // One batch, all under one token. The fold of repeats runs once a dispatch, before the first batch: it reads every due row.
    private async Task<IReadOnlyList<ClaimedReminder>> ClaimBatchAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var token = Guid.NewGuid().ToString("N");
        const string Free = "\"Status\" = 'scheduled' AND \"SendAt\" <= @now AND (\"LeaseUntil\" IS NULL OR \"LeaseUntil\" < @now)";
        var sql = $"""
            UPDATE "Reminders" SET "ClaimedBy" = @token, "LeaseUntil" = @lease
            WHERE {Free} AND "Id" IN (SELECT "Id" FROM "Reminders" WHERE {Free} ORDER BY "SendAt", "Id" LIMIT @limit)
            RETURNING "Id"
            """;
        var ids = new List<long>();
        await using (var command = await CommandAsync(db, sql, cancellationToken))
        {
            Parameter(command, "@token", token);
            Parameter(command, "@now", Time(db, now));
            Parameter(command, "@lease", Time(db, now.AddSeconds(options.Value.LeaseSeconds)));
            Parameter(command, "@limit", options.Value.BatchSize);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetInt64(0));
            }
        }

        return [.. ids.Order().Select(id => new ClaimedReminder(id, token))];
    }

    // Repeats of one reminder that all fell due while nothing ran (an outage, a stopped server) go out as one message: every
    // free due repeat with a later repeat also due (or already out) is cancelled, so only the latest is claimed. One statement,
    // idempotent, before the claim: a row another dispatcher holds has a lease and is left alone, and a later repeat is never
    // cancelled, so two dispatchers cannot split one burst between them.
    private async Task SupersedeRepeatsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        const string Sql = """
            UPDATE "Reminders" SET "Status" = 'cancelled', "CancelledAt" = @now, "LastError" = @reason, "ClaimedBy" = NULL, "LeaseUntil" = NULL
            WHERE "Status" = 'scheduled' AND "SendAt" <= @now AND ("LeaseUntil" IS NULL OR "LeaseUntil" < @now)
              AND EXISTS (
                SELECT 1 FROM "Reminders" AS later
                WHERE later."ClaimId" = "Reminders"."ClaimId" AND later."Stage" = "Reminders"."Stage"
                  AND later."StageEnteredAt" = "Reminders"."StageEnteredAt" AND later."StageDueAt" = "Reminders"."StageDueAt"
                  AND later."ReminderId" = "Reminders"."ReminderId" AND later."Template" = "Reminders"."Template"
                  AND later."Recipient" = "Reminders"."Recipient" AND later."Occurrence" > "Reminders"."Occurrence"
                  AND later."SendAt" <= @now AND later."Status" IN ('scheduled', 'sent'))
            """;
        await using var command = await CommandAsync(db, Sql, cancellationToken);
        Parameter(command, "@now", Time(db, now));
        Parameter(command, "@reason", SupersededReason);
        var superseded = await command.ExecuteNonQueryAsync(cancellationToken);
        if (superseded > 0)
        {
            logger.LogInformation("Folded {Count} overdue repeats into their latest repeat", superseded);
        }
    }

    public const string SupersededReason = "superseded: a later repeat fell due at the same time and was sent instead";

    // The caller holds the connection open (OpenConnectionAsync … CloseConnectionAsync) around its statements.
    internal static Task<DbCommand> CommandAsync(AppDbContext db, string sql, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            throw new InvalidOperationException("Open the context's connection before its raw statements, and close it after them.");
        }

        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return Task.FromResult(command);
    }

    internal static void Parameter(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    // SQLite stores instants as UTC ticks (see UtcTicksConverter); other providers take the instant itself.
    internal static object Time(AppDbContext db, DateTimeOffset instant) => db.Database.IsSqlite() ? instant.UtcTicks : instant.ToUniversalTime();
}
