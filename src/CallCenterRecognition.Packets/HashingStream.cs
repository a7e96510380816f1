using System.IO.Hashing;

namespace CallCenterRecognition.Packets;

/// <summary>
/// Passes the packet's bytes through to its target and hashes them as they are written, so the file identifier
/// <see cref="PdfFinish"/> writes last is ready instead of the whole packet being read back and hashed then. The
/// identifier only has to tell packets apart, so the hash is XXH128 (a twentieth of SHA-256's time over megabytes of photos).
/// </summary>
internal sealed class HashingStream : Stream
{
    private readonly Stream _inner;
    private readonly XxHash128 _hash = new();

    // Anything but writing straight on from the start leaves the hash to PdfFinish's read-back.
    private bool _sequential;

    public HashingStream(Stream inner)
    {
        _inner = inner;
        _sequential = inner.CanSeek && inner.Position == 0;
    }

    public override bool CanRead => _inner.CanRead;

    public override bool CanSeek => _inner.CanSeek;

    public override bool CanWrite => true;

    public override long Length => _inner.Length;

    public override long Position
    {
        get => _inner.Position;
        set
        {
            _sequential &= value == _inner.Position;
            _inner.Position = value;
        }
    }

    /// <summary>XXH128 of everything written, or null when the writes did not run straight through from the start.</summary>
    public byte[]? HashOfAll()
    {
        if (!_sequential || _inner.Position != Written)
        {
            return null;
        }
        _sequential = false;
        return _hash.GetCurrentHash();
    }

    private long Written { get; set; }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _inner.Write(buffer);
        if (_sequential)
        {
            Written += buffer.Length;
            _hash.Append(buffer);
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void WriteByte(byte value) => Write([value]);

    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

    public override long Seek(long offset, SeekOrigin origin)
    {
        var before = _inner.Position;
        var after = _inner.Seek(offset, origin);
        _sequential &= after == before;
        return after;
    }

    public override void SetLength(long value)
    {
        _sequential = false;
        _inner.SetLength(value);
    }

    public override void Flush() => _inner.Flush();
}
