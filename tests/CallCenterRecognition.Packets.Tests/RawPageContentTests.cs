using System.Text;
using CallCenterRecognition.Packets;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Tokens;

namespace CallCenterRecognition.Packets.Tests;

public sealed class RawPageContentTests
{
    [Fact]
    public void Available_PinnedPdfPig_PrivateMembersFound()
    {
        Assert.True(RawPageContent.Available, "PdfPig's private members moved: stamps fall back to PdfPig's deflated content streams");
    }

    [Fact]
    public void Build_ThreePagePdfExhibit_OneSharedFenceAndAReadableStampOnEveryPage()
    {
        var request = new PacketRequest(Samples.Claim(), [Samples.Exhibit("duty.pdf", "Duty statements", "application/pdf", Samples.Pdf(3, "Duty"))]);

        var (result, pdf) = Samples.Build(request);

        using var document = PdfDocument.Open(pdf);
        var fences = new HashSet<long>();
        for (var p = 0; p < 3; p++)
        {
            var number = result.Exhibits[0].FirstPage + p;
            var page = document.GetPage(number);
            Assert.True(page.Dictionary.TryGet(NameToken.Contents, out var token), "an exhibit page has content");
            var contents = Assert.IsType<ArrayToken>(token);
            var first = Assert.IsType<IndirectReferenceToken>(contents.Data[0]);
            fences.Add(first.Data.ObjectNumber);
            var fence = Assert.IsType<StreamToken>(document.Structure.GetObject(first.Data).Data);
            Assert.Equal("q", Encoding.ASCII.GetString(fence.Data.Span).Trim());
            var text = Samples.Squash(page.Text);
            Assert.Contains($"{Samples.ClaimNumber}-A-000{p + 1}", text, StringComparison.Ordinal);
            Assert.Contains($"Page{number}of{result.PageCount}", text, StringComparison.Ordinal);
        }
        Assert.Single(fences);
    }
}
