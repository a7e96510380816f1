using System.Collections.Concurrent;
using System.Diagnostics;
using CallCenterRecognition.Evidence.Tests.Samples;

namespace CallCenterRecognition.Evidence.Tests;

public sealed class OcrLimitsTests
{
    [Fact]
    public async Task OcrEngine_TesseractMissing_IsUnavailableAndImagesAreNotRead()
    {
        var engine = new OcrEngine(new OcrOptions { Tesseract = "/nonexistent/bin/tesseract" });

        var text = await new TextExtractor(engine).ExtractAsync(EvidenceSamples.Png("Phone codes"), "codes.png", "image/png", CancellationToken.None);

        Assert.False(engine.IsAvailable);
        Assert.Equal("OCR is not installed (tesseract-ocr); images and scanned pages are stored but not read", engine.UnavailableReason);
        Assert.Equal(TextStatuses.Unavailable, text.Status);
        Assert.Equal(engine.UnavailableReason, text.Reason);
        Assert.Empty(text.Pages);
    }

    [OcrFact]
    public void OcrEngine_LanguagesPartlyInstalled_KeepsOnlyTheInstalledOnes()
    {
        var engine = new OcrEngine(new OcrOptions { Languages = "eng+xxx+spa" });

        Assert.True(engine.IsAvailable);
        Assert.Null(engine.UnavailableReason);
        Assert.Equal("eng+spa", engine.Languages);
    }

    [OcrFact]
    public void OcrEngine_NoConfiguredLanguageInstalled_IsUnavailableWithAReason()
    {
        var engine = new OcrEngine(new OcrOptions { Languages = "xxx" });

        Assert.False(engine.IsAvailable);
        Assert.Contains("none of its languages (xxx)", engine.UnavailableReason, StringComparison.Ordinal);
    }

    [OcrFact]
    public async Task ExtractPng_PastThePageTimeLimit_FailsAndLeavesNoProcessRunning()
    {
        var engine = new OcrEngine(new OcrOptions { PageTimeout = TimeSpan.FromMilliseconds(300) });
        Assert.True(engine.IsAvailable);
        var started = new ConcurrentBag<int>();
        engine.ProcessStarted = started.Add;
        var large = EvidenceSamples.Png(string.Join('\n', Enumerable.Repeat(Texts.DutyStatement, 4)));

        var text = await new TextExtractor(engine).ExtractAsync(large, "large.png", "image/png", CancellationToken.None);

        Assert.Equal(TextStatuses.Failed, text.Status);
        Assert.Equal("OCR of the image stopped at the time limit of 300 ms a page", text.Reason);
        Assert.NotEmpty(started);
        Assert.All(started, pid => Assert.Throws<ArgumentException>(() => Process.GetProcessById(pid)));
    }

    [OcrFact]
    public async Task ExtractScannedPdf_PastThePageTimeLimit_NamesThePage()
    {
        var engine = new OcrEngine(new OcrOptions { PageTimeout = TimeSpan.FromMilliseconds(1) });
        var pdf = EvidenceSamples.Pdf([new SamplePage("A text page with enough words on it to count as text.", PageLayer.Text), new SamplePage(Texts.Memo, PageLayer.PngScan)]);

        var text = await new TextExtractor(engine).ExtractAsync(pdf, "scan.pdf", "application/pdf", CancellationToken.None);

        Assert.Equal(TextStatuses.Failed, text.Status);
        Assert.Equal("OCR of page 2 stopped at the time limit of 1 ms a page", text.Reason);
        Assert.Single(text.Pages);
    }

    [OcrFact]
    public async Task ExtractPng_PastThePageMemoryLimit_FailsWithTheLimit()
    {
        var engine = new OcrEngine(new OcrOptions { PageMemoryBytes = 100L << 20 });

        var text = await new TextExtractor(engine).ExtractAsync(EvidenceSamples.Png(Texts.Memo), "memo.png", "image/png", CancellationToken.None);

        Assert.Equal(TextStatuses.Failed, text.Status);
        Assert.Equal("OCR of the image stopped at the memory limit of 100 MB a page", text.Reason);
    }

