namespace CallCenterRecognition.Web.Features.DocumentText;

// "DocumentText" in configuration; OCR's own settings are under "DocumentText:Ocr".
public sealed class DocumentTextOptions
{
    // Off: documents stay pending (tests that measure uploads alone, or a machine that must not spend CPU on it).
    public bool Enabled { get; set; } = true;

    // A suggestion below this only shows; it does not move a document the uploader asked the suggester to file.
    public double MinimumConfidence { get; set; } = 0.4;

    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan DocumentTimeout { get; set; } = TimeSpan.FromMinutes(10);

    // How often an idle reader looks for documents uploaded through another instance.
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);
}
