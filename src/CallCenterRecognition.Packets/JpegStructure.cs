using System.Buffers.Binary;

namespace CallCenterRecognition.Packets;

internal enum JpegVerdict
{
    /// <summary>Every segment and scan reads through to EOI: a reader's decoder gets a whole image.</summary>
    Complete,

    /// <summary>Truncated, malformed or missing tables: a reader cannot show it.</summary>
    Broken,

    /// <summary>A coding this walk does not check (lossless, arithmetic, 12-bit, DNL height): decode it to know.</summary>
    Unchecked,
}

/// <summary>
/// Proves a JPEG a reader can decode without decoding it: walks every marker segment, the tables the frame needs, and
/// every scan's entropy-coded data through to EOI. A JPEG the packet passes through undecoded costs about 1% of the
/// time this way against libjpeg decoding it (even at an eighth of the size, libjpeg reads every Huffman code).
/// </summary>
internal static class JpegStructure
{
    public static JpegVerdict Check(ReadOnlySpan<byte> jpeg)
    {
        try
        {
            return CheckCore(jpeg);
        }
        catch (ArgumentOutOfRangeException)
        {
            return JpegVerdict.Broken;
        }
    }

    private static JpegVerdict CheckCore(ReadOnlySpan<byte> jpeg)
    {
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8)
        {
            return JpegVerdict.Broken;
        }
        Span<byte> quantDefined = stackalloc byte[4];
        Span<byte> componentIds = stackalloc byte[4];
        Span<byte> h = stackalloc byte[4];
        Span<byte> v = stackalloc byte[4];
        Span<byte> tq = stackalloc byte[4];
        Span<bool> scanned = stackalloc bool[4];
        var components = 0;
        int width = 0, height = 0, hMax = 1, vMax = 1;
        var baseline = false;
        var scans = 0;
        var at = 2;
        while (true)
        {
            if (at >= jpeg.Length || jpeg[at] != 0xFF)
            {
                return JpegVerdict.Broken;
            }
            while (at < jpeg.Length && jpeg[at] == 0xFF)
            {
                at++;
            }
            if (at >= jpeg.Length)
            {
                return JpegVerdict.Broken;
            }
            var marker = jpeg[at++];
            if (marker == 0xD9)
            {
                if (components == 0 || scans == 0)
                {
                    return JpegVerdict.Broken;
                }
                for (var c = 0; c < components; c++)
                {
                    if (!scanned[c])
                    {
                        return JpegVerdict.Broken;
                    }
                }
                return JpegVerdict.Complete;
            }
            if (marker == 0x01)
            {
                continue;
            }
            if (marker is 0x00 or 0xD8 or (>= 0xD0 and <= 0xD7))
            {
                return JpegVerdict.Broken;
            }
            if (at + 2 > jpeg.Length)
            {
                return JpegVerdict.Broken;
            }
            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[at..]);
            if (length < 2 || at + length > jpeg.Length)
            {
                return JpegVerdict.Broken;
            }
            var segment = jpeg.Slice(at + 2, length - 2);
            at += length;
            switch (marker)
            {
                case 0xC0 or 0xC1 or 0xC2:
                    if (components != 0)
                    {
                        return JpegVerdict.Broken;
                    }
                    if (segment.Length < 6)
                    {
                        return JpegVerdict.Broken;
                    }
                    if (segment[0] != 8)
                    {
                        return JpegVerdict.Unchecked;
                    }
                    height = BinaryPrimitives.ReadUInt16BigEndian(segment[1..]);
                    width = BinaryPrimitives.ReadUInt16BigEndian(segment[3..]);
                    components = segment[5];
                    if (height == 0)
                    {
                        return JpegVerdict.Unchecked;
                    }
                    if (width == 0 || components is < 1 or > 4 || segment.Length != 6 + 3 * components)
                    {
                        return JpegVerdict.Broken;
                    }
                    for (var c = 0; c < components; c++)
                    {
                        componentIds[c] = segment[6 + 3 * c];
                        h[c] = (byte)(segment[7 + 3 * c] >> 4);
                        v[c] = (byte)(segment[7 + 3 * c] & 0x0F);
                        tq[c] = segment[8 + 3 * c];
                        if (h[c] is < 1 or > 4 || v[c] is < 1 or > 4 || tq[c] > 3)
                        {
                            return JpegVerdict.Broken;
                        }
                        hMax = Math.Max(hMax, h[c]);
                        vMax = Math.Max(vMax, v[c]);
                    }
                    baseline = marker != 0xC2;
                    break;
                case >= 0xC3 and <= 0xCF when marker is not (0xC4 or 0xC8 or 0xCC):
                    return JpegVerdict.Unchecked;
                case 0xC4:
                    for (var i = 0; i < segment.Length;)
                    {
                        if (i + 17 > segment.Length || (segment[i] >> 4) > 1 || (segment[i] & 0x0F) > 3)
                        {
                            return JpegVerdict.Broken;
                        }
                        var count = 0;
                        for (var k = 1; k <= 16; k++)
                        {
                            count += segment[i + k];
                        }
                        if (count > 256 || i + 17 + count > segment.Length)
                        {
                            return JpegVerdict.Broken;
                        }
                        i += 17 + count;
                    }
                    break;
                case 0xDB:
                    for (var i = 0; i < segment.Length;)
                    {
                        var precision = segment[i] >> 4;
                        var table = segment[i] & 0x0F;
                        var size = precision == 0 ? 64 : precision == 1 ? 128 : -1;
                        if (size < 0 || table > 3 || i + 1 + size > segment.Length)
                        {
                            return JpegVerdict.Broken;
                        }
                        quantDefined[table] = 1;
                        i += 1 + size;
                    }
                    break;
                case 0xDA:
                    if (components == 0 || segment.Length < 1)
                    {
                        return JpegVerdict.Broken;
                    }
                    var inScan = segment[0];
                    if (inScan is < 1 or > 4 || segment.Length != 4 + 2 * inScan)
                    {
                        return JpegVerdict.Broken;
                    }
                    long blocks = 0;
                    for (var s = 0; s < inScan; s++)
                    {
                        var c = componentIds[..components].IndexOf(segment[1 + 2 * s]);
                        if (c < 0 || quantDefined[tq[c]] == 0)
                        {
                            return JpegVerdict.Broken;
                        }
                        scanned[c] = true;
                        blocks += inScan == 1
                            ? Ceiling(Ceiling((long)width * h[c], hMax), 8) * Ceiling(Ceiling((long)height * v[c], vMax), 8)
                            : Ceiling(width, 8 * hMax) * Ceiling(height, 8 * vMax) * h[c] * v[c];
                    }
                    scans++;
                    var data = EntropyBytes(jpeg, ref at);
                    // Baseline codes each block with at least a DC code and an end-of-block code of a bit or more each.
                    if (data < 0 || (baseline && data * 8 < blocks * 2) || data == 0)
                    {
                        return JpegVerdict.Broken;
                    }
                    break;
            }
        }
    }

    /// <summary>Skips a scan's entropy-coded data (stuffed zeros and restart markers included); its length, or -1 when the file ends inside it.</summary>
    private static long EntropyBytes(ReadOnlySpan<byte> jpeg, ref int at)
    {
        long count = 0;
        while (true)
        {
            var next = jpeg[at..].IndexOf((byte)0xFF);
            if (next < 0)
            {
                return -1;
            }
            count += next;
            at += next;
            if (at + 1 >= jpeg.Length)
            {
                return -1;
            }
            var after = jpeg[at + 1];
            if (after == 0x00)
            {
                count++;
                at += 2;
            }
            else if (after is >= 0xD0 and <= 0xD7)
            {
                at += 2;
            }
            else if (after == 0xFF)
            {
                at++;
            }
            else
            {
                return count;
            }
        }
    }

    private static long Ceiling(long value, long divisor) => (value + divisor - 1) / divisor;
}
