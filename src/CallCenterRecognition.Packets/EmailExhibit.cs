using System.Globalization;
using System.Security.Cryptography;
using MimeKit;

namespace CallCenterRecognition.Packets;

/// <summary>
/// An .eml typeset as From, To, Cc, Date and Subject over its text body (an HTML-only body reduced to text by
/// <see cref="HtmlText"/>). PDF and image attachments become exhibits of their own (C-1, C-2 …) right after it; other
/// attachments are named on the page. A forwarded message (message/rfc822) is typeset below its parent the same way,
/// up to <see cref="MaxNesting"/> deep; its PDF and image attachments are numbered on with the parent's.
/// </summary>
internal static class EmailExhibit
{
    public const int MaxAttachments = 50;
    public const int MaxNesting = 3;
    private const long MaxAttachmentBytes = 64L * 1024 * 1024;
    private const int MaxHeaderCharacters = 2_000;
    private const int MaxMimeDepth = 32;

    private sealed class Parts
    {
        public List<TextPart> Plain { get; } = [];
        public List<TextPart> Html { get; } = [];
        public List<MimePart> Files { get; } = [];
        public List<MessagePart> Messages { get; } = [];
    }

    private sealed class State(ExhibitPlan plan, ExhibitConversion conversion, CancellationToken cancellationToken)
    {
        public ExhibitPlan Plan => plan;
        public ExhibitConversion Conversion => conversion;
        public CancellationToken CancellationToken => cancellationToken;
        public int Characters { get; set; }
    }

    public static void Typeset(TypesetPages pages, ExhibitPlan plan, ExhibitConversion conversion, CancellationToken cancellationToken)
    {
        var options = ParserOptions.Default.Clone();
        options.MaxMimeDepth = MaxMimeDepth;
        MimeMessage message;
        using (var stream = plan.Exhibit.Open())
        {
            message = MimeMessage.Load(options, stream, cancellationToken);
        }
        using (message)
        {
            var state = new State(plan, conversion, cancellationToken);
            Message(pages, message, 0, state);
        }
        foreach (var attachment in plan.Attachments)
        {
            attachment.Probe(conversion.Options, conversion, cancellationToken);
        }
    }

    private static void Message(TypesetPages pages, MimeMessage message, int depth, State state)
    {
        var type = pages.Type;
        var parts = new Parts();
        Collect(message.Body, 0, parts);
        pages.Heading(depth == 0 ? "E-mail message" : "Attached message", depth == 0 ? 14f : 12f);
        var fields = new List<(string, string)>
        {
            ("From", Header(message.From.ToString())),
            ("To", Header(message.To.ToString())),
        };
        if (message.Cc.Count > 0)
        {
            fields.Add(("Cc", Header(message.Cc.ToString())));
        }
        fields.Add(("Date", message.Headers.Contains(HeaderId.Date)
            ? message.Date.ToString("dddd, MMMM d, yyyy h:mm tt 'UTC'zzz", CultureInfo.GetCultureInfo("en-US"))
            : "—"));
        fields.Add(("Subject", Header(message.Subject)));
        var attachments = Attachments(parts, state);
        if (attachments.Count > 0)
        {
            fields.Add(("Attachments", string.Join("\n", attachments)));
        }
        pages.Fields(fields);
        pages.Rule();

        var body = Body(parts, state);
        if (string.IsNullOrWhiteSpace(body))
        {
            pages.Text("(This message has no text body.)", type.Regular, 9.5f, PageFlow.Muted);
        }
        else
        {
            BodyText(pages, body, state);
        }

        foreach (var part in parts.Messages)
        {
            state.CancellationToken.ThrowIfCancellationRequested();
            if (part.Message is not { } nested || pages.Full)
            {
                continue;
            }
            pages.Space(12);
            if (depth + 1 > MaxNesting)
            {
                pages.Text(Typesetter.Clean($"Attached message \"{nested.Subject}\" is nested more than {MaxNesting} deep: not typeset; it is inside the original, which accompanies the packet.", maxLength: 400), type.Regular, 9.5f, PageFlow.Muted);
                continue;
            }
            Message(pages, nested, depth + 1, state);
        }
    }

    private static string Header(string? value) =>
        string.IsNullOrWhiteSpace(value) ? "—" : Typesetter.Clean(value, maxLength: MaxHeaderCharacters);

    private static void Collect(MimeEntity? entity, int depth, Parts parts)
    {
        if (entity is null || depth > MaxMimeDepth)
        {
            return;
        }
        switch (entity)
        {
            case Multipart multipart:
                foreach (var child in multipart)
                {
                    Collect(child, depth + 1, parts);
                }
                break;
            case MessagePart message:
                parts.Messages.Add(message);
                break;
            case TextPart text when !text.IsAttachment && text.IsPlain:
                parts.Plain.Add(text);
                break;
            case TextPart text when !text.IsAttachment && text.IsHtml:
                parts.Html.Add(text);
                break;
            case MimePart part:
                parts.Files.Add(part);
                break;
        }
    }

    /// <summary>The plain-text parts when there are any (each alternative's plain version), else the HTML parts as text.</summary>
    private static string Body(Parts parts, State state)
    {
        var left = Math.Max(0, ExhibitConversion.MaxCharacters - state.Characters);
        var texts = parts.Plain.Count > 0
            ? parts.Plain.Select(p => p.Text ?? string.Empty)
            : parts.Html.Select(p => HtmlText.ToText(Cap(p.Text ?? string.Empty, 4 * left + 1024), left + 1));
        var body = string.Join("\n\n", texts.Where(t => !string.IsNullOrWhiteSpace(t)));
        return body;
    }

