using System.IO.Compression;

namespace CallCenterRecognition.Evidence;

/// <summary>Refuses a Word or Excel file whose parts unpack to more than a sane size (a zip bomb) before the OpenXML
/// reader inflates them.</summary>
internal static class OpenXmlGuard
{
    private const long MaxUnpackedBytes = 256L << 20;

    public static void Check(byte[] content, string kind)
    {
        using var zip = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
        long total = 0;
        foreach (var entry in zip.Entries)
        {
            total += entry.Length;
            if (total > MaxUnpackedBytes)
            {
                throw new UnreadableException($"The {kind} unpacks to more than {MaxUnpackedBytes >> 20} MB");
            }
        }
    }
}
