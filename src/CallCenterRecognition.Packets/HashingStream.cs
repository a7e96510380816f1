using System.Buffers;
using System.Security.Cryptography;

namespace CallCenterRecognition.Packets;

/// <summary>
/// Passes the packet's bytes through to its target and hashes them on the pool as they are written, so the file
/// identifier <see cref="PdfFinish"/> writes last is ready instead of the whole packet being read back and hashed then.
/// </summary>
internal sealed class HashingStream : Stream
{
    private const int Chunk = 256 * 1024;

    private readonly Stream _inner;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(Chunk);
    private int _filled;
    private Task _hashing = Task.CompletedTask;

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

    /// <summary>SHA-256 of everything written, or null when the writes did not run straight through from the start.</summary>
    public byte[]? HashOfAll()
    {
        if (!_sequential || _inner.Position != Written)
        {
            return null;
        }
        _hashing.GetAwaiter().GetResult();
        _hash.AppendData(_buffer, 0, _filled);
        _filled = 0;
        _sequential = false;
        return _hash.GetHashAndReset();
    }

    private long Written { get; set; }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _inner.Write(buffer);
        if (!_sequential)
        {
            return;
        }
        Written += buffer.Length;
        while (buffer.Length > 0)
        {
            var take = Math.Min(buffer.Length, Chunk - _filled);
            buffer[..take].CopyTo(_buffer.AsSpan(_filled));
            _filled += take;
            buffer = buffer[take..];
            if (_filled == Chunk)
            {
                HandOff();
            }
        }
    }

    private void HandOff()
    {
        var full = _buffer;
        var hash = _hash;
        // Chained, so the chunks reach the hash in the order they were written.
        _hashing = _hashing.ContinueWith(
            previous =>
            {
                previous.GetAwaiter().GetResult();
                hash.AppendData(full, 0, Chunk);
                ArrayPool<byte>.Shared.Return(full);
            },
            CancellationToken.None,
            TaskContinuationOptions.None,
            TaskScheduler.Default);
        _buffer = ArrayPool<byte>.Shared.Rent(Chunk);
        _filled = 0;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void WriteByte(byte value)
    {
        if (!_sequential || _filled == Chunk)
        {
            Write([value]);
            return;
        }
        _inner.WriteByte(value);
        Written++;
        _buffer[_filled++] = value;
    }

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

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            try
            {
                _hashing.GetAwaiter().GetResult();
            }
            finally
            {
                _hash.Dispose();
                ArrayPool<byte>.Shared.Return(_buffer);
            }
        }
        base.Dispose(disposing);
    }
}
