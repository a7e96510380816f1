namespace CallCenterRecognition.Evidence;

/// <summary>A fresh temp folder only this user can open (mode 700), deleted with everything in it on dispose. Files in
/// it have fixed names; nothing a user supplied ever becomes part of a path.</summary>
internal sealed class PrivateFolder : IDisposable
{
    public PrivateFolder() => Path = Directory.CreateTempSubdirectory("ccr-ocr-").FullName;

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A killed process may still hold a file for a moment; the folder is in the temp area either way.
        }
    }
}
