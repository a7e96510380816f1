using System.Buffers;
using System.Runtime.InteropServices;
using SkiaSharp;

namespace CallCenterRecognition.Packets;

/// <summary>
/// An image file's bytes for Skia. <see cref="SKData.Create(Stream)"/> reads a managed stream through a callback a few
/// kilobytes at a time into fresh native memory (page faults on every new page); a stream that knows its length is read
/// in one go into a pooled array, which Skia reads in place, pinned until it lets go of the data.
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
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
        var pin = GCHandle.Alloc(buffer, GCHandleType.Pinned);
        return SKData.Create(pin.AddrOfPinnedObject(), length, (_, _) =>
        {
            pin.Free();
            ArrayPool<byte>.Shared.Return(buffer);
        });
    }
}
