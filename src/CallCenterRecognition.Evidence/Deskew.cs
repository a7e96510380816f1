using System.Globalization;
using System.Text;
using SkiaSharp;

namespace CallCenterRecognition.Evidence;

/// <summary>Straightens a page photographed or scanned at a slight angle before OCR. Tesseract's layout analysis
/// drops whole lines of a page turned by 2° (a phone photo of a memo came back with 54% of its words; straightened,
/// 100%). The angle is found on a reduced copy: the one that makes the rows of ink edges sharpest.</summary>
internal static class Deskew
{
    /// <summary>Larger images are left to tesseract (and its memory limit) rather than decoded in this process.</summary>
    private const long MaxPixels = 40_000_000;
    private const double MaxDegrees = 8;
    private const double MinDegrees = 0.3;
    private const int SampleWidth = 900;

    /// <summary>The page straightened, as a binary PGM, or null when it is straight enough, too large or not an image
    /// Skia decodes (TIFF is left as it is; PGM goes through <see cref="StraightenPgm"/>).</summary>
    public static byte[]? Straighten(ReadOnlySpan<byte> encoded)
    {
        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data);
        if (codec is null || (long)codec.Info.Width * codec.Info.Height > MaxPixels)
        {
            return null;
        }

        var scale = Math.Min(1f, (float)SampleWidth / codec.Info.Width);
        var reduced = codec.GetScaledDimensions(scale);
        var sample = Decode(codec, reduced.Width, reduced.Height);
        if (sample is null)
        {
            return null;
        }

        // PNG decoders do not scale: the full page came back, and the angle is found on every n-th pixel of it.
        var step = Math.Max(1, sample.Width / SampleWidth);
        var angle = FindAngle(step == 1 ? sample : Reduce(sample, step));
        if (Math.Abs(angle) < MinDegrees)
        {
            return null;
        }

