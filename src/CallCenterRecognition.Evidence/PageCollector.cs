namespace CallCenterRecognition.Evidence;

/// <summary>Gathers a document's pages under the caps (pages and characters), so a hostile file cannot make the text
/// outgrow memory; it also carries why a page could not be read by OCR.</summary>
internal sealed class PageCollector
{
    public const int MaxPages = 500;
    public const int MaxChars = 2_000_000;

    private readonly List<string> pages = [];
    private long chars;

    public IReadOnlyList<string> Pages => pages;

    public int OcrPages { get; private set; }

    /// <summary>Set when a page needed OCR and OCR (or PDF rendering) is missing.</summary>
    public string? UnavailableReason { get; set; }

    /// <summary>No more pages or text fit; readers stop at the next page.</summary>
    public bool Full => pages.Count >= MaxPages || chars >= MaxChars;

    /// <summary>Adds a page (normalised); false once the caps are reached.</summary>
    public bool Add(string text, bool byOcr = false)
    {
        if (Full)
        {
            return false;
        }

        var page = TextNormalizer.Normalize(text);
        var room = MaxChars - chars;
        if (page.Length > room)
        {
            page = page[..(int)room];
        }

        pages.Add(page);
        chars += page.Length;
        OcrPages += byOcr ? 1 : 0;
        return true;
    }

    /// <summary>Adds the pages another extraction gave (an e-mail's attachment), the first with a heading line.</summary>
    public void AddAll(ExtractedText part, string heading)
    {
        for (var i = 0; i < part.Pages.Count; i++)
        {
            Add(i == 0 ? heading + "\n" + part.Pages[i] : part.Pages[i]);
        }

        OcrPages += part.OcrPages;
        if (part.Status == TextStatuses.Unavailable)
        {
            UnavailableReason ??= part.Reason;
        }
    }

    public ExtractedText Result() =>
        UnavailableReason is { } reason
            ? new ExtractedText(TextStatuses.Unavailable, reason, pages, OcrPages)
            : new ExtractedText(TextStatuses.Done, null, pages, OcrPages);

    public ExtractedText Failed(string reason) => new(TextStatuses.Failed, reason, pages, OcrPages);
}
