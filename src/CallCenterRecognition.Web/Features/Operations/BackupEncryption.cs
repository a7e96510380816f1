using System.Buffers.Binary;
using System.Security.Cryptography;

namespace CallCenterRecognition.Web.Features.Operations;

// A backup holds every member's data: with a passphrase it is written as AES-256-GCM in 1 MiB chunks (so neither side
// holds the archive in memory), the key from PBKDF2-SHA256. Each chunk's nonce carries its number and whether it is
// the last, so chunks cannot be reordered, dropped or cut off without the tag failing.
public static class BackupEncryption
{
    private static readonly byte[] Magic = "CCRBAK\u0001\u0000"u8.ToArray();
    private const int ChunkBytes = 1 << 20;
    private const int TagBytes = 16;
    private const int SaltBytes = 16;
    private const int PrefixBytes = 7;
    private const int HeaderBytes = 8 + 4 + SaltBytes + PrefixBytes;

    // OWASP's 2023 figure for PBKDF2-HMAC-SHA256: about half a second here, per guess, for whoever holds a stolen copy.
    public const int Iterations = 600_000;

    public static bool IsEncrypted(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> start = stackalloc byte[Magic.Length];
        return stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false) == start.Length && start.SequenceEqual(Magic);
    }

    public static async Task EncryptAsync(string source, string target, string passphrase, CancellationToken cancellationToken = default)
    {
        var header = new byte[HeaderBytes];
        Magic.CopyTo(header, 0);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), Iterations);
        RandomNumberGenerator.Fill(header.AsSpan(12, SaltBytes + PrefixBytes));
        using var gcm = new AesGcm(Key(passphrase, header.AsSpan(12, SaltBytes), Iterations), TagBytes);

        await using var input = File.OpenRead(source);
        await using var output = File.Create(target);
        await output.WriteAsync(header, cancellationToken);
        var plain = new byte[ChunkBytes];
        var next = new byte[ChunkBytes];
        var cipher = new byte[ChunkBytes];
        var tag = new byte[TagBytes];
        var length = await input.ReadAtLeastAsync(plain, ChunkBytes, throwOnEndOfStream: false, cancellationToken);
        for (uint counter = 0; ; counter++)
        {
            var nextLength = length == ChunkBytes ? await input.ReadAtLeastAsync(next, ChunkBytes, throwOnEndOfStream: false, cancellationToken) : 0;
            var last = nextLength == 0;
            gcm.Encrypt(Nonce(header, counter, last), plain.AsSpan(0, length), cipher.AsSpan(0, length), tag, header);
            var size = new byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(size, length);
            await output.WriteAsync(size, cancellationToken);
            await output.WriteAsync(cipher.AsMemory(0, length), cancellationToken);
            await output.WriteAsync(tag, cancellationToken);
            if (last)
            {
                break;
            }

            (plain, next) = (next, plain);
            length = nextLength;
        }

        await output.FlushAsync(cancellationToken);
        output.Flush(flushToDisk: true);
    }

    /// <exception cref="InvalidDataException">A wrong passphrase, or a file changed or cut short; nothing is left at <paramref name="target"/>.</exception>
    public static async Task DecryptAsync(string source, string target, string passphrase, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var input = File.OpenRead(source);
            var header = new byte[HeaderBytes];
            await input.ReadExactlyAsync(header, cancellationToken);
            if (!header.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            {
                throw new InvalidDataException($"{source} is not an encrypted backup of this app.");
            }

            var iterations = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(8));
            if (iterations is < 100_000 or > 10_000_000)
            {
                throw new InvalidDataException($"{source}: the backup's header is damaged.");
            }

            using var gcm = new AesGcm(Key(passphrase, header.AsSpan(12, SaltBytes), iterations), TagBytes);
            await using var output = File.Create(target);
            var cipher = new byte[ChunkBytes];
            var plain = new byte[ChunkBytes];
            var tag = new byte[TagBytes];
            var size = new byte[4];
            for (uint counter = 0; ; counter++)
            {
                await input.ReadExactlyAsync(size, cancellationToken);
                var length = BinaryPrimitives.ReadInt32LittleEndian(size);
                if (length is < 0 or > ChunkBytes)
                {
                    throw new InvalidDataException($"{source}: the backup is damaged.");
                }

                await input.ReadExactlyAsync(cipher.AsMemory(0, length), cancellationToken);
                await input.ReadExactlyAsync(tag, cancellationToken);
                var last = input.Position == input.Length;
                try
                {
                    gcm.Decrypt(Nonce(header, counter, last), cipher.AsSpan(0, length), tag, plain.AsSpan(0, length), header);
                }
                catch (AuthenticationTagMismatchException)
                {
                    throw new InvalidDataException(counter == 0
                        ? "The passphrase does not open this backup (or the file was changed)."
                        : $"{source} was changed or cut short: chunk {counter} does not verify.");
                }

                await output.WriteAsync(plain.AsMemory(0, length), cancellationToken);
                if (last)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException)
        {
            File.Delete(target);
            throw ex as InvalidDataException ?? new InvalidDataException($"{source} was cut short.", ex);
        }
    }

    private static byte[] Key(string passphrase, ReadOnlySpan<byte> salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(passphrase, salt, iterations, HashAlgorithmName.SHA256, 32);

    private static byte[] Nonce(byte[] header, uint counter, bool last)
    {
        var nonce = new byte[12];
        header.AsSpan(12 + SaltBytes, PrefixBytes).CopyTo(nonce);
        nonce[PrefixBytes] = last ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(nonce.AsSpan(8), counter);
        return nonce;
    }
}
