using CallCenterRecognition.Packets;
using UglyToad.PdfPig;

namespace CallCenterRecognition.Packets.Tests;

public sealed class ImageTests
{
    /// <summary>A JPEG whose pixels are stored sideways with EXIF orientation 6, as phone cameras write them.</summary>
    private static byte[] SidewaysJpeg()
    {
        var jpeg = Samples.Jpeg(400, 200);
        byte[] exif =
        [
            0xFF, 0xE1, 0x00, 0x22, (byte)'E', (byte)'x', (byte)'i', (byte)'f', 0, 0,
            (byte)'M', (byte)'M', 0, 0x2A, 0, 0, 0, 8,
            0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0,
        ];
        return [.. jpeg.AsSpan(0, 2), .. exif, .. jpeg.AsSpan(2)];
    }

    [Fact]
    public void Build_ExifRotatedPhoto_PlacedUpright()
    {
        var request = new PacketRequest(Samples.Claim(), [Samples.Exhibit("phone.jpg", "Phone system", "image/jpeg", SidewaysJpeg())]);

        var (result, pdf) = Samples.Build(request);

        using var document = PdfDocument.Open(pdf);
        var page = document.GetPage(result.Exhibits[0].FirstPage);
        var image = Assert.Single(page.GetImages());
        // Stored 400×200 but oriented 90°: upright it is portrait.
        Assert.True(image.BoundingBox.Height > image.BoundingBox.Width, $"placed {image.BoundingBox.Width}×{image.BoundingBox.Height}");
        Assert.Contains($"{Samples.ClaimNumber}-A-0001", Samples.Squash(page.Text), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_Photo_ScaledToFitInsideMargins()
    {
        var request = new PacketRequest(Samples.Claim(), [Samples.Exhibit("wide.jpg", "Phone system", "image/jpeg", Samples.Jpeg(1200, 300))]);

        var (result, pdf) = Samples.Build(request);

        using var document = PdfDocument.Open(pdf);
        var page = document.GetPage(result.Exhibits[0].FirstPage);
        var image = Assert.Single(page.GetImages());
        Assert.InRange(image.BoundingBox.Left, 36, page.Width);
        Assert.InRange(image.BoundingBox.Right, 0, page.Width - 36);
        Assert.InRange(image.BoundingBox.Bottom, 60, page.Height);
        Assert.Equal(4.0, image.BoundingBox.Width / image.BoundingBox.Height, 2);
        Assert.Contains("/DCTDecode", System.Text.Encoding.ASCII.GetString(pdf), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_JpegPhoto_OriginalBytesEmbeddedOnceAndNoStandInLeft()
    {
        var photo = Samples.Jpeg(1200, 900);
        var request = new PacketRequest(Samples.Claim(), [Samples.Exhibit("desk.jpg", "Phone system", "image/jpeg", photo)]);

        var (result, pdf) = Samples.Build(request);

        var at = pdf.AsSpan().IndexOf(photo);
        Assert.True(at > 0, "the photo's bytes are not in the packet as they were uploaded");
        Assert.Equal(-1, pdf.AsSpan(at + 1).IndexOf(photo));
        Assert.DoesNotContain("stand-in", System.Text.Encoding.Latin1.GetString(pdf), StringComparison.Ordinal);
        using var document = PdfDocument.Open(pdf);
        var image = Assert.Single(document.GetPage(result.Exhibits[0].FirstPage).GetImages());
        Assert.Equal(1200, image.WidthInSamples);
        Assert.Equal(900, image.HeightInSamples);
        Assert.Equal(photo.Length, image.RawMemory.Length);
    }

    [Fact]
    public void Build_VeryLargePng_DownscaledToPrintResolution()
    {
        var request = new PacketRequest(Samples.Claim(), [Samples.Exhibit("huge.png", "Org charts", "image/png", Samples.Png(4000, 3200))]);

        var (result, pdf) = Samples.Build(request);

        Assert.Equal(ExhibitDisposition.Image, result.Exhibits[0].Disposition);
        using var document = PdfDocument.Open(pdf);
        var image = Assert.Single(document.GetPage(result.Exhibits[0].FirstPage).GetImages());
        Assert.InRange(image.WidthInSamples, 1, 3000);
        Assert.InRange(image.HeightInSamples, 1, 3000);
    }

    [Fact]
    public void Build_Tiff_PlacedOrNamedAsUndecodableNeverFails()
    {
        // Minimal valid 2×2 8-bit greyscale uncompressed TIFF.
        byte[] tiff =
        [
            0x49, 0x49, 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00,
            0x08, 0x00,
            0x00, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00,
            0x01, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00,
            0x02, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00,
            0x03, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
            0x06, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
            0x11, 0x01, 0x04, 0x00, 0x01, 0x00, 0x00, 0x00, 0x6E, 0x00, 0x00, 0x00,
            0x16, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00,
            0x17, 0x01, 0x04, 0x00, 0x01, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00,
            0x00, 0xFF, 0xFF, 0x00,
        ];
        var request = new PacketRequest(Samples.Claim(), [Samples.Exhibit("scan.tif", "Org charts", "image/tiff", tiff)]);

        var (result, pdf) = Samples.Build(request);

        var outcome = Assert.Single(result.Exhibits);
        Assert.Contains(outcome.Disposition, new[] { ExhibitDisposition.Image, ExhibitDisposition.Corrupt });
        using var document = PdfDocument.Open(pdf);
        Assert.Equal(result.PageCount, document.NumberOfPages);
        if (outcome.Disposition == ExhibitDisposition.Corrupt)
        {
            Assert.Contains("TIFFimagecouldnotbedecoded", Samples.PageText(document, 3), StringComparison.Ordinal);
        }
    }
}
