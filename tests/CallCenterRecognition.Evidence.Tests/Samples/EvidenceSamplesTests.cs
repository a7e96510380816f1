using UglyToad.PdfPig;

namespace CallCenterRecognition.Evidence.Tests.Samples;

public sealed class EvidenceSamplesTests
{
    [Fact]
    public void TextPdf_LongPages_WrapsEveryWordOntoItsOwnPage()
    {
        var long1 = string.Join(' ', Enumerable.Range(0, 120).Select(i => $"alpha{i}"));
        var bytes = EvidenceSamples.TextPdf([long1, "Second page, with a comma.\nAnd a second line."]);

        using var pdf = PdfDocument.Open(bytes);
        Assert.Equal(2, pdf.NumberOfPages);
        var words = pdf.GetPage(1).GetWords().Select(w => w.Text).ToList();
        Assert.Equal(120, words.Count);
        Assert.True(pdf.GetPage(1).GetWords().Max(w => w.BoundingBox.Right) < pdf.GetPage(1).Width - 60);
        Assert.Contains("line.", pdf.GetPage(2).GetWords().Select(w => w.Text));
    }

    [Fact]
    public void ScannedPdf_TwoPages_HasImagesAndNoTextLayer()
    {
        var bytes = EvidenceSamples.ScannedPdf(["First scanned page", "Second scanned page"]);

        using var pdf = PdfDocument.Open(bytes);
        Assert.Equal(2, pdf.NumberOfPages);
        Assert.All(pdf.GetPages(), p => Assert.Empty(p.Letters));
        Assert.All(pdf.GetPages(), p => Assert.Single(p.GetImages()));
    }

    [Fact]
    public void Images_Text_AreEncodedAsTheirFormats()
    {
        var png = EvidenceSamples.Png("Hello");
        var jpeg = EvidenceSamples.PhotoJpeg("Hello");

        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Equal([0xFF, 0xD8], jpeg[..2]);
    }
}
