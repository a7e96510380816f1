using CallCenterRecognition.Evidence.Tests.Samples;

namespace CallCenterRecognition.Evidence.Tests;

public sealed class OcrRoundTripTests
{
    private readonly TextExtractor extractor = new(new OcrEngine(new OcrOptions()));

    [OcrFact]
    public async Task ExtractPng_RenderedFromKnownText_ReturnsAtLeast95PercentOfTheWords()
    {
        var text = await extractor.ExtractAsync(EvidenceSamples.Png(Texts.DutyStatement), "duty.png", "image/png", CancellationToken.None);

        Assert.Equal(TextStatuses.Done, text.Status);
        var page = Assert.Single(text.Pages);
        Assert.Equal(1, text.OcrPages);
        Assert.InRange(Texts.WordRecall(Texts.DutyStatement, page), 0.95, 1.0);
    }

    [OcrFact]
    public async Task ExtractScannedPdf_ImageOnlyPages_ReturnsAtLeast95PercentOfTheWordsOfEachPage()
    {
        var pdf = EvidenceSamples.ScannedPdf([Texts.DutyStatement, Texts.Memo]);

        var text = await extractor.ExtractAsync(pdf, "scan.pdf", "application/pdf", CancellationToken.None);

        Assert.Equal(TextStatuses.Done, text.Status);
        Assert.Equal(2, text.Pages.Count);
        Assert.Equal(2, text.OcrPages);
        Assert.InRange(Texts.WordRecall(Texts.DutyStatement, text.Pages[0]), 0.95, 1.0);
        Assert.InRange(Texts.WordRecall(Texts.Memo, text.Pages[1]), 0.95, 1.0);
    }

    [OcrFact]
    public async Task ExtractScannedPdf_PngScanRenderedByPdftoppm_ReturnsAtLeast95PercentOfTheWords()
    {
        var pdf = EvidenceSamples.Pdf([new SamplePage(Texts.Memo, PageLayer.PngScan)]);

        var text = await extractor.ExtractAsync(pdf, "scan.pdf", "application/pdf", CancellationToken.None);

        Assert.Equal(TextStatuses.Done, text.Status);
        Assert.Equal(1, text.OcrPages);
        Assert.InRange(Texts.WordRecall(Texts.Memo, Assert.Single(text.Pages)), 0.95, 1.0);
    }

    [OcrFact]
    public async Task ExtractJpeg_PhonePhotoOfAPage_ReturnsAtLeast90PercentOfTheWords()
    {
        var text = await extractor.ExtractAsync(EvidenceSamples.PhotoJpeg(Texts.Memo), "photo.jpg", "image/jpeg", CancellationToken.None);

        Assert.Equal(TextStatuses.Done, text.Status);
        Assert.InRange(Texts.WordRecall(Texts.Memo, Assert.Single(text.Pages)), 0.90, 1.0);
    }

    [OcrFact]
    public async Task ExtractPng_SpanishText_KeepsTheAccents()
    {
        var text = await extractor.ExtractAsync(EvidenceSamples.Png(Texts.Spanish), "aviso.png", "image/png", CancellationToken.None);

        Assert.Equal(TextStatuses.Done, text.Status);
        Assert.Contains("atención telefónica", Assert.Single(text.Pages), StringComparison.Ordinal);
        Assert.InRange(Texts.WordRecall(Texts.Spanish, text.Pages[0]), 0.95, 1.0);
    }
}
