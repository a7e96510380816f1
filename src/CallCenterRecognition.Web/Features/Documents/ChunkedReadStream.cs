namespace CallCenterRecognition.Web.Features.Documents;

// A read-only, seekable stream over content stored in chunks (database rows, S3 byte ranges): it fetches the chunk the
// caller's position falls in when the caller reads there, and holds only that chunk, so a large document is never whole in memory.
public sealed class ChunkedReadStream(ChunkedReadStream.Source source) : Stream
{
    public abstract class Source
    {
        // Length and chunk size; FileNotFoundException when nothing is stored.
        public abstract (long Length, int ChunkBytes) Describe();

        public abstract Task<(long Length, int ChunkBytes)> DescribeAsync(CancellationToken cancellationToken);

        public abstract byte[] Fetch(int chunk, long start, int count);

        public abstract Task<byte[]> FetchAsync(int chunk, long start, int count, CancellationToken cancellationToken);
    }

    private long length = -1;
    private int chunkBytes;
    private long position;
    private int currentIndex = -1;
    private byte[] current = [];

    // How many chunks were fetched and the largest one held: what the tests read to see the stream is chunked.
    public int ChunksFetched { get; private set; }

    public int LargestChunkHeld { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length
    {
        get
        {
            if (length < 0)
            {
                (length, chunkBytes) = source.Describe();
            }

            return length;
        }
    }

    public override long Position
    {
        get => position;
        set => position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (Length <= position || buffer.Length == 0)
        {
            return 0;
        }

        var index = (int)(position / chunkBytes);
        if (index != currentIndex)
        {
            Hold(index, source.Fetch(index, (long)index * chunkBytes, ChunkLength(index)));
        }

        return CopyOut(buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (length < 0)
        {
            (length, chunkBytes) = await source.DescribeAsync(cancellationToken);
        }

        if (length <= position || buffer.Length == 0)
        {
            return 0;
        }

        var index = (int)(position / chunkBytes);
        if (index != currentIndex)
        {
            Hold(index, await source.FetchAsync(index, (long)index * chunkBytes, ChunkLength(index), cancellationToken));
        }

        return CopyOut(buffer.Span);
    }

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => position + offset,
        _ => Length + offset,
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int ChunkLength(int index) => (int)Math.Min(chunkBytes, length - ((long)index * chunkBytes));

    private void Hold(int index, byte[] chunk)
    {
        if (chunk.Length != ChunkLength(index))
        {
            throw new InvalidDataException($"Stored chunk {index} holds {chunk.Length} bytes, not {ChunkLength(index)}.");
        }

        current = chunk;
        currentIndex = index;
        ChunksFetched++;
        LargestChunkHeld = Math.Max(LargestChunkHeld, chunk.Length);
    }

    private int CopyOut(Span<byte> buffer)
    {
        var offset = (int)(position - ((long)currentIndex * chunkBytes));
        var count = Math.Min(buffer.Length, current.Length - offset);
        current.AsSpan(offset, count).CopyTo(buffer);
        position += count;
        return count;
    }
}
