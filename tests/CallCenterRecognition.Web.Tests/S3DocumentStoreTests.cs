using System.Net;
using System.Security.Cryptography;
using System.Text;
using CallCenterRecognition.Web.Features.Documents;
using CallCenterRecognition.Web.Features.Operations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using static CallCenterRecognition.Web.Tests.Api;
using static CallCenterRecognition.Web.Tests.DocumentSupport;

namespace CallCenterRecognition.Web.Tests;

// The s3 store against a real S3-compatible server (s3rver on loopback); SQLite in both passes, so the backup runs too.
public sealed class S3DocumentStoreTests : IDisposable
{
    private const string Bucket = "ccr-documents";
    private readonly S3Server s3 = S3Server.Start(Bucket, "ccr-empty");
    private readonly string folder = Directory.CreateTempSubdirectory("ccr-s3-app-").FullName;
    private readonly AppFactory factory;

    public S3DocumentStoreTests()
    {
        factory = new AppFactory(folder);
        foreach (var (key, value) in s3.Settings(Bucket))
        {
            factory.Settings[key] = value;
        }

        factory.Settings["DocumentText:Enabled"] = "false";
    }

    public void Dispose()
    {
        factory.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
        s3.Dispose();
    }

    private async Task<(HttpClient Rep, string ClaimId)> ClaimInDocumentCollectionAsync(string unit)
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var rep = await factory.ClientForAsync(Rep1);
        var claim = await OpenAsync(mrc, NewClaim(unit));
        claim = await FireOkAsync(mrc, claim, "refer", new { representativeId = await factory.UserIdAsync(Rep1) });
        claim = await FireOkAsync(rep, claim, "accept");
        return (rep, Id(claim));
    }

    [Fact]
    public async Task Upload_OnS3Store_IsAnObjectNamedByItsHashAndDownloadsTheSameBytes()
    {
        var (rep, claimId) = await ClaimInDocumentCollectionAsync("S3 Unit");
        var bytes = SharedDocumentStoreTests.LargeText(2_500_000);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));

        var uploaded = await UploadAsync(rep, claimId, bytes, "queue-log.txt", "phone-codes");
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var download = await rep.GetAsync(uploaded.Headers.Location!.OriginalString + "/content");

        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(sha, Convert.ToHexStringLower(SHA256.HashData(await download.Content.ReadAsByteArrayAsync())));
        // In the server's own folder under the bucket, not in the app's documents folder.
        Assert.Contains(Directory.EnumerateFiles(Path.Combine(s3.Folder, Bucket), "*", SearchOption.AllDirectories), f => Path.GetFileName(f).StartsWith(sha, StringComparison.Ordinal));
        Assert.DoesNotContain(StoredFiles(factory), f => Path.GetFileName(f) == sha);

        var store = factory.Services.GetRequiredService<DocumentStore>();
        Assert.Equal(ContentStores.S3, store.Content.Kind);
        await using var stream = store.Open(sha);
        var chunked = Assert.IsType<ChunkedReadStream>(stream);
        Assert.Equal(sha, Convert.ToHexStringLower(await SHA256.HashDataAsync(stream)));
        Assert.Equal(3, chunked.ChunksFetched);
    }

    [Fact]
    public async Task Sweep_OnS3Store_RemovesTheOrphanAndKeepsTheReferencedObject()
    {
        factory.Settings["Documents:Sweep:OrphanGraceMinutes"] = "0";
        var (rep, claimId) = await ClaimInDocumentCollectionAsync("S3 Sweep Unit");
        var referencedBytes = Encoding.UTF8.GetBytes($"Referenced {Guid.NewGuid()}\n");
        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(rep, claimId, referencedBytes, "kept.txt")).StatusCode);
        var store = factory.Services.GetRequiredService<DocumentStore>();
        var orphan = await store.SaveAsync(new MemoryStream(Encoding.UTF8.GetBytes($"Orphan {Guid.NewGuid()}")), sniff: false, CancellationToken.None);
        Assert.NotNull(await store.Content.SizeAsync(orphan.Sha256, CancellationToken.None));

        var result = await factory.Services.GetRequiredService<StoreSweeper>().SweepAsync(CancellationToken.None);

        Assert.Equal(1, result.OrphansRemoved);
        Assert.Null(await store.Content.SizeAsync(orphan.Sha256, CancellationToken.None));
        Assert.Equal(referencedBytes.Length, await store.Content.SizeAsync(Convert.ToHexStringLower(SHA256.HashData(referencedBytes)), CancellationToken.None));
    }

    [Fact]
    public async Task BackupManifest_OnS3Store_NamesTheStoreAndRestoreChecksTheBucket()
    {
        var (rep, claimId) = await ClaimInDocumentCollectionAsync("S3 Backup Unit");
        var bytes = Encoding.UTF8.GetBytes($"Backed up {Guid.NewGuid()}\n");
        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(rep, claimId, bytes, "backed-up.txt")).StatusCode);
        DocumentBackup.Install();
        var settings = new Dictionary<string, string?>(s3.Settings(Bucket)) { ["ConnectionStrings:Sqlite"] = $"Data Source={factory.DatabasePath}" };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        var manifest = await Backup.CreateAsync(configuration, Path.Combine(folder, "backups", "ccr.zip"), TimeProvider.System);

        Assert.Equal(ContentStores.S3, manifest.DocumentStore);
        var listed = Assert.Single(manifest.Documents, d => d.Sha256 == Convert.ToHexStringLower(SHA256.HashData(bytes)));
        Assert.True(Backup.DocumentPresent(configuration, listed));
        var emptyBucket = new ConfigurationBuilder().AddInMemoryCollection(s3.Settings("ccr-empty")).Build();
        Assert.False(Backup.DocumentPresent(emptyBucket, listed));
    }
}
