using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using MimeKit;

namespace CallCenterRecognition.Evidence;

/// <summary>An e-mail: its headers and text body as the first page, then each attachment's pages, read by the same
/// extractor (nested e-mails too, up to a depth).</summary>
internal static partial class MailTextReader
{
    public const int MaxDepth = 3;

    public static async Task ReadAsync(byte[] content, TextExtractor extractor, int depth, PageCollector pages, CancellationToken cancellationToken)
    {
        MimeMessage message;
        try
        {
            message = await MimeMessage.LoadAsync(new MemoryStream(content, writable: false), cancellationToken).ConfigureAwait(false);
        }
        catch (FormatException)
        {
            throw new UnreadableException("The e-mail could not be parsed");
        }

        await ReadMessageAsync(message, extractor, depth, pages, cancellationToken).ConfigureAwait(false);
    }

    private static async Task ReadMessageAsync(MimeMessage message, TextExtractor extractor, int depth, PageCollector pages, CancellationToken cancellationToken)
    {
        var first = new StringBuilder();
        first.Append("From: ").Append(message.From).Append('\n');
        first.Append("To: ").Append(message.To).Append('\n');
        if (message.Cc.Count > 0)
        {
            first.Append("Cc: ").Append(message.Cc).Append('\n');
        }

        first.Append("Subject: ").Append(message.Subject).Append('\n');
        if (message.Date != DateTimeOffset.MinValue)
        {
            first.Append("Date: ").Append(message.Date.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture)).Append('\n');
        }

        first.Append('\n').Append(message.TextBody ?? (message.HtmlBody is { } html ? HtmlToText(html) : ""));
        pages.Add(first.ToString());

        foreach (var entity in message.Attachments)
        {
            if (pages.Full)
            {
                break;
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (entity is MessagePart { Message: { } nested })
            {
                var name = nested.Subject ?? "message";
                if (depth + 1 >= MaxDepth)
                {
                    pages.Add($"Attachment: {name} (not read: e-mails nested too deep)");
                    continue;
                }

                var inner = new PageCollector();
                await ReadMessageAsync(nested, extractor, depth + 1, inner, cancellationToken).ConfigureAwait(false);
                pages.AddAll(inner.Result(), $"Attachment: {name}");
                continue;
            }

            if (entity is not MimePart part || part.Content is null)
            {
                continue;
            }

            var fileName = part.FileName ?? "attachment";
            using var buffer = new MemoryStream();
            await part.Content.DecodeToAsync(buffer, cancellationToken).ConfigureAwait(false);
            var bytes = buffer.ToArray();
            var type = ContentSniffer.Sniff(bytes, part.ContentType.MimeType, fileName);
            var text = await extractor.ExtractAsync(bytes, fileName, type, depth + 1, cancellationToken).ConfigureAwait(false);
            if (text.Status == TextStatuses.Failed)
            {
                pages.Add($"Attachment: {fileName} (not read: {text.Reason})");
            }
            else if (text.Pages.Count == 0 && text.Status == TextStatuses.Unavailable)
            {
                pages.Add($"Attachment: {fileName} (not read: {text.Reason})");
                pages.UnavailableReason ??= text.Reason;
            }
            else
            {
                pages.AddAll(text, $"Attachment: {fileName}");
            }
        }
    }

    /// <summary>The text of an HTML body: scripts and styles dropped, block ends as line breaks, tags removed,
    /// entities decoded.</summary>
    internal static string HtmlToText(string html)
    {
        var text = Hidden().Replace(html, " ");
        text = Blocks().Replace(text, "\n");
        text = Tags().Replace(text, " ");
        return WebUtility.HtmlDecode(text);
    }

    [GeneratedRegex(@"<script\b.*?</script\s*>|<style\b.*?</style\s*>|<head\b.*?</head\s*>|<!--.*?-->", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.NonBacktracking)]
    private static partial Regex Hidden();

    [GeneratedRegex(@"<br\s*/?>|</(p|div|tr|li|h[1-6]|table|blockquote)\s*>", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex Blocks();

    [GeneratedRegex(@"<[^>]*>", RegexOptions.NonBacktracking)]
    private static partial Regex Tags();
}
