using System.Buffers;

namespace CallCenterRecognition.Packets;

/// <summary>
/// A stream's bytes in a pooled array: PdfPig parses from memory far faster than from a stream it seeks about in, and a
/// drawn document of photos is megabytes that would otherwise be a new large-object-heap array (and a full GC) per build.
/// </summary>
internal sealed class PooledBytes : IDisposable
{
    private byte[]? _buffer;
    private readonly int _length;

    private PooledBytes(byte[] buffer, int length)
    {
        _buffer = buffer;
        _length = length;
    }

    public ReadOnlyMemory<byte> Memory => (_buffer ?? throw new ObjectDisposedException(nameof(PooledBytes))).AsMemory(0, _length);

    /// <summary>The rest of the stream, or null when it is not seekable or larger than <paramref name="max"/>.</summary>
    public static PooledBytes? Read(Stream stream, long max)
    {
        if (!stream.CanSeek || stream.Length - stream.Position > Math.Min(max, Array.MaxLength))
        {
            return null;
        }
        var length = (int)(stream.Length - stream.Position);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        stream.ReadExactly(buffer, 0, length);
        return new PooledBytes(buffer, length);
    }

    public void Dispose()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
