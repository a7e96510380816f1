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
        foreach (var group in files.GroupBy(f => f.DefinitionId, StringComparer.Ordinal))
        {
            var stored = await db.WorkflowDefinitions.Where(d => d.DefinitionId == group.Key).Select(d => d.Version).ToListAsync(cancellationToken);
            var newestStored = stored.DefaultIfEmpty(0).Max();
            foreach (var file in group.Where(f => !stored.Contains(f.Version)).OrderBy(f => f.Version))
            {
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
        await refreshing.WaitAsync(cancellationToken);
        try
        {
            var known = registry.All.Select(d => (d.DefinitionId, d.Version)).ToHashSet();
            var rows = await db.WorkflowDefinitions.AsNoTracking().Select(d => new { d.DefinitionId, d.Version, d.PublishedAt }).ToListAsync(cancellationToken);
            foreach (var row in rows.Where(r => !known.Contains((r.DefinitionId, r.Version))))
            {
                var json = await db.WorkflowDefinitions.AsNoTracking().Where(d => d.DefinitionId == row.DefinitionId && d.Version == row.Version).Select(d => d.Json).FirstAsync(cancellationToken);
                registry.Add(WorkflowDefinitionLoader.Load(json, $"{row.DefinitionId} v{row.Version} (database)", vocabulary), publish: false);
            }

            foreach (var published in rows.Where(r => r.PublishedAt is not null).GroupBy(r => r.DefinitionId, StringComparer.Ordinal))
            {
                var current = published.MaxBy(r => r.PublishedAt)!;
                if (registry.FindLatest(current.DefinitionId)?.Version != current.Version)
                {
                    registry.Publish(current.DefinitionId, current.Version);
                }
            }
        }
        finally
        {
            refreshing.Release();
        }
    }

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
public sealed class WorkflowCatalogRefresher(WorkflowCatalog catalog, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(WorkflowCatalog.RefreshInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await catalog.RefreshQuietlyAsync(stoppingToken);
        }
    }
}
