using CallCenterRecognition.Evidence.Tests.Samples;

namespace CallCenterRecognition.Evidence.Tests;

public sealed class DeskewTests
{
    [Fact]
    public void Straighten_PhotoTurnedTwoDegrees_ReturnsAStraightenedGrayPage()
    {
        var photo = EvidenceSamples.PhotoJpeg(Texts.Memo);

        var straightened = Deskew.Straighten(photo);

        Assert.NotNull(straightened);
        Assert.Equal("P5\n"u8.ToArray(), straightened[..3]);
        Assert.Null(Deskew.StraightenPgm(straightened));
    }

    [Fact]
    public void Straighten_StraightScan_LeavesItAlone()
    {
        Assert.Null(Deskew.Straighten(EvidenceSamples.Png(Texts.DutyStatement)));
    }

    [Fact]
    public void Straighten_NotAnImage_LeavesItAlone()
    {
        Assert.Null(Deskew.Straighten("not an image"u8));
    }
}
