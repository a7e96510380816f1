using System.Security.Cryptography;
using CallCenterRecognition.Web.Data;
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

    // files, database or s3; unset: files on SQLite, database on PostgreSQL (ContentStores.Kind).
    public string? Store { get; set; }

    public S3StoreOptions S3 { get; set; } = new();
}

public enum StoreFailure
{
    None,
    Empty,
    TooLarge,
    UnsupportedType,
}

public sealed record StoredContent(StoreFailure Failure, string Sha256 = "", long Size = 0, string ContentType = "", string? Reason = null);

// Content-addressed documents: the same bytes uploaded twice are stored once, under their SHA-256, in the configured
// content store. Every upload is staged in a temp file under Root first, hashed and checked there before any store sees it.
public sealed class DocumentStore(IOptions<DocumentOptions> options, IContentStore content)
{
    public string Root { get; } = Path.GetFullPath(options.Value.Root);

    public long MaxBytes => options.Value.MaxBytes;

    public IContentStore Content => content;

    public static string RelativePath(string sha256) => Path.Combine(sha256[..2], sha256[2..4], sha256);

    public static bool IsSha256(string? text) => text is { Length: 64 } && text.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    public async Task<bool> ExistsAsync(string sha256, CancellationToken cancellationToken) =>
        IsSha256(sha256) && await content.SizeAsync(sha256, cancellationToken) is not null;

    // Nothing is read until the caller reads; a missing document throws FileNotFoundException then.
    public Stream Open(string sha256) =>
        IsSha256(sha256) ? content.Open(sha256) : throw new ArgumentException("Not a SHA-256.", nameof(sha256));

    public string IncomingFolder => Path.Combine(Root, ".incoming");

    // Copies to a temp file, hashing and counting, and checks the type; the caller disposes the result, which deletes the file.
    public async Task<StagedContent> StageAsync(Stream source, bool sniff, CancellationToken cancellationToken, long? maxBytes = null)
    {
        var limit = maxBytes ?? MaxBytes;
        var staged = new StagedContent(TempPath());
        try
        {
            string sha256;
            long size = 0;
            await using (var file = new FileStream(staged.Path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    size += read;
                    if (size > limit)
                    {
                        return staged.With(new StoredContent(StoreFailure.TooLarge));
                    }

                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }

                await file.FlushAsync(cancellationToken);
                if (content.Kind == ContentStores.Files)
                {
                    // This very file is renamed into the store; elsewhere it is only read back.
                    file.Flush(flushToDisk: true);
                }

                sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
            }

            if (size == 0)
            {
                return staged.With(new StoredContent(StoreFailure.Empty));
            }

            var type = sniff ? ContentSniffer.Detect(staged.Path) : ContentSniffer.Pdf;
            if (type is null)
            {
                return staged.With(new StoredContent(StoreFailure.UnsupportedType));
            }

            if (sniff && ContentVerifier.Problem(staged.Path, type, options.Value) is { } problem)
            {
                return staged.With(new StoredContent(StoreFailure.UnsupportedType, Reason: problem));
            }

            return staged.With(new StoredContent(StoreFailure.None, sha256, size, type));
        }
        catch
        {
            await staged.DisposeAsync();
            throw;
        }
    }

    // Stages and stores on its own (frozen packets): a row naming it is written afterwards, and the sweep removes it if none ever is.
    public async Task<StoredContent> SaveAsync(Stream source, bool sniff, CancellationToken cancellationToken, long? maxBytes = null)
    {
        await using var staged = await StageAsync(source, sniff, cancellationToken, maxBytes);
        if (staged.Result.Failure == StoreFailure.None)
        {
            await content.PutAsync(staged, null, cancellationToken);
        }

        return staged.Result;
    }

    // Stores staged content together with the rows `save` writes: in the same transaction where the content lives in the
    // database (a rolled-back upload leaves nothing), before the rows elsewhere (a row never names missing content).
    public async Task<T> SaveWithAsync<T>(AppDbContext db, StagedContent staged, Func<Task<T>> save, CancellationToken cancellationToken)
    {
        if (!content.WritesInDatabaseTransaction)
        {
            await content.PutAsync(staged, null, cancellationToken);
            return await save();
        }

        if (db.Database.CurrentTransaction is not null)
        {
            // The caller's transaction decides for both.
            await content.PutAsync(staged, db, cancellationToken);
            return await save();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await content.PutAsync(staged, db, cancellationToken);
        var result = await save();
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private string TempPath()
    {
        Directory.CreateDirectory(IncomingFolder);
        return Path.Combine(IncomingFolder, Guid.NewGuid().ToString("N") + ".tmp");
    }
}
