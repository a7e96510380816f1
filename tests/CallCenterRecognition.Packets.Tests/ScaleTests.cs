using System.Diagnostics;
using System.Text;
using CallCenterRecognition.Packets;
using UglyToad.PdfPig;
using Xunit.Abstractions;

namespace CallCenterRecognition.Packets.Tests;

[CollectionDefinition(nameof(ScaleTests), DisableParallelization = true)]
public sealed class ScaleCollection;

/// <summary>Alone in its collection so the working set it samples is the build's, not a neighbour test's.</summary>
[Collection(nameof(ScaleTests))]
public sealed class ScaleTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Build_TwentyExhibits_StaysLeanAndPassesJpegThrough()
    {
        var exhibits = new List<PacketExhibit>();
        long inputBytes = 0;
        for (var i = 0; i < 10; i++)
        {
            var pdf = Samples.Pdf(10, $"P{i}");
            inputBytes += pdf.Length;
            exhibits.Add(Samples.Exhibit($"document-{i}.pdf", "Duty statements", "application/pdf", pdf));
            var photo = Samples.Jpeg(2000, 1500, seed: i);
            inputBytes += photo.Length;
            exhibits.Add(Samples.Exhibit($"photo-{i}.jpg", "Phone system", "image/jpeg", photo));
        }
        var request = new PacketRequest(Samples.Claim(), exhibits);
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        var process = Process.GetCurrentProcess();
        var baseline = process.WorkingSet64;
        long peak = 0;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
                await Task.Delay(20);
            }
        });
        var clock = Stopwatch.StartNew();
        var (result, packet) = Samples.Build(request);
        clock.Stop();
        stop.Cancel();
        await sampler;

        output.WriteLine($"{result.PageCount} pages, {packet.Length:N0} bytes from {inputBytes:N0} input bytes, peak working set {peak / (1024 * 1024)} MB (baseline {baseline / (1024 * 1024)} MB), {clock.Elapsed.TotalSeconds:F1} s");
        using var document = PdfDocument.Open(packet);
        Assert.Equal(result.PageCount, document.NumberOfPages);
        Assert.Equal(100, result.Exhibits.Where(e => e.Disposition == ExhibitDisposition.Merged).Sum(e => e.PageCount));
        Assert.Equal(10, result.Exhibits.Count(e => e.Disposition == ExhibitDisposition.Image));
        // Earlier tests in this process leave memory the GC has not handed back, so judge the build by what it adds:
        // on a fresh process the baseline is ~140 MB, and the budget for the whole packet is 300 MB.
        var growth = peak - baseline;
        Assert.True(growth < 150L * 1024 * 1024, $"the build grew the working set by {growth / (1024 * 1024)} MB (baseline {baseline / (1024 * 1024)} MB, peak {peak / (1024 * 1024)} MB)");
        var ratio = (double)packet.Length / inputBytes;
        Assert.True(ratio <= 1.2, $"packet is {packet.Length:N0} bytes for {inputBytes:N0} bytes of input (x{ratio:F2})");
        // JPEG bytes embedded as DCTDecode, not decoded and re-compressed as pixels.
        var dct = CountOccurrences(packet, "/DCTDecode");
        Assert.True(dct >= 10, $"expected 10 DCTDecode images, found {dct}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"build took {clock.Elapsed}");
    }

    private static int CountOccurrences(byte[] haystack, string needle)
    {
        var pattern = Encoding.ASCII.GetBytes(needle);
        var count = 0;
        var span = haystack.AsSpan();
        int at;
        while ((at = span.IndexOf(pattern)) >= 0)
        {
            count++;
            span = span[(at + pattern.Length)..];
        }
        return count;
    }
}
