using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using CallCenterRecognition.Web.Data;
using Microsoft.Data.Sqlite;

namespace CallCenterRecognition.Web.Features.Operations;

// --backup / --restore: an online SQLite backup plus a manifest, in one zip file.
public static class Backup
{
    public const string DatabaseEntry = "database.sqlite";
    public const string ManifestEntry = "manifest.json";

    // DocumentStore names where the listed documents live (files, s3); null in backups made before stores could be chosen.
    public sealed record Manifest(int Format, DateTimeOffset CreatedAt, string DatabaseSha256, long DatabaseBytes, long Claims, long JournalEntries, IReadOnlyList<ManifestDocument> Documents, string? DocumentStore = null);

    public sealed record ManifestDocument(string Sha256, long Size);

    // Hooks for stores outside the database (documents): what to record, and how to check it on restore.
    public static Func<SqliteConnection, IReadOnlyList<ManifestDocument>> ListDocuments { get; set; } = _ => [];

    public static Func<IConfiguration, ManifestDocument, bool> DocumentPresent { get; set; } = (_, _) => true;

    public static Func<IConfiguration, string?> DocumentStoreKind { get; set; } = _ => null;

    public static async Task<Manifest> CreateAsync(IConfiguration configuration, string file, TimeProvider time, CancellationToken cancellationToken = default) =>
        await CreateAsync(configuration, file, time, passphrase: null, cancellationToken);

    /// <param name="passphrase">When given, the archive is encrypted (<see cref="BackupEncryption"/>).</param>
    public static async Task<Manifest> CreateAsync(IConfiguration configuration, string file, TimeProvider time, string? passphrase, CancellationToken cancellationToken = default)
    {
        RequireSqlite(configuration);
        var target = Path.GetFullPath(file);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var snapshot = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.sqlite");
        try
        {
            Manifest manifest;
            await using (var source = new SqliteConnection(DatabaseSetup.SqliteConnectionString(configuration)))
            await using (var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = snapshot, Pooling = false }.ToString()))
            {
                await source.OpenAsync(cancellationToken);
                await destination.OpenAsync(cancellationToken);

                // SQLite's online backup copies a consistent snapshot while the app keeps writing.
                source.BackupDatabase(destination);
                await using (var journalMode = destination.CreateCommand())
                {
                    journalMode.CommandText = "PRAGMA journal_mode=DELETE;";
                    await journalMode.ExecuteNonQueryAsync(cancellationToken);
                }

                manifest = new Manifest(
                    1,
                    time.GetUtcNow(),
                    string.Empty,
                    0,
                    await CountAsync(destination, "Claims", cancellationToken),
                    await CountAsync(destination, "JournalEntries", cancellationToken),
                    ListDocuments(destination),
                    DocumentStoreKind(configuration));
            }

            var bytes = new FileInfo(snapshot).Length;
            manifest = manifest with { DatabaseSha256 = await Sha256Async(snapshot, cancellationToken), DatabaseBytes = bytes };
            var temporary = target + ".partial";
            await using (var zipStream = File.Create(temporary))
            await using (var zip = new ZipArchive(zipStream, ZipArchiveMode.Create))
            {
                await zip.CreateEntryFromFileAsync(snapshot, DatabaseEntry, CompressionLevel.Optimal, cancellationToken);
                var entry = zip.CreateEntry(ManifestEntry);
                await using var stream = await entry.OpenAsync(cancellationToken);
                await JsonSerializer.SerializeAsync(stream, manifest, JsonOptions, cancellationToken);
            }

            if (passphrase is { Length: > 0 })
            {
                var encrypted = target + ".encrypting";
                try
                {
                    await BackupEncryption.EncryptAsync(temporary, encrypted, passphrase, cancellationToken);
                }
                finally
                {
                    File.Delete(temporary);
                }

                temporary = encrypted;
            }

