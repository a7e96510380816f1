using CallCenterRecognition.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.Telemetry;

// Gauges read from the database: claims by stage, overdue reminders, migration progress, documents waiting to be read. Read when a scraper or exporter
// collects, at most once per refresh interval (30 s by default); a collection in between gets the figures last read.
public sealed class StoredGauges
{
    private readonly IServiceScopeFactory scopes;
    private readonly TimeProvider time;
    private readonly TimeSpan refresh;
    private readonly ILogger<StoredGauges> logger;
    private readonly Lock gate = new();
    private Snapshot snapshot = new([], 0, [], 0);
    private DateTimeOffset readAt = DateTimeOffset.MinValue;

    public StoredGauges(IServiceScopeFactory scopes, TimeProvider time, IConfiguration configuration, ILogger<StoredGauges> logger)
    {
        this.scopes = scopes;
        this.time = time;
        this.logger = logger;
        refresh = TimeSpan.FromSeconds(Math.Max(0, configuration.GetValue("OpenTelemetry:GaugeRefreshSeconds", 30)));
        AppTelemetry.Meter.CreateObservableGauge("ccr.claims.by_stage", () => Current().Stages.Select(s =>
            new System.Diagnostics.Metrics.Measurement<long>(s.Count, new("definition", s.DefinitionId), new("stage", s.Stage), new("status", s.Closed ? "closed" : "open"))),
            "{claim}", "Claims in each stage of each workflow definition.");
        AppTelemetry.Meter.CreateObservableGauge("ccr.reminders.overdue", () => Current().OverdueReminders,
            "{reminder}", "Scheduled reminders whose send time passed more than 5 minutes ago and that are not yet sent.");
        AppTelemetry.Meter.CreateObservableGauge("ccr.workflow_migration.remaining", () => Current().Migrations.Select(m =>
            new System.Diagnostics.Metrics.Measurement<long>(m.Total - m.Done, new("definition", m.DefinitionId), new("to_version", m.ToVersion))),
            "{claim}", "Claims a queued or running workflow migration has still to move.");
        AppTelemetry.Meter.CreateObservableGauge("ccr.documents.text_backlog", () => Current().TextBacklog,
            "{document}", "Documents whose text is still waiting to be read (extraction and OCR backlog).");
    }

    private sealed record StageCount(string DefinitionId, string Stage, bool Closed, long Count);

    private sealed record MigrationProgress(string DefinitionId, int ToVersion, int Total, int Done);

    private sealed record Snapshot(IReadOnlyList<StageCount> Stages, long OverdueReminders, IReadOnlyList<MigrationProgress> Migrations, long TextBacklog);

    private Snapshot Current()
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            if (now - readAt < refresh)
            {
                return snapshot;
            }

            readAt = now;
            try
            {
                snapshot = ReadAsync(now).GetAwaiter().GetResult();
            }
            catch (Exception ex) when (ex is InvalidOperationException or System.Data.Common.DbException)
            {
                logger.LogWarning(ex, "Reading the stored gauges failed; the last figures stay");
            }

            return snapshot;
        }
    }

    private async Task<Snapshot> ReadAsync(DateTimeOffset now)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var stages = await db.Claims.AsNoTracking()
            .GroupBy(c => new { c.DefinitionId, c.Stage, c.IsClosed })
            .Select(g => new StageCount(g.Key.DefinitionId, g.Key.Stage, g.Key.IsClosed, g.LongCount()))
            .ToListAsync();
        var late = now.AddMinutes(-5);
        var overdue = await db.Set<ReminderRow>().AsNoTracking().LongCountAsync(r => r.Status == ReminderStatus.Scheduled && r.SendAt < late);
        var migrations = await db.WorkflowMigrations.AsNoTracking()
            .Where(m => m.Status == MigrationStatus.Queued || m.Status == MigrationStatus.Running)
            .Select(m => new MigrationProgress(m.DefinitionId, m.ToVersion, m.Total, m.Done))
            .ToListAsync();
        var backlog = await db.Documents.AsNoTracking().LongCountAsync(d => d.TextStatus == CallCenterRecognition.Evidence.TextStatuses.Pending && d.DeletedAt == null);
        return new Snapshot(stages, overdue, migrations, backlog);
    }
}
