using System.Text;
using SkiaSharp;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Core;

namespace CallCenterRecognition.Packets;

internal enum ExhibitKind
{
    Pdf,
    Image,
    Other,
}

/// <summary>What the builder learned about one exhibit before laying anything out.</summary>
internal sealed class ExhibitPlan(int index, string letter, PacketExhibit exhibit)
{
    public int Index { get; } = index;

    public string Letter { get; } = letter;

    public PacketExhibit Exhibit { get; } = exhibit;

    public ExhibitDisposition Disposition { get; set; }

    /// <summary>Evidence pages.</summary>
    public int PageCount { get; set; }

    /// <summary>Why it was not merged, in words for the index and separator.</summary>
    public string? Problem { get; set; }

    public List<(PdfRectangle Box, int Rotation)> PdfPages { get; } = [];

    public int ImageWidth { get; set; }

    public int ImageHeight { get; set; }

    public SKEncodedOrigin Origin { get; set; } = SKEncodedOrigin.TopLeft;

    public bool IsJpeg { get; set; }

    /// <summary>Pages the packet typeset from a non-PDF original (no Bates yet); drawn with the packet's own pages.</summary>
    public List<GeneratedPage>? Typeset { get; set; }

    /// <summary>An e-mail's PDF and image attachments, lettered C-1, C-2 …, which follow it as exhibits of their own.</summary>
    public List<ExhibitPlan> Attachments { get; } = [];

    /// <summary>1-based packet page of the first evidence page.</summary>
    public int FirstPage { get; set; }

    public string SafeFileName => Typesetter.Clean(Exhibit.FileName, maxLength: 300);

    public string SafeDescription => Typesetter.Clean(Exhibit.Description, maxLength: 200);

    /// <summary>"CC-…-A-0001 to CC-…-A-0003", or null when the exhibit put no page in the packet.</summary>
    public string? BatesRange(string claimNumber) => PageCount switch
    {
        0 => null,
        1 => PacketBuilder.Bates(claimNumber, Letter, 1),
        _ => $"{PacketBuilder.Bates(claimNumber, Letter, 1)} to {PacketBuilder.Bates(claimNumber, Letter, PageCount)}",
    };

    public string SafeCategory => Typesetter.Clean(Exhibit.CategoryTitle, maxLength: 150);

    public static string LetterFor(int index)
    {
        var sb = new StringBuilder();
        var n = index + 1;
        while (n > 0)
        {
            n--;
            sb.Insert(0, (char)('A' + n % 26));
            n /= 26;
        }
        return sb.ToString();
    }

    public static ExhibitKind KindOf(string? contentType) => contentType?.Trim().ToLowerInvariant() switch
    {
        "application/pdf" => ExhibitKind.Pdf,
        "image/png" or "image/jpeg" or "image/jpg" or "image/pjpeg" or "image/tiff" => ExhibitKind.Image,
        _ => ExhibitKind.Other,
    };

    /// <summary>Largest image placed without downscaling; bigger PNGs are decoded and reduced so the packet stays small.</summary>
    internal const long MaxDirectPixels = 12_000_000;

    /// <summary>Above this an image is not decoded at all: decoding it would cost more memory than the whole packet may use.</summary>
    internal const long MaxDecodePixels = 25_000_000;

    /// <summary>A PDF or an image no converter takes: its probe needs nothing but its own plan, so it may run on any thread.</summary>
    public bool ProbesAlone => KindOf(Exhibit.ContentType) is ExhibitKind.Pdf or ExhibitKind.Image
        && ExhibitConversion.KindOf(Exhibit.ContentType) == ConvertedKind.None;

    public void Probe(PacketOptions options, ExhibitConversion conversion, CancellationToken cancellationToken)
    {
        try
        {
            switch (KindOf(Exhibit.ContentType))
            {
                case ExhibitKind.Pdf:
                    ProbePdf(conversion, cancellationToken);
                    break;
                case ExhibitKind.Image when conversion.TryConvert(this, cancellationToken):
                    break;
                case ExhibitKind.Image:
                    ProbeImage(options.MaxImagePixels, conversion);
                    break;
                case ExhibitKind.Other when conversion.TryConvert(this, cancellationToken):
                    break;
                default:
                    Disposition = ExhibitDisposition.ListedOnly;
                    Problem = "Not a PDF or image: listed only; the original accompanies the packet.";
                    break;
            }
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception ex)
        {
            // Anything the parsers throw, including the member's stream failing, means "could not read":
            // the packet must still build and say so.
            MarkUnreadable(ex);
        }
    }

