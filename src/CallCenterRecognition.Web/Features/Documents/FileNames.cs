namespace CallCenterRecognition.Web.Features.Documents;

// The original file name is kept for display and as the download name; it must never be able to act as a path.
public static class FileNames
{
    public const int MaxLength = 255;

    private static readonly HashSet<string> ReservedDevices = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL", "CLOCK$", "CONIN$", "CONOUT$",
        "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    // Null when the name is acceptable; otherwise why not.
    public static string? Problem(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "has no file name";
        }

        if (name.Length > MaxLength)
        {
            return $"must be at most {MaxLength} characters";
        }

        if (name.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029' or '\u202E' or '\u202D' or '\u200E' or '\u200F'))
        {
            return "must not contain control characters";
        }

        if (name.IndexOfAny(['/', '\\', ':']) >= 0)
        {
            return "must not contain path separators";
        }

        if (name.Contains("..", StringComparison.Ordinal) || name.Trim() is "." or "")
        {
            return "must not contain '..'";
        }

        if (name != name.Trim() || name.EndsWith('.'))
        {
            return "must not start or end with spaces or end with a dot";
        }

        if (name.IndexOfAny(['<', '>', '"', '|', '?', '*']) >= 0)
        {
            return "must not contain < > \" | ? *";
        }

        var stem = name.Split('.')[0].TrimEnd();
        if (ReservedDevices.Contains(stem))
        {
            return "must not be a reserved device name";
        }

        return null;
    }
}
