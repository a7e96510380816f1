namespace CallCenterRecognition.Web.Features.Documents;

// An upload hashed and checked in a temp file, not yet in any store; disposing deletes the temp file.
public sealed class StagedContent(string path) : IAsyncDisposable
{
    public string Path { get; } = path;

    public StoredContent Result { get; private set; } = new(StoreFailure.None);

    public string Sha256 => Result.Sha256;

    public long Size => Result.Size;

    internal StagedContent With(StoredContent result)
    {
        Result = result;
        return this;
    }

    public ValueTask DisposeAsync()
    {
        File.Delete(Path);
        return ValueTask.CompletedTask;
    }
}
