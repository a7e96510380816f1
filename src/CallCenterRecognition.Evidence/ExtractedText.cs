namespace CallCenterRecognition.Evidence;

/// <summary>Where a document's text extraction stands; the values are stored and shown as they are.</summary>
public static class TextStatuses
{
    /// <summary>Uploaded, not yet read.</summary>
    public const string Pending = "pending";
    /// <summary>Read; the pages hold the text (possibly empty pages).</summary>
    public const string Done = "done";
    /// <summary>Reading failed; the reason says why (corrupt file, time or memory limit).</summary>
    public const string Failed = "failed";
    /// <summary>The text needs OCR and OCR is not installed on this machine.</summary>
    public const string Unavailable = "unavailable";
}

/// <summary>The text of one document, page by page (page 1 first), and how it was obtained.</summary>
/// <param name="Status">One of <see cref="TextStatuses"/>.</param>
/// <param name="Reason">Why the status is failed or unavailable; null when done.</param>
/// <param name="Pages">The text of each page; a non-paged format (e-mail, spreadsheet, text) is one page.</param>
/// <param name="OcrPages">How many of the pages were read by OCR.</param>
public sealed record ExtractedText(string Status, string? Reason, IReadOnlyList<string> Pages, int OcrPages = 0)
{
    /// <summary>A failed extraction with its reason and no pages.</summary>
    public static ExtractedText Fail(string reason) => new(TextStatuses.Failed, reason, []);
}
