using System.Data.Common;
using CallCenterRecognition.Web.Data;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace CallCenterRecognition.Web.Features.Reminders;

public sealed record ClaimedReminder(long Id, string Token);

// Hands claimed reminders to whatever executes the send jobs (Hangfire in the app).
public interface IReminderJobQueue
{
    void EnqueueSend(ClaimedReminder reminder);
}

public sealed class HangfireReminderJobQueue(IBackgroundJobClient jobs) : IReminderJobQueue
{
    public void EnqueueSend(ClaimedReminder reminder) =>
        jobs.Enqueue<SendReminderJob>(job => job.SendAsync(reminder.Id, reminder.Token, CancellationToken.None));
}

// The recurring job: claims due rows atomically (a lease, so a crashed server's rows are claimed again later) and enqueues one send job each.
public sealed class ReminderDispatcher(AppDbContext db, TimeProvider time, IOptions<ReminderOptions> options, IReminderJobQueue queue, ILogger<ReminderDispatcher> logger)
{
    public const string RecurringJobId = "reminders-dispatch";

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 0)]
    public async Task DispatchAsync(CancellationToken cancellationToken)
    {
        // A backlog (8:00 on a busy day, or after an outage) drains in one run, in batches, within the minute before the next run.
        var started = time.GetTimestamp();
        var total = 0;
        IReadOnlyList<ClaimedReminder> claimed;
        do
        {
            claimed = await ClaimDueAsync(cancellationToken);
            foreach (var reminder in claimed)
            {
                queue.EnqueueSend(reminder);
            }

            total += claimed.Count;
        }
        while (claimed.Count >= options.Value.BatchSize && time.GetElapsedTime(started) < TimeSpan.FromSeconds(45));

        if (total > 0)
        {
            logger.LogInformation("Claimed {Count} due reminders", total);
        }
    }

    // One UPDATE … RETURNING, valid on SQLite (3.35+) and PostgreSQL. The outer conditions repeat the inner ones so that a
    // concurrent claimer re-checks them on the row it waited for and skips rows another dispatcher took.
    public async Task<IReadOnlyList<ClaimedReminder>> ClaimDueAsync(CancellationToken cancellationToken)
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

    internal static async Task<DbCommand> CommandAsync(AppDbContext db, string sql, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return command;
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
