namespace CallCenterRecognition.Evidence;

/// <summary>The type of an e-mail attachment, from its first bytes where they say it, otherwise from the type the
/// sender declared or the file's extension; attachments were never verified on upload.</summary>
internal static class ContentSniffer
{
    public const string Pdf = "application/pdf";
    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";
    public const string Tiff = "image/tiff";
    public const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string Mail = "message/rfc822";
    public const string PlainText = "text/plain";

    public static string Sniff(ReadOnlySpan<byte> content, string declared, string fileName)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        declared = declared.ToLowerInvariant();
        if (content.StartsWith("%PDF-"u8))
        {
            return Pdf;
        }

        if (content.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47]))
        {
            return Png;
        }

        if (content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return Jpeg;
        }

        if (content.StartsWith("II*\0"u8) || content.StartsWith("MM\0*"u8))
        {
            return Tiff;
        }

        if (content.StartsWith("PK\u0003\u0004"u8))
        {
            return declared == Docx || extension == ".docx" ? Docx
                : declared == Xlsx || extension == ".xlsx" ? Xlsx
                : "application/zip";
        }

        return declared == Mail || extension == ".eml" ? Mail
            : declared == PlainText || extension is ".txt" or ".csv" ? PlainText
            : declared;
    }
}
