using System.Net;
using System.Security.Cryptography;
using System.Text;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Documents;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static CallCenterRecognition.Web.Tests.Api;
using static CallCenterRecognition.Web.Tests.DocumentSupport;

namespace CallCenterRecognition.Web.Tests;

// The database store: two instances with separate data/ folders over one PostgreSQL database (in both passes of the suite).
public sealed class SharedDocumentStoreTests : IDisposable
{
    private readonly string connectionString = TestDatabase.CreatePostgresDatabase();
    private readonly AppFactory first;
    private readonly AppFactory second;

    public SharedDocumentStoreTests()
    {
        first = AppFactory.OnPostgres(connectionString);
        second = AppFactory.OnPostgres(connectionString);
        foreach (var factory in new[] { first, second })
        {
            // The text reader would read a 20 MB text beside the test; what is read is not what these tests look at.
            factory.Settings["DocumentText:Enabled"] = "false";
        }
    }

    public void Dispose()
    {
        first.Dispose();
        second.Dispose();
        TestDatabase.DropPostgresDatabase(connectionString);
    }

    private static async Task<(HttpClient Rep, string ClaimId)> ClaimInDocumentCollectionAsync(AppFactory factory, string unit)
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var rep = await factory.ClientForAsync(Rep1);
        var claim = await OpenAsync(mrc, NewClaim(unit));
        claim = await FireOkAsync(mrc, claim, "refer", new { representativeId = await factory.UserIdAsync(Rep1) });
        claim = await FireOkAsync(rep, claim, "accept");
        return (rep, Id(claim));
    }

    [Fact]
    public async Task Download_UploadedOnOneInstance_SameBytesFromTheOtherWithItsOwnDataFolder()
    {
        Assert.NotEqual(first.DocumentsRoot, second.DocumentsRoot);
        var (rep, claimId) = await ClaimInDocumentCollectionAsync(first, "Shared Store Unit");
        var bytes = Encoding.UTF8.GetBytes("Duty statement: answers claimant calls through the ACD queue all day.\n");
        var uploaded = await UploadAsync(rep, claimId, bytes, "duty-on-a.txt");
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var documentUrl = uploaded.Headers.Location!.OriginalString;

        var onSecond = await second.ClientForAsync(Rep1);
        var download = await onSecond.GetAsync(documentUrl + "/content");

        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());
        // Nothing of it is a file on either instance: the content is in the database both read.
        Assert.DoesNotContain(StoredFiles(first), f => !f.StartsWith("database/", StringComparison.Ordinal) && !f.Contains(".incoming", StringComparison.Ordinal));
        Assert.DoesNotContain(StoredFiles(second), f => !f.StartsWith("database/", StringComparison.Ordinal) && !f.Contains(".incoming", StringComparison.Ordinal));
        Assert.Contains("database/" + Convert.ToHexStringLower(SHA256.HashData(bytes)), StoredFiles(second));

        // The packet the other instance draws reads the document too.
        var packet = await onSecond.GetAsync($"/api/claims/{claimId}/packet.pdf?draft=true");
        Assert.Equal(HttpStatusCode.OK, packet.StatusCode);
        var text = string.Concat(PdfText(await packet.Content.ReadAsByteArrayAsync()).Where(c => !char.IsWhiteSpace(c)));
        Assert.Contains("duty-on-a.txt", text, StringComparison.Ordinal);
        Assert.Contains("answersclaimantcalls", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_TransactionRolledBack_LeavesNoContent()
    {
        _ = first.CreateClient();
        var bytes = Encoding.UTF8.GetBytes($"A rolled-back upload {Guid.NewGuid()}\n");
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var store = first.Services.GetRequiredService<DocumentStore>();
        Assert.Equal(ContentStores.Database, store.Content.Kind);

        await using (var scope = first.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await using var staged = await store.StageAsync(new MemoryStream(bytes), sniff: true, CancellationToken.None);
            Assert.Equal(StoreFailure.None, staged.Result.Failure);
            await Assert.ThrowsAsync<InvalidOperationException>(() => store.SaveWithAsync<int>(db, staged, async () =>
            {
                // The content is written by now, inside the transaction the failing row write then rolls back.
                Assert.Equal(1L, await ScalarAsync<long>("""SELECT COUNT(*) FROM "DocumentContentChunks" WHERE "Sha256" = $1""", sha, db.Database.GetDbConnection() as NpgsqlConnection));
                throw new InvalidOperationException("the row could not be written");
            }, CancellationToken.None));
        }

        Assert.Null(await store.Content.SizeAsync(sha, CancellationToken.None));
        Assert.Equal(0L, await ScalarAsync<long>("""SELECT COUNT(*) FROM "DocumentContentChunks" WHERE "Sha256" = $1""", sha));
        Assert.Equal(0L, await ScalarAsync<long>("""SELECT COUNT(*) FROM "DocumentContents" WHERE "Sha256" = $1""", sha));
    }

    [Fact]
    public async Task Download_TwentyMegabyteDocument_StreamsOneMegabyteChunkAtATime()
    {
        var (rep, claimId) = await ClaimInDocumentCollectionAsync(first, "Large Document Unit");
        var bytes = LargeText(20 * 1024 * 1024);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var uploaded = await UploadAsync(rep, claimId, bytes, "queue-log.txt", "phone-codes");
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        Assert.Equal(20L, await ScalarAsync<long>("""SELECT COUNT(*) FROM "DocumentContentChunks" WHERE "Sha256" = $1""", sha));
        Assert.Equal((long)DatabaseContentStore.ChunkBytes, await ScalarAsync<long>("""SELECT MAX(octet_length("Data"))::bigint FROM "DocumentContentChunks" WHERE "Sha256" = $1""", sha));

        var onSecond = await second.ClientForAsync(Rep1);
        using (var response = await onSecond.GetAsync(uploaded.Headers.Location!.OriginalString + "/content", HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await using var body = await response.Content.ReadAsStreamAsync();
            Assert.Equal(sha, Convert.ToHexStringLower(await SHA256.HashDataAsync(body)));
        }

        // What the download endpoint reads from: one chunk fetched as the reader reaches it, never more than one held.
        await using var stream = second.Services.GetRequiredService<DocumentStore>().Open(sha);
        var chunked = Assert.IsType<ChunkedReadStream>(stream);
        Assert.Equal(0, chunked.ChunksFetched);
        var head = new byte[100];
        await stream.ReadExactlyAsync(head);
        Assert.Equal(bytes[..100], head);
        Assert.Equal(1, chunked.ChunksFetched);
        stream.Seek(-10, SeekOrigin.End);
        var tail = new byte[10];
        await stream.ReadExactlyAsync(tail);
        Assert.Equal(bytes[^10..], tail);
        Assert.Equal(2, chunked.ChunksFetched);
        stream.Position = 0;
        Assert.Equal(sha, Convert.ToHexStringLower(await SHA256.HashDataAsync(stream)));
        Assert.Equal(22, chunked.ChunksFetched);
        Assert.Equal(DatabaseContentStore.ChunkBytes, chunked.LargestChunkHeld);
    }

    [Fact]
    public async Task Sweep_OnDatabaseStore_RemovesAnOldOrphanAndKeepsReferencedContent()
    {
        // Both running first, so each one's start-up sweep is over before anything ages.
        _ = second.CreateClient();
        var (rep, claimId) = await ClaimInDocumentCollectionAsync(first, "Sweep Unit");
        var referencedBytes = Encoding.UTF8.GetBytes($"Referenced {Guid.NewGuid()}\n");
        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(rep, claimId, referencedBytes, "kept.txt")).StatusCode);
        var store = first.Services.GetRequiredService<DocumentStore>();
        var orphan = await store.SaveAsync(new MemoryStream(LargeText(1_500_000)), sniff: false, CancellationToken.None);
        var referenced = Convert.ToHexStringLower(SHA256.HashData(referencedBytes));
        var freshOrphan = await store.SaveAsync(new MemoryStream(Encoding.UTF8.GetBytes($"Fresh {Guid.NewGuid()}")), sniff: false, CancellationToken.None);
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var age = new NpgsqlCommand("""UPDATE "DocumentContents" SET "WrittenAt" = now() - interval '2 hours' WHERE "Sha256" <> $1""", connection);
            age.Parameters.AddWithValue(freshOrphan.Sha256);
            await age.ExecuteNonQueryAsync();
        }

        var result = await second.Services.GetRequiredService<StoreSweeper>().SweepAsync(CancellationToken.None);

        Assert.Equal(1, result.OrphansRemoved);
        Assert.Null(await store.Content.SizeAsync(orphan.Sha256, CancellationToken.None));
        Assert.Equal(0L, await ScalarAsync<long>("""SELECT COUNT(*) FROM "DocumentContentChunks" WHERE "Sha256" = $1""", orphan.Sha256));
        Assert.Equal(referencedBytes.Length, await store.Content.SizeAsync(referenced, CancellationToken.None));
        Assert.NotNull(await store.Content.SizeAsync(freshOrphan.Sha256, CancellationToken.None));
    }

    private async Task<T> ScalarAsync<T>(string sql, string parameter, NpgsqlConnection? connection = null)
    {
        var own = connection is null ? new NpgsqlConnection(connectionString) : null;
        try
        {
            if (own is not null)
            {
                await own.OpenAsync();
            }

            await using var command = new NpgsqlCommand(sql, connection ?? own);
            command.Parameters.AddWithValue(parameter);
            return (T)(await command.ExecuteScalarAsync())!;
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }

    internal static byte[] LargeText(int size)
    {
        var text = new StringBuilder(size + 100);
        for (var line = 1; text.Length < size; line++)
        {
            text.Append("Line ").Append(line).Append(": call answered from the ACD queue, aux code 2, wrap-up 30 s.\n");
        }

        return Encoding.ASCII.GetBytes(text.ToString(0, size));
    }

    private static string PdfText(byte[] pdf)
    {
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        return string.Join("\n", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
    }
}
