using System.Buffers.Binary;

namespace CallCenterRecognition.Evidence;

/// <summary>How many pages (image file directories) a TIFF holds, from its IFD chain; 1 for anything else. A chain
/// that loops or runs out of the file ends the count.</summary>
internal static class TiffPages
{
    public static int Count(ReadOnlySpan<byte> tiff)
    {
        if (tiff.Length < 8 || !(tiff.StartsWith("II*\0"u8) || tiff.StartsWith("MM\0*"u8)))
        {
            return 1;
        }

        var little = tiff[0] == 'I';
        uint Read32(ReadOnlySpan<byte> at) => little ? BinaryPrimitives.ReadUInt32LittleEndian(at) : BinaryPrimitives.ReadUInt32BigEndian(at);
        ushort Read16(ReadOnlySpan<byte> at) => little ? BinaryPrimitives.ReadUInt16LittleEndian(at) : BinaryPrimitives.ReadUInt16BigEndian(at);
        var seen = new HashSet<uint>();
        var offset = Read32(tiff[4..]);
        while (offset != 0 && offset + 2L <= tiff.Length && seen.Add(offset) && seen.Count <= PageCollector.MaxPages)
        {
            var entries = Read16(tiff[(int)offset..]);
            var next = offset + 2L + entries * 12L;
            if (next + 4 > tiff.Length)
            {
                break;
            }

            offset = Read32(tiff[(int)next..]);
        }

        return Math.Max(1, seen.Count);
    }
}
