namespace CallCenterRecognition.Evidence;

/// <summary>How OCR runs: the programs it calls and the limits each page runs under.</summary>
public sealed record OcrOptions
{
    /// <summary>The tesseract program (Debian's tesseract-ocr).</summary>
    public string Tesseract { get; init; } = "tesseract";
    /// <summary>The pdftoppm program (Debian's poppler-utils) that renders PDF pages without text for OCR.</summary>
    public string Pdftoppm { get; init; } = "pdftoppm";
    /// <summary>Tesseract languages, joined with '+'; a language whose data is missing is left out.</summary>
    public string Languages { get; init; } = "eng+spa";
    /// <summary>Wall-clock limit for one page (render and recognize); the page fails past it.</summary>
    public TimeSpan PageTimeout { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>Address-space limit for one OCR process.</summary>
    public long PageMemoryBytes { get; init; } = 1L << 30;
    /// <summary>Resolution PDF pages are rendered at for OCR.</summary>
    public int Dpi { get; init; } = 300;
}

/// <summary>Optical character recognition through the tesseract program, one process per page.</summary>
public sealed class OcrEngine
{
    /// <summary>Creates the engine and probes whether tesseract can run.</summary>
    public OcrEngine(OcrOptions options) => throw new NotImplementedException();

    /// <summary>Whether tesseract (with at least one of the configured languages) runs on this machine.</summary>
    public bool IsAvailable => throw new NotImplementedException();

    /// <summary>Why OCR cannot run, for the health check and the document; null when it can.</summary>
    public string? UnavailableReason => throw new NotImplementedException();

    /// <summary>Recognizes the text of one image (PNG, JPEG or TIFF bytes).</summary>
    public Task<string> RecognizeImageAsync(ReadOnlyMemory<byte> image, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Renders one page (1-based) of a PDF and recognizes its text.</summary>
    public Task<string> RecognizePdfPageAsync(ReadOnlyMemory<byte> pdf, int page, CancellationToken cancellationToken) => throw new NotImplementedException();
}
