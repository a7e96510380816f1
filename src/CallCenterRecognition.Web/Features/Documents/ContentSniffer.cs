using System.IO.Compression;
using System.Text;

namespace CallCenterRecognition.Web.Features.Documents;

// Decides a document's type from its bytes; the name and the browser's content type are not believed.
public static class ContentSniffer
{
    public const string Pdf = "application/pdf";
    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";
    public const string Tiff = "image/tiff";
    public const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string Eml = "message/rfc822";
    public const string Text = "text/plain";

    public static readonly IReadOnlyList<string> AcceptedDescription = ["PDF", "PNG", "JPEG", "TIFF", "Word (.docx)", "Excel (.xlsx)", "e-mail (.eml)", "plain text"];

    private static readonly string[] HeaderNames =
    [
        "from", "to", "cc", "bcc", "subject", "date", "message-id", "received", "return-path", "mime-version", "reply-to", "sender",
        "delivered-to", "content-type", "content-transfer-encoding", "x-", "dkim-signature", "authentication-results", "thread-topic", "thread-index", "in-reply-to", "references", "arc-",
    ];

    // Null when the content is not an accepted type.
    public static string? Detect(string path)
    {
        Span<byte> head = stackalloc byte[8];
        int read;
        using (var stream = File.OpenRead(path))
        {
            read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        head = head[..read];
        if (head.StartsWith("%PDF-"u8))
        {
            return Pdf;
        }

        if (head.StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }))
        {
            return Png;
        }

        if (head.StartsWith(new byte[] { 0xFF, 0xD8, 0xFF }))
        {
            return Jpeg;
        }

        if (head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8))
        {
            return Tiff;
        }

        if (head.StartsWith("PK\u0003\u0004"u8))
        {
            return OfficeType(path);
        }

        var bytes = File.ReadAllBytes(path);
        if (Array.IndexOf(bytes, (byte)0) >= 0 || !IsUtf8(bytes))
        {
            return null;
        }

        return LooksLikeEmail(bytes) ? Eml : Text;
    }

    private static string? OfficeType(string path)
    {
        try
        {
            using var zip = ZipFile.OpenRead(path);
            if (zip.GetEntry("[Content_Types].xml") is null)
            {
                return null;
            }

            if (zip.Entries.Any(e => e.FullName.StartsWith("word/", StringComparison.Ordinal)))
            {
                return Docx;
            }

            return zip.Entries.Any(e => e.FullName.StartsWith("xl/", StringComparison.Ordinal)) ? Xlsx : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static bool IsUtf8(byte[] bytes)
    {
        try
        {
            new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetCharCount(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    // RFC 5322: ASCII header fields from the first line, at least one of them a known message header, then a blank line.
    private static bool LooksLikeEmail(byte[] bytes)
    {
        if (bytes.Any(b => b > 0x7F))
        {
            return false;
        }

        var text = Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, 64 * 1024));
        var lines = text.Split('\n');
        var known = 0;
        var fields = 0;
        foreach (var raw in lines)
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0)
            {
                return fields > 0 && known > 0;
            }

            if (line[0] is ' ' or '\t')
            {
                if (fields == 0)
                {
                    return false;
                }

                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || line[..colon].Any(c => c is <= ' ' or > '~'))
            {
                return false;
            }

            fields++;
            var name = line[..colon].ToLowerInvariant();
            if (HeaderNames.Any(h => h.EndsWith('-') ? name.StartsWith(h, StringComparison.Ordinal) : name == h))
            {
                known++;
            }
        }

        return false;
    }
}
