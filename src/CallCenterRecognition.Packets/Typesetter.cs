using System.Globalization;
using System.Text;
using SkiaSharp;

namespace CallCenterRecognition.Packets;

/// <summary>
/// Turns user-supplied strings into drawable lines: cleans them, picks a typeface per character
/// (primary, then a system fallback, then a visible replacement), measures and wraps.
/// </summary>
/// <remarks>
/// No shaping (HarfBuzz is not in the package set), so Arabic is drawn in isolated forms in logical order;
/// the text layer still extracts as the characters the member wrote.
/// </remarks>
internal sealed class Typesetter : IDisposable
{
    private const string Replacement = "\uFFFD";
    private const float MetricSize = 1000f;

    private readonly SKTypeface _regular;
    private readonly SKTypeface _bold;
    private readonly Dictionary<int, SKTypeface?> _fallbacks = [];
    private readonly Dictionary<(SKTypeface Face, int Rune), float> _advances = [];
    private readonly Dictionary<SKTypeface, SKFont> _metricFonts = [];
    private readonly List<SKTypeface> _owned = [];
    private readonly Dictionary<SKTypeface, HashSet<int>> _used = [];
    private readonly Dictionary<SKTypeface, SKTypeface> _drawFaces = [];
    private readonly string _replacement;

    public Typesetter(PacketFonts fonts)
    {
        _regular = fonts.Regular;
        _bold = fonts.Bold;
        _replacement = _regular.ContainsGlyph(0xFFFD) ? Replacement : "?";
    }

    public SKTypeface Regular => _regular;

    public SKTypeface Bold => _bold;

