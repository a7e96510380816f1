using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using CallCenterRecognition.Packets;
using SkiaSharp;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace CallCenterRecognition.Packets.Tests;

/// <summary>Inputs made on the fly with Skia, so no sample packet is checked in.</summary>
internal static class Samples
{
    public const string ClaimNumber = "CC-2026-00042";

    public static PacketClaim Claim(string facts = "The unit answers 400 calls a day from the public about unemployment claims.") => new(
        "SEIU Local 1000",
        ClaimNumber,
        "Maria Lopez",
        "maria@example.org",
        "Employment Development Department",
        "Sacramento Claims Contact Unit",
        "R01",
        "Program Technician II",
        "Jordan Reyes",
        facts,
        new DateOnly(2026, 3, 9));

    public static byte[] Pdf(int pages, string label)
    {
        using var stream = new MemoryStream();
        using (var document = SKDocument.CreatePdf(stream))
        {
            using var typeface = SKTypeface.FromFile("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf") ?? SKTypeface.Default;
            using var font = new SKFont(typeface, 14);
            using var paint = new SKPaint { Color = SKColors.Black };
            for (var i = 1; i <= pages; i++)
            {
                var canvas = document.BeginPage(612, 792);
                canvas.DrawText($"Source {label} page {i}", 72, 100, SKTextAlign.Left, font, paint);
                document.EndPage();
            }
            document.Close();
        }
        return stream.ToArray();
    }

    /// <summary>A photo-like JPEG: gradients plus noise, so it compresses like a real photo rather than to nothing.</summary>
    public static byte[] Jpeg(int width, int height, int seed = 1)
    {
        using var bitmap = Noise(width, height, seed);
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 85);
        return data.ToArray();
    }

    public static byte[] Png(int width, int height, int seed = 2)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            using var paint = new SKPaint { Color = new SKColor(0x20, 0x60, 0xA0) };
            canvas.DrawRect(width / 4f, height / 4f, width / 2f, height / 2f, paint);
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static SKBitmap Noise(int width, int height, int seed)
    {
        var random = new Random(seed);
        var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        var pixels = new byte[width * height * 4];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = (y * width + x) * 4;
                var n = random.Next(40);
                pixels[i] = (byte)(x * 200 / width + n);
                pixels[i + 1] = (byte)(y * 200 / height + n);
                pixels[i + 2] = (byte)(128 + n);
                pixels[i + 3] = 255;
            }
        }
        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        return bitmap;
    }

    public static PacketExhibit Exhibit(string fileName, string category, string contentType, byte[] content, int day = 1) => new(
        fileName,
        category,
        contentType,
        new DateTimeOffset(2026, 2, day, 17, 30, 0, TimeSpan.Zero),
        Sha256(content),
        () => new MemoryStream(content, writable: false));

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public static (PacketResult Result, byte[] Pdf) Build(PacketRequest request, IProgress<PacketProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        using var output = new MemoryStream();
        var result = new PacketBuilder().Build(request, output, progress, cancellationToken);
        return (result, output.ToArray());
    }

    /// <summary>Page text with whitespace removed: Skia positions glyphs, and extractors differ on where spaces go.</summary>
    public static string Squash(string text) => new(text.Where(c => !char.IsWhiteSpace(c)).ToArray());

    public static string PageText(PdfDocument document, int page) => Squash(document.GetPage(page).Text);

    public static string Qpdf
    {
        get
        {
            foreach (var candidate in new[] { "/usr/bin/qpdf", "/usr/local/bin/qpdf" })
            {
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
            var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
            Assert.Fail(ci
                ? "qpdf is required under CI (apt-get install qpdf) and was not found."
                : "qpdf was not found; install it (apt-get install qpdf) to run this test.");
            return string.Empty;
        }
    }

    public static (int ExitCode, string Output) Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(30_000))
        {
            process.Kill();
            Assert.Fail($"{file} did not finish in 30 s.");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>Encrypts a PDF with qpdf (AES-256), which PdfPig cannot write; an empty user password opens without one.</summary>
    public static byte[] Encrypt(byte[] pdf, string userPassword = "user")
    {
        var qpdf = Qpdf;
        var input = Path.Combine(Path.GetTempPath(), $"plain-{Guid.NewGuid():N}.pdf");
        var output = Path.Combine(Path.GetTempPath(), $"enc-{Guid.NewGuid():N}.pdf");
        try
        {
            File.WriteAllBytes(input, pdf);
            var (exit, text) = Run(qpdf, "--encrypt", userPassword, "owner", "256", "--", input, output);
            Assert.True(exit == 0, $"qpdf --encrypt failed: {text}");
            return File.ReadAllBytes(output);
        }
        finally
        {
            File.Delete(input);
            File.Delete(output);
        }
    }

    public static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Collects progress on the reporting thread; <see cref="Progress{T}"/> would post it later.</summary>
    public sealed class Recorder : IProgress<PacketProgress>
    {
        public List<PacketProgress> Reports { get; } = [];

        public Action<PacketProgress>? OnReport { get; init; }

        public void Report(PacketProgress value)
        {
            Reports.Add(value);
            OnReport?.Invoke(value);
        }
    }
}
