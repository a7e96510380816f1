using System.Globalization;
using System.Text;

namespace CallCenterRecognition.Packets;

/// <summary>Plain text (UTF-8) set line for line in a monospace face, long lines wrapped.</summary>
internal static class TextExhibit
{
    private const float Size = 8.5f;

    public static void Typeset(TypesetPages pages, ExhibitPlan plan, ExhibitConversion conversion, CancellationToken cancellationToken)
    {
        using var stream = plan.Exhibit.Open();
        var (text, cut) = Read(stream, ExhibitConversion.MaxCharacters);
        Lines(pages, text, conversion.Mono, Size, cancellationToken);
        if (cut && !pages.Full)
        {
            CutLine(pages);
        }
    }

    /// <summary>Up to <paramref name="maxCharacters"/> characters, invalid UTF-8 replaced; true when there was more.</summary>
    public static (string Text, bool Cut) Read(Stream stream, int maxCharacters)
    {
        using var reader = new StreamReader(stream, new UTF8Encoding(false, false), detectEncodingFromByteOrderMarks: false);
        // UTF-8 never decodes to more chars than bytes, so a known length bounds the buffer.
        var size = stream.CanSeek ? (int)Math.Min(maxCharacters + 1L, Math.Max(0, stream.Length - stream.Position) + 1) : maxCharacters + 1;
        var buffer = new char[size];
        var read = reader.ReadBlock(buffer, 0, buffer.Length);
        if (read > maxCharacters)
        {
            return (new string(buffer, 0, maxCharacters), true);
        }
        // A seekable stream may have grown since its length was read.
        return (new string(buffer, 0, read), read == buffer.Length && reader.Peek() >= 0);
    }

    /// <summary>Cleans and sets text line by line; leading spaces are kept (as no-break spaces) so indented text stays aligned.</summary>
    public static void Lines(TypesetPages pages, string text, SkiaSharp.SKTypeface face, float size, CancellationToken cancellationToken)
    {
        var cleaned = Typesetter.Clean(text, multiline: true);
        var lineHeight = TypesetPages.LineHeight(size);
        foreach (var raw in cleaned.Split('\n'))
        {
            if (pages.Full)
            {
                return;
            }
            cancellationToken.ThrowIfCancellationRequested();
            var line = raw.TrimEnd();
            if (line.Length == 0)
            {
                if (pages.Room(lineHeight))
                {
                    pages.Y += lineHeight;
                }
                continue;
            }
            var indent = line.Length - line.TrimStart(' ').Length;
            if (indent > 0)
            {
                line = new string('\u00A0', Math.Min(indent, 40)) + line[indent..];
            }
            pages.Text(line, face, size, PageFlow.Ink);
        }
    }

    public static void CutLine(TypesetPages pages) =>
        pages.Text(
            string.Create(CultureInfo.InvariantCulture, $"Cut here: only the first {ExhibitConversion.MaxCharacters:N0} characters are typeset; the rest is in the original, which accompanies the packet."),
            pages.Type.Bold, 8.5f, new SkiaSharp.SKColor(0x9B, 0x1C, 0x1C));
}
