using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using CallCenterRecognition.Evidence;
using SkiaSharp;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Writer;

namespace CallCenterRecognition.Benchmarks;

// OCR pages per minute: an image-only PDF of scanned pages through TextExtractor (PdfPig, the OCR decision, straightening,
// temp files, one limited tesseract process a page) against tesseract alone on the same page images with the same
// arguments and environment, one process a page, in the same run.
public static partial class OcrBench
{
    public sealed record Outcome(int Pages, double ProductPerMinute, double ReferencePerMinute, double Recall, IReadOnlyList<double> ProductRuns, IReadOnlyList<double> ReferenceRuns);

    private const int Rounds = 3;

    internal static readonly string[] Paragraphs =
    [
        "The Customer Service Unit answers calls from the public through the automatic call distribution system. Agents log into the queue at the start of each shift and stay available for calls except during breaks, lunch and scheduled training.",
        "Average handle time last quarter was six minutes and twelve seconds; the service level goal is eighty percent of calls answered within sixty seconds. Supervisors monitor calls for quality and review them with each agent every month.",
        "Aux codes: 1 break, 2 lunch, 3 coaching, 4 after-call work, 5 outbound call, 6 system problem. Time in each code is reported daily to the unit manager, who compares it with the staffing plan.",
        "Duties include explaining eligibility rules, correcting addresses, reissuing payments, and resolving problems callers report with their accounts. About seventy percent of each day is spent on the telephone.",
    ];

    public static async Task<Outcome> RunAsync(int pages)
    {
        var engine = new OcrEngine(new OcrOptions());
        if (!engine.IsAvailable)
        {
            throw new InvalidOperationException(engine.UnavailableReason);
        }

        var folder = Directory.CreateTempSubdirectory("ccr-ocr-bench-").FullName;
        try
        {
            var texts = Enumerable.Range(0, pages).Select(i => $"Exhibit page {i + 1}\n" + string.Join("\n", Enumerable.Range(0, 3).Select(j => Paragraphs[(i + j) % Paragraphs.Length]))).ToList();
            var images = texts.Select(Scan).ToList();
            var paths = images.Select((image, i) =>
            {
                var path = Path.Combine(folder, $"page-{i + 1:00}.jpg");
                File.WriteAllBytes(path, image);
                return path;
            }).ToList();
            var pdf = Pdf(images);
            var extractor = new TextExtractor(engine);

            // Warm up both: the JIT of PdfPig and the extractor, tesseract's data files in the page cache.
            await extractor.ExtractAsync(Pdf(images.Take(1).ToList()), "warm.pdf", "application/pdf", CancellationToken.None);
            await ReferencePageAsync(engine, paths[0]);

            var productRuns = new List<double>();
            var referenceRuns = new List<double>();
            ExtractedText? last = null;
            for (var round = 0; round < Rounds; round++)
            {
                var watch = Stopwatch.StartNew();
                last = await extractor.ExtractAsync(pdf, "scans.pdf", "application/pdf", CancellationToken.None);
                productRuns.Add(pages / watch.Elapsed.TotalMinutes);
                if (last.Status != TextStatuses.Done || last.OcrPages != pages)
                {
                    throw new InvalidOperationException($"Extraction gave {last.Status} ({last.Reason}), {last.OcrPages} OCR pages of {pages}");
                }

                watch.Restart();
                foreach (var path in paths)
                {
                    await ReferencePageAsync(engine, path);
                }

                referenceRuns.Add(pages / watch.Elapsed.TotalMinutes);
            }

            var recall = texts.Select((t, i) => Recall(t, last!.Pages[i])).Average();
            return new Outcome(pages, Median(productRuns), Median(referenceRuns), recall, productRuns, referenceRuns);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // The reference: what the engine runs for a page, with nothing around it.
    private static async Task ReferencePageAsync(OcrEngine engine, string path)
    {
        var start = new ProcessStartInfo("tesseract") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])[path, "stdout", "-l", engine.Languages, "--dpi", "300", .. OcrEngine.RecognitionArguments])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in OcrEngine.RecognitionEnvironment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await Task.WhenAll(output, errors);
        if (process.ExitCode != 0 || (await output).Length == 0)
        {
            throw new InvalidOperationException($"tesseract failed on {path}: {await errors}");
        }
    }

    // A 300 dpi letter page, 12 pt DejaVu Sans, one-inch margins, JPEG quality 90: what an office scanner writes.
    internal static byte[] Scan(string text)
    {
        const int dpi = 300;
        var width = (int)(8.5 * dpi);
        using var typeface = SKTypeface.FromFile("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf") ?? SKTypeface.Default;
        using var font = new SKFont(typeface, 12f * dpi / 72f);
        using var bitmap = new SKBitmap(width, 11 * dpi);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        using var ink = new SKPaint { Color = new SKColor(20, 20, 20), IsAntialias = true };
        var y = dpi + font.Size;
        foreach (var paragraph in text.Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' '))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (line.Length > 0 && font.MeasureText(candidate) > width - 2 * dpi)
                {
                    canvas.DrawText(line, dpi, y, SKTextAlign.Left, font, ink);
                    y += font.Size * 1.4f;
                    line = word;
                }
                else
                {
                    line = candidate;
                }
            }

            canvas.DrawText(line, dpi, y, SKTextAlign.Left, font, ink);
            y += font.Size * 2f;
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }

    private static byte[] Pdf(IReadOnlyList<byte[]> images)
    {
        var builder = new PdfDocumentBuilder();
        foreach (var image in images)
        {
            var page = builder.AddPage(612, 792);
            page.AddJpeg(image, new PdfRectangle(0, 0, 612, 792));
        }

        return builder.Build();
    }

    private static double Recall(string expected, string actual)
    {
        var found = Words().Matches(actual).Select(m => m.Value.ToLowerInvariant()).GroupBy(w => w).ToDictionary(g => g.Key, g => g.Count());
        var wanted = Words().Matches(expected).Select(m => m.Value.ToLowerInvariant()).ToList();
        var hits = 0;
        foreach (var word in wanted)
        {
            if (found.TryGetValue(word, out var left) && left > 0)
            {
                found[word] = left - 1;
                hits++;
            }
        }

        return (double)hits / wanted.Count;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    public static string Describe(IEnumerable<double> runs) => string.Join(", ", runs.Select(r => r.ToString("F1", CultureInfo.InvariantCulture)));

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Words();
}
