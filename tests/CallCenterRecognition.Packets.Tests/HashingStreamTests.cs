using System.IO.Hashing;
using CallCenterRecognition.Packets;

namespace CallCenterRecognition.Packets.Tests;

public sealed class HashingStreamTests
{
    [Fact]
    public void HashOfAll_WrittenStraightThrough_SameAsHashingTheTarget()
    {
        var data = new byte[700_000];
        new Random(7).NextBytes(data);
        using var target = new MemoryStream();
        using (var hashing = new HashingStream(target))
        {
            hashing.Write(data, 0, 300_000);
            hashing.WriteByte(data[300_000]);
            hashing.Write(data.AsSpan(300_001));

            Assert.Equal(XxHash128.Hash(data), hashing.HashOfAll());
        }
        Assert.Equal(data, target.ToArray());
    }

    [Fact]
    public void HashOfAll_AfterSeekingBack_LeftToTheReader()
    {
        using var target = new MemoryStream();
        using var hashing = new HashingStream(target);
        hashing.Write(new byte[100]);
        hashing.Position = 10;
        hashing.Write(new byte[5]);

        Assert.Null(hashing.HashOfAll());
    }
}
