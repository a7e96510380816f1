using System.Text.Json;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Telemetry;
using CallCenterRecognition.Workflows;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.Workflows;

// The background half of a migration. Claims still on the old version are what is left to do, so a run that stopped (a crash,
// a restart) is finished by running it again: migrated claims are no longer found, and each claim moves in its own transaction.
public sealed class RunMigration(IServiceScopeFactory scopes, WorkflowRegistry registry, TimeProvider time, ILogger<RunMigration> log)
{
    private const int Batch = 200;
    private const int Workers = 4;

    public static readonly WorkflowActor Actor = new("system", "Workflow migration", []);

    /// <param name="progress">Told the number of claims done after each one (for tests that stop a run halfway).</param>
    [AutomaticRetry(Attempts = 3)]
    public async Task RunAsync(Guid migrationId, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        using var activity = AppTelemetry.Source.StartActivity("workflow.migration");
        activity?.SetTag("ccr.migration.id", migrationId);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var row = await db.WorkflowMigrations.FirstOrDefaultAsync(m => m.Id == migrationId, cancellationToken);
        if (row is null || row.Status is MigrationStatus.Done)
        {
            return;
        }

        WorkflowMigration migration;
        try
        {
            migration = new WorkflowMigration(
                registry.Get(row.DefinitionId, row.FromVersion),
                registry.Get(row.DefinitionId, row.ToVersion),
                JsonSerializer.Deserialize<Dictionary<string, string>>(row.StageMap));
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or JsonException)
        {
            await FinishAsync(db, row, MigrationStatus.Failed, ex.Message, cancellationToken);
            return;
        }

        row.Status = MigrationStatus.Running;
        await db.SaveChangesAsync(cancellationToken);
        log.LogInformation("Migrating {Definition} from version {From} to {To}", row.DefinitionId, row.FromVersion, row.ToVersion);

        // A few claims at a time, each worker with its own context: on SQLite their commits share one group commit (and one
        // fsync), on PostgreSQL they are separate connections. Each claim is still its own transaction.
        var workers = Enumerable.Range(0, Workers).Select(_ => scopes.CreateAsyncScope()).ToList();
        var handlers = workers.Select(w => w.ServiceProvider.GetRequiredService<MigrateClaim.Handler>()).ToList();
        var last = string.Empty;
        var blocked = 0;
        var migrated = 0;
        try
        {
        while (true)
        {
            // In claim-number order, resuming after the last one tried, so claims left blocked are not read again in this run.
            var batch = await db.Claims.AsNoTracking()
                .Where(c => c.DefinitionId == row.DefinitionId && c.DefinitionVersion == row.FromVersion && !c.IsClosed && string.Compare(c.Number, last) > 0)
                .OrderBy(c => c.Number).Select(c => new { c.Id, c.Number }).Take(Batch).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            await Task.WhenAll(handlers.Select(async (handler, worker) =>
            {
                for (var i = worker; i < batch.Count; i += handlers.Count)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    switch (await handler.HandleAsync(batch[i].Id, migration, Actor, cancellationToken))
                    {
                        case MigrateClaim.Outcome.Migrated:
                            progress?.Report(Interlocked.Increment(ref migrated));
                            AppTelemetry.MigratedClaims.Add(1, new("definition", row.DefinitionId), new("outcome", "migrated"));
                            break;
                        case MigrateClaim.Outcome.Blocked:
                            Interlocked.Increment(ref blocked);
                            AppTelemetry.MigratedClaims.Add(1, new("definition", row.DefinitionId), new("outcome", "blocked"));
                            break;
                    }
                }
            }));
            last = batch[^1].Number;

            await ReportAsync(db, row, blocked: null, cancellationToken);
        }
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }
        }

        await ReportAsync(db, row, blocked, cancellationToken);
        await FinishAsync(db, row, MigrationStatus.Done, null, cancellationToken);
        log.LogInformation("Migration of {Definition} to version {To} done: {Migrated} claims moved, {Blocked} blocked", row.DefinitionId, row.ToVersion, migrated, blocked);
    }

    // Done is what no longer waits on the old version, counted from the database so that a rerun after a crash reports it right.
    private async Task ReportAsync(AppDbContext db, WorkflowMigrationRow row, int? blocked, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var remaining = await db.Claims.CountAsync(c => c.DefinitionId == row.DefinitionId && c.DefinitionVersion == row.FromVersion && !c.IsClosed, cancellationToken);
        var tracked = await db.WorkflowMigrations.FirstAsync(m => m.Id == row.Id, cancellationToken);
        tracked.Done = Math.Max(0, tracked.Total - remaining);
        if (blocked is { } count)
        {
            tracked.Blocked = count;
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task FinishAsync(AppDbContext db, WorkflowMigrationRow row, string status, string? error, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var tracked = await db.WorkflowMigrations.FirstAsync(m => m.Id == row.Id, cancellationToken);
        tracked.Status = status;
        tracked.Error = error;
        tracked.CompletedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>At start: migrations a stopped instance left queued or running are queued again.</summary>
    public static async Task ResumeAsync(AppDbContext db, Func<IBackgroundJobClient> jobs, CancellationToken cancellationToken)
    {
        var unfinished = await Startup.StartupSql.ReadAsync(
            db,
            """SELECT "Id" FROM "WorkflowMigrations" WHERE "Status" IN (@queued, @running) ORDER BY "Id" """,
            r => r.GetGuid(0),
            cancellationToken,
            ("@queued", MigrationStatus.Queued),
            ("@running", MigrationStatus.Running));
        foreach (var id in unfinished)
        {
            jobs().Enqueue<RunMigration>(job => job.RunAsync(id, null, CancellationToken.None));
        }
    }
}
