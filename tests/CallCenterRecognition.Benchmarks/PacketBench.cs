using System.Diagnostics;
using System.Globalization;
using CallCenterRecognition.Packets;
using SkiaSharp;

namespace CallCenterRecognition.Benchmarks;

// A packet of 20 exhibits — 10 PDFs of 10 pages (100 pages) and 10 photos — built in a child process so its peak
// working set is its own, against qpdf merging the same PDFs in the same run.
public static class PacketBench
{
    public sealed record Outcome(double FirstBuildMs, double ColdFirstBuildMs, double WarmBuildMs, TimeSpan ProcessElapsed, long PeakBytes, long PacketBytes, long InputBytes, int Pages, double QpdfMs, long QpdfBytes);

    // The app starts its packet warm-up once it has answered its first request (about a second after start); a user's
    // first packet comes after signing in and opening a claim. The first build is requested this long after the warm-up starts.
    public static readonly TimeSpan FirstRequestAfterWarmUp = TimeSpan.FromSeconds(2);

    private const int Builds = 12;

    // The app is a long-running server: a warm build is one after the runtime's tiered JIT has recompiled the packet path,
    // which takes a few builds; the first half of the child's builds warm it, the median of the second half is the figure.
    private const int WarmFrom = Builds / 2;

    // The app builds packets inside its running process, so the figure that matters is a build in a warm process; the
    // first build after start (JIT compiling PdfPig and Skia's bindings) and the child's whole run are reported beside it.
    public static Outcome Run(string folder)
    {
        var (inputs, pdfs, inputBytes) = Prepare(folder);
        var output = Path.Combine(folder, "packet.pdf");
        var qpdfOut = Path.Combine(folder, "qpdf.pdf");

        // Warm the disk cache for both tools once.
        RunChild(inputs, output, 1);
        RunQpdf(pdfs, qpdfOut);
        var (elapsed, peak, pages, builds) = RunChild(inputs, output, Builds);
        var qpdf = Enumerable.Range(0, Builds - WarmFrom).Select(_ => RunQpdf(pdfs, qpdfOut).TotalMilliseconds).ToList();
        var (_, _, _, first) = RunChild(inputs, output, 1, warmUp: true);
        return new Outcome(first[0], builds[0], Median(builds.Skip(WarmFrom)), elapsed, peak, new FileInfo(output).Length, inputBytes, pages, Median(qpdf), new FileInfo(qpdfOut).Length);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static (string Inputs, List<string> Pdfs, long InputBytes) Prepare(string folder)
    {
        var inputs = Path.Combine(folder, "packet-inputs");
        Directory.CreateDirectory(inputs);
        var pdfs = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var path = Path.Combine(inputs, $"exhibit-{i:00}.pdf");
            File.WriteAllBytes(path, Pdf(10, $"exhibit {i}"));
            pdfs.Add(path);
        }

        for (var i = 0; i < 10; i++)
        {
            File.WriteAllBytes(Path.Combine(inputs, $"photo-{i:00}.jpg"), Jpeg(2400, 1800, i));
        }

        return (inputs, pdfs, Directory.GetFiles(inputs).Sum(f => new FileInfo(f).Length));
    }

