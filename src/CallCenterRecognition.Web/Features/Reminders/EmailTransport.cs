using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace CallCenterRecognition.Web.Features.Reminders;

public interface IEmailTransport
{
    // key names the message for idempotency: the same key is delivered once where the transport can tell.
    Task SendAsync(MimeMessage message, string key, CancellationToken cancellationToken);

    // True when a second send with the same key delivers nothing (the outbox): a batch of reminders may then be marked sent
    // in one commit after all its messages went, since a crash before it resends nothing. Otherwise each is marked on its own.
    bool DeliversOncePerKey => false;

    // Several messages over one connection where the transport has one; by default each goes on its own.
    Task<IEmailSession> OpenSessionAsync(CancellationToken cancellationToken) => Task.FromResult<IEmailSession>(new OneByOne(this));

    private sealed class OneByOne(IEmailTransport transport) : IEmailSession
    {
        public Task SendAsync(MimeMessage message, string key, CancellationToken cancellationToken) => transport.SendAsync(message, key, cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

public interface IEmailSession : IAsyncDisposable
{
    Task SendAsync(MimeMessage message, string key, CancellationToken cancellationToken);
}

// The embedded default: one .eml file per message; the file name comes from the key, so a retried send writes nothing twice.
public sealed class OutboxEmailTransport(IOptions<EmailOptions> options) : IEmailTransport
{
    public string Folder { get; } = Path.GetFullPath(options.Value.OutboxPath);

    private bool folderMade;

    public bool DeliversOncePerKey => true;

    public Task SendAsync(MimeMessage message, string key, CancellationToken cancellationToken)
    {
        try
        {
            Write(message, key, cancellationToken);
            return Task.CompletedTask;
        }
        catch (Exception ex)
        {
            return Task.FromException(ex);
        }
    }

    // Synchronous on purpose: a message is a few kilobytes formatted in memory and written with one call; the asynchronous
    // file stream cost more than the write. The temporary name is new, so it is created exclusively (no truncation, which
    // makes ext4 flush the file on close) and renamed into place whole.
    private void Write(MimeMessage message, string key, CancellationToken cancellationToken)
    {
        if (key.Length == 0 || key.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '-'))
        {
            throw new ArgumentException("An outbox key is letters, digits and hyphens.", nameof(key));
        }

        if (!folderMade)
        {
            Directory.CreateDirectory(Folder);
            folderMade = true;
        }

        var path = Path.Combine(Folder, key + ".eml");
        if (File.Exists(path))
        {
            return;
        }

        using var buffer = new MemoryStream(4096);
        MailFormat.ForTheWire(message).WriteTo(MailFormat.Wire, buffer, cancellationToken);
        var temporary = Path.Combine(Folder, $".{key}.{Guid.NewGuid():N}.tmp");
        var moved = false;
        try
        {
            Microsoft.Win32.SafeHandles.SafeFileHandle handle;
            try
            {
                handle = File.OpenHandle(temporary, FileMode.CreateNew, FileAccess.Write);
            }
            catch (DirectoryNotFoundException)
            {
                // The folder was removed while the app ran.
                Directory.CreateDirectory(Folder);
                handle = File.OpenHandle(temporary, FileMode.CreateNew, FileAccess.Write);
            }

            using (handle)
            {
                RandomAccess.Write(handle, new ReadOnlySpan<byte>(buffer.GetBuffer(), 0, (int)buffer.Length), 0);
            }

            File.Move(temporary, path, overwrite: false);
            moved = true;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another attempt wrote the same message first.
        }
        finally
        {
            // Only a file left behind is removed: a lookup of a name that is gone costs as much in a large folder.
            if (!moved)
            {
                File.Delete(temporary);
            }
        }
    }
}

public sealed class SmtpEmailTransport(IOptions<SmtpOptions> options) : IEmailTransport
{
    public async Task SendAsync(MimeMessage message, string key, CancellationToken cancellationToken)
    {
        await using var session = new Session(options.Value);
        await session.SendAsync(message, key, cancellationToken);
    }

    public Task<IEmailSession> OpenSessionAsync(CancellationToken cancellationToken) => Task.FromResult<IEmailSession>(new Session(options.Value));

