using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using SkiaSharp;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Exceptions;

namespace CallCenterRecognition.Web.Features.Documents;

// Magic bytes say what a file claims to be; this checks that it really is one, so that nothing stored breaks the packet or a reader later.
public static class ContentVerifier
{
    // Null when the file is what its sniffed type says; otherwise why not, in words for the uploader.
    public static string? Problem(string path, string type, DocumentOptions options) => type switch
    {
        ContentSniffer.Pdf => Pdf(path),
        ContentSniffer.Png => Png(path, options),
        ContentSniffer.Jpeg => Image(path, options, "JPEG"),
        ContentSniffer.Tiff => Tiff(path, options),
        ContentSniffer.Docx => Office(path, "word/document.xml", options),
        ContentSniffer.Xlsx => Office(path, "xl/workbook.xml", options),
        ContentSniffer.Text => Text(path),
        _ => null,
    };

    private static string? Pdf(string path)
    {
        try
        {
            using var document = PdfDocument.Open(path, new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true });
            if (document.IsEncrypted)
            {
                return null;
            }

            return document.NumberOfPages > 0 ? null : "starts like a PDF but has no pages";
        }
        catch (PdfDocumentEncryptedException)
        {
            // The packet lists encrypted PDFs rather than merging them, so they are still evidence.
            return null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return "starts like a PDF but cannot be read as one (damaged or truncated)";
        }
    }

    private static string? Png(string path, DocumentOptions options)
    {
        Span<byte> header = stackalloc byte[24];
        using (var stream = File.OpenRead(path))
        {
            if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length || !header[12..16].SequenceEqual("IHDR"u8))
            {
                return "starts like a PNG image but its header is missing";
            }
        }

        // Checked before Skia sees it: the header alone decides how much memory a decoder would ask for.
        var size = Dimensions(BinaryPrimitives.ReadUInt32BigEndian(header[16..]), BinaryPrimitives.ReadUInt32BigEndian(header[20..]), options, "PNG");
        return size ?? Image(path, options, "PNG");
    }

    private static string? Image(string path, DocumentOptions options, string kind)
    {
        try
        {
            using var data = SKData.Create(path);
            using var codec = data is null ? null : SKCodec.Create(data);
            if (codec is null)
            {
                return $"starts like a {kind} image but its header does not decode";
            }

            return Dimensions((uint)Math.Max(0, codec.Info.Width), (uint)Math.Max(0, codec.Info.Height), options, kind);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return $"starts like a {kind} image but its header does not decode";
        }
    }

    private static string? Dimensions(uint width, uint height, DocumentOptions options, string kind)
    {
        if (width == 0 || height == 0)
        {
            return $"is a {kind} image with no pixels ({width}×{height})";
        }

        var megapixels = (double)width * height / 1_000_000;
        return megapixels > options.MaxImageMegapixels
            ? $"is a {kind} image of {width}×{height} pixels ({megapixels:0.#} megapixels); the limit is {options.MaxImageMegapixels} megapixels"
            : null;
    }

    // Baseline TIFF: the first IFD must hold ImageWidth (256) and ImageLength (257).
    private static string? Tiff(string path, DocumentOptions options)
    {
        const string broken = "starts like a TIFF image but its header does not decode";
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 8)
        {
            return broken;
        }

        var little = bytes[0] == (byte)'I';
        uint U32(long at) => little ? BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan((int)at)) : BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan((int)at));
        ushort U16(long at) => little ? BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan((int)at)) : BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan((int)at));

        long ifd = U32(4);
        if (ifd < 8 || ifd + 2 > bytes.Length)
        {
            return broken;
        }

        int count = U16(ifd);
        if (ifd + 2 + (count * 12L) > bytes.Length)
        {
            return broken;
        }

        uint? width = null, height = null;
        for (var i = 0; i < count; i++)
        {
            var entry = ifd + 2 + (i * 12L);
            var tag = U16(entry);
            if (tag is not (256 or 257))
            {
                continue;
            }

            uint? value = U16(entry + 2) switch
            {
                3 => U16(entry + 8),
                4 => U32(entry + 8),
                _ => null,
            };
            if (value is null || U32(entry + 4) != 1)
            {
                return broken;
            }

            if (tag == 256)
            {
                width = value;
            }
            else
            {
                height = value;
            }
        }

        return width is null || height is null ? broken : Dimensions(width.Value, height.Value, options, "TIFF");
    }

    private static string? Office(string path, string mainPart, DocumentOptions options)
    {
        var kind = mainPart.StartsWith("word/", StringComparison.Ordinal) ? "Word" : "Excel";
        try
        {
            using var zip = ZipFile.OpenRead(path);
            if (zip.GetEntry("[Content_Types].xml") is null || zip.GetEntry(mainPart) is null)
            {
                return $"is a zip file but not a {kind} document ({mainPart} is missing)";
            }

            // The sizes in the zip directory can lie, so they are checked first and then counted while inflating.
            var declared = zip.Entries.Sum(e => e.Length);
            var compressed = Math.Max(1, zip.Entries.Sum(e => e.CompressedLength));
            if (declared > options.MaxUncompressedBytes)
            {
                return TooBig(kind, declared, options);
            }

            if (declared > 1024 * 1024 && declared / compressed > options.MaxCompressionRatio)
            {
                return $"is a {kind} document that inflates {declared / compressed}-fold ({UploadDocument.Size(declared)}); the limit is {options.MaxCompressionRatio}-fold";
            }

            long total = 0;
            var buffer = new byte[81920];
            foreach (var entry in zip.Entries)
            {
                using var stream = entry.Open();
                int read;
                while ((read = stream.Read(buffer)) > 0)
                {
                    total += read;
                    if (total > options.MaxUncompressedBytes)
                    {
                        return TooBig(kind, total, options);
                    }
                }
            }

            return null;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or NotSupportedException)
        {
            return $"is a damaged {kind} document (its zip package cannot be read)";
        }
    }

    private static string TooBig(string kind, long bytes, DocumentOptions options) =>
        $"is a {kind} document that unpacks to more than {UploadDocument.Size(Math.Min(bytes, options.MaxUncompressedBytes + 1))} (at least {UploadDocument.Size(bytes)} declared or read); the limit is {UploadDocument.Size(options.MaxUncompressedBytes)} unpacked";

    private static readonly string[] Markup = ["<html", "<!doctype html", "<svg", "<script", "<iframe"];

    // Sniffed as text only when strict UTF-8 without NULs; what is left to refuse is markup a browser would run.
    private static string? Text(string path)
    {
        var head = new byte[4096];
        int read;
        using (var stream = File.OpenRead(path))
        {
            read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        var text = Encoding.UTF8.GetString(head, 0, read).TrimStart('\uFEFF').ToLowerInvariant();
        var found = Markup.FirstOrDefault(m => text.Contains(m, StringComparison.Ordinal));
        if (found is not null)
        {
            return $"is web markup ({found}…), not plain text; upload a PDF or a screenshot of the page instead";
        }

        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        try
        {
            strict.GetCharCount(File.ReadAllBytes(path));
            return null;
        }
        catch (DecoderFallbackException)
        {
            return "is not valid UTF-8 text";
        }
    }
}
