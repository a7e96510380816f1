using SkiaSharp;

namespace CallCenterRecognition.Packets;

/// <summary>A deferred page: drawn once the total page count is known, so the footer can say "Page N of M".</summary>
internal sealed class GeneratedPage
{
    public List<Action<SKCanvas>> Ops { get; } = [];

    /// <summary>Bates label when the page is evidence (an image exhibit page).</summary>
    public string? Bates { get; init; }
}

/// <summary>Flows text top to bottom over US Letter pages with one-inch margins.</summary>
internal sealed class PageFlow(Typesetter type)
{
    public const float PageWidth = 612f;
    public const float PageHeight = 792f;
    public const float Margin = 72f;
    public const float ContentWidth = PageWidth - 2 * Margin;
    public const float ContentBottom = PageHeight - 66f;

    public static readonly SKColor Ink = new(0x1A, 0x1A, 0x1A);
    public static readonly SKColor Accent = new(0x1F, 0x3A, 0x5F);
    public static readonly SKColor Muted = new(0x5A, 0x5F, 0x66);
    public static readonly SKColor RuleColor = new(0xB8, 0xBE, 0xC6);
    public static readonly SKColor Shade = new(0xEE, 0xF1, 0xF5);

    private GeneratedPage? _page;

    public List<GeneratedPage> Pages { get; } = [];

    public Typesetter Type => type;

    public float Y { get; set; }

    public GeneratedPage Page => _page ?? NewPage();

    public Action? OnNewPage { get; set; }

    public GeneratedPage NewPage()
    {
        _page = new GeneratedPage();
        Pages.Add(_page);
        Y = Margin;
        OnNewPage?.Invoke();
        return _page;
    }

    public void Ensure(float height)
    {
        if (_page is null || Y + height > ContentBottom)
        {
            NewPage();
        }
    }

    public void Draw(Action<SKCanvas> op) => Page.Ops.Add(op);

    public static float LineHeight(float size) => size * 1.38f;

    /// <summary>Wraps and flows text, breaking across pages between lines.</summary>
    public void Paragraph(string cleaned, SKTypeface face, float size, SKColor color, float indent = 0, float? width = null, float after = 6f)
    {
        var lines = type.Wrap(cleaned, face, size, width ?? ContentWidth - indent);
        var lh = LineHeight(size);
        foreach (var line in lines)
        {
            Ensure(lh);
            var y = Y + size;
            var text = line;
            Draw(c => type.Draw(c, text, Margin + indent, y, face, size, color));
            Y += lh;
        }
        Y += after;
    }

    public void Heading(string text, float size = 12.5f, float before = 10f)
    {
        Ensure(before + LineHeight(size) + LineHeight(10) * 3);
        Y += before;
        var y = Y + size;
        var cleaned = Typesetter.Clean(text);
        Draw(c => type.Draw(c, cleaned, Margin, y, type.Bold, size, Accent));
        Y += LineHeight(size);
        var ruleY = Y - 2;
        Draw(c => Line(c, Margin, ruleY, Margin + ContentWidth, ruleY, RuleColor, 0.75f));
        Y += 6;
    }

    public static void Line(SKCanvas canvas, float x1, float y1, float x2, float y2, SKColor color, float width)
    {
        using var paint = new SKPaint { Color = color, StrokeWidth = width, IsStroke = true, IsAntialias = true };
        canvas.DrawLine(x1, y1, x2, y2, paint);
    }

    public static void Fill(SKCanvas canvas, SKRect rect, SKColor color)
    {
        using var paint = new SKPaint { Color = color, IsStroke = false };
        canvas.DrawRect(rect, paint);
    }

    /// <summary>Label/value rows in two columns; values wrap, rows never split across pages.</summary>
    public void Fields(IEnumerable<(string Label, string? Value)> fields, float labelWidth = 130f, float size = 10.5f)
    {
        var lh = LineHeight(size);
        foreach (var (label, value) in fields)
        {
            var cleanedValue = Typesetter.Clean(string.IsNullOrWhiteSpace(value) ? "—" : value, maxLength: 400);
            var lines = type.Wrap(cleanedValue, type.Regular, size, ContentWidth - labelWidth);
            var height = lines.Count * lh + 4;
            Ensure(height);
            var top = Y;
            var cleanedLabel = Typesetter.Clean(label);
            Draw(c => type.Draw(c, cleanedLabel, Margin, top + size, type.Bold, size, Muted));
            for (var i = 0; i < lines.Count; i++)
            {
                var line = lines[i];
                var y = top + size + i * lh;
                Draw(c => type.Draw(c, line, Margin + labelWidth, y, type.Regular, size, Ink));
            }
            Y += height;
        }
    }

    /// <summary>Two label/value pairs per row, each in half the width; a row never splits across pages.</summary>
    public void FieldPairs(IEnumerable<((string Label, string? Value) Left, (string Label, string? Value) Right)> rows, float labelWidth, float size)
    {
        var lh = LineHeight(size);
        const float half = ContentWidth / 2;
        foreach (var (left, right) in rows)
        {
            var cells = new[] { (left, 0f), (right, half) }
                .Select(cell => (cell.Item1.Label, Lines: type.Wrap(Typesetter.Clean(string.IsNullOrWhiteSpace(cell.Item1.Value) ? "—" : cell.Item1.Value, maxLength: 400), type.Regular, size, half - labelWidth - 8), X: cell.Item2))
                .ToList();
            var height = cells.Max(c => c.Lines.Count) * lh + 4;
            Ensure(height);
            var top = Y;
            foreach (var (label, lines, x) in cells)
            {
                var cleanedLabel = Typesetter.Clean(label);
                Draw(c => type.Draw(c, cleanedLabel, Margin + x, top + size, type.Bold, size, Muted));
                for (var i = 0; i < lines.Count; i++)
                {
                    var line = lines[i];
                    var y = top + size + i * lh;
                    Draw(c => type.Draw(c, line, Margin + x + labelWidth, y, type.Regular, size, Ink));
                }
            }
            Y += height;
        }
    }
}
