namespace CallCenterRecognition.Evidence;

/// <summary>Reads the text of an uploaded document page by page: PDF text layers, OCR for images and pages without
/// text, Word and Excel files, e-mails with their attachments, plain text.</summary>
public sealed class TextExtractor(OcrEngine ocr)
{
    /// <summary>Extracts the text of a document whose content type was already verified from its bytes.</summary>
    /// <param name="content">The document's bytes.</param>
    /// <param name="fileName">The name it was uploaded under (used for nothing but messages).</param>
    /// <param name="contentType">The verified content type (application/pdf, image/png, image/jpeg, image/tiff, the
    /// OOXML word and sheet types, message/rfc822, text/plain).</param>
    /// <param name="cancellationToken">Stops the extraction.</param>
    public Task<ExtractedText> ExtractAsync(ReadOnlyMemory<byte> content, string fileName, string contentType, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    internal OcrEngine Ocr => ocr;
}
