using CallCenterRecognition.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CallCenterRecognition.Web.Features.Documents;

public sealed class SweepOptions
{
    // A file younger than this may belong to an upload whose row is about to commit (on this or another instance).
    public int OrphanGraceMinutes { get; set; } = 60;

    public int EveryHours { get; set; } = 6;
}

// After a crash the staging folder can hold a half-written temp file, and the store content whose row never committed
// (a frozen packet, or an upload to files or S3). Both go, once old enough.
public sealed class StoreSweeper(DocumentStore store, IServiceScopeFactory scopes, IOptions<SweepOptions> options, ILogger<StoreSweeper> logger)
{
    public sealed record Result(int TempFilesRemoved, int OrphansRemoved, int Kept);

    public async Task<Result> SweepAsync(CancellationToken cancellationToken)
    {
        var cutoff = DateTime.UtcNow.AddMinutes(-options.Value.OrphanGraceMinutes);
        var temps = 0;
        if (Directory.Exists(store.IncomingFolder))
        {
            foreach (var temp in Directory.EnumerateFiles(store.IncomingFolder, "*.tmp"))
            {
                if (File.GetLastWriteTimeUtc(temp) <= cutoff && TryDelete(temp))
                {
                    temps++;
                }
            }
        }

        var orphans = 0;
        var kept = 0;
        var stored = new List<(string Sha256, DateTime WrittenUtc)>();
        await foreach (var item in store.Content.ListWrittenBeforeAsync(cutoff, cancellationToken))
        {
            stored.Add(item);
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        foreach (var (sha256, written) in stored)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (written > cutoff
                || await db.Set<DocumentRow>().AnyAsync(d => d.Sha256 == sha256, cancellationToken)
                || await db.Set<PacketBuildRow>().AnyAsync(b => b.Sha256 == sha256, cancellationToken))
            {
                kept++;
                continue;
            }

            // The store checks the time again as it deletes: an upload of the same bytes refreshes it before committing its row.
            if (await store.Content.DeleteIfNotWrittenSinceAsync(sha256, cutoff, cancellationToken))
            {
                orphans++;
            }
        }

        if (temps + orphans > 0)
        {
            logger.LogWarning("Document store clean-up removed {Temps} unfinished uploads and {Orphans} stored documents no row refers to ({Store})", temps, orphans, store.Content.Kind);
        }

        return new Result(temps, orphans, kept);
    }

    private static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }
}

public sealed class StoreSweepService(StoreSweeper sweeper, Startup.AfterFirstRequest afterFirstRequest, IOptions<SweepOptions> options, ILogger<StoreSweepService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await afterFirstRequest.WaitAsync(stoppingToken);
        var first = true;
        using var timer = new PeriodicTimer(TimeSpan.FromHours(Math.Max(1, options.Value.EveryHours)));
        do
        {
            try
            {
                await sweeper.SweepAsync(stoppingToken);
                if (first)
                {
                    Startup.StartupTrace.Mark("document store swept");
                    first = false;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Document store clean-up failed; it runs again later");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
