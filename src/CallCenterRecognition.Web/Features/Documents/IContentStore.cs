using CallCenterRecognition.Web.Data;

namespace CallCenterRecognition.Web.Features.Documents;

// Where document bytes live, by SHA-256: files under data/documents, chunks in PostgreSQL, or objects in an S3 bucket.
public interface IContentStore
{
    // files, database or s3 (ContentStores).
    string Kind { get; }

    // True where PutAsync must run inside the transaction that writes the rows naming the content.
    bool WritesInDatabaseTransaction { get; }

    // The stored size, or null when nothing is stored under the hash.
    Task<long?> SizeAsync(string sha256, CancellationToken cancellationToken);

    // Lazy: nothing is fetched until the caller reads, and then no more than a chunk at a time where the store allows.
    Stream Open(string sha256);

    // Stores the staged bytes under their hash; the same bytes stored again stay one copy but count as freshly written.
    // db is the context whose open transaction the content joins (WritesInDatabaseTransaction), else null.
    Task PutAsync(StagedContent staged, AppDbContext? db, CancellationToken cancellationToken);

    // What the orphan sweep should look at: content last written at or before the cutoff, with when; a store that can tell
    // in the same query leaves out content a document or frozen packet names.
    IAsyncEnumerable<(string Sha256, DateTime WrittenUtc)> ListWrittenBeforeAsync(DateTime cutoffUtc, CancellationToken cancellationToken);

    // Removes the content if nothing wrote it since the cutoff (and, where the store can tell in one statement, no row names it).
    Task<bool> DeleteIfNotWrittenSinceAsync(string sha256, DateTime cutoffUtc, CancellationToken cancellationToken);
}
