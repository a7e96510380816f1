namespace CallCenterRecognition.Evidence;

/// <summary>OCR of a page failed: past its time or memory limit, or the program could not read the input. The message
/// is short and safe to show and store as the document's reason.</summary>
public sealed class OcrException : Exception
{
    /// <summary>Creates the exception with its reason.</summary>
    public OcrException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with its reason.</summary>
    public OcrException()
    {
    }

    /// <summary>Creates the exception with its reason and cause.</summary>
    public OcrException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
