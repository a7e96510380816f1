using System.Runtime.CompilerServices;
using CallCenterRecognition.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace CallCenterRecognition.Web.Features.Documents;

// Content inside PostgreSQL, where every instance reads it: a DocumentContents row per SHA-256 and its bytes in 1 MiB
// DocumentContentChunks rows (bytea), written in the upload's own transaction and read back one chunk per query.
public sealed class DatabaseContentStore(string connectionString) : IContentStore, IAsyncDisposable
{
    public const int ChunkBytes = 1024 * 1024;

    private readonly NpgsqlDataSource dataSource = NpgsqlDataSource.Create(connectionString);

    public string Kind => ContentStores.Database;

    public bool WritesInDatabaseTransaction => true;

    public async Task<long?> SizeAsync(string sha256, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""SELECT "Size" FROM "DocumentContents" WHERE "Sha256" = $1""");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = sha256 });
        return await command.ExecuteScalarAsync(cancellationToken) is long size ? size : null;
    }

    public Stream Open(string sha256) => new ChunkedReadStream(new Chunks(dataSource, sha256));

    public async Task PutAsync(StagedContent staged, AppDbContext? db, CancellationToken cancellationToken)
    {
        if (db?.Database.CurrentTransaction is { } current)
        {
            await WriteAsync((NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)current.GetDbTransaction(), staged, cancellationToken);
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await WriteAsync(connection, transaction, staged, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    // The upsert locks the content row until the transaction ends: a sweep deleting it waits, then sees it written now and
    // leaves it; an upload finding a sweep's delete under way waits, then writes the content anew.
    private static async Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, StagedContent staged, CancellationToken cancellationToken)
    {
        bool inserted;
        await using (var upsert = new NpgsqlCommand(
            """
            INSERT INTO "DocumentContents" ("Sha256", "Size", "ChunkBytes", "WrittenAt") VALUES ($1, $2, $3, now())
            ON CONFLICT ("Sha256") DO UPDATE SET "WrittenAt" = now()
            RETURNING xmax = 0
            """,
            connection,
            transaction))
        {
            upsert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = staged.Sha256 });
            upsert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = staged.Size });
            upsert.Parameters.Add(new NpgsqlParameter<int> { TypedValue = ChunkBytes });
            inserted = (bool)(await upsert.ExecuteScalarAsync(cancellationToken))!;
        }

        if (!inserted)
        {
            return;
        }

        await using var file = new FileStream(staged.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using var insert = new NpgsqlCommand("""INSERT INTO "DocumentContentChunks" ("Sha256", "Chunk", "Data") VALUES ($1, $2, $3)""", connection, transaction);
        var sha = new NpgsqlParameter<string> { TypedValue = staged.Sha256 };
        var index = new NpgsqlParameter<int>();
        var data = new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bytea };
        insert.Parameters.Add(sha);
        insert.Parameters.Add(index);
        insert.Parameters.Add(data);
        var buffer = new byte[ChunkBytes];
        for (var chunk = 0; ; chunk++)
        {
            var read = await file.ReadAtLeastAsync(buffer, ChunkBytes, throwOnEndOfStream: false, cancellationToken);
            if (read == 0)
            {
                break;
            }

            index.TypedValue = chunk;
            data.Value = read == ChunkBytes ? buffer : buffer[..read];
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    // Set-based, so a sweep over a large store is one query rather than two a document.
    public async IAsyncEnumerable<(string Sha256, DateTime WrittenUtc)> ListWrittenBeforeAsync(DateTime cutoffUtc, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT c."Sha256", c."WrittenAt" FROM "DocumentContents" c WHERE c."WrittenAt" <= $1
              AND NOT EXISTS (SELECT 1 FROM "Documents" d WHERE d."Sha256" = c."Sha256")
              AND NOT EXISTS (SELECT 1 FROM "PacketBuilds" b WHERE b."Sha256" = c."Sha256")
            """);
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = DateTime.SpecifyKind(cutoffUtc, DateTimeKind.Utc) });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return (reader.GetString(0), reader.GetFieldValue<DateTime>(1));
        }
    }

    // One statement: the content goes only while no document or frozen packet names it; its chunks follow by cascade.
    public async Task<bool> DeleteIfNotWrittenSinceAsync(string sha256, DateTime cutoffUtc, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            DELETE FROM "DocumentContents" c WHERE c."Sha256" = $1 AND c."WrittenAt" <= $2
              AND NOT EXISTS (SELECT 1 FROM "Documents" d WHERE d."Sha256" = c."Sha256")
              AND NOT EXISTS (SELECT 1 FROM "PacketBuilds" b WHERE b."Sha256" = c."Sha256")
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = sha256 });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = DateTime.SpecifyKind(cutoffUtc, DateTimeKind.Utc) });
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    // Each fetch takes a pooled connection for one query, so a slow reader holds no connection between chunks.
    private sealed class Chunks(NpgsqlDataSource dataSource, string sha256) : ChunkedReadStream.Source
    {
        public override (long Length, int ChunkBytes) Describe()
        {
            using var command = DescribeCommand();
            using var reader = command.ExecuteReader();
            return reader.Read() ? (reader.GetInt64(0), reader.GetInt32(1)) : throw Missing();
        }

        public override async Task<(long Length, int ChunkBytes)> DescribeAsync(CancellationToken cancellationToken)
        {
            await using var command = DescribeCommand();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? (reader.GetInt64(0), reader.GetInt32(1)) : throw Missing();
        }

        public override byte[] Fetch(int chunk, long start, int count)
        {
            using var command = FetchCommand(chunk);
            return command.ExecuteScalar() as byte[] ?? throw Missing();
        }

        public override async Task<byte[]> FetchAsync(int chunk, long start, int count, CancellationToken cancellationToken)
        {
            await using var command = FetchCommand(chunk);
            return await command.ExecuteScalarAsync(cancellationToken) as byte[] ?? throw Missing();
        }

        private NpgsqlCommand DescribeCommand()
        {
            var command = dataSource.CreateCommand("""SELECT "Size", "ChunkBytes" FROM "DocumentContents" WHERE "Sha256" = $1""");
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = sha256 });
            return command;
        }

        private NpgsqlCommand FetchCommand(int chunk)
        {
            var command = dataSource.CreateCommand("""SELECT "Data" FROM "DocumentContentChunks" WHERE "Sha256" = $1 AND "Chunk" = $2""");
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = sha256 });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = chunk });
            return command;
        }

        private FileNotFoundException Missing() => new($"Document {sha256} is not in the database store.");
    }
}