    private static string Cap(string text, int length) => text.Length <= length ? text : text[..length];

    private static void BodyText(TypesetPages pages, string body, State state)
    {
        var left = ExhibitConversion.MaxCharacters - state.Characters;
        var cut = body.Length > left;
        if (cut)
        {
            body = body[..Math.Max(0, left)];
        }
        state.Characters += body.Length;
        var cleaned = Typesetter.Clean(body, multiline: true);
        foreach (var paragraph in cleaned.Split('\n'))
        {
            if (pages.Full)
            {
                return;
            }
            state.CancellationToken.ThrowIfCancellationRequested();
            var line = paragraph.TrimEnd();
            if (line.Length == 0)
            {
                pages.Space(TypesetPages.LineHeight(9.5f) * 0.6f);
                continue;
            }
            var quoted = line.StartsWith('>');
            pages.Text(line, pages.Type.Regular, 9.5f, quoted ? PageFlow.Muted : PageFlow.Ink);
        }
        if (cut)
        {
            TextExhibit.CutLine(pages);
        }
    }

    /// <summary>Writes PDF and image attachments to temp files as sub-exhibits and describes every attachment in a line.</summary>
    private static List<string> Attachments(Parts parts, State state)
    {
        var lines = new List<string>();
        var plan = state.Plan;
        foreach (var part in parts.Files)
        {
            state.CancellationToken.ThrowIfCancellationRequested();
            var name = Typesetter.Clean(string.IsNullOrWhiteSpace(part.FileName) ? $"unnamed {part.ContentType.MimeType} part" : part.FileName, maxLength: 120);
            string? path = null;
            long size;
            try
            {
                path = state.Conversion.NewFile();
                size = Decode(part, path, state.CancellationToken);
            }
            catch (ExhibitLimitException)
            {
                lines.Add($"{name} — larger than {MaxAttachmentBytes / (1024 * 1024)} MB: not reproduced; it is inside the original e-mail, which accompanies the packet");
                continue;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                lines.Add($"{name} — could not be decoded: not reproduced; it is inside the original e-mail, which accompanies the packet");
                continue;
            }
            var contentType = Sniff(path);
            var sizeText = Size(size);
            if (contentType is null)
            {
                var declared = Typesetter.Clean(part.ContentType.MimeType, maxLength: 80);
                lines.Add($"{name} ({declared}, {sizeText}) — not reproduced; it is inside the original e-mail, which accompanies the packet");
                continue;
            }
            if (plan.Attachments.Count >= MaxAttachments)
            {
                lines.Add($"{name} ({sizeText}) — more than {MaxAttachments} attachments: not reproduced; it is inside the original e-mail, which accompanies the packet");
                continue;
            }
            var letter = string.Create(CultureInfo.InvariantCulture, $"{plan.Letter}-{plan.Attachments.Count + 1}");
            string sha256;
            using (var file = File.OpenRead(path))
            {
                sha256 = Convert.ToHexStringLower(SHA256.HashData(file));
            }
            var exhibit = new PacketExhibit(
                string.IsNullOrWhiteSpace(part.FileName) ? $"attachment {letter}" : part.FileName,
                plan.Exhibit.CategoryTitle,
                contentType,
                plan.Exhibit.ReceivedAt,
                sha256,
                () => File.OpenRead(path))
            {
                Description = $"attached to the e-mail in Exhibit {plan.Letter}",
            };
            plan.Attachments.Add(new ExhibitPlan(plan.Index, letter, exhibit));
            lines.Add($"Exhibit {letter}: {name} ({Kind(contentType)}, {sizeText}) — follows this e-mail");
        }
        foreach (var message in parts.Messages)
        {
            var subject = message.Message?.Subject;
            lines.Add(Typesetter.Clean($"Forwarded message \"{(string.IsNullOrWhiteSpace(subject) ? "no subject" : subject)}\" — typeset below", maxLength: 200));
        }
        return lines;
    }

    private static long Decode(MimePart part, string path, CancellationToken cancellationToken)
    {
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        using var capped = new CappedStream(file, MaxAttachmentBytes);
        part.Content?.DecodeTo(capped, cancellationToken);
        return file.Length;
    }

    /// <summary>The type the bytes show, for the types the packet places; null for anything else.</summary>
    private static string? Sniff(string path)
    {
        Span<byte> head = stackalloc byte[8];
        using var file = File.OpenRead(path);
        var read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..read];
        if (head.StartsWith("%PDF-"u8))
        {
            return "application/pdf";
        }
        if (head.StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }))
        {
            return "image/png";
        }
        if (head.StartsWith(new byte[] { 0xFF, 0xD8, 0xFF }))
        {
            return "image/jpeg";
        }
        return head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8) ? "image/tiff" : null;
    }

    private static string Kind(string contentType) => contentType switch
    {
        "application/pdf" => "PDF",
        "image/png" => "PNG image",
        "image/jpeg" => "JPEG image",
        _ => "TIFF image",
    };

    internal static string Size(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MB"),
    };

    /// <summary>Stops a decoder writing more than a limit, whatever the part's headers claim.</summary>
    private sealed class CappedStream(Stream inner, long limit) : Stream
    {
        private long _written;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _written;
        public override long Position { get => _written; set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _written += buffer.Length;
            if (_written > limit)
            {
                throw new ExhibitLimitException("Attachment too large.");
            }
            inner.Write(buffer);
        }
    }
}
