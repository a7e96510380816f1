using System.Buffers.Binary;

namespace CallCenterRecognition.Packets;

/// <summary>
/// Shrinks a TrueType (glyf) font to the glyphs a packet uses, because SkiaSharp's native build has no PDF font
/// subsetter and would embed DejaVu Sans whole (~700 KB per face). Glyph ids and the cmap are kept as they are and
/// unused outlines are emptied, so Skia maps characters and writes ToUnicode exactly as with the full font.
/// </summary>
internal static class FontPruner
{
    private const uint TrueTypeVersion = 0x00010000;
    private const uint TrueTag = 0x74727565; // 'true'

    // Layout tables and device metrics: Skia draws unshaped glyph runs and a PDF viewer never reads these.
    private static readonly HashSet<string> Dropped = ["GPOS", "GSUB", "GDEF", "JSTF", "kern", "hdmx", "VDMX", "LTSH", "DSIG", "PCLT", "morx", "feat"];

    /// <summary>Returns the pruned font, or null when the font is not a plain TrueType file this can prune safely.</summary>
    public static byte[]? Prune(ReadOnlySpan<byte> font, IEnumerable<ushort> glyphs)
    {
        try
        {
            return PruneCore(font, glyphs);
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or IndexOutOfRangeException or InvalidDataException or OverflowException)
        {
            return null;
        }
    }

