using CallCenterRecognition.Evidence.Tests.Samples;

namespace CallCenterRecognition.Evidence.Tests;

public sealed class PdfExtractionTests
{
    private const string PageOne = "Page one describes the unit and its organisation chart in some detail for the reader.";
    private const string PageTwo = "Page two lists the phone codes agents use for breaks, lunch and after-call work.";
    private const string PageThree = "The third page says the unit answers ninety thousand calls a year through its ACD queue.";

    private readonly TextExtractor extractor = new(new OcrEngine(new OcrOptions()));

    [Fact]
    public async Task ExtractTextPdf_ThreePages_ReturnsEachSentenceOnItsOwnPage()
    {
        var pdf = EvidenceSamples.TextPdf([PageOne, PageTwo, PageThree]);

        var text = await extractor.ExtractAsync(pdf, "statement.pdf", "application/pdf", CancellationToken.None);

        Assert.Equal(TextStatuses.Done, text.Status);
        Assert.Null(text.Reason);
        Assert.Equal(3, text.Pages.Count);
        Assert.Equal(0, text.OcrPages);
        Assert.Equal(PageThree, text.Pages[2].Replace('\n', ' '));
        Assert.DoesNotContain("ninety thousand", text.Pages[0], StringComparison.Ordinal);
        Assert.Contains("phone codes", text.Pages[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExtractTextPdf_LinesInTheInput_KeepsTheLineBreaks()
    {
        var pdf = EvidenceSamples.TextPdf(["Call Center North\nSupervisor: Rep One\nQueue: Benefits"]);

        var text = await extractor.ExtractAsync(pdf, "chart.pdf", "application/pdf", CancellationToken.None);

        Assert.Equal(["Call Center North", "Supervisor: Rep One", "Queue: Benefits"], Assert.Single(text.Pages).Split('\n'));
    }

    [Fact]
    public async Task ExtractTextPdf_SpanishText_KeepsTheAccents()
    {
        var pdf = EvidenceSamples.TextPdf([Texts.Spanish]);

        var text = await extractor.ExtractAsync(pdf, "aviso.pdf", "application/pdf", CancellationToken.None);

        Assert.Equal(1.0, Texts.WordRecall(Texts.Spanish, Assert.Single(text.Pages)));
        Assert.Contains("atención telefónica", text.Pages[0], StringComparison.Ordinal);
    }

    [OcrFact]
    public async Task ExtractPdf_TextPageThenImageOnlyPage_ReadsTheSecondByOcr()
    {
        var pdf = EvidenceSamples.Pdf([new SamplePage(PageOne, PageLayer.Text), new SamplePage(Texts.Memo, PageLayer.JpegScan)]);

        var text = await extractor.ExtractAsync(pdf, "mixed.pdf", "application/pdf", CancellationToken.None);

        Assert.Equal(TextStatuses.Done, text.Status);
        Assert.Equal(2, text.Pages.Count);
        Assert.Equal(1, text.OcrPages);
        Assert.Equal(PageOne, text.Pages[0].Replace('\n', ' '));
        Assert.InRange(Texts.WordRecall(Texts.Memo, text.Pages[1]), 0.95, 1.0);
    }

    [Fact]
    public async Task ExtractPdf_ImageOnlyPageWithoutOcr_IsUnavailableAndKeepsTheTextPages()
    {
        var noOcr = new TextExtractor(new OcrEngine(new OcrOptions { Tesseract = "/nonexistent/tesseract" }));
        var pdf = EvidenceSamples.Pdf([new SamplePage(PageOne, PageLayer.Text), new SamplePage(Texts.Memo, PageLayer.PngScan), new SamplePage(PageThree, PageLayer.Text)]);

        var text = await noOcr.ExtractAsync(pdf, "mixed.pdf", "application/pdf", CancellationToken.None);

        Assert.Equal(TextStatuses.Unavailable, text.Status);
        Assert.Contains("OCR is not installed", text.Reason, StringComparison.Ordinal);
        Assert.Equal([PageOne, "", PageThree], text.Pages.Select(p => p.Replace('\n', ' ')));
        Assert.Equal(0, text.OcrPages);
    }

    [Fact]
    public async Task ExtractPdf_Corrupt_FailsWithAReason()
    {
        var pdf = EvidenceSamples.TextPdf([PageOne]);
        var corrupt = pdf[..(pdf.Length / 3)].Concat("garbage that is no PDF object\n"u8.ToArray()).ToArray();

        var text = await extractor.ExtractAsync(corrupt, "broken.pdf", "application/pdf", CancellationToken.None);

        Assert.Equal(TextStatuses.Failed, text.Status);
        Assert.StartsWith("The PDF could not be read", text.Reason, StringComparison.Ordinal);
        Assert.Empty(text.Pages);
    }

    [Fact]
    public async Task ExtractPdf_NotAPdfAtAll_FailsWithAReason()
    {
        var text = await extractor.ExtractAsync("%PDF-1.7\nnothing else"u8.ToArray(), "broken.pdf", "application/pdf", CancellationToken.None);

        Assert.Equal(TextStatuses.Failed, text.Status);
        Assert.False(string.IsNullOrWhiteSpace(text.Reason));
    }
}