            File.Move(temporary, target, overwrite: true);
            return manifest;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(snapshot);
        }
    }

    public sealed record RestoreResult(Manifest Manifest, string DatabasePath, string? PreviousDatabaseMovedTo, int MissingDocuments);

    // Run with the app stopped: the current database file is kept beside the restored one, never overwritten.
    public static async Task<RestoreResult> RestoreAsync(IConfiguration configuration, string file, TimeProvider time, CancellationToken cancellationToken = default) =>
        await RestoreAsync(configuration, file, time, passphrase: null, cancellationToken);

    // A wrong passphrase is found on the first chunk, before anything next to the current database is touched.
    public static async Task<RestoreResult> RestoreAsync(IConfiguration configuration, string file, TimeProvider time, string? passphrase, CancellationToken cancellationToken = default)
    {
        RequireSqlite(configuration);
        if (!BackupEncryption.IsEncrypted(file))
        {
            return await RestoreArchiveAsync(configuration, file, file, time, cancellationToken);
        }

        if (passphrase is not { Length: > 0 })
        {
            throw new InvalidOperationException($"{file} is encrypted: give its passphrase with --passphrase (or Backup:Passphrase).");
        }

        var archive = Path.Combine(Path.GetTempPath(), $"ccr-restore-{Guid.NewGuid():N}.zip");
        try
        {
            await BackupEncryption.DecryptAsync(file, archive, passphrase, cancellationToken);
            return await RestoreArchiveAsync(configuration, file, archive, time, cancellationToken);
        }
        finally
        {
            File.Delete(archive);
        }
    }

    private static async Task<RestoreResult> RestoreArchiveAsync(IConfiguration configuration, string file, string archive, TimeProvider time, CancellationToken cancellationToken)
    {
        var databasePath = new SqliteConnectionStringBuilder(DatabaseSetup.SqliteConnectionString(configuration)).DataSource;
        var staging = databasePath + ".restoring";
        Manifest manifest;
        await using (var zipStream = File.OpenRead(archive))
        await using (var zip = new ZipArchive(zipStream, ZipArchiveMode.Read))
        {
            var manifestEntry = zip.GetEntry(ManifestEntry) ?? throw new InvalidDataException($"{file} has no {ManifestEntry}: not a backup of this app.");
            await using (var stream = await manifestEntry.OpenAsync(cancellationToken))
            {
                manifest = await JsonSerializer.DeserializeAsync<Manifest>(stream, JsonOptions, cancellationToken)
                    ?? throw new InvalidDataException($"{file}: the manifest is empty.");
            }

            var databaseEntry = zip.GetEntry(DatabaseEntry) ?? throw new InvalidDataException($"{file} has no {DatabaseEntry}.");
            await databaseEntry.ExtractToFileAsync(staging, overwrite: true, cancellationToken);
        }

        if (await Sha256Async(staging, cancellationToken) != manifest.DatabaseSha256)
        {
            File.Delete(staging);
            throw new InvalidDataException($"{file}: the database does not match the checksum in its manifest.");
        }

        await using (var check = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = staging, Pooling = false }.ToString()))
        {
            await check.OpenAsync(cancellationToken);
            await using var command = check.CreateCommand();
            command.CommandText = "PRAGMA integrity_check;";
            var verdict = (string?)await command.ExecuteScalarAsync(cancellationToken);
            if (verdict != "ok")
            {
                throw new InvalidDataException($"{file}: the database fails SQLite's integrity check: {verdict}");
            }
        }

        string? movedTo = null;
        if (File.Exists(databasePath))
        {
            movedTo = $"{databasePath}.before-restore-{time.GetUtcNow():yyyyMMddHHmmss}";
            File.Move(databasePath, movedTo);
            foreach (var suffix in new[] { "-wal", "-shm" })
            {
                if (File.Exists(databasePath + suffix))
                {
                    File.Move(databasePath + suffix, movedTo + suffix);
                }
            }
        }

        File.Move(staging, databasePath);
        var missing = manifest.Documents.Count(d => !DocumentPresent(configuration, d));
        return new RestoreResult(manifest, databasePath, movedTo, missing);
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private static void RequireSqlite(IConfiguration configuration)
    {
        if (DatabaseSetup.Provider(configuration) != DatabaseProvider.Sqlite)
        {
            throw new InvalidOperationException("--backup and --restore work on the embedded SQLite database; back up PostgreSQL with pg_dump.");
        }
    }

    private static async Task<long> CountAsync(SqliteConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }
}
