namespace CallCenterRecognition.Evidence.Tests.LabelledSet;

/// <summary>How a labelled document is rendered to bytes before it is read back.</summary>
public enum SampleFormat { TextPdf, ScannedPdf, PhotoJpeg, Png, Docx, Xlsx, Eml, Text }

/// <summary>A passage the finder must quote: its kind, a phrase the quote must contain, and its page (1-based).</summary>
public sealed record ExpectedHighlight(string Kind, string Phrase, int Page = 1);

/// <summary>A document of the labelled set: its true category, the name it is uploaded under, how it is rendered, the
/// text of its pages (an e-mail's body; a spreadsheet's rows, cells split by " | ") and the highlights it must yield.</summary>
public sealed record LabelledDocument(
    string Category,
    string FileName,
    SampleFormat Format,
    IReadOnlyList<string> Pages,
    IReadOnlyList<ExpectedHighlight> Highlights,
    string? Subject = null,
    string From = "supervisor@edd.ca.gov",
    string To = "unit-staff@edd.ca.gov")
{
    /// <summary>The text a perfect reader would produce, page by page (an e-mail's headers above its body).</summary>
    public IReadOnlyList<string> TruthPages => Format == SampleFormat.Eml
        ? [$"From: {From}\nTo: {To}\nSubject: {Subject}\n\n{Pages[0]}"]
        : Pages;

    public override string ToString() => $"{Category}/{FileName}";
}

internal static class K
{
    public const string Center = HighlightKinds.CallsItselfCallCenter;
    public const string Time = HighlightKinds.TimeOnPhone;
    public const string Phone = HighlightKinds.PhoneSystem;
    public const string Volume = HighlightKinds.CallVolume;
    public const string Script = HighlightKinds.ScriptsAndCodes;
    public const string Service = HighlightKinds.CustomerService;

    public static ExpectedHighlight H(string kind, string phrase, int page = 1) => new(kind, phrase, page);
}
