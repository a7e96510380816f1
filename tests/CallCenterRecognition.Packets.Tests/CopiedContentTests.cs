using CallCenterRecognition.Packets;
using UglyToad.PdfPig;

namespace CallCenterRecognition.Packets.Tests;

public sealed class CopiedContentTests
{
    [Fact]
    public void Defer_HidesPageContent_RestorePutsItBack()
    {
        using var document = PdfDocument.Open(Samples.Pdf(2, "Restorable"));
        var contents = new CopiedContent();

        var ids = contents.Defer(document, 2, CancellationToken.None);

        Assert.NotNull(ids);
        Assert.Empty(document.GetPage(1).Letters);
        contents.Restore(document, ids);
        Assert.Contains("Restorable", Samples.PageText(document, 2), StringComparison.Ordinal);
    }

    [Fact]
    public void Defer_PageCountDisagrees_DefersNothing()
    {
        using var document = PdfDocument.Open(Samples.Pdf(2, "Counted"));

        var ids = new CopiedContent().Defer(document, 3, CancellationToken.None);

        Assert.Null(ids);
        Assert.Contains("Counted", Samples.PageText(document, 1), StringComparison.Ordinal);
    }

    [Fact]
    public void Defer_ImagesAsked_ImageXObjectsSwappedOnlyThen()
    {
        var pdf = PdfWithPhoto();
        using var plain = PdfDocument.Open(pdf);
        using var withImages = PdfDocument.Open(pdf);

        var contentOnly = new CopiedContent().Defer(plain, 1, CancellationToken.None);
        var alsoImages = new CopiedContent().Defer(withImages, 1, CancellationToken.None, images: true);

        Assert.NotNull(contentOnly);
        Assert.NotNull(alsoImages);
        Assert.Equal(contentOnly.Count + 1, alsoImages.Count);
    }

    private static byte[] PdfWithPhoto()
    {
        using var stream = new MemoryStream();
        using (var document = SkiaSharp.SKDocument.CreatePdf(stream))
        {
            var canvas = document.BeginPage(612, 792);
            using var image = SkiaSharp.SKImage.FromEncodedData(Samples.Jpeg(64, 48));
            canvas.DrawImage(image, 72, 72);
            document.EndPage();
            document.Close();
        }
        return stream.ToArray();
    }
}
