using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace CallCenterRecognition.Web.Features.Reminders;

public interface IEmailTransport
{
    // key names the message for idempotency: the same key is delivered once where the transport can tell.
    Task SendAsync(MimeMessage message, string key, CancellationToken cancellationToken);
}

// The embedded default: one .eml file per message; the file name comes from the key, so a retried send writes nothing twice.
public sealed class OutboxEmailTransport(IOptions<EmailOptions> options) : IEmailTransport
{
    public string Folder { get; } = Path.GetFullPath(options.Value.OutboxPath);

    public async Task SendAsync(MimeMessage message, string key, CancellationToken cancellationToken)
    {
        if (key.Length == 0 || key.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '-'))
        {
            throw new ArgumentException("An outbox key is letters, digits and hyphens.", nameof(key));
        }

        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, key + ".eml");
        if (File.Exists(path))
        {
            return;
        }

        var temporary = Path.Combine(Folder, $".{key}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = File.Create(temporary))
            {
                await message.WriteToAsync(stream, cancellationToken);
            }

            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another attempt wrote the same message first.
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}

public sealed class SmtpEmailTransport(IOptions<SmtpOptions> options) : IEmailTransport
{
    public async Task SendAsync(MimeMessage message, string key, CancellationToken cancellationToken)
    {
        var smtp = options.Value;
        using var client = new SmtpClient { Timeout = smtp.TimeoutSeconds * 1000 };
        var security = smtp.Security.ToLowerInvariant() switch
        {
            "none" => SecureSocketOptions.None,
            "starttls" => SecureSocketOptions.StartTls,
            "ssl" => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.Auto,
        };
        await client.ConnectAsync(smtp.Host ?? throw new InvalidOperationException("Smtp:Host is not configured."), smtp.Port, security, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.User))
        {
            await client.AuthenticateAsync(smtp.User, smtp.Password ?? string.Empty, cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}
