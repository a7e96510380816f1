using CallCenterRecognition.Packets;
using CallCenterRecognition.Web.Features.Startup;
using Microsoft.Extensions.Options;

namespace CallCenterRecognition.Web.Features.Packets;

// What the warm-up runs, as a singleton: tests swap the work and wait for it; Done holds what it threw, or null.
public sealed class PacketWarmUpRun(Func<CancellationToken, (TimeSpan Busy, bool Yielded)> work)
{
    private readonly TaskCompletionSource<Exception?> done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static PacketWarmUpRun Default() => new(cancellationToken => PacketWarmUp.RunDefault(cancellationToken));

    public Task<Exception?> Done => done.Task;

    public (TimeSpan Busy, bool Yielded) Execute(CancellationToken cancellationToken)
    {
        try
        {
            var busy = work(cancellationToken);
            done.TrySetResult(null);
            return busy;
        }
        catch (Exception ex)
        {
            done.TrySetResult(ex);
            throw;
        }
    }
}

// The first packet a user asks for would otherwise pay for compiling PdfPig, Skia's bindings and the layout code and for
// loading the fonts (about 0.6 s, 7× a warm build). After the first request, one below-normal thread builds a synthetic
// packet in memory; it reads nothing of the database or the store and writes to neither, and a failure only leaves the
// first build cold.
public sealed class PacketWarmUpService(PacketWarmUpRun run, AfterFirstRequest afterFirstRequest, IOptions<StartupOptions> options, ILogger<PacketWarmUpService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.PacketWarmUp)
        {
            return;
        }

        await afterFirstRequest.WaitAsync(stoppingToken);
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                var (busy, yielded) = run.Execute(stoppingToken);
                StartupTrace.Mark(yielded ? "packet warm-up stopped: a real build started" : $"packet path warmed ({busy.TotalMilliseconds:F0} ms building)");
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Warming the packet path failed; the first packet is built without it");
            }
            finally
            {
                finished.TrySetResult();
            }
        })
        {
            IsBackground = true,
            Name = "Packet warm-up",
            Priority = ThreadPriority.BelowNormal,
        };
        thread.Start();
        await finished.Task;
    }
}