    [OcrFact]
    public async Task ExtractPng_CancelledDuringOcr_ThrowsAndLeavesNoProcessRunning()
    {
        var engine = new OcrEngine(new OcrOptions());
        Assert.True(engine.IsAvailable);
        using var cancel = new CancellationTokenSource();
        var started = new ConcurrentBag<int>();
        engine.ProcessStarted = pid =>
        {
            started.Add(pid);
            cancel.CancelAfter(200);
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new TextExtractor(engine).ExtractAsync(EvidenceSamples.Png(Texts.DutyStatement), "duty.png", "image/png", cancel.Token));

        Assert.Single(started);
        Assert.Throws<ArgumentException>(() => Process.GetProcessById(started.Single()));
    }

    [OcrFact]
    public async Task ExtractPng_NotAnImage_FailsWithAReason()
    {
        var text = await new TextExtractor(new OcrEngine(new OcrOptions())).ExtractAsync("\u0089PNG not really"u8.ToArray(), "x.png", "image/png", CancellationToken.None);

        Assert.Equal(TextStatuses.Failed, text.Status);
        Assert.StartsWith("The image could not be read", text.Reason, StringComparison.Ordinal);
    }

    [OcrFact]
    public async Task ExtractTiff_TwoPages_ReturnsTwoPages()
    {
        var tiff = TwoPageTiff();
        Assert.Equal(2, TiffPages.Count(tiff));

        var text = await new TextExtractor(new OcrEngine(new OcrOptions())).ExtractAsync(tiff, "fax.tiff", "image/tiff", CancellationToken.None);

        Assert.Equal(TextStatuses.Done, text.Status);
        Assert.Equal(2, text.Pages.Count);
        Assert.Equal(2, text.OcrPages);
        Assert.InRange(Texts.WordRecall(Texts.Memo, text.Pages[0]), 0.95, 1.0);
        Assert.InRange(Texts.WordRecall(Texts.DutyStatement, text.Pages[1]), 0.95, 1.0);
    }

    /// <summary>Two scans in one uncompressed 8-bit grayscale TIFF (one IFD a page), written by hand.</summary>
    private static byte[] TwoPageTiff()
    {
        var pages = new[] { Texts.Memo, Texts.DutyStatement }.Select(t =>
        {
            using var bitmap = SkiaSharp.SKBitmap.Decode(EvidenceSamples.Png(t));
            var gray = new byte[bitmap.Width * bitmap.Height];
            for (var y = 0; y < bitmap.Height; y++)
            {
                for (var x = 0; x < bitmap.Width; x++)
                {
                    gray[y * bitmap.Width + x] = bitmap.GetPixel(x, y).Red;
                }
            }

            return (bitmap.Width, bitmap.Height, gray);
        }).ToList();

        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write("II*\0"u8);
        writer.Write(0u);
        var previousLink = 4L;
        foreach (var (width, height, gray) in pages)
        {
            var dataOffset = stream.Position;
            writer.Write(gray);
            var ifd = stream.Position;
            stream.Position = previousLink;
            writer.Write((uint)ifd);
            stream.Position = ifd;
            (ushort Tag, ushort Type, uint Value)[] entries =
            [
                (256, 4, (uint)width), (257, 4, (uint)height), (258, 3, 8), (259, 3, 1), (262, 3, 1),
                (273, 4, (uint)dataOffset), (277, 3, 1), (278, 4, (uint)height), (279, 4, (uint)gray.Length),
            ];
            writer.Write((ushort)entries.Length);
            foreach (var (tag, type, value) in entries)
            {
                writer.Write(tag);
                writer.Write(type);
                writer.Write(1u);
                writer.Write(value);
            }

            previousLink = stream.Position;
            writer.Write(0u);
        }

        return stream.ToArray();
    }
}