    // One connection for a batch, opened at the first message; after a failure (a refused recipient, a dropped line) the
    // next message starts on a new one, so one bad message cannot leave the rest on a connection in an unknown state.
    private sealed class Session(SmtpOptions smtp) : IEmailSession
    {
        private SmtpClient? client;

        public async Task SendAsync(MimeMessage message, string key, CancellationToken cancellationToken)
        {
            try
            {
                client ??= await ConnectAsync(cancellationToken);
                await client.SendAsync(message, cancellationToken);
            }
            catch
            {
                client?.Dispose();
                client = null;
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (client is null)
            {
                return;
            }

            try
            {
                if (client.IsConnected)
                {
                    await client.DisconnectAsync(quit: true);
                }
            }
            catch (Exception ex) when (ex is IOException or MailKit.ProtocolException or MailKit.Net.Smtp.SmtpCommandException or OperationCanceledException)
            {
                // Every message already went; a QUIT that fails loses nothing.
            }
            finally
            {
                client.Dispose();
                client = null;
            }
        }

        private async Task<SmtpClient> ConnectAsync(CancellationToken cancellationToken)
        {
            var connection = new SmtpClient { Timeout = smtp.TimeoutSeconds * 1000 };
            try
            {
                var security = smtp.Security.ToLowerInvariant() switch
                {
                    "none" => SecureSocketOptions.None,
                    "starttls" => SecureSocketOptions.StartTls,
                    "ssl" => SecureSocketOptions.SslOnConnect,
                    _ => SecureSocketOptions.Auto,
                };
                await connection.ConnectAsync(smtp.Host ?? throw new InvalidOperationException("Smtp:Host is not configured."), smtp.Port, security, cancellationToken);
                if (!string.IsNullOrEmpty(smtp.User))
                {
                    await connection.AuthenticateAsync(smtp.User, smtp.Password ?? string.Empty, cancellationToken);
                }

                return connection;
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }
    }
}

// What an SMTP server would be handed: CRLF everywhere, every part 7-bit clean with an explicit transfer encoding, headers
// folded at 78. A file written so can be relayed or imported by any mail system as it is.
public static class MailFormat
{
    public static FormatOptions Wire { get; } = new() { NewLineFormat = NewLineFormat.Dos, MaxLineLength = 78 };

    public static MimeMessage ForTheWire(MimeMessage message)
    {
        foreach (var part in message.BodyParts.OfType<MimePart>())
        {
            if (part.ContentTransferEncoding is ContentEncoding.Default or ContentEncoding.SevenBit or ContentEncoding.EightBit or ContentEncoding.Binary)
            {
                part.ContentTransferEncoding = part is TextPart ? ContentEncoding.QuotedPrintable : ContentEncoding.Base64;
            }
        }

        message.Prepare(EncodingConstraint.SevenBit, 78);
        return message;
    }
}

// Message-Ids must be unique across every database and instance that sends, and the same for every attempt at one message,
// so receivers can drop a repeat. The key is unique in the world (it holds a GUID); the domain is the sender's (Email:From),
// the same on every instance, so a retry taken over by another instance keeps the id; the host name when From has none.
public static class MessageIds
{
    public static string Host { get; } = HostName();

    // The sender's domain of the last From seen: a batch asks for it once a message, always with the same From.
    private static Tuple<string, string>? lastDomain;

    public static string For(string uniqueKey, string from)
    {
        var last = Volatile.Read(ref lastDomain);
        if (last is null || !string.Equals(last.Item1, from, StringComparison.Ordinal))
        {
            last = Tuple.Create(from, Domain(from));
            Volatile.Write(ref lastDomain, last);
        }

        return $"{uniqueKey}@{last.Item2}";
    }

    public static string Domain(string from)
    {
        var domain = MailboxAddress.TryParse(from, out var sender) ? sender.Domain.ToLowerInvariant() : string.Empty;
        return domain.Contains('.', StringComparison.Ordinal) && domain.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.') ? domain : Host;
    }

    private static string HostName()
    {
        string name;
        try
        {
            name = System.Net.Dns.GetHostName();
        }
        catch (System.Net.Sockets.SocketException)
        {
            name = Environment.MachineName;
        }

        var clean = new string([.. name.ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.')]).Trim('.', '-');
        return clean.Length == 0 ? "localhost" : clean;
    }
}