    // In the child: build the packet, then report pages and VmHWM (peak resident set) from /proc.
    public static int Child(string inputs, string output, int builds = 1, bool warmUp = false)
    {
        if (warmUp)
        {
            // The same warm-up, on the same kind of thread, as the app's PacketWarmUpService.
            var started = Stopwatch.StartNew();
            new Thread(() =>
            {
                var (busy, yielded) = PacketWarmUp.RunDefault();
                Console.Error.WriteLine(yielded ? $"packet warm-up stopped by the first build after {started.ElapsedMilliseconds} ms" : $"packet warm-up done after {started.ElapsedMilliseconds} ms ({busy.TotalMilliseconds:F0} ms building)");
            }) { IsBackground = true, Priority = ThreadPriority.BelowNormal }.Start();
            Thread.Sleep(FirstRequestAfterWarmUp);
        }

        var exhibits = Directory.GetFiles(inputs).Order(StringComparer.Ordinal).Select(path => new PacketExhibit(
            Path.GetFileName(path),
            path.EndsWith(".pdf", StringComparison.Ordinal) ? "Duty statements" : "Phone system",
            path.EndsWith(".pdf", StringComparison.Ordinal) ? "application/pdf" : "image/jpeg",
            DateTimeOffset.UtcNow,
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))),
            () => File.OpenRead(path))).ToList();
        var claim = new PacketClaim("SEIU Local 1000", "CC-2026-00042", "Pat Member", "pat@example.org", "EDD", "Call Center North", "R04",
            "Program Technician II", "Rep One", "Answers public calls through an ACD queue all day.", new DateOnly(2026, 11, 23));
        var times = new List<double>();
        PacketResult? result = null;
        for (var i = 0; i < builds; i++)
        {
            var watch = Stopwatch.StartNew();
            using var file = File.Create(output);
            result = new PacketBuilder().Build(new PacketRequest(claim, exhibits), file);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        var hwm = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        Console.WriteLine($"pages={result!.PageCount} builds={string.Join(';', times.Select(t => t.ToString("F1", CultureInfo.InvariantCulture)))} {hwm}");
        return 0;
    }

    private static (TimeSpan Elapsed, long Peak, int Pages, List<double> Builds) RunChild(string inputs, string output, int builds, bool warmUp = false)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!, [typeof(PacketBench).Assembly.Location, "--packet-child", inputs, output, builds.ToString(CultureInfo.InvariantCulture), warmUp ? "warm-up" : "cold"])
        {
            RedirectStandardOutput = true,
        };
        if (Environment.ProcessPath!.EndsWith("CallCenterRecognition.Benchmarks", StringComparison.Ordinal))
        {
            start.ArgumentList.RemoveAt(0);
        }

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        watch.Stop();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"packet child exited {process.ExitCode}: {text}");
        }

        var pages = int.Parse(text.Split("pages=")[1].Split(' ')[0], CultureInfo.InvariantCulture);
        var times = text.Split("builds=")[1].Split(' ')[0].Split(';').Select(t => double.Parse(t, CultureInfo.InvariantCulture)).ToList();
        var kb = long.Parse(text.Split("VmHWM:")[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return (watch.Elapsed, kb * 1024, pages, times);
    }

    private static TimeSpan RunQpdf(List<string> pdfs, string output)
    {
        var start = new ProcessStartInfo("qpdf") { RedirectStandardError = true };
        foreach (var argument in new[] { "--empty", "--pages" }.Concat(pdfs).Concat(["--", output]))
        {
            start.ArgumentList.Add(argument);
        }

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        watch.Stop();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"qpdf exited {process.ExitCode}");
        }

        return watch.Elapsed;
    }

    private static byte[] Pdf(int pages, string label)
    {
        using var stream = new MemoryStream();
        using (var document = SKDocument.CreatePdf(stream))
        {
            using var font = new SKFont(SKTypeface.Default, 11);
            using var paint = new SKPaint { Color = SKColors.Black };
            for (var page = 1; page <= pages; page++)
            {
                var canvas = document.BeginPage(612, 792);
                for (var line = 0; line < 45; line++)
                {
                    canvas.DrawText($"{label}, page {page}, line {line}: the unit answers the public's calls through an ACD queue.", 54, 60 + (line * 15), SKTextAlign.Left, font, paint);
                }

                document.EndPage();
            }

            document.Close();
        }

        return stream.ToArray();
    }

    // Photo-like: smooth gradients with noise, so JPEG sizes are realistic.
    private static byte[] Jpeg(int width, int height, int seed)
    {
        var random = new Random(seed);
        using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        var pixels = new byte[width * height * 4];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = ((y * width) + x) * 4;
                pixels[i] = (byte)((x * 255 / width) ^ random.Next(24));
                pixels[i + 1] = (byte)((y * 255 / height) ^ random.Next(24));
                pixels[i + 2] = (byte)(((x + y) * 127 / (width + height)) + random.Next(24));
                pixels[i + 3] = 255;
            }
        }

        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 85);
        return data.ToArray();
    }
}
