using SkiaSharp;

namespace CallCenterRecognition.Packets;

/// <summary>The kinds of original the packet typesets itself instead of merging or placing.</summary>
internal enum ConvertedKind
{
    None,
    Text,
    Email,
    Word,
    Spreadsheet,
    Tiff,
}

/// <summary>An exhibit over one of the converters' limits: listed with this reason, never typeset in part.</summary>
internal sealed class ExhibitLimitException(string message) : Exception(message);

/// <summary>
/// Per-build state for exhibits typeset from a non-PDF original: the packet's typesetter (so their pages share its
/// pruned fonts), a monospace face for plain text, and temp files (e-mail attachments) deleted when the build ends.
/// </summary>
internal sealed class ExhibitConversion(Typesetter type, PacketOptions options) : IDisposable
{
    /// <summary>At most this many characters of one document are typeset (about the 200 pages a converted exhibit may fill).</summary>
    public const int MaxCharacters = 1_000_000;

    /// <summary>Source bytes of exhibit PDFs kept open from probe to merge, at most; past it a PDF is parsed again to merge.</summary>
    public const long PreparedBudget = 64L * 1024 * 1024;

    private readonly List<string> _files = [];
    private long _prepared;
    private SKTypeface? _mono;
    private bool _monoLoaded;

    public Typesetter Type => type;

    /// <summary>Where probed PDFs defer their content for the merge; null to leave disarming and deferring to the merge.</summary>
    public CopiedContent? Copies { get; init; }

    public bool ReservePrepared(long bytes)
    {
        if (Interlocked.Add(ref _prepared, Math.Min(bytes, PreparedBudget + 1)) <= PreparedBudget)
        {
            return true;
        }
        Interlocked.Add(ref _prepared, -Math.Min(bytes, PreparedBudget + 1));
        return false;
    }

    public PacketOptions Options => options;

    /// <summary>DejaVu Sans Mono when installed, else the packet's regular face.</summary>
    public SKTypeface Mono
    {
        get
        {
            if (!_monoLoaded)
            {
                _monoLoaded = true;
                var path = Path.Combine(PacketFonts.DejaVuDirectory, "DejaVuSansMono.ttf");
                _mono = File.Exists(path) ? SKTypeface.FromFile(path) : null;
            }
            return _mono ?? type.Regular;
        }
    }

    public static ConvertedKind KindOf(string? contentType) => contentType?.Trim().ToLowerInvariant() switch
    {
        "text/plain" => ConvertedKind.Text,
        "message/rfc822" => ConvertedKind.Email,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => ConvertedKind.Word,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => ConvertedKind.Spreadsheet,
        "image/tiff" => ConvertedKind.Tiff,
        _ => ConvertedKind.None,
    };

    /// <summary>A new temp file path, deleted with this object.</summary>
    public string NewFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"packet-part-{Guid.NewGuid():N}.bin");
        _files.Add(path);
        return path;
    }

    /// <summary>
    /// Typesets <paramref name="plan"/> when its type has a converter: pages, page count and disposition are set on the
    /// plan (Corrupt or ListedOnly with a reason when it cannot be). False when no converter takes the type.
    /// </summary>
    public bool TryConvert(ExhibitPlan plan, CancellationToken cancellationToken)
    {
        var kind = KindOf(plan.Exhibit.ContentType);
        if (kind == ConvertedKind.None)
        {
            return false;
        }
        var pages = new TypesetPages(type, Caption(plan, kind), Layout.Slip(plan));
        try
        {
            switch (kind)
            {
                case ConvertedKind.Text:
                    TextExhibit.Typeset(pages, plan, this, cancellationToken);
                    break;
                case ConvertedKind.Email:
                    EmailExhibit.Typeset(pages, plan, this, cancellationToken);
                    break;
                case ConvertedKind.Word:
                    WordExhibit.Typeset(pages, plan, this, cancellationToken);
                    break;
                case ConvertedKind.Spreadsheet:
                    SpreadsheetExhibit.Typeset(pages, plan, this, cancellationToken);
                    break;
                case ConvertedKind.Tiff:
                    TiffExhibit.Typeset(pages, plan, this, cancellationToken);
                    break;
            }
            pages.Finish(kind == ConvertedKind.Tiff ? "This TIFF holds no page." : "(This document holds no text.)");
            plan.Typeset = pages.Pages;
            plan.PageCount = pages.Pages.Count;
            plan.Disposition = kind == ConvertedKind.Tiff ? ExhibitDisposition.Image : ExhibitDisposition.Merged;
            plan.Problem = null;
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception ex)
        {
            // Whatever a parser throws on a damaged or hostile file, the packet still builds and says why this one is not in it.
            plan.Typeset = null;
            plan.PageCount = 0;
            plan.Attachments.Clear();
            plan.Disposition = ex is ExhibitLimitException ? ExhibitDisposition.ListedOnly : ExhibitDisposition.Corrupt;
            plan.Problem = ex is ExhibitLimitException ? ex.Message : Unreadable(kind);
        }
        return true;
    }

    private static string Unreadable(ConvertedKind kind) => kind switch
    {
        ConvertedKind.Text => "Text file could not be read: not typeset; the original accompanies the packet.",
        ConvertedKind.Email => "E-mail could not be read (damaged, or not a message): not typeset; the original accompanies the packet.",
        ConvertedKind.Word => "Word document could not be read (damaged, protected, or not a .docx): not typeset; the original accompanies the packet.",
        ConvertedKind.Spreadsheet => "Excel workbook could not be read (damaged, protected, or not an .xlsx): not typeset; the original accompanies the packet.",
        _ => "TIFF image could not be decoded: not placed; the original accompanies the packet.",
    };

    private static string Caption(ExhibitPlan plan, ConvertedKind kind)
    {
        var what = kind switch
        {
            ConvertedKind.Text => "plain text typeset for the packet",
            ConvertedKind.Email => "e-mail typeset for the packet",
            ConvertedKind.Word => "Word document typeset for the packet",
            ConvertedKind.Spreadsheet => "Excel workbook typeset for the packet",
            _ => "TIFF image",
        };
        return Typesetter.Clean($"Exhibit {plan.Letter} — {plan.Exhibit.FileName}", maxLength: 90) + $" — {what}; the original accompanies the packet";
    }

    /// <summary>Reads the exhibit into a seekable stream: the Office and TIFF readers seek, a member's upload stream may not.</summary>
    public Stream OpenSeekable(PacketExhibit exhibit)
    {
        var stream = exhibit.Open();
        if (stream.CanSeek)
        {
            return stream;
        }
        using (stream)
        {
            var path = NewFile();
            using (var file = File.Create(path))
            {
                stream.CopyTo(file);
            }
            return File.OpenRead(path);
        }
    }

    public void Dispose()
    {
        _mono?.Dispose();
        foreach (var file in _files)
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // A temp file left behind is the OS's to clear; the packet is already built.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
