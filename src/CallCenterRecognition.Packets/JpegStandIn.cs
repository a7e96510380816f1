using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using SkiaSharp;

namespace CallCenterRecognition.Packets;

/// <summary>
/// A photo's JPEG headers without its scan data, which Skia draws in the photo's place. Skia's PDF backend passes a
/// JPEG's bytes through as DCTDecode, so the drawn document used to carry every photo (megabytes), which PdfPig then
/// tokenized, hashed and copied a second time; with the stand-in Skia lays out the same image XObject (its headers give
/// the same size and orientation) and <see cref="CopiedContent"/> writes the probed bytes in the stand-in's place.
/// </summary>
internal sealed class JpegStandIn : IDisposable
{
    private const string Tag = "CallCenterRecognition stand-in ";

    private static long _next;

    private SKData? _original;

    private JpegStandIn(long id, byte[] bytes, SKData original)
    {
        Id = id;
        Bytes = bytes;
        _original = original;
    }

    public long Id { get; }

    /// <summary>SOI, a comment naming <see cref="Id"/>, the original's segments through its first SOS header, EOI.</summary>
    public byte[] Bytes { get; }

    /// <summary>The probed JPEG, written into the packet as it was checked.</summary>
    public ReadOnlySpan<byte> Original => (_original ?? throw new ObjectDisposedException(nameof(JpegStandIn))).AsSpan();

    public long OriginalLength => _original?.Size ?? 0;

    /// <summary>
    /// A stand-in for <paramref name="jpeg"/>, or null when its headers are not plain (an ICC profile Skia would write as a
    /// separate object, or segments this walk does not know) or Skia would not pass the stand-in itself through.
    /// Takes ownership of <paramref name="jpeg"/> only when it returns a stand-in.
    /// </summary>
    public static JpegStandIn? TryCreate(SKData jpeg)
    {
        var span = jpeg.AsSpan();
        if (Headers(span) is not { } headerEnd)
        {
            return null;
        }
        var id = Interlocked.Increment(ref _next);
        var comment = Encoding.ASCII.GetBytes(Tag + id.ToString("D20", CultureInfo.InvariantCulture));
        var bytes = new byte[2 + 4 + comment.Length + (headerEnd - 2) + 2];
        var at = 0;
        bytes[at++] = 0xFF;
        bytes[at++] = 0xD8;
        bytes[at++] = 0xFF;
        bytes[at++] = 0xFE;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(at), (ushort)(comment.Length + 2));
        at += 2;
        comment.CopyTo(bytes, at);
        at += comment.Length;
        span[2..headerEnd].CopyTo(bytes.AsSpan(at));
        at += headerEnd - 2;
        bytes[at++] = 0xFF;
        bytes[at] = 0xD9;
        return PassesThrough(bytes) ? new JpegStandIn(id, bytes, jpeg) : null;
    }

    /// <summary>The id a stand-in's bytes name, when <paramref name="data"/> is exactly one of ours.</summary>
    public static long? IdOf(ReadOnlySpan<byte> data)
    {
        var tag = Encoding.ASCII.GetBytes(Tag);
        const int start = 6;
        if (data.Length < start + tag.Length + 20 || data[0] != 0xFF || data[1] != 0xD8 || data[2] != 0xFF || data[3] != 0xFE
            || !data.Slice(start, tag.Length).SequenceEqual(tag))
        {
            return null;
        }
        return long.TryParse(Encoding.ASCII.GetString(data.Slice(start + tag.Length, 20)), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
    }

    /// <summary>End of the first SOS segment, or null when a segment before it is one a stand-in should not carry.</summary>
    private static int? Headers(ReadOnlySpan<byte> jpeg)
    {
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8)
        {
            return null;
        }
        var at = 2;
        while (at + 4 <= jpeg.Length)
        {
            if (jpeg[at] != 0xFF)
            {
                return null;
            }
            var marker = jpeg[at + 1];
            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[(at + 2)..]);
            if (length < 2 || at + 2 + length > jpeg.Length)
            {
                return null;
            }
            var body = jpeg.Slice(at + 4, length - 2);
            switch (marker)
            {
                case 0xDA:
                    return at + 2 + length;
                case 0xE2 when body.StartsWith("ICC_PROFILE"u8):
                    return null;
                // Baseline and progressive Huffman frames, tables, restart interval, comments, APPn: all else is left to Skia.
                case 0xC0 or 0xC1 or 0xC2 or 0xC4 or 0xDB or 0xDD or 0xFE or (>= 0xE0 and <= 0xEF):
                    break;
                default:
                    return null;
            }
            at += 2 + length;
        }
        return null;
    }

    /// <summary>Draws the stand-in into a throwaway PDF: Skia must write its bytes unchanged, or the swap would show garbage.</summary>
    private static bool PassesThrough(byte[] standIn)
    {
        using var data = SKData.CreateCopy(standIn);
        using var image = SKImage.FromEncodedData(data);
        if (image is null)
        {
            return false;
        }
        using var target = new MemoryStream();
        using (var document = SKDocument.CreatePdf(target))
        {
            var canvas = document.BeginPage(72, 72);
            canvas.DrawImage(image, new SKRect(0, 0, 72, 72));
            document.EndPage();
            document.Close();
        }
        return target.GetBuffer().AsSpan(0, (int)target.Length).IndexOf(standIn) >= 0;
    }

    public void Dispose()
    {
        _original?.Dispose();
        _original = null;
    }
}
