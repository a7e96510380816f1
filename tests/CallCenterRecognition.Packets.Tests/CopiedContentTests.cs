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
}
