namespace CallCenterRecognition.Evidence.Tests;

/// <summary>A test that needs tesseract: skipped where OCR is not installed, except under CI=true, where it runs (and
/// fails) so a build machine without OCR cannot pass by skipping.</summary>
public sealed class OcrFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Missing = new(() => new OcrEngine(new OcrOptions()).UnavailableReason);

    public OcrFactAttribute()
    {
        if (Missing.Value is { } reason && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = $"{reason} (scripts/ensure-deps.sh installs it)";
        }
    }
}
