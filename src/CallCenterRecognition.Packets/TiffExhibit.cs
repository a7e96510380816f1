using System.Globalization;
using System.Runtime.InteropServices;
using BitMiracle.LibTiff.Classic;
using SkiaSharp;

namespace CallCenterRecognition.Packets;

/// <summary>
/// A TIFF, one packet page per TIFF page (directory), each decoded to RGBA with LibTiff.NET and scaled to fit like the
/// packet's photos. Every page is decoded once here to prove it can be, and again only while its packet page is drawn,
/// so no more than one page's pixels are held at a time.
/// </summary>
internal static class TiffExhibit
{
    /// <summary>LibTiff reports to the console by default; a member's file must not write into the server's log.</summary>
    private sealed class Quiet : TiffErrorHandler
    {
        public override void ErrorHandler(Tiff tif, string method, string format, params object[] args)
        {
        }

        public override void ErrorHandlerExt(Tiff tif, object clientData, string method, string format, params object[] args)
        {
        }

        public override void WarningHandler(Tiff tif, string method, string format, params object[] args)
        {
        }

        public override void WarningHandlerExt(Tiff tif, object clientData, string method, string format, params object[] args)
        {
        }
    }

    private static readonly Lazy<bool> Silenced = new(() =>
    {
        Tiff.SetErrorHandler(new Quiet());
        return true;
    });

    public static void Typeset(TypesetPages pages, ExhibitPlan plan, ExhibitConversion conversion, CancellationToken cancellationToken)
    {
        _ = Silenced.Value;
        var maxPixels = Math.Min(conversion.Options.MaxImagePixels, ExhibitPlan.MaxDecodePixels);
        var sizes = new List<(int Width, int Height)>();
        using (var stream = conversion.OpenSeekable(plan.Exhibit))
        using (var tiff = Tiff.ClientOpen("exhibit", "r", stream, new TiffStream()) ?? throw new InvalidDataException("Not a TIFF LibTiff can open."))
        {
            // Directories are walked by hand rather than counted first: a looping IFD chain ends at the page cap.
            var directory = 0;
            do
            {
                cancellationToken.ThrowIfCancellationRequested();
                var width = tiff.GetField(TiffTag.IMAGEWIDTH)?[0].ToInt() ?? 0;
                var height = tiff.GetField(TiffTag.IMAGELENGTH)?[0].ToInt() ?? 0;
                if (width < 1 || height < 1)
                {
                    throw new InvalidDataException("TIFF page without pixels.");
                }
                // As for other images, a declared size is checked before anything is allocated for it.
                if ((long)width * height > maxPixels)
                {
                    throw new ExhibitLimitException(string.Create(CultureInfo.InvariantCulture,
                        $"TIFF page {directory + 1} declares {width}×{height} pixels, more than the {maxPixels / 1_000_000.0:0.#} megapixels a packet image may have: listed only; the original accompanies the packet."));
                }
                using (Decode(tiff, width, height))
                {
                }
                sizes.Add((width, height));
                directory++;
            }
            while (directory < TypesetPages.MaxPages + 1 && tiff.ReadDirectory());
        }
        for (var i = 0; i < sizes.Count; i++)
        {
            var index = (short)i;
            var page = i + 1;
            var count = sizes.Count;
            var label = string.Create(CultureInfo.InvariantCulture, $"TIFF page {page} of {count}");
            if (!pages.PicturePage(label, (canvas, box) => Draw(canvas, box, plan, conversion, index)))
            {
                return;
            }
        }
    }

    /// <summary>Decodes the current directory; the bitmap owns a pinned copy-free view of LibTiff's raster.</summary>
    private static SKBitmap Decode(Tiff tiff, int width, int height)
    {
        var raster = new int[checked(width * height)];
        if (!tiff.ReadRGBAImageOriented(width, height, raster, Orientation.TOPLEFT, true))
        {
            throw new InvalidDataException("TIFF page does not decode.");
        }
        var handle = GCHandle.Alloc(raster, GCHandleType.Pinned);
        var bitmap = new SKBitmap();
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        // LibTiff packs ABGR into an int: on a little-endian machine that is R, G, B, A in memory.
        if (!bitmap.InstallPixels(info, handle.AddrOfPinnedObject(), width * 4, (_, context) => ((GCHandle)context!).Free(), handle))
        {
            handle.Free();
            bitmap.Dispose();
            throw new InvalidDataException("TIFF page could not be wrapped for drawing.");
        }
        return bitmap;
    }

    private static void Draw(SKCanvas canvas, SKRect box, ExhibitPlan plan, ExhibitConversion conversion, short directory)
    {
        var type = conversion.Type;
        try
        {
            using var stream = conversion.OpenSeekable(plan.Exhibit);
            using var tiff = Tiff.ClientOpen("exhibit", "r", stream, new TiffStream()) ?? throw new InvalidDataException("TIFF does not open.");
            if (!tiff.SetDirectory(directory))
            {
                throw new InvalidDataException("TIFF page missing.");
            }
            var width = tiff.GetField(TiffTag.IMAGEWIDTH)[0].ToInt();
            var height = tiff.GetField(TiffTag.IMAGELENGTH)[0].ToInt();
            using var full = Decode(tiff, width, height);
            // Print resolution is enough: a 600 dpi scan placed whole would make the packet several times the original.
            var reduce = Math.Min(1f, Math.Min(box.Width / 72f * 300f / width, box.Height / 72f * 300f / height));
            using var small = reduce < 1f
                ? full.Resize(new SKImageInfo(Math.Max(1, (int)(width * reduce)), Math.Max(1, (int)(height * reduce)), SKColorType.Rgba8888, SKAlphaType.Unpremul), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None))
                : null;
            using var image = SKImage.FromBitmap(small ?? full) ?? throw new InvalidDataException("TIFF page could not be drawn.");
            var scale = Math.Min(Math.Min(box.Width / width, box.Height / height), 3f);
            var drawWidth = width * scale;
            var drawHeight = height * scale;
            var left = box.Left + (box.Width - drawWidth) / 2;
            var rect = new SKRect(left, box.Top, left + drawWidth, box.Top + drawHeight);
            canvas.DrawImage(image, rect, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None));
            using var border = new SKPaint { Color = PageFlow.RuleColor, IsStroke = true, StrokeWidth = 0.5f };
            canvas.DrawRect(rect, border);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // It decoded when checked; if it does not now (the stored file changed), say so on the page.
            type.Draw(canvas, TypesetPages.PictureFailed, box.Left, box.Top + 20, type.Bold, 10.5f, PageFlow.Ink);
        }
    }
}
