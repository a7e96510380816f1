using System.Threading.Channels;
using CallCenterRecognition.Packets;
using CallCenterRecognition.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.Packets;

public static class PacketStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Done = "done";
    public const string Failed = "failed";
}

// Wakes the worker when a build is asked for; the rows in the database are the queue, so any instance may take any build.
public sealed class PacketBuildSignal
{
    private readonly Channel<bool> channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Wake() => channel.Writer.TryWrite(true);

    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        try
        {
            await channel.Reader.ReadAsync(timer.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Poll anyway: another instance may have queued a build, or one was left behind by a restart.
        }
    }
}

public sealed class PacketBuildWorker(IServiceScopeFactory scopes, PacketBuildSignal signal, Startup.AfterFirstRequest afterFirstRequest, TimeProvider time, ILogger<PacketBuildWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Builds queued before a restart wait for the first request too; a build requested now wakes the loop after it.
        await afterFirstRequest.WaitAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await TakeOneAsync(stoppingToken))
                {
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Packet build loop failed; retrying");
            }

            await signal.WaitAsync(TimeSpan.FromSeconds(15), stoppingToken);
        }
    }

    // Claims one queued build with a conditional update (only one instance wins it), builds it, and records the outcome.
    private async Task<bool> TakeOneAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var candidate = await db.PacketBuilds.AsNoTracking().Where(b => b.Status == PacketStatus.Queued).OrderBy(b => b.RequestedAt).Select(b => b.Id).FirstOrDefaultAsync(cancellationToken);
        if (candidate == Guid.Empty)
        {
            return false;
        }

        var won = await db.PacketBuilds.Where(b => b.Id == candidate && b.Status == PacketStatus.Queued)
            .ExecuteUpdateAsync(u => u.SetProperty(b => b.Status, PacketStatus.Running).SetProperty(b => b.Step, "Starting"), cancellationToken);
        if (won == 0)
        {
            return true;
        }

        var build = await db.PacketBuilds.AsNoTracking().FirstAsync(b => b.Id == candidate, cancellationToken);
        try
        {
            var claim = await db.Claims.AsNoTracking().FirstAsync(c => c.Id == build.ClaimId, cancellationToken);
            var progress = new RowProgress(scopes, candidate, time);
            var packet = await scope.ServiceProvider.GetRequiredService<PacketService>().BuildAsync(claim, progress, cancellationToken);
            await progress.FlushAsync();
            await db.PacketBuilds.Where(b => b.Id == candidate).ExecuteUpdateAsync(
                u => u.SetProperty(b => b.Status, PacketStatus.Done)
                    .SetProperty(b => b.Step, "Ready")
                    .SetProperty(b => b.Done, b => b.Total > 0 ? b.Total : 1)
                    .SetProperty(b => b.Total, b => b.Total > 0 ? b.Total : 1)
                    .SetProperty(b => b.Sha256, packet.Sha256)
                    .SetProperty(b => b.Size, packet.Size)
                    .SetProperty(b => b.PageCount, packet.PageCount)
                    .SetProperty(b => b.CompletedAt, time.GetUtcNow()),
                CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Packet build {BuildId} failed", candidate);
            await db.PacketBuilds.Where(b => b.Id == candidate).ExecuteUpdateAsync(
                u => u.SetProperty(b => b.Status, PacketStatus.Failed)
                    .SetProperty(b => b.Error, "The packet could not be built: " + ex.GetType().Name)
                    .SetProperty(b => b.CompletedAt, time.GetUtcNow()),
                CancellationToken.None);
        }

        return true;
    }

    // Writes progress to the row at most a few times a second, from whichever thread the builder reports on.
    private sealed class RowProgress(IServiceScopeFactory scopes, Guid buildId, TimeProvider time) : IProgress<PacketProgress>
    {
        private readonly Lock gate = new();
        private PacketProgress? latest;
        private DateTimeOffset lastWrite = DateTimeOffset.MinValue;

        public void Report(PacketProgress value)
        {
            lock (gate)
            {
                latest = value;
                if (time.GetUtcNow() - lastWrite < TimeSpan.FromMilliseconds(250))
                {
                    return;
                }

                lastWrite = time.GetUtcNow();
            }

            WriteAsync(value).GetAwaiter().GetResult();
        }

        public Task FlushAsync() => latest is { } value ? WriteAsync(value) : Task.CompletedTask;

        private async Task WriteAsync(PacketProgress value)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var step = value.Step.Length > 200 ? value.Step[..200] : value.Step;
            await db.PacketBuilds.Where(b => b.Id == buildId).ExecuteUpdateAsync(
                u => u.SetProperty(b => b.Step, step).SetProperty(b => b.Done, value.Done).SetProperty(b => b.Total, value.Total));
        }
    }
}
