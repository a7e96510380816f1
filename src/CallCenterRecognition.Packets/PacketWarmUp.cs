using System.Diagnostics;
using SkiaSharp;

namespace CallCenterRecognition.Packets;

/// <summary>
/// Builds a small throwaway packet — a text PDF, a photo (JPEG) and a scan (PNG) — so the first real build after start
/// finds PdfPig, Skia's bindings and the packet's own code compiled and the packet's fonts loaded. Everything is made in
/// memory and the packet is written to memory; no file is read but the fonts and no file is written.
/// </summary>
public static class PacketWarmUp
{
    /// <summary>Builds the synthetic packet <paramref name="builds"/> times, pausing between builds so the runtime's tiered
    /// compiler can promote what the first builds ran.</summary>
    /// <param name="builds">How many builds; three reach most of the per-page code past its first compilation.</param>
    /// <param name="pause">Time between builds.</param>
    /// <param name="cancellationToken">Stops between pages.</param>
    /// <returns>How long the builds took, pauses excluded, and whether a real build stopped them early.</returns>
    public static (TimeSpan Busy, bool Yielded) Run(int builds, TimeSpan pause, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(builds);
        using var realBuild = new CancellationTokenSource();
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, realBuild.Token);
        Interlocked.Exchange(ref yieldTo, realBuild);
        running = true;
        try
        {
            return (BuildAll(builds, pause, either.Token), false);
        }
        catch (OperationCanceledException) when (realBuild.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return (TimeSpan.Zero, true);
        }
        finally
        {
            running = false;
            Interlocked.CompareExchange(ref yieldTo, null, realBuild);
        }
    }

    /// <summary>The warm-up builds the packet path's code once per kind of exhibit; a default run, as the app starts it.</summary>
    /// <param name="cancellationToken">Stops between pages.</param>
    /// <returns>How long the builds took, pauses excluded, and whether a real build stopped them early.</returns>
    public static (TimeSpan Busy, bool Yielded) RunDefault(CancellationToken cancellationToken = default) =>
        Run(DefaultBuilds, DefaultPause, cancellationToken);

    /// <summary>How many builds <see cref="RunDefault"/> runs.</summary>
    public const int DefaultBuilds = 3;

    /// <summary>The pause between <see cref="RunDefault"/>'s builds: longer than the tiered compiler's 100 ms call-counting delay.</summary>
    public static readonly TimeSpan DefaultPause = TimeSpan.FromMilliseconds(150);

    [ThreadStatic]
    private static bool running;

    private static CancellationTokenSource? yieldTo;

    // Called by every build: one that is not the warm-up's own stops the warm-up.
    internal static void RealBuildStarting()
    {
        if (!running && Volatile.Read(ref yieldTo) is { } warmUp)
        {
            try
            {
                warmUp.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    private static TimeSpan BuildAll(int builds, TimeSpan pause, CancellationToken cancellationToken)
    {
        var busy = Stopwatch.StartNew();
        // Small inputs: the first build's cost is compiling and loading, not the pages, so two pages and small images reach
        // the same code in a fraction of the time.
        var pdf = TextPdf(2);
        var jpeg = Photo(400, 300, SKEncodedImageFormat.Jpeg);
        var png = Photo(200, 260, SKEncodedImageFormat.Png);
        var at = new DateTimeOffset(2026, 1, 5, 17, 0, 0, TimeSpan.Zero);
        PacketExhibit Exhibit(string name, string category, string type, byte[] bytes) =>
            new(name, category, type, at, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), () => new MemoryStream(bytes, writable: false))
            {
                Description = "Synthetic exhibit built at start-up",
            };
        var exhibits = new List<PacketExhibit>
        {
            Exhibit("duty-statement.pdf", "Duty statements", "application/pdf", pdf),
            Exhibit("queue-photo.jpg", "Phone system", "image/jpeg", jpeg),
            Exhibit("org-chart.png", "Organization charts", "image/png", png),
        };
        var claim = new PacketClaim("SEIU Local 1000", "CC-2026-00000", "Warm Up", "warm-up@example.org", "EDD", "Warm-up Unit", "R04",
            "Program Technician II", "Representative", "Answers the public's calls through an ACD queue all day.", new DateOnly(2026, 1, 5))
        {
            RepresentativeEmail = "rep@example.org",
            RepresentativePhone = "916-555-0100",
        };
        var builder = new PacketBuilder();
        using var output = new MemoryStream();
        busy.Stop();
        for (var i = 0; i < builds; i++)
        {
            if (i > 0)
            {
                cancellationToken.WaitHandle.WaitOne(pause);
            }

            cancellationToken.ThrowIfCancellationRequested();
            busy.Start();
            output.SetLength(0);
            builder.Build(new PacketRequest(claim, exhibits), output, null, cancellationToken);
            busy.Stop();
        }

        return busy.Elapsed;
    }

    private static byte[] TextPdf(int pages)
    {
        using var stream = new MemoryStream();
        using (var document = SKDocument.CreatePdf(stream))
        {
            using var font = new SKFont(SKTypeface.Default, 11);
            using var paint = new SKPaint { Color = SKColors.Black };
            for (var page = 1; page <= pages; page++)
            {
                var canvas = document.BeginPage(612, 792);
                for (var line = 0; line < 40; line++)
                {
                    canvas.DrawText($"Page {page}, line {line}: staff answer the public's calls through an ACD queue.", 54, 60 + (line * 16), SKTextAlign.Left, font, paint);
                }

                document.EndPage();
            }

            document.Close();
        }

        return stream.ToArray();
    }

    private static byte[] Photo(int width, int height, SKEncodedImageFormat format)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var paint = new SKPaint())
        {
            paint.Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(width, height), [SKColors.SteelBlue, SKColors.Beige], SKShaderTileMode.Clamp);
            surface.Canvas.DrawRect(0, 0, width, height, paint);
        }

        using var image = surface.Snapshot();
        using var data = image.Encode(format, 85);
        return data.ToArray();
    }
}
