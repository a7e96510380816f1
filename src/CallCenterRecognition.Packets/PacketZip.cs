using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace CallCenterRecognition.Packets;

/// <summary>The filing bundle: the packet PDF plus every exhibit's original bytes, including those not merged.</summary>
public static class PacketZip
{
    private const int MaxNameLength = 120;

    /// <summary>
    /// Writes a ZIP holding <c>&lt;ClaimNumber&gt;-packet.pdf</c> and each exhibit original as
    /// <c>exhibits/&lt;Letter&gt;-&lt;sanitised file name&gt;</c>, letters matching the packet's.
    /// </summary>
    /// <param name="request">The request the packet was built from (same exhibit order).</param>
    /// <param name="packetPdf">The built packet, read from its current position; left open.</param>
    /// <param name="output">Writable stream receiving the ZIP; left open.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void Write(PacketRequest request, Stream packetPdf, Stream output)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Claim);
        ArgumentNullException.ThrowIfNull(packetPdf);
        ArgumentNullException.ThrowIfNull(output);

        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: Encoding.UTF8);
        var claim = SanitiseFileName(request.Claim.ClaimNumber, "claim");
        var packetEntry = zip.CreateEntry($"{claim}-packet.pdf", CompressionLevel.Optimal);
        packetEntry.LastWriteTime = Clamp(new DateTimeOffset(request.Claim.PreparedOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        using (var target = packetEntry.Open())
        {
            packetPdf.CopyTo(target);
        }

        var exhibits = request.Exhibits ?? [];
        for (var i = 0; i < exhibits.Count; i++)
        {
            var exhibit = exhibits[i];
            var name = $"exhibits/{ExhibitPlan.LetterFor(i)}-{SanitiseFileName(exhibit.FileName, "document")}";
            // Photos and PDFs are already compressed; deflating them again costs CPU for nothing.
            var level = ExhibitPlan.KindOf(exhibit.ContentType) == ExhibitKind.Other ? CompressionLevel.Optimal : CompressionLevel.Fastest;
            var entry = zip.CreateEntry(name, level);
            entry.LastWriteTime = Clamp(exhibit.ReceivedAt);
            using var target = entry.Open();
            using var source = exhibit.Open();
            source.CopyTo(target);
        }
    }

    /// <summary>
    /// Reduces a user-supplied file name to one safe path segment on any OS: no separators, no traversal, no controls
    /// or invisible bidi characters (which can disguise an extension), no characters Windows forbids, bounded length.
    /// </summary>
    /// <param name="fileName">Name as uploaded.</param>
    /// <param name="fallback">Used when nothing usable remains.</param>
    /// <returns>A name safe to extract anywhere.</returns>
    public static string SanitiseFileName(string? fileName, string fallback = "file")
    {
        var sb = new StringBuilder();
        foreach (var rune in (fileName ?? string.Empty).EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned)
            {
                continue;
            }
            var value = rune.Value;
            if (value is '/' or '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|' || category == UnicodeCategory.SpaceSeparator && value != ' ')
            {
                sb.Append(value is ' ' or '\u00A0' ? ' ' : '_');
                continue;
            }
            if (value == '.' && sb.Length > 0 && sb[^1] == '.')
            {
                continue;
            }
            sb.Append(rune.ToString());
        }
        var name = sb.ToString().Trim().TrimStart('.', '_', '-', ' ').TrimEnd('.', ' ');
        if (name.Length > MaxNameLength)
        {
            var extension = Path.GetExtension(name);
            if (extension.Length is 0 or > 12)
            {
                extension = string.Empty;
            }
            var stem = name[..^extension.Length];
            var cut = MaxNameLength - extension.Length;
            if (char.IsHighSurrogate(stem[cut - 1]))
            {
                cut--;
            }
            name = stem[..cut].TrimEnd('.', ' ') + extension;
        }
        return name.Length == 0 ? fallback : name;
    }

    private static DateTimeOffset Clamp(DateTimeOffset value)
    {
        var min = new DateTimeOffset(1980, 1, 2, 0, 0, 0, TimeSpan.Zero);
        var max = new DateTimeOffset(2107, 12, 30, 0, 0, 0, TimeSpan.Zero);
        return value < min ? min : value > max ? max : value;
    }
}