    /// <summary>
    /// Makes a string safe to draw: controls become visible control pictures (U+2400 block), invisible format
    /// characters (bidi overrides and marks, zero-width joiners) are dropped so they cannot reorder or hide text
    /// in the PDF's text layer, broken surrogates become U+FFFD. Newlines survive only when <paramref name="multiline"/>.
    /// </summary>
    public static string Clean(string? text, bool multiline = false, int maxLength = int.MaxValue)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }
        var sb = new StringBuilder(Math.Min(text.Length, maxLength) + 1);
        var count = 0;
        var previousCr = false;
        foreach (var rune in text.EnumerateRunes())
        {
            if (count >= maxLength)
            {
                sb.Append('…');
                break;
            }
            var value = rune.Value;
            var wasCr = previousCr;
            previousCr = value == '\r';
            if (value is '\n' or '\r' or 0x2028 or 0x2029 or 0x85)
            {
                if (value == '\n' && wasCr)
                {
                    continue;
                }
                sb.Append(multiline ? '\n' : ' ');
                count++;
                continue;
            }
            if (value == '\t')
            {
                sb.Append(multiline ? "    " : " ");
                count++;
                continue;
            }
            if (value < 0x20)
            {
                sb.Append((char)(0x2400 + value));
            }
            else if (value == 0x7F)
            {
                sb.Append('\u2421');
            }
            else
            {
                var category = Rune.GetUnicodeCategory(rune);
                switch (category)
                {
                    case UnicodeCategory.Control:
                    case UnicodeCategory.Surrogate:
                        sb.Append(Replacement);
                        break;
                    case UnicodeCategory.Format:
                        continue;
                    default:
                        sb.Append(rune.ToString());
                        break;
                }
            }
            count++;
        }
        return sb.ToString();
    }

    /// <summary>The typeface that will draw <paramref name="rune"/>, or null when nothing can and it is replaced.</summary>
    private SKTypeface? FaceFor(SKTypeface primary, int rune)
    {
        if (rune == ' ' || primary.ContainsGlyph(rune))
        {
            return primary;
        }
        if (!_fallbacks.TryGetValue(rune, out var face))
        {
            face = SKFontManager.Default.MatchCharacter(primary.FamilyName, primary.FontStyle, null, rune);
            if (face is not null && !face.ContainsGlyph(rune))
            {
                face.Dispose();
                face = null;
            }
            if (face is not null)
            {
                // Share one instance per family so the PDF embeds each fallback font once.
                var same = _owned.FirstOrDefault(f => f.FamilyName == face.FamilyName && f.FontStyle.Weight == face.FontStyle.Weight);
                if (same is not null)
                {
                    face.Dispose();
                    face = same;
                }
                else
                {
                    _owned.Add(face);
                }
            }
            _fallbacks[rune] = face;
        }
        return face;
    }

    /// <summary>Splits a cleaned line into runs drawn with one typeface each.</summary>
    public List<(SKTypeface Face, string Text)> Runs(string line, SKTypeface primary)
    {
        var runs = new List<(SKTypeface, string)>();
        var sb = new StringBuilder();
        SKTypeface? current = null;
        foreach (var rune in line.EnumerateRunes())
        {
            var face = FaceFor(primary, rune.Value);
            var text = face is null ? _replacement : rune.ToString();
            face ??= primary;
            if (!ReferenceEquals(face, current) && sb.Length > 0)
            {
                runs.Add((current!, sb.ToString()));
                sb.Clear();
            }
            current = face;
            sb.Append(text);
        }
        if (sb.Length > 0)
        {
            runs.Add((current!, sb.ToString()));
        }
        return runs;
    }

    private float Advance(SKTypeface primary, Rune rune)
    {
        var resolved = FaceFor(primary, rune.Value);
        var text = resolved is null ? _replacement : rune.ToString();
        var face = resolved ?? primary;
        var key = (face, resolved is null ? -1 : rune.Value);
        if (!_advances.TryGetValue(key, out var width))
        {
            if (!_metricFonts.TryGetValue(face, out var font))
            {
                font = new SKFont(face, MetricSize) { Subpixel = true, LinearMetrics = true, Hinting = SKFontHinting.None };
                _metricFonts[face] = font;
            }
            width = font.MeasureText(text) / MetricSize;
            _advances[key] = width;
        }
        return width;
    }

    public float Measure(string line, SKTypeface face, float size)
    {
        var total = 0f;
        foreach (var rune in line.EnumerateRunes())
        {
            total += Advance(face, rune);
        }
        return total * size;
    }

    /// <summary>Greedy word wrap; words wider than the line are broken between characters.</summary>
    public List<string> Wrap(string cleaned, SKTypeface face, float size, float width)
    {
        var lines = new List<string>();
        foreach (var paragraph in cleaned.Split('\n'))
        {
            WrapParagraph(paragraph, face, size, width, lines);
        }
        return lines;
    }

    private void WrapParagraph(string paragraph, SKTypeface face, float size, float width, List<string> lines)
    {
        if (paragraph.Length == 0)
        {
            lines.Add(string.Empty);
            return;
        }
        var line = new StringBuilder();
        var lineWidth = 0f;
        var spaceWidth = Advance(face, new Rune(' ')) * size;
        foreach (var word in paragraph.Split(' '))
        {
            var wordWidth = Measure(word, face, size);
            var needed = line.Length == 0 ? wordWidth : lineWidth + spaceWidth + wordWidth;
            if (needed <= width)
            {
                if (line.Length > 0)
                {
                    line.Append(' ');
                }
                line.Append(word);
                lineWidth = needed;
                continue;
            }
            if (line.Length > 0)
            {
                lines.Add(line.ToString());
                line.Clear();
                lineWidth = 0;
            }
            if (wordWidth <= width)
            {
                line.Append(word);
                lineWidth = wordWidth;
                continue;
            }
            foreach (var rune in word.EnumerateRunes())
            {
                var w = Advance(face, rune) * size;
                if (lineWidth + w > width && line.Length > 0)
                {
                    lines.Add(line.ToString());
                    line.Clear();
                    lineWidth = 0;
                }
                line.Append(rune.ToString());
                lineWidth += w;
            }
        }
        if (line.Length > 0)
        {
            lines.Add(line.ToString());
        }
    }

    /// <summary>When set, <see cref="Draw"/> only records which characters each face will draw (the dry pass before <see cref="PruneFonts"/>).</summary>
    public bool Collecting { get; set; }

    /// <summary>
    /// Swaps each face that drew something for a copy holding only the glyphs it drew, so the PDF embeds kilobytes
    /// instead of whole fonts. A face that cannot be pruned (CFF, collections, damaged tables) is embedded as it is.
    /// </summary>
    // A face's whole font file, read once per face: the packet's faces live as long as the process, and reading DejaVu
    // again for every packet was 2 MB of large-object allocations a build.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SKTypeface, byte[]?> FontFiles = [];

    private static byte[]? FontFile(SKTypeface face) => FontFiles.GetValue(face, static face =>
    {
        using var stream = face.OpenStream(out var ttcIndex);
        if (stream is null || ttcIndex != 0 || !stream.HasLength || stream.Length <= 0)
        {
            return null;
        }
        var bytes = new byte[stream.Length];
        return stream.Read(bytes, bytes.Length) == bytes.Length ? bytes : null;
    });

    public void PruneFonts()
    {
        foreach (var (face, runes) in _used)
        {
            if (_drawFaces.ContainsKey(face))
            {
                continue;
            }
            try
            {
                if (FontFile(face) is not { } bytes)
                {
                    continue;
                }
                var text = new StringBuilder();
                foreach (var rune in runes)
                {
                    text.Append(char.ConvertFromUtf32(rune));
                }
                text.Append(' ');
                using var font = new SKFont(face);
                var glyphs = font.GetGlyphs(text.ToString());
                var pruned = FontPruner.Prune(bytes, glyphs);
                if (pruned is null)
                {
                    continue;
                }
                using var data = SKData.CreateCopy(pruned);
                var small = SKTypeface.FromData(data);
                if (small is null)
                {
                    continue;
                }
                if (small.GlyphCount != face.GlyphCount || runes.Any(r => !small.ContainsGlyph(r)))
                {
                    small.Dispose();
                    continue;
                }
                _owned.Add(small);
                _drawFaces[face] = small;
            }
            catch (Exception ex) when (ex is IOException or ArgumentException or InvalidOperationException)
            {
                // Embedding the whole font is bigger but correct.
            }
        }
    }

    public void Draw(SKCanvas canvas, string line, float x, float baseline, SKTypeface face, float size, SKColor color)
    {
        if (Collecting)
        {
            foreach (var (runFace, text) in Runs(line, face))
            {
                if (!_used.TryGetValue(runFace, out var set))
                {
                    _used[runFace] = set = [];
                }
                foreach (var rune in text.EnumerateRunes())
                {
                    set.Add(rune.Value);
                }
            }
            return;
        }
        using var paint = new SKPaint { Color = color, IsAntialias = true };
        foreach (var (runFace, text) in Runs(line, face))
        {
            using var font = new SKFont(_drawFaces.GetValueOrDefault(runFace, runFace), size) { Subpixel = true, LinearMetrics = true, Hinting = SKFontHinting.None };
            canvas.DrawText(text, x, baseline, SKTextAlign.Left, font, paint);
            x += Measure(text, runFace, size);
        }
    }

    public void Dispose()
    {
        foreach (var font in _metricFonts.Values)
        {
            font.Dispose();
        }
        foreach (var face in _owned)
        {
            face.Dispose();
        }
    }
}
