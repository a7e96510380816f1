using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.Workflows;

/// <summary>The definitions read from <c>workflows/</c> at start, before the database is reached.</summary>
public sealed record WorkflowFiles(IReadOnlyList<WorkflowDefinition> Definitions);

/// <summary>
/// Definitions live in the database, every version ever stored; the registry in memory follows it. At start the files in
/// <c>workflows/</c> are stored when the database lacks them, and a file newer than every stored version is published.
/// Other instances see a version stored or published here at their next refresh (<see cref="RefreshInterval"/>).
/// </summary>
public sealed class WorkflowCatalog(WorkflowRegistry registry, IServiceScopeFactory scopes, TimeProvider time, ILogger<WorkflowCatalog> log)
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(15);

    private readonly WorkflowVocabulary vocabulary = HostVocabulary.Create();
    private readonly SemaphoreSlim refreshing = new(1, 1);

    public WorkflowVocabulary Vocabulary => vocabulary;

    /// <summary>Stores the file definitions the database lacks, publishes a file newer than every stored version, then loads the database's versions.</summary>
    public async Task SeedAsync(AppDbContext db, IReadOnlyCollection<WorkflowDefinition> files, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var stored = await StoredVersionsAsync(db, cancellationToken);
        var added = false;
        foreach (var group in files.GroupBy(f => f.DefinitionId, StringComparer.Ordinal))
        {
            var versions = stored.Where(s => s.DefinitionId == group.Key).Select(s => s.Version).ToList();
            var newestStored = versions.DefaultIfEmpty(0).Max();
            foreach (var file in group.Where(f => !versions.Contains(f.Version)).OrderBy(f => f.Version))
            {
                added = true;
                db.WorkflowDefinitions.Add(new WorkflowDefinitionRow
                {
                    DefinitionId = file.DefinitionId,
                    Version = file.Version,
                    Json = file.Json ?? throw new InvalidOperationException($"{file.Source}: the definition's text was not kept."),
                    Source = "file",
                    CreatedAt = now,
                    PublishedAt = file.Version > newestStored && file.Version == group.Max(f => f.Version) ? now : null,
                });
            }
        }

        if (!added)
        {
            // The usual start: every file is stored already, and what was just read is what the registry follows.
            await ApplyAsync(db, () => Task.FromResult(stored), cancellationToken);
            return;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another instance seeded the same files first; what it stored is what this one loads.
            db.ChangeTracker.Clear();
        }

        await RefreshAsync(db, cancellationToken);
    }

    /// <summary>Loads versions stored since the last refresh and follows which one is published.</summary>
    public async Task RefreshAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        await ApplyAsync(
            db,
            async () =>
            {
                var rows = await db.WorkflowDefinitions.AsNoTracking().Select(d => new { d.DefinitionId, d.Version, d.PublishedAt }).ToListAsync(cancellationToken);
                var current = rows.Where(r => r.PublishedAt is not null).GroupBy(r => r.DefinitionId, StringComparer.Ordinal).Select(g => g.MaxBy(r => r.PublishedAt)!).ToHashSet();
                return [.. rows.Select(r => new StoredVersion(r.DefinitionId, r.Version, current.Contains(r)))];
            },
            cancellationToken);
    }

    // Read under the lock, so a refresh that read earlier never applies after one that read later.
    private async Task ApplyAsync(AppDbContext db, Func<Task<List<StoredVersion>>> read, CancellationToken cancellationToken)
    {
        await refreshing.WaitAsync(cancellationToken);
        try
        {
            var rows = await read();
            var known = registry.All.Select(d => (d.DefinitionId, d.Version)).ToHashSet();
            foreach (var row in rows.Where(r => !known.Contains((r.DefinitionId, r.Version))))
            {
                var json = await db.WorkflowDefinitions.AsNoTracking().Where(d => d.DefinitionId == row.DefinitionId && d.Version == row.Version).Select(d => d.Json).FirstAsync(cancellationToken);
                registry.Add(WorkflowDefinitionLoader.Load(json, $"{row.DefinitionId} v{row.Version} (database)", vocabulary), publish: false);
            }

            foreach (var published in rows.Where(r => r.Published))
            {
                if (registry.FindLatest(published.DefinitionId)?.Version != published.Version)
                {
                    registry.Publish(published.DefinitionId, published.Version);
                }
            }
        }
        finally
        {
            refreshing.Release();
        }
    }

    private sealed record StoredVersion(string DefinitionId, int Version, bool Published);

    // Plain SQL at start: compiling the LINQ queries was most of what seeding the definitions cost. A version is the
    // published one when it was published last (PublishedAt is UTC ticks on SQLite, timestamptz on PostgreSQL; both order by time).
    private static Task<List<StoredVersion>> StoredVersionsAsync(AppDbContext db, CancellationToken cancellationToken) =>
        Startup.StartupSql.ReadAsync(
            db,
            """
            SELECT d."DefinitionId", d."Version",
                   CASE WHEN d."PublishedAt" IS NOT NULL AND d."PublishedAt" = (SELECT MAX(p."PublishedAt") FROM "WorkflowDefinitions" p WHERE p."DefinitionId" = d."DefinitionId") THEN 1 ELSE 0 END
            FROM "WorkflowDefinitions" d
            ORDER BY d."DefinitionId", d."Version"
            """,
            reader => new StoredVersion(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2) == 1),
            cancellationToken);

    /// <summary>For a background refresh: its own scope, and a failure logged, not thrown.</summary>
    public async Task RefreshQuietlyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await RefreshAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogWarning(ex, "Workflow definitions could not be refreshed from the database");
        }
    }
}

/// <summary>Keeps every instance's registry following the database.</summary>
public sealed class WorkflowCatalogRefresher(WorkflowCatalog catalog, TimeProvider time, Startup.AppInitialization initialization) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Seeding loads the catalog first; a start that fails never refreshes it.
        try
        {
            await initialization.Completion.WaitAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return;
        }

        using var timer = new PeriodicTimer(WorkflowCatalog.RefreshInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await catalog.RefreshQuietlyAsync(stoppingToken);
        }
    }
}
