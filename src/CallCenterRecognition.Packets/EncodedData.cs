using System.Buffers;
using SkiaSharp;

namespace CallCenterRecognition.Packets;

/// <summary>
/// An image file's bytes in Skia's memory. <see cref="SKData.Create(Stream)"/> reads a managed stream through a
/// callback a few kilobytes at a time and copies as it grows; a stream that knows its length is read in one go instead.
/// </summary>
internal static class EncodedData
{
    public static SKData? Read(Stream stream)
    {
        if (!stream.CanSeek || stream.Length - stream.Position is <= 0 or > int.MaxValue)
        {
            return SKData.Create(stream);
        }
        var length = (int)(stream.Length - stream.Position);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            stream.ReadExactly(buffer, 0, length);
            return SKData.CreateCopy(buffer, (ulong)length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
