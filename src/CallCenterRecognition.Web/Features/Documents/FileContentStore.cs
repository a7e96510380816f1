using CallCenterRecognition.Web.Data;
using Microsoft.Extensions.Options;

namespace CallCenterRecognition.Web.Features.Documents;

// Content-addressed files: data/documents/ab/cd/abcd…, renamed into place from the staging folder on the same file system.
public sealed class FileContentStore(IOptions<DocumentOptions> options) : IContentStore
{
    public string Root { get; } = Path.GetFullPath(options.Value.Root);

    public string Kind => ContentStores.Files;

    public bool WritesInDatabaseTransaction => false;

    public string PathOf(string sha256) => Path.Combine(Root, DocumentStore.RelativePath(sha256));

    public Task<long?> SizeAsync(string sha256, CancellationToken cancellationToken) =>
        Task.FromResult(new FileInfo(PathOf(sha256)) is { Exists: true } file ? file.Length : (long?)null);

    public Stream Open(string sha256) => new FileStream(PathOf(sha256), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);

    public Task PutAsync(StagedContent staged, AppDbContext? db, CancellationToken cancellationToken)
    {
        var target = PathOf(staged.Sha256);
        if (File.Exists(target))
        {
            // Reused content counts as fresh, so the orphan sweep leaves it alone while this upload commits its row.
            File.SetLastWriteTimeUtc(target, DateTime.UtcNow);
            return Task.CompletedTask;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        try
        {
            File.Move(staged.Path, target, overwrite: false);
            SyncDirectory(Path.GetDirectoryName(target)!);
        }
        catch (IOException) when (File.Exists(target))
        {
            // The same bytes arrived at the same moment from someone else.
        }

        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<(string Sha256, DateTime WrittenUtc)> ListWrittenBeforeAsync(DateTime cutoffUtc, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        if (!Directory.Exists(Root))
        {
            yield break;
        }

        foreach (var path in Directory.EnumerateFiles(Root, "*", new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 2 }))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = Path.GetFileName(path);
            if (DocumentStore.IsSha256(name) && PathOf(name) == path && File.GetLastWriteTimeUtc(path) is var written && written <= cutoffUtc)
            {
                yield return (name, written);
            }
        }
    }

    public Task<bool> DeleteIfNotWrittenSinceAsync(string sha256, DateTime cutoffUtc, CancellationToken cancellationToken)
    {
        // Checked again just before deleting: an upload of the same bytes refreshes the file's time before committing its row.
        var path = PathOf(sha256);
        if (!File.Exists(path) || File.GetLastWriteTimeUtc(path) > cutoffUtc)
        {
            return Task.FromResult(false);
        }

        try
        {
            File.Delete(path);
            return Task.FromResult(true);
        }
        catch (IOException)
        {
            return Task.FromResult(false);
        }
    }

    // The rename is durable only once the directory entry is on disk; not possible (or needed) on Windows.
    private static void SyncDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        try
        {
            using var handle = File.OpenHandle(directory, FileMode.Open, FileAccess.Read);
            RandomAccess.FlushToDisk(handle);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Some file systems refuse to open directories; the file itself is already synced.
        }
    }
}
