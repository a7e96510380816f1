using System.Runtime.InteropServices;
using System.Text;

namespace CallCenterRecognition.Evidence;

/// <summary>Reads the text of an uploaded document page by page: PDF text layers, OCR for images and pages without
/// text, Word and Excel files, e-mails with their attachments, plain text.</summary>
public sealed class TextExtractor(OcrEngine ocr)
{
    /// <summary>Extracts the text of a document whose content type was already verified from its bytes. Never throws
    /// for a bad document: a corrupt or hostile file comes back failed with a short reason. Only cancellation
    /// throws.</summary>
    /// <param name="content">The document's bytes.</param>
    /// <param name="fileName">The name it was uploaded under (used for nothing but messages).</param>
    /// <param name="contentType">The verified content type (application/pdf, image/png, image/jpeg, image/tiff, the
    /// OOXML word and sheet types, message/rfc822, text/plain).</param>
    /// <param name="cancellationToken">Stops the extraction.</param>
    public Task<ExtractedText> ExtractAsync(ReadOnlyMemory<byte> content, string fileName, string contentType, CancellationToken cancellationToken) =>
        ExtractAsync(content, fileName, contentType, 0, cancellationToken);

    internal OcrEngine Ocr => ocr;

    internal async Task<ExtractedText> ExtractAsync(ReadOnlyMemory<byte> content, string fileName, string contentType, int depth, CancellationToken cancellationToken)
    {
        var type = (contentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        var pages = new PageCollector();
        try
        {
            switch (type)
            {
                case ContentSniffer.Pdf:
                    await PdfTextReader.ReadAsync(Bytes(content), ocr, pages, cancellationToken).ConfigureAwait(false);
                    break;
                case ContentSniffer.Png or ContentSniffer.Jpeg or "image/jpg" or ContentSniffer.Tiff:
                    if (!ocr.IsAvailable)
                    {
                        return new ExtractedText(TextStatuses.Unavailable, ocr.UnavailableReason, []);
                    }

                    foreach (var page in await ocr.RecognizeImagePagesAsync(content, null, cancellationToken).ConfigureAwait(false))
                    {
                        pages.Add(page, byOcr: true);
                    }

                    break;
                case ContentSniffer.Docx:
                    WordTextReader.Read(Bytes(content), pages);
                    break;
                case ContentSniffer.Xlsx:
                    SheetTextReader.Read(Bytes(content), pages);
                    break;
                case ContentSniffer.Mail:
                    await MailTextReader.ReadAsync(Bytes(content), this, depth, pages, cancellationToken).ConfigureAwait(false);
                    break;
                case ContentSniffer.PlainText or "text/csv":
                    pages.Add(Utf8(content.Span));
                    break;
                default:
                    break;
            }

            return pages.Result();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is OcrException or UnreadableException)
        {
            return pages.Failed(e.Message);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return pages.Failed($"The {Kind(type)} could not be read ({Short(e)})");
        }
    }

    /// <summary>At most what the page cap can hold, decoded as UTF-8 (invalid bytes become U+FFFD).</summary>
    private static string Utf8(ReadOnlySpan<byte> bytes)
    {
        var limit = Math.Min(bytes.Length, PageCollector.MaxChars * 4);
        var text = Encoding.UTF8.GetString(bytes[..limit]);
        return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
    }

    private static byte[] Bytes(ReadOnlyMemory<byte> content) =>
        MemoryMarshal.TryGetArray(content, out var segment) && segment.Array is { } array && segment.Offset == 0 && segment.Count == array.Length
            ? array
            : content.ToArray();

    private static string Kind(string type) => type switch
    {
        ContentSniffer.Pdf => "PDF",
        ContentSniffer.Docx => "Word document",
        ContentSniffer.Xlsx => "spreadsheet",
        ContentSniffer.Mail => "e-mail",
        _ => "file",
    };

    /// <summary>The exception's kind and first line, short: enough to tell a truncated file from a broken structure.</summary>
    private static string Short(Exception e)
    {
        var line = e.Message.Split('\n')[0].Trim();
        return line.Length > 160 ? line[..160] + "…" : line;
    }
}
