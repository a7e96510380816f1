namespace CallCenterRecognition.Packets.Tests;

// Alone: any build in another test would stop the warm-up too.
[CollectionDefinition(nameof(PacketWarmUpTests), DisableParallelization = true)]
public sealed class PacketWarmUpCollection;

[Collection(nameof(PacketWarmUpTests))]
public sealed class PacketWarmUpTests
{
    [Fact]
    public async Task Run_RealBuildStartsWhileItRuns_StopsAndSaysItYielded()
    {
        // Enough builds that, without yielding, the warm-up would finish them all and report it had not yielded.
        var warmUp = Task.Factory.StartNew(() => PacketWarmUp.Run(200, TimeSpan.FromMilliseconds(20)), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        await Task.Delay(500);
        Assert.False(warmUp.IsCompleted, "the warm-up ended before the real build started");

        var (result, _) = Samples.Build(new PacketRequest(Samples.Claim(), [Samples.Exhibit("memo.pdf", "Performance memos", "application/pdf", Samples.Pdf(2, "Memo"))]));
        var (busy, yielded) = await warmUp;

        Assert.True(result.PageCount > 0);
        Assert.True(yielded, "the warm-up ran on beside a real build");
        Assert.Equal(TimeSpan.Zero, busy);
    }
}
