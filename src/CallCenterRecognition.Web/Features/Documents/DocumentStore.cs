using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace CallCenterRecognition.Web.Features.Documents;

public sealed class DocumentOptions
{
    // Relative to the working directory; kept outside wwwroot so nothing stored is ever served as a static file.
    public string Root { get; set; } = Path.Combine("data", "documents");

    public long MaxBytes { get; set; } = 25 * 1024 * 1024;

    public double MaxImageMegapixels { get; set; } = 40;

    // What a Word or Excel file may unpack to, and how much more than its zip that may be: a zip bomb is refused at the door.
    public long MaxUncompressedBytes { get; set; } = 200L * 1024 * 1024;

    public long MaxCompressionRatio { get; set; } = 200;
}

public enum StoreFailure
{
    None,
    Empty,
    TooLarge,
    UnsupportedType,
}

public sealed record StoredContent(StoreFailure Failure, string Sha256 = "", long Size = 0, string ContentType = "", string? Reason = null);

// Content-addressed files: data/documents/ab/cd/abcd…; the same bytes uploaded twice are one file.
public sealed class DocumentStore(IOptions<DocumentOptions> options)
{
    public string Root { get; } = Path.GetFullPath(options.Value.Root);

    public long MaxBytes => options.Value.MaxBytes;

    public static string RelativePath(string sha256) => Path.Combine(sha256[..2], sha256[2..4], sha256);

    public static bool IsSha256(string? text) => text is { Length: 64 } && text.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    public string PathOf(string sha256) =>
        IsSha256(sha256) ? Path.Combine(Root, RelativePath(sha256)) : throw new ArgumentException("Not a SHA-256.", nameof(sha256));

    public bool Exists(string sha256) => IsSha256(sha256) && File.Exists(PathOf(sha256));

    public Stream Open(string sha256) => new FileStream(PathOf(sha256), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);

    // Copies to a temp file in the store (same file system), hashing and counting; checks the type; then fsyncs and renames into place.
    public async Task<StoredContent> SaveAsync(Stream content, bool sniff, CancellationToken cancellationToken, long? maxBytes = null)
    {
        var limit = maxBytes ?? MaxBytes;
        var temporary = TempPath();
        try
        {
            string sha256;
            long size = 0;
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    size += read;
                    if (size > limit)
                    {
                        return new StoredContent(StoreFailure.TooLarge);
                    }

                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }

                await file.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
                sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
            }

            if (size == 0)
            {
                return new StoredContent(StoreFailure.Empty);
            }

            var type = sniff ? ContentSniffer.Detect(temporary) : ContentSniffer.Pdf;
            if (type is null)
            {
                return new StoredContent(StoreFailure.UnsupportedType);
            }

            if (sniff && ContentVerifier.Problem(temporary, type, options.Value) is { } problem)
            {
                return new StoredContent(StoreFailure.UnsupportedType, Reason: problem);
            }

            var target = PathOf(sha256);
            if (File.Exists(target))
            {
                // Reused content counts as fresh, so the orphan sweep leaves it alone while this upload commits its row.
                File.SetLastWriteTimeUtc(target, DateTime.UtcNow);
            }
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                try
                {
                    File.Move(temporary, target, overwrite: false);
                    SyncDirectory(Path.GetDirectoryName(target)!);
                }
                catch (IOException) when (File.Exists(target))
                {
                    // The same bytes arrived at the same moment from someone else.
                }
            }

            return new StoredContent(StoreFailure.None, sha256, size, type);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public string IncomingFolder => Path.Combine(Root, ".incoming");

    // Every stored file, by its hash, with when it was last written.
    public IEnumerable<(string Sha256, string Path, DateTime WrittenUtc)> Files()
    {
        if (!Directory.Exists(Root))
        {
            yield break;
        }

        foreach (var path in Directory.EnumerateFiles(Root, "*", new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 2 }))
        {
            var name = System.IO.Path.GetFileName(path);
            if (IsSha256(name) && PathOf(name) == path)
            {
                yield return (name, path, File.GetLastWriteTimeUtc(path));
            }
        }
    }

    private string TempPath()
    {
        var folder = Path.Combine(Root, ".incoming");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, Guid.NewGuid().ToString("N") + ".tmp");
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
