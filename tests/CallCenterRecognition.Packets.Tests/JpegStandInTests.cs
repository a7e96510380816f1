using CallCenterRecognition.Packets;
using SkiaSharp;

namespace CallCenterRecognition.Packets.Tests;

public sealed class JpegStandInTests
{
    [Fact]
    public void TryCreate_Photo_HeadersOnlyWithTheSameSizeAndItsOwnId()
    {
        var photo = Samples.Jpeg(640, 480);
        var data = SKData.CreateCopy(photo);

        using var standIn = JpegStandIn.TryCreate(data, SKEncodedOrigin.TopLeft);

        Assert.NotNull(standIn);
        Assert.True(standIn.Bytes.Length < photo.Length / 4, $"stand-in of {standIn.Bytes.Length} bytes for a {photo.Length}-byte photo");
        using var codec = SKCodec.Create(SKData.CreateCopy(standIn.Bytes));
        Assert.Equal(new SKSizeI(640, 480), codec.Info.Size);
        Assert.Equal(standIn.Id, JpegStandIn.IdOf(standIn.Bytes));
        Assert.True(standIn.Original.SequenceEqual(photo));
    }

    [Fact]
    public void TryCreate_IccProfileInHeaders_NoStandIn()
    {
        var photo = Samples.Jpeg(64, 48);
        byte[] icc = [0xFF, 0xE2, 0x00, 0x10, .. "ICC_PROFILE"u8, 0, 1, 1];
        var data = SKData.CreateCopy([.. photo.AsSpan(0, 2), .. icc, .. photo.AsSpan(2)]);

        var standIn = JpegStandIn.TryCreate(data, SKEncodedOrigin.TopLeft);

        Assert.Null(standIn);
        data.Dispose();
    }

    [Fact]
    public void IdOf_OrdinaryJpeg_Null()
    {
        Assert.Null(JpegStandIn.IdOf(Samples.Jpeg(64, 48)));
    }
}