    private void MarkUnreadable(Exception ex)
    {
        PdfPages.Clear();
        PageCount = 0;
        if (KindOf(Exhibit.ContentType) == ExhibitKind.Pdf && (LooksEncrypted(ex) || SniffEncrypt()))
        {
            Disposition = ExhibitDisposition.Encrypted;
            Problem = "Encrypted PDF: not merged; the original accompanies the packet.";
        }
        else
        {
            Disposition = ExhibitDisposition.Corrupt;
            Problem = KindOf(Exhibit.ContentType) != ExhibitKind.Image
                ? "Unreadable PDF: not merged; the original accompanies the packet."
                : Exhibit.ContentType.Contains("tiff", StringComparison.OrdinalIgnoreCase)
                    ? "TIFF image could not be decoded here: not merged; the original accompanies the packet."
                    : "Image could not be decoded: not merged; the original accompanies the packet.";
        }
    }

    private static bool LooksEncrypted(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e.GetType().Name.Contains("Encrypt", StringComparison.OrdinalIgnoreCase)
                || e.Message.Contains("encrypt", StringComparison.OrdinalIgnoreCase)
                || e.Message.Contains("password", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Looks for an <c>/Encrypt</c> entry in the first and last 64 KiB, where trailers and xref streams live.</summary>
    private bool SniffEncrypt()
    {
        try
        {
            const int window = 64 * 1024;
            var marker = "/Encrypt"u8;
            using var stream = Exhibit.Open();
            if (stream.CanSeek && stream.Length > 2 * window)
            {
                var buffer = new byte[window];
                var head = stream.ReadAtLeast(buffer, window, throwOnEndOfStream: false);
                if (buffer.AsSpan(0, head).IndexOf(marker) >= 0)
                {
                    return true;
                }
                stream.Seek(-window, SeekOrigin.End);
                var tail = stream.ReadAtLeast(buffer, window, throwOnEndOfStream: false);
                return buffer.AsSpan(0, tail).IndexOf(marker) >= 0;
            }
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.GetBuffer().AsSpan(0, (int)copy.Length);
            return bytes[..Math.Min(window, bytes.Length)].IndexOf(marker) >= 0
                || bytes[Math.Max(0, bytes.Length - window)..].IndexOf(marker) >= 0;
        }
        catch (Exception)
        {
            return false;
        }
    }

    private void ProbePdf(ExhibitConversion conversion, CancellationToken cancellationToken)
    {
        IDisposable? source = Exhibit.Open();
        PdfDocument? document = null;
        try
        {
            var stream = (Stream)source;
            var length = stream.CanSeek ? stream.Length : long.MaxValue;
            if (PooledBytes.Read(stream, MaxInMemoryPdf) is { } bytes)
            {
                source = bytes;
                stream.Dispose();
                document = PdfDocument.Open(bytes.Memory, PdfOptions);
            }
            else
            {
                document = PdfDocument.Open(stream, PdfOptions);
            }
            if (document.IsEncrypted)
            {
                Disposition = ExhibitDisposition.Encrypted;
                Problem = "Encrypted PDF: not merged; the original accompanies the packet.";
                return;
            }
            var pages = document.NumberOfPages;
            if (pages < 1)
            {
                throw new InvalidDataException("PDF has no pages.");
            }
            // GetPage parses every page's content into letters (tens of ms a page); the boxes only need the page tree.
            if (!PageBoxes.TryRead(document, PdfPages, pages, cancellationToken))
            {
                PdfPages.Clear();
                for (var i = 1; i <= pages; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var page = document.GetPage(i);
                    var box = page.CropBox.Bounds;
                    if (box.Width < 1 || box.Height < 1)
                    {
                        box = page.MediaBox.Bounds;
                    }
                    PdfPages.Add((box, page.Rotation.Value));
                }
            }
            Disposition = ExhibitDisposition.Merged;
            PageCount = pages;
            if (Prepare(conversion, source, length, document, cancellationToken))
            {
                source = null;
                document = null;
            }
        }
        finally
        {
            document?.Dispose();
            source?.Dispose();
        }
    }

    /// <summary>
    /// Disarms the probed document and defers its content for the merge, keeping it open so the merge does not parse it
    /// again; false (the merge opens it afresh and does both there) past the build's budget or when either step fails.
    /// </summary>
    private bool Prepare(ExhibitConversion conversion, IDisposable source, long length, PdfDocument document, CancellationToken cancellationToken)
    {
        if (conversion.Copies is not { } copies || !conversion.ReservePrepared(length))
        {
            return false;
        }
        try
        {
            HostileContent.Disarm(document, PageCount, cancellationToken);
            Prepared = new PreparedPdf(source, document, copies.Defer(document, PageCount, cancellationToken));
            return true;
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception)
        {
            return false;
        }
    }

    /// <summary>The probed PDF, ready to copy; null when the merge must open it. Taken once, by the merge or <see cref="ReleasePrepared"/>.</summary>
    public PreparedPdf? Prepared { get; private set; }

    public PreparedPdf? TakePrepared()
    {
        var prepared = Prepared;
        Prepared = null;
        return prepared;
    }

    public void ReleasePrepared()
    {
        TakePrepared()?.Dispose();
        DropStandIn();
    }

    public void DropStandIn()
    {
        StandIn?.Dispose();
        StandIn = null;
    }

    /// <summary>A JPEG photo's probed bytes and the headers Skia draws in their place; null when Skia gets the file itself.</summary>
    public JpegStandIn? StandIn { get; private set; }

    private void ProbeImage(long maxImagePixels, ExhibitConversion conversion)
    {
        using var stream = Exhibit.Open();
        var data = EncodedData.Read(stream) ?? throw new InvalidDataException("Empty image.");
        try
        {
            ProbeImage(maxImagePixels, conversion, data);
        }
        finally
        {
            if (StandIn is null)
            {
                data.Dispose();
            }
        }
    }

    private void ProbeImage(long maxImagePixels, ExhibitConversion conversion, SKData data)
    {
        using var codec = SKCodec.Create(data) ?? throw new InvalidDataException("Skia cannot decode this image.");
        var info = codec.Info;
        if (info.Width < 1 || info.Height < 1)
        {
            throw new InvalidDataException("Image has no pixels.");
        }
        // A header can declare any size; a reader that trusts it would try to allocate it. Never pass such an image on.
        if ((long)info.Width * info.Height > maxImagePixels)
        {
            Disposition = ExhibitDisposition.ListedOnly;
            Problem = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"Image declares {info.Width}×{info.Height} pixels, more than the {maxImagePixels / 1_000_000.0:0.#} megapixels a packet image may have: listed only; the original accompanies the packet.");
            return;
        }
        if (codec.EncodedFormat == SKEncodedImageFormat.Jpeg)
        {
            // JPEG bytes go into the packet undecoded, so be sure a reader can decode them: walk their structure, and
            // decode (at an eighth of the size, libjpeg's cheap scale) only what the walk does not check.
            switch (JpegStructure.Check(data.AsSpan()))
            {
                case JpegVerdict.Broken:
                    throw new InvalidDataException("JPEG data is incomplete or malformed.");
                case JpegVerdict.Unchecked:
                    ProveJpegDecodes(codec);
                    break;
            }
        }
        if ((long)info.Width * info.Height > MaxDecodePixels && codec.EncodedFormat != SKEncodedImageFormat.Jpeg)
        {
            Disposition = ExhibitDisposition.ListedOnly;
            Problem = $"Image of {info.Width}×{info.Height} pixels is too large to place: listed only; the original accompanies the packet.";
            return;
        }
        ImageWidth = info.Width;
        ImageHeight = info.Height;
        Origin = codec.EncodedOrigin;
        IsJpeg = codec.EncodedFormat == SKEncodedImageFormat.Jpeg;
        Disposition = ExhibitDisposition.Image;
        PageCount = 1;
        // Kept from probe to write within the same budget as probed PDFs; past it Skia reads the file again when drawing.
        if (IsJpeg && conversion.Copies is { } copies && conversion.ReservePrepared(data.Size))
        {
            StandIn = JpegStandIn.TryCreate(data, Origin);
            if (StandIn is not null)
            {
                copies.Register(StandIn);
            }
        }
    }

    private static void ProveJpegDecodes(SKCodec codec)
    {
        var scaled = codec.GetScaledDimensions(0.125f);
        var check = new SKImageInfo(Math.Max(1, scaled.Width), Math.Max(1, scaled.Height), SKColorType.Rgba8888, SKAlphaType.Premul);
        using var pixels = new SKBitmap(check);
        if (codec.GetPixels(check, pixels.GetPixels()) != SKCodecResult.Success)
        {
            throw new InvalidDataException("JPEG data does not decode.");
        }
    }

    /// <summary>Largest PDF read into memory to parse; PdfPig seeks for every object it resolves, and a file stream refills its buffer on each seek.</summary>
    internal const long MaxInMemoryPdf = 64L * 1024 * 1024;

    public static ParsingOptions PdfOptions => new() { UseLenientParsing = true, SkipMissingFonts = true };
}

/// <summary>An exhibit PDF kept open from probe to merge: what it is read from (its stream or its bytes), the document, and its deferred content.</summary>
internal sealed class PreparedPdf(IDisposable source, PdfDocument document, List<long>? deferred) : IDisposable
{
    public PdfDocument Document => document;

    public List<long>? Deferred => deferred;

    public void Dispose()
    {
        document.Dispose();
        source.Dispose();
    }
}
