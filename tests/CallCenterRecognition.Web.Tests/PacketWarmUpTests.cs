using System.Net;
using CallCenterRecognition.Web.Features.Packets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static CallCenterRecognition.Web.Tests.Api;

namespace CallCenterRecognition.Web.Tests;

// The packet warm-up and the work that waits for the first request (Features/Startup).
public sealed class PacketWarmUpTests
{
    private static Task<(int Builds, int Documents, int Journal)> CountsAsync(AppFactory app) =>
        app.WithDbAsync(async db => (await db.PacketBuilds.CountAsync(), await db.Documents.CountAsync(), await db.JournalEntries.CountAsync()));

    private static string[] FilesUnder(string folder) =>
        Directory.Exists(folder) ? [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)] : [];

    [Fact]
    public async Task WarmUp_AfterFirstRequest_BuildsAndWritesNothingToDatabaseOrStore()
    {
        using var app = new AppFactory { Settings = { ["Startup:PacketWarmUp"] = "true", ["Startup:BackgroundAfterSeconds"] = "600" } };
        var run = app.Services.GetRequiredService<PacketWarmUpRun>();
        var before = await CountsAsync(app);
        var storeBefore = FilesUnder(app.DocumentsRoot);
        Assert.False(run.Done.IsCompleted, "the warm-up ran before any request");

        using var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        var failure = await run.Done.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Null(failure);
        Assert.Equal(before, await CountsAsync(app));
        Assert.Equal(storeBefore, FilesUnder(app.DocumentsRoot));
        Assert.Empty(FilesUnder(app.OutboxPath));
    }

    [Fact]
    public async Task WarmUp_Throws_AppKeepsServing()
    {
        using var app = new AppFactory
        {
            Settings = { ["Startup:PacketWarmUp"] = "true" },
            TestServices = services => services.AddSingleton(new PacketWarmUpRun(_ => throw new InvalidOperationException("the warm-up broke"))),
        };
        using var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        var failure = await app.Services.GetRequiredService<PacketWarmUpRun>().Done.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.IsType<InvalidOperationException>(failure);
        await Task.Delay(500);
        Assert.False(app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested, "the host is stopping");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        var mrc = await app.ClientForAsync(Mrc);
        Assert.Equal(HttpStatusCode.OK, (await mrc.GetAsync("/api/claims")).StatusCode);
    }

    [Fact]
    public async Task StoreSweep_NoRequestEver_StillRunsAfterTheDelay()
    {
        using var app = new AppFactory { Settings = { ["Startup:BackgroundAfterSeconds"] = "0.5", ["Documents:Sweep:OrphanGraceMinutes"] = "0" } };
        var unfinished = Path.Combine(app.DocumentsRoot, ".incoming", "crashed-upload.tmp");
        Directory.CreateDirectory(Path.GetDirectoryName(unfinished)!);
        await File.WriteAllBytesAsync(unfinished, new byte[100]);
        File.SetLastWriteTimeUtc(unfinished, DateTime.UtcNow.AddMinutes(-5));

        _ = app.Services;
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (File.Exists(unfinished) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.False(File.Exists(unfinished), "the store sweep did not run without a request");
    }
}
