using System.Security.Cryptography;
using System.Text;
using CallCenterRecognition.Web.Features.Documents;
using CallCenterRecognition.Web.Features.Operations;
using Microsoft.Extensions.Configuration;
using static CallCenterRecognition.Web.Tests.Api;

namespace CallCenterRecognition.Web.Tests;

// A backup holds every member's data: with a passphrase it is unreadable without it, and a wrong one changes nothing.
public sealed class BackupEncryptionTests : IDisposable
{
    private const string Passphrase = "correct horse battery staple 2026";
    private readonly string folder = Directory.CreateTempSubdirectory("ccr-backup-crypto-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Backup_WithPassphrase_RestoresOnlyWithItAndAWrongOneTouchesNothing()
    {
        // --backup is for the SQLite file, so this runs on SQLite in both passes of the suite.
        var appFolder = Path.Combine(folder, "app");
        Directory.CreateDirectory(appFolder);
        using var factory = new AppFactory(appFolder);
        var mrc = await factory.ClientForAsync(Mrc);
        await OpenAsync(mrc, NewClaim("Encrypted Backup Unit", member: "Quinn Backupmember", email: "quinn.backup@example.org"));
        DocumentBackup.Install();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Sqlite"] = $"Data Source={factory.DatabasePath}",
            ["Documents:Root"] = factory.DocumentsRoot,
        }).Build();
        var file = Path.Combine(folder, "ccr-backup.ccrbak");

        var manifest = await Backup.CreateAsync(configuration, file, TimeProvider.System, Passphrase);

        var raw = await File.ReadAllBytesAsync(file);
        Assert.True(BackupEncryption.IsEncrypted(file));
        Assert.DoesNotContain("quinn.backup@example.org", Encoding.Latin1.GetString(raw), StringComparison.Ordinal);
        Assert.DoesNotContain("manifest.json", Encoding.Latin1.GetString(raw), StringComparison.Ordinal);

        // Restoring into another place, as after losing the machine; the current database there must survive a wrong passphrase.
        var target = Path.Combine(folder, "restored", "ccr.db");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        await File.WriteAllTextAsync(target, "the current database");
        var restoreTo = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Sqlite"] = $"Data Source={target}",
            ["Documents:Root"] = factory.DocumentsRoot,
        }).Build();

        var wrong = await Assert.ThrowsAsync<InvalidDataException>(() => Backup.RestoreAsync(restoreTo, file, TimeProvider.System, "wrong passphrase"));
        Assert.Contains("passphrase does not open this backup", wrong.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Backup.RestoreAsync(restoreTo, file, TimeProvider.System, passphrase: null));
        Assert.Equal("the current database", await File.ReadAllTextAsync(target));
        Assert.Equal([target], Directory.GetFiles(Path.GetDirectoryName(target)!));

        var restored = await Backup.RestoreAsync(restoreTo, file, TimeProvider.System, Passphrase);

        Assert.Equal(manifest.DatabaseSha256, restored.Manifest.DatabaseSha256);
        Assert.Equal(manifest.Claims, restored.Manifest.Claims);
        Assert.NotNull(restored.PreviousDatabaseMovedTo);
        Assert.Equal("the current database", await File.ReadAllTextAsync(restored.PreviousDatabaseMovedTo));
    }

    [Fact]
    public async Task Decrypt_ChangedOrCutShort_RefusedAndLeavesNothing()
    {
        var plain = Path.Combine(folder, "plain.bin");
        var data = RandomNumberGenerator.GetBytes((5 << 19) + 123); // two and a half chunks
        await File.WriteAllBytesAsync(plain, data);
        var sealedFile = Path.Combine(folder, "sealed.bin");
        await BackupEncryption.EncryptAsync(plain, sealedFile, Passphrase);
        var opened = Path.Combine(folder, "opened.bin");

        await BackupEncryption.DecryptAsync(sealedFile, opened, Passphrase);
        Assert.Equal(data, await File.ReadAllBytesAsync(opened));

        var bytes = await File.ReadAllBytesAsync(sealedFile);
        var flipped = (byte[])bytes.Clone();
        flipped[^100] ^= 0x01;
        await File.WriteAllBytesAsync(sealedFile, flipped);
        await Assert.ThrowsAsync<InvalidDataException>(() => BackupEncryption.DecryptAsync(sealedFile, opened, Passphrase));
        Assert.False(File.Exists(opened));

        // Dropping the last chunk leaves a file whose new last chunk was not sealed as the last.
        var lastChunk = 4 + 123 + 16;
        await File.WriteAllBytesAsync(sealedFile, bytes[..^lastChunk]);
        await Assert.ThrowsAsync<InvalidDataException>(() => BackupEncryption.DecryptAsync(sealedFile, opened, Passphrase));
        Assert.False(File.Exists(opened));
    }
}