        var full = reduced.Width == codec.Info.Width ? sample : Decode(codec, codec.Info.Width, codec.Info.Height);
        return full is null ? null : Pgm(Rotate(full, -angle));
    }

    /// <summary>The same for a grayscale page already in memory (a PDF page rendered to PGM).</summary>
    public static byte[]? StraightenPgm(byte[] pgm)
    {
        if (ReadPgm(pgm) is not { } page || (long)page.Width * page.Height > MaxPixels)
        {
            return null;
        }

        var step = Math.Max(1, page.Width / SampleWidth);
        var angle = FindAngle(step == 1 ? page : Reduce(page, step));
        return Math.Abs(angle) < MinDegrees ? null : Pgm(Rotate(page, -angle));
    }

    private sealed record Gray(int Width, int Height, byte[] Pixels);

    private static Gray? Decode(SKCodec codec, int width, int height)
    {
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            return null;
        }

        var rgba = bitmap.GetPixelSpan();
        var gray = new byte[width * height];
        for (int i = 0, p = 0; i < gray.Length; i++, p += 4)
        {
            var a = rgba[p + 3];
            var luma = (rgba[p] * 77 + rgba[p + 1] * 150 + rgba[p + 2] * 29) >> 8;
            gray[i] = (byte)((luma * a + 255 * (255 - a)) / 255);
        }

        return new Gray(width, height, gray);
    }

    private static Gray Reduce(Gray page, int step)
    {
        var width = page.Width / step;
        var height = page.Height / step;
        var pixels = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                pixels[y * width + x] = page.Pixels[y * step * page.Width + x * step];
            }
        }

        return new Gray(width, height, pixels);
    }

    /// <summary>The page's angle in degrees (positive: turned clockwise). Ink edges are the dark pixels under a light
    /// one, so a dark background or a photo's shadow counts by its outline only; each candidate angle projects them on
    /// to rows, and the straight angle gives the most peaked rows (largest sum of squares).</summary>
    private static double FindAngle(Gray page)
    {
        var threshold = Threshold(page);
        var xs = new List<int>();
        var ys = new List<int>();
        for (var y = 1; y < page.Height; y++)
        {
            for (var x = 0; x < page.Width; x++)
            {
                if (page.Pixels[y * page.Width + x] < threshold && page.Pixels[(y - 1) * page.Width + x] >= threshold)
                {
                    xs.Add(x);
                    ys.Add(y);
                }
            }
        }

        if (xs.Count < 200)
        {
            return 0;
        }

        var best = 0.0;
        var bestScore = Score(xs, ys, page, 0);
        for (var step = 0.5; step >= 0.05; step /= 4)
        {
            var center = best;
            var span = step == 0.5 ? MaxDegrees : step * 4;
            for (var angle = center - span; angle <= center + span + 1e-9; angle += step)
            {
                var score = Score(xs, ys, page, angle);
                if (score > bestScore)
                {
                    (best, bestScore) = (angle, score);
                }
            }
        }

        return best;
    }

    private static double Score(List<int> xs, List<int> ys, Gray page, double degrees)
    {
        var radians = degrees * Math.PI / 180;
        var sin = Math.Sin(radians);
        var cos = Math.Cos(radians);
        var offset = page.Width;
        var rows = new int[page.Height + 2 * offset];
        for (var i = 0; i < xs.Count; i++)
        {
            var row = (int)(ys[i] * cos - xs[i] * sin) + offset;
            if ((uint)row < (uint)rows.Length)
            {
                rows[row]++;
            }
        }

        double sum = 0;
        foreach (var count in rows)
        {
            sum += (double)count * count;
        }

        return sum;
    }

    /// <summary>Otsu's threshold over the page's histogram.</summary>
    private static int Threshold(Gray page)
    {
        var histogram = new long[256];
        foreach (var p in page.Pixels)
        {
            histogram[p]++;
        }

        long total = page.Pixels.Length;
        double sumAll = 0;
        for (var i = 0; i < 256; i++)
        {
            sumAll += i * (double)histogram[i];
        }

        double sumBelow = 0;
        long below = 0;
        var best = 128;
        var bestVariance = -1.0;
        for (var t = 0; t < 256; t++)
        {
            below += histogram[t];
            if (below == 0 || below == total)
            {
                continue;
            }

            sumBelow += t * (double)histogram[t];
            var meanBelow = sumBelow / below;
            var meanAbove = (sumAll - sumBelow) / (total - below);
            var variance = (double)below * (total - below) * (meanBelow - meanAbove) * (meanBelow - meanAbove);
            if (variance > bestVariance)
            {
                (best, bestVariance) = (t + 1, variance);
            }
        }

        return best;
    }

    /// <summary>Turns the page about its centre (bilinear), the uncovered corners white.</summary>
    private static Gray Rotate(Gray page, double degrees)
    {
        var radians = degrees * Math.PI / 180;
        var sin = Math.Sin(radians);
        var cos = Math.Cos(radians);
        var (w, h) = (page.Width, page.Height);
        var (cx, cy) = (w / 2.0, h / 2.0);
        var source = page.Pixels;
        var pixels = new byte[w * h];
        for (var y = 0; y < h; y++)
        {
            var dy = y - cy;
            for (var x = 0; x < w; x++)
            {
                var dx = x - cx;
                var sx = cos * dx + sin * dy + cx;
                var sy = -sin * dx + cos * dy + cy;
                var x0 = (int)Math.Floor(sx);
                var y0 = (int)Math.Floor(sy);
                if (x0 < 0 || y0 < 0 || x0 + 1 >= w || y0 + 1 >= h)
                {
                    pixels[y * w + x] = 255;
                    continue;
                }

                var fx = sx - x0;
                var fy = sy - y0;
                var i = y0 * w + x0;
                var top = source[i] + (source[i + 1] - source[i]) * fx;
                var bottom = source[i + w] + (source[i + w + 1] - source[i + w]) * fx;
                pixels[y * w + x] = (byte)(top + (bottom - top) * fy + 0.5);
            }
        }

        return new Gray(w, h, pixels);
    }

    private static byte[] Pgm(Gray page)
    {
        var header = Encoding.ASCII.GetBytes($"P5\n{page.Width.ToString(CultureInfo.InvariantCulture)} {page.Height.ToString(CultureInfo.InvariantCulture)}\n255\n");
        var bytes = new byte[header.Length + page.Pixels.Length];
        header.CopyTo(bytes, 0);
        page.Pixels.CopyTo(bytes, header.Length);
        return bytes;
    }

    /// <summary>A binary 8-bit PGM (what pdftoppm -gray writes); null for anything else.</summary>
    private static Gray? ReadPgm(byte[] bytes)
    {
        var position = 0;
        string? Token()
        {
            while (position < bytes.Length && (char.IsWhiteSpace((char)bytes[position]) || bytes[position] == '#'))
            {
                if (bytes[position] == '#')
                {
                    while (position < bytes.Length && bytes[position] != '\n')
                    {
                        position++;
                    }
                }

                position++;
            }

            var start = position;
            while (position < bytes.Length && !char.IsWhiteSpace((char)bytes[position]))
            {
                position++;
            }

            return position > start ? Encoding.ASCII.GetString(bytes, start, position - start) : null;
        }

        if (Token() != "P5" || !int.TryParse(Token(), CultureInfo.InvariantCulture, out var width) || !int.TryParse(Token(), CultureInfo.InvariantCulture, out var height)
            || Token() != "255" || width <= 0 || height <= 0)
        {
            return null;
        }

        position++;
        var length = (long)width * height;
        if (bytes.Length - position < length)
        {
            return null;
        }

        return new Gray(width, height, bytes.AsSpan(position, (int)length).ToArray());
    }
}
