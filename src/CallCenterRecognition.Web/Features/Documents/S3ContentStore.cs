using System.Net;
using System.Runtime.CompilerServices;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using CallCenterRecognition.Web.Data;

namespace CallCenterRecognition.Web.Features.Documents;

public sealed class S3StoreOptions
{
    public string? ServiceUrl { get; set; }

    public string? Bucket { get; set; }

    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    public string Region { get; set; } = "us-east-1";

    // Most S3-compatible servers (MinIO, Ceph, Garage) answer path-style addresses; AWS itself takes both.
    public bool ForcePathStyle { get; set; } = true;
}

// Content as objects of an S3-compatible bucket, keyed by SHA-256; read back in 1 MiB byte ranges.
public sealed class S3ContentStore : IContentStore, IDisposable
{
    public const int RangeBytes = 1024 * 1024;

    private readonly AmazonS3Client client;
    private readonly string bucket;

    public S3ContentStore(S3StoreOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ServiceUrl) || string.IsNullOrWhiteSpace(options.Bucket))
        {
            throw new InvalidOperationException("Documents:Store is s3 but Documents:S3:ServiceUrl or Documents:S3:Bucket is empty.");
        }

        bucket = options.Bucket;
        var config = new AmazonS3Config
        {
            ServiceURL = options.ServiceUrl,
            ForcePathStyle = options.ForcePathStyle,
            AuthenticationRegion = options.Region,
            // The SDK's default trailing checksums (aws-chunked bodies) are not understood by every S3-compatible server.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        AWSCredentials credentials = options.AccessKey is { Length: > 0 }
            ? new BasicAWSCredentials(options.AccessKey, options.SecretKey ?? string.Empty)
            : new AnonymousAWSCredentials();
        client = new AmazonS3Client(credentials, config);
    }

    public string Kind => ContentStores.S3;

    public bool WritesInDatabaseTransaction => false;

    public async Task<long?> SizeAsync(string sha256, CancellationToken cancellationToken)
    {
        try
        {
            var metadata = await client.GetObjectMetadataAsync(bucket, sha256, cancellationToken);
            return metadata.ContentLength;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public Stream Open(string sha256) => new ChunkedReadStream(new Ranges(client, bucket, sha256));

    // Always written: the same key with the same bytes, which also refreshes LastModified for the orphan sweep.
    public async Task PutAsync(StagedContent staged, AppDbContext? db, CancellationToken cancellationToken) =>
        await client.PutObjectAsync(
            new PutObjectRequest { BucketName = bucket, Key = staged.Sha256, FilePath = staged.Path, ContentType = "application/octet-stream", UseChunkEncoding = false },
            cancellationToken);

    public async IAsyncEnumerable<(string Sha256, DateTime WrittenUtc)> ListWrittenBeforeAsync(DateTime cutoffUtc, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = new ListObjectsV2Request { BucketName = bucket };
        ListObjectsV2Response response;
        do
        {
            response = await client.ListObjectsV2Async(request, cancellationToken);
            foreach (var item in response.S3Objects ?? [])
            {
                if (DocumentStore.IsSha256(item.Key) && item.LastModified?.ToUniversalTime() is { } modified && modified <= cutoffUtc)
                {
                    yield return (item.Key, modified);
                }
            }

            request.ContinuationToken = response.NextContinuationToken;
        }
        while (response.IsTruncated == true);
    }

    public async Task<bool> DeleteIfNotWrittenSinceAsync(string sha256, DateTime cutoffUtc, CancellationToken cancellationToken)
    {
        try
        {
            var metadata = await client.GetObjectMetadataAsync(bucket, sha256, cancellationToken);
            if (metadata.LastModified is not { } modified || modified.ToUniversalTime() > cutoffUtc)
            {
                return false;
            }
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        await client.DeleteObjectAsync(bucket, sha256, cancellationToken);
        return true;
    }

    public void Dispose() => client.Dispose();

    private sealed class Ranges(AmazonS3Client client, string bucket, string sha256) : ChunkedReadStream.Source
    {
        public override (long Length, int ChunkBytes) Describe() => DescribeAsync(CancellationToken.None).GetAwaiter().GetResult();

        public override async Task<(long Length, int ChunkBytes)> DescribeAsync(CancellationToken cancellationToken)
        {
            try
            {
                var metadata = await client.GetObjectMetadataAsync(bucket, sha256, cancellationToken);
                return (metadata.ContentLength, RangeBytes);
            }
            catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
            {
                throw new FileNotFoundException($"Document {sha256} is not in the bucket.", ex);
            }
        }

        public override byte[] Fetch(int chunk, long start, int count) => FetchAsync(chunk, start, count, CancellationToken.None).GetAwaiter().GetResult();

        public override async Task<byte[]> FetchAsync(int chunk, long start, int count, CancellationToken cancellationToken)
        {
            using var response = await client.GetObjectAsync(
                new GetObjectRequest { BucketName = bucket, Key = sha256, ByteRange = new ByteRange(start, start + count - 1) },
                cancellationToken);
            var bytes = new byte[count];
            await using var body = response.ResponseStream;
            await body.ReadExactlyAsync(bytes, cancellationToken);
            return bytes;
        }
    }
}
