using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;
using UglyToad.PdfPig.Exceptions;
using UglyToad.PdfPig.Tokens;

namespace CallCenterRecognition.Evidence;

/// <summary>A PDF's text layer page by page; pages with (almost) no text are read by OCR.</summary>
internal static class PdfTextReader
{
    /// <summary>Fewer letters and digits than this on a page means it is a scan (perhaps with a stamped page number).</summary>
    private const int ScanThreshold = 16;

    public static async Task ReadAsync(byte[] content, OcrEngine ocr, PageCollector pages, CancellationToken cancellationToken)
    {
        PdfDocument document;
        try
        {
            document = PdfDocument.Open(content, new ParsingOptions { SkipMissingFonts = true });
        }
        catch (PdfDocumentEncryptedException)
        {
            throw new UnreadableException("The PDF is password-protected");
        }

        OcrEngine.PdfSession? session = null;
        try
        {
            for (var number = 1; number <= document.NumberOfPages && !pages.Full; number++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var page = document.GetPage(number);
                var text = ContentOrderTextExtractor.GetText(page, addDoubleNewline: true);
                var letters = text.Count(char.IsLetterOrDigit);
                if (letters >= ScanThreshold || (letters > 0 && page.NumberOfImages == 0))
                {
                    pages.Add(text);
                    continue;
                }

                if (ocr.PdfUnavailableReason is { } reason)
                {
                    pages.UnavailableReason ??= reason;
                    pages.Add(text);
                    continue;
                }

                string recognized;
                if (EmbeddedJpeg(page) is { } scan)
                {
                    try
                    {
                        recognized = string.Join('\n', await ocr.RecognizeImagePagesAsync(scan.Jpeg, scan.Dpi, cancellationToken).ConfigureAwait(false));
                    }
                    catch (OcrException e)
                    {
                        throw new OcrException(e.Message.Replace("OCR of the image", $"OCR of page {number}", StringComparison.Ordinal), e);
                    }
                }
                else
                {
                    session ??= await ocr.OpenPdfAsync(content, cancellationToken).ConfigureAwait(false);
                    recognized = await session.RecognizePageAsync(number, cancellationToken).ConfigureAwait(false);
                }

                var byOcr = recognized.Count(char.IsLetterOrDigit) > letters;
                pages.Add(byOcr ? recognized : text, byOcr);
            }
        }
        finally
        {
            session?.Dispose();
            document.Dispose();
        }
    }

    /// <summary>A page that is one upright JPEG covering it and nothing drawn over it (no redaction boxes) is handed to
    /// tesseract as it is, at its own resolution, which saves rendering the page; anything else is rendered.</summary>
    private static (byte[] Jpeg, int Dpi)? EmbeddedJpeg(Page page)
    {
        if (page.NumberOfImages != 1 || page.Rotation.Value != 0 || page.Paths.Count > 0)
        {
            return null;
        }

        var image = page.GetImages().Single();
        var filter = image.ImageDictionary.TryGet(NameToken.Filter, out var token) ? token : null;
        var isJpeg = filter is NameToken name ? name == NameToken.DctDecode
            : filter is ArrayToken { Length: 1 } array && array[0] is NameToken only && only == NameToken.DctDecode;
        var components = image.ColorSpaceDetails?.NumberOfColorComponents ?? 0;
        var bounds = image.BoundingBox;
        if (!isJpeg || image.IsImageMask || components is not (1 or 3) || Math.Abs(bounds.Rotation) > 0.01
            || bounds.Area < 0.8 * page.Width * page.Height || !DefaultDecode(image.Decode))
        {
            return null;
        }

        var dpi = (int)Math.Round(image.WidthInSamples / (bounds.Width / 72.0));
        return dpi is < 70 or > 1200 ? null : (image.RawMemory.ToArray(), dpi);
    }

    private static bool DefaultDecode(IReadOnlyList<double> decode)
    {
        for (var i = 0; i + 1 < decode.Count; i += 2)
        {
            if (decode[i] != 0 || decode[i + 1] != 1)
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>The document cannot be read; the message is the reason stored with it.</summary>
internal sealed class UnreadableException(string message) : Exception(message);
