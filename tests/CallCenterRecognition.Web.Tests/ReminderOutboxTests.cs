using CallCenterRecognition.Web.Features.Reminders;
using Microsoft.Extensions.Options;
using MimeKit;

namespace CallCenterRecognition.Web.Tests;

// The outbox writer on a real folder: one file per key, written whole under a temporary name and renamed into place.
public sealed class ReminderOutboxTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("ccr-outbox-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Send_SameKeyTwice_FirstMessageKeptAndNoTemporaryFileLeft()
    {
        var outbox = Outbox();
        await outbox.SendAsync(Message("First"), "reminder-1", CancellationToken.None);
        await outbox.SendAsync(Message("Second"), "reminder-1", CancellationToken.None);

        var file = Assert.Single(Directory.GetFiles(Path.Combine(folder, "outbox"), "*", SearchOption.AllDirectories));
        Assert.Equal("reminder-1.eml", Path.GetFileName(file));
        var stored = await MimeMessage.LoadAsync(file);
        Assert.Equal("First", stored.Subject);
        Assert.Equal("Dear member,\nthe text.\n", stored.TextBody?.ReplaceLineEndings("\n"));
        Assert.DoesNotContain("\n", (await File.ReadAllTextAsync(file)).Replace("\r\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_FolderRemovedWhileRunning_FolderMadeAgainAndMessageWritten()
    {
        var outbox = Outbox();
        await outbox.SendAsync(Message("Before"), "reminder-1", CancellationToken.None);
        Directory.Delete(Path.Combine(folder, "outbox"), recursive: true);

        await outbox.SendAsync(Message("After"), "reminder-2", CancellationToken.None);

        var file = Assert.Single(Directory.GetFiles(Path.Combine(folder, "outbox")));
        Assert.Equal("reminder-2.eml", Path.GetFileName(file));
        Assert.Equal("After", (await MimeMessage.LoadAsync(file)).Subject);
    }

    [Fact]
    public async Task Send_KeyWithPathCharacters_RefusedAndNothingWritten()
    {
        var outbox = Outbox();

        await Assert.ThrowsAsync<ArgumentException>(() => outbox.SendAsync(Message("Escape"), "../reminder-1", CancellationToken.None));

        Assert.Empty(Directory.Exists(Path.Combine(folder, "outbox")) ? Directory.GetFileSystemEntries(Path.Combine(folder, "outbox")) : []);
        Assert.Empty(Directory.GetFiles(folder, "*.eml", SearchOption.AllDirectories));
    }

    private OutboxEmailTransport Outbox() => new(Options.Create(new EmailOptions { OutboxPath = Path.Combine(folder, "outbox") }));

    private static MimeMessage Message(string subject)
    {
        var message = new MimeMessage { Subject = subject, Body = new TextPart("plain") { Text = "Dear member,\nthe text.\n" } };
        message.From.Add(new MailboxAddress("CCR", "no-reply@ccr.test"));
        message.To.Add(new MailboxAddress("Member", "member@example.org"));
        return message;
    }
}
