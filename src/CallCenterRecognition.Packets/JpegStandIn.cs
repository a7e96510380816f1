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
    public static JpegStandIn? TryCreate(SKData jpeg, SKEncodedOrigin origin)
    {
        var span = jpeg.AsSpan();
        if (Headers(span) is not ({ } headerEnd, var frame))
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
        // Skia decides from the frame's coding and components and the orientation alone; a wrong verdict is still caught
        // when the drawn pages lack the stand-in (the photos are then drawn from their files).
        var passes = Verdicts.GetOrAdd($"{frame}/{origin}", static (_, standIn) => PassesThrough(standIn), bytes);
        return passes ? new JpegStandIn(id, bytes, jpeg) : null;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> Verdicts = new(StringComparer.Ordinal);

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

    /// <summary>
    /// End of the first SOS segment and the frame (marker, precision, components, whether Adobe and JFIF segments are there), or nulls when
    /// a segment before it is one a stand-in should not carry.
    /// </summary>
    private static (int? End, string Frame) Headers(ReadOnlySpan<byte> jpeg)
    {
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8)
        {
            return (null, "");
        }
        var frame = "";
        var adobe = false;
        var jfif = false;
        var at = 2;
        while (at + 4 <= jpeg.Length)
        {
            if (jpeg[at] != 0xFF)
            {
                return (null, "");
            }
            var marker = jpeg[at + 1];
            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[(at + 2)..]);
            if (length < 2 || at + 2 + length > jpeg.Length)
            {
                return (null, "");
            }
            var body = jpeg.Slice(at + 4, length - 2);
            switch (marker)
            {
                case 0xDA:
                    return frame.Length > 0 ? (at + 2 + length, $"{frame}/{adobe}/{jfif}") : (null, "");
                case 0xE2 when body.StartsWith("ICC_PROFILE"u8):
                    return (null, "");
                // Baseline and progressive Huffman frames: their coding, precision and component count.
                case 0xC0 or 0xC1 or 0xC2 when body.Length >= 6:
                    frame = string.Create(CultureInfo.InvariantCulture, $"{marker:X2}/{body[0]}/{body[5]}");
                    break;
                case 0xEE:
                    adobe = true;
                    break;
                case 0xE0 when body.StartsWith("JFIF"u8):
                    jfif = true;
                    break;
                // Tables, restart interval, comments, other APPn: all else is left to Skia.
                case 0xC4 or 0xDB or 0xDD or 0xFE or (>= 0xE0 and <= 0xEF):
                    break;
                default:
                    return (null, "");
            }
            at += 2 + length;
        }
        return (null, "");
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