    private static byte[]? PruneCore(ReadOnlySpan<byte> font, IEnumerable<ushort> glyphs)
    {
        if (font.Length < 12)
        {
            return null;
        }
        var version = BinaryPrimitives.ReadUInt32BigEndian(font);
        if (version != TrueTypeVersion && version != TrueTag)
        {
            return null; // CFF ('OTTO') or a collection ('ttcf'): embed whole rather than guess.
        }
        var numTables = BinaryPrimitives.ReadUInt16BigEndian(font[4..]);
        var tables = new Dictionary<string, (int Offset, int Length)>(numTables);
        for (var i = 0; i < numTables; i++)
        {
            var record = font.Slice(12 + i * 16, 16);
            var tag = System.Text.Encoding.ASCII.GetString(record[..4]);
            var offset = checked((int)BinaryPrimitives.ReadUInt32BigEndian(record[8..]));
            var length = checked((int)BinaryPrimitives.ReadUInt32BigEndian(record[12..]));
            if (offset < 0 || length < 0 || offset + length > font.Length)
            {
                throw new InvalidDataException($"Table {tag} lies outside the file.");
            }
            tables[tag] = (offset, length);
        }
        if (!tables.TryGetValue("head", out var head) || !tables.TryGetValue("maxp", out var maxp)
            || !tables.TryGetValue("loca", out var loca) || !tables.TryGetValue("glyf", out var glyf))
        {
            return null;
        }
        var longLoca = BinaryPrimitives.ReadInt16BigEndian(font[(head.Offset + 50)..]) == 1;
        var numGlyphs = BinaryPrimitives.ReadUInt16BigEndian(font[(maxp.Offset + 4)..]);
        var locaData = font.Slice(loca.Offset, loca.Length);
        var glyfData = font.Slice(glyf.Offset, glyf.Length);

        var keep = new HashSet<int>();
        var pending = new Stack<int>(glyphs.Where(g => g < numGlyphs).Select(g => (int)g).Append(0));
        while (pending.Count > 0)
        {
            var glyph = pending.Pop();
            if (!keep.Add(glyph))
            {
                continue;
            }
            var start = Start(locaData, longLoca, glyph);
            var end = Start(locaData, longLoca, glyph + 1);
            if (end - start < 10)
            {
                continue;
            }
            var data = glyfData[start..end];
            if (BinaryPrimitives.ReadInt16BigEndian(data) >= 0)
            {
                continue;
            }
            // Composite glyph: its components must stay too.
            var at = 10;
            ushort flags;
            do
            {
                flags = BinaryPrimitives.ReadUInt16BigEndian(data[at..]);
                var component = BinaryPrimitives.ReadUInt16BigEndian(data[(at + 2)..]);
                if (component < numGlyphs && !keep.Contains(component))
                {
                    pending.Push(component);
                }
                at += 4 + ((flags & 0x0001) != 0 ? 4 : 2);
                at += (flags & 0x0008) != 0 ? 2 : (flags & 0x0040) != 0 ? 4 : (flags & 0x0080) != 0 ? 8 : 0;
            }
            while ((flags & 0x0020) != 0);
        }

        using var newGlyf = new MemoryStream();
        var newLoca = new byte[(numGlyphs + 1) * 4];
        for (var g = 0; g < numGlyphs; g++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(newLoca.AsSpan(g * 4), (uint)newGlyf.Length);
            if (!keep.Contains(g))
            {
                continue;
            }
            var start = Start(locaData, longLoca, g);
            var end = Start(locaData, longLoca, g + 1);
            if (end > start)
            {
                newGlyf.Write(glyfData[start..end]);
                while (newGlyf.Length % 4 != 0)
                {
                    newGlyf.WriteByte(0);
                }
            }
        }
        BinaryPrimitives.WriteUInt32BigEndian(newLoca.AsSpan(numGlyphs * 4), (uint)newGlyf.Length);

        var output = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (tag, (offset, length)) in tables)
        {
            if (Dropped.Contains(tag))
            {
                continue;
            }
            output[tag] = tag switch
            {
                "glyf" => newGlyf.ToArray(),
                "loca" => newLoca,
                "head" => Head(font.Slice(offset, length)),
                "post" => Post(font.Slice(offset, length)),
                _ => font.Slice(offset, length).ToArray(),
            };
        }
        return Assemble(version, output);
    }

    private static int Start(ReadOnlySpan<byte> loca, bool longLoca, int glyph) => longLoca
        ? checked((int)BinaryPrimitives.ReadUInt32BigEndian(loca[(glyph * 4)..]))
        : BinaryPrimitives.ReadUInt16BigEndian(loca[(glyph * 2)..]) * 2;

    private static byte[] Head(ReadOnlySpan<byte> table)
    {
        var head = table.ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(head.AsSpan(8), 0); // checkSumAdjustment, recomputed later
        BinaryPrimitives.WriteInt16BigEndian(head.AsSpan(50), 1); // long loca
        return head;
    }

    /// <summary>post format 3: same metrics, no glyph names (DejaVu's names alone are tens of kilobytes).</summary>
    private static byte[] Post(ReadOnlySpan<byte> table)
    {
        var post = table[..Math.Min(32, table.Length)].ToArray();
        Array.Resize(ref post, 32);
        BinaryPrimitives.WriteUInt32BigEndian(post, 0x00030000);
        return post;
    }

    private static byte[] Assemble(uint version, SortedDictionary<string, byte[]> tables)
    {
        var count = tables.Count;
        var entrySelector = (int)Math.Floor(Math.Log2(count));
        var searchRange = (1 << entrySelector) * 16;
        var headerLength = 12 + count * 16;
        var total = headerLength + tables.Values.Sum(t => (t.Length + 3) & ~3);
        var font = new byte[total];
        var span = font.AsSpan();
        BinaryPrimitives.WriteUInt32BigEndian(span, version);
        BinaryPrimitives.WriteUInt16BigEndian(span[4..], (ushort)count);
        BinaryPrimitives.WriteUInt16BigEndian(span[6..], (ushort)searchRange);
        BinaryPrimitives.WriteUInt16BigEndian(span[8..], (ushort)entrySelector);
        BinaryPrimitives.WriteUInt16BigEndian(span[10..], (ushort)(count * 16 - searchRange));
        var offset = headerLength;
        var index = 0;
        var headOffset = -1;
        foreach (var (tag, data) in tables)
        {
            var record = span.Slice(12 + index * 16, 16);
            System.Text.Encoding.ASCII.GetBytes(tag, record);
            data.CopyTo(span[offset..]);
            BinaryPrimitives.WriteUInt32BigEndian(record[4..], Checksum(span.Slice(offset, (data.Length + 3) & ~3)));
            BinaryPrimitives.WriteUInt32BigEndian(record[8..], (uint)offset);
            BinaryPrimitives.WriteUInt32BigEndian(record[12..], (uint)data.Length);
            if (tag == "head")
            {
                headOffset = offset;
            }
            offset += (data.Length + 3) & ~3;
            index++;
        }
        if (headOffset >= 0)
        {
            BinaryPrimitives.WriteUInt32BigEndian(span[(headOffset + 8)..], unchecked(0xB1B0AFBA - Checksum(span)));
        }
        return font;
    }

    private static uint Checksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        var i = 0;
        for (; i + 4 <= data.Length; i += 4)
        {
            sum = unchecked(sum + BinaryPrimitives.ReadUInt32BigEndian(data[i..]));
        }
        if (i < data.Length)
        {
            Span<byte> last = stackalloc byte[4];
            data[i..].CopyTo(last);
            sum = unchecked(sum + BinaryPrimitives.ReadUInt32BigEndian(last));
        }
        return sum;
    }
}
