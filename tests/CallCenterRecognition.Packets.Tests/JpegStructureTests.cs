using CallCenterRecognition.Packets;
using SkiaSharp;

namespace CallCenterRecognition.Packets.Tests;

// JPEGs go into the packet undecoded: the walk must refuse whatever libjpeg would not decode whole.
public sealed class JpegStructureTests
{
    private static int StartOfScan(byte[] jpeg) => jpeg.AsSpan().IndexOf([(byte)0xFF, (byte)0xDA]);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(17, 9)]
    [InlineData(640, 480)]
    [InlineData(8, 2000)]
    public void Check_WholeJpeg_Complete(int width, int height)
    {
        Assert.Equal(JpegVerdict.Complete, JpegStructure.Check(Samples.Jpeg(width, height)));
    }

    [Fact]
    public void Check_GrayscaleJpeg_Complete()
    {
        using var bitmap = new SKBitmap(333, 201, SKColorType.Gray8, SKAlphaType.Opaque);
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);

        Assert.Equal(JpegVerdict.Complete, JpegStructure.Check(data.ToArray()));
    }

    [Theory]
    [InlineData(0.02)]
    [InlineData(0.5)]
    [InlineData(0.999)]
    public void Check_ScanCutOff_Broken(double kept)
    {
        var jpeg = Samples.Jpeg(640, 480);
        var sos = StartOfScan(jpeg);

        Assert.Equal(JpegVerdict.Broken, JpegStructure.Check(jpeg[..(sos + (int)((jpeg.Length - sos) * kept))]));
    }

    [Fact]
    public void Check_HeadersOnlyThenEndOfImage_Broken()
    {
        var jpeg = Samples.Jpeg(640, 480);
        var sos = StartOfScan(jpeg);

        // Far fewer bits than even an all-flat image of this size needs.
        Assert.Equal(JpegVerdict.Broken, JpegStructure.Check([.. jpeg[..(sos + 40)], 0xFF, 0xD9]));
    }

    [Fact]
    public void Check_QuantizationTableMissing_Broken()
    {
        var jpeg = Samples.Jpeg(64, 48);
        var dqt = jpeg.AsSpan().IndexOf([(byte)0xFF, (byte)0xDB]);
        jpeg[dqt + 1] = 0xFE;

        Assert.Equal(JpegVerdict.Broken, JpegStructure.Check(jpeg));
    }

    [Fact]
    public void Check_NotJpeg_Broken()
    {
        Assert.Equal(JpegVerdict.Broken, JpegStructure.Check(Samples.Png(20, 20)));
    }

    [Fact]
    public void Check_LosslessFrame_LeftToTheDecoder()
    {
        var jpeg = Samples.Jpeg(64, 48);
        var sof = jpeg.AsSpan().IndexOf([(byte)0xFF, (byte)0xC0]);
        jpeg[sof + 1] = 0xC3;

        Assert.Equal(JpegVerdict.Unchecked, JpegStructure.Check(jpeg));
    }
}
