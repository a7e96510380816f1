using System.Globalization;
using SkiaSharp;

namespace CallCenterRecognition.Packets;

/// <summary>
/// Lays out an exhibit the packet typesets from a non-PDF original (text, e-mail, Word, Excel, TIFF) as US Letter pages.
/// Pages are drawn later with the rest of the packet's own pages, so they share its pruned fonts and footer.
/// </summary>
/// <remarks>
/// Every string handed in must already have been through <see cref="Typesetter.Clean"/>. A document may fill at most
/// <see cref="MaxPages"/> pages; past that every write is ignored and <see cref="Finish"/> says where it was cut.
/// </remarks>
internal sealed class TypesetPages(Typesetter type, string caption, string? slip = null)
{
    public const int MaxPages = 200;
    public const float Left = 54f;
    public const float Right = PageFlow.PageWidth - 54f;
    public const float Width = Right - Left;
    public const float Top = 60f;
    // Above the footer line Layout.Footer draws at 46 pt from the bottom.
    public const float Bottom = PageFlow.PageHeight - 66f;
    private const float CutReserve = 36f;

    private GeneratedPage? _page;

    public Typesetter Type => type;

    public List<GeneratedPage> Pages { get; } = [];

    public float Y { get; set; }

    /// <summary>The page cap was reached: nothing more is laid out.</summary>
    public bool Full { get; private set; }

    /// <summary>Runs at the top of every new page, after the caption (a table's repeated header row).</summary>
    public Action? OnNewPage { get; set; }

    private float Limit => Pages.Count >= MaxPages ? Bottom - CutReserve : Bottom;

    /// <summary>Space left on the current page, or on a fresh page when none is open.</summary>
    public float Available => _page is null ? Limit - Top : Limit - Y;

    public static float LineHeight(float size) => size * 1.32f;

    /// <summary>Starts a page; false (and <see cref="Full"/>) when the cap is reached.</summary>
    public bool NextPage()
    {
        if (Full)
        {
            return false;
        }
        if (Pages.Count >= MaxPages)
        {
            Full = true;
            return false;
        }
        _page = new GeneratedPage();
        Pages.Add(_page);
        var text = caption;
        if (Pages.Count == 1 && slip is not null)
        {
            // The exhibit's slip line heads its first page, as on merged and photo exhibits.
            var line = type.Wrap(slip, type.Bold, 8.5f, Width)[0];
            _page.Ops.Add(c => type.Draw(c, line, Left, 38, type.Bold, 8.5f, PageFlow.Ink));
            _page.Ops.Add(c => type.Draw(c, text, Left, 50, type.Regular, 7.5f, PageFlow.Muted));
        }
        else
        {
            _page.Ops.Add(c => type.Draw(c, text, Left, 40, type.Regular, 8f, PageFlow.Muted));
        }
        Y = Top;
        var onNewPage = OnNewPage;
        OnNewPage = null;
        try
        {
            onNewPage?.Invoke();
        }
        finally
        {
            OnNewPage = onNewPage;
        }
        return true;
    }

    /// <summary>Makes room for <paramref name="height"/>, on a new page when needed; false when the cap is reached.</summary>
    public bool Room(float height)
    {
        if (Full)
        {
            return false;
        }
        if (_page is not null && Y + height <= Limit)
        {
            return true;
        }
        return NextPage();
    }

    public void Draw(Action<SKCanvas> op)
    {
        if (_page is null && !NextPage())
        {
            return;
        }
        _page!.Ops.Add(op);
    }

    /// <summary>Wrapped text; <paramref name="marker"/> (a bullet or list number) hangs left of the first line.</summary>
    public void Text(string cleaned, SKTypeface face, float size, SKColor color, float indent = 0, float after = 0, string? marker = null)
    {
        var lh = LineHeight(size);
        var lines = type.Wrap(cleaned, face, size, Math.Max(40, Width - indent));
        for (var i = 0; i < lines.Count; i++)
        {
            if (!Room(lh))
            {
                return;
            }
            var line = lines[i];
            var y = Y + size;
            var x = Left + indent;
            if (i == 0 && marker is not null)
            {
                // Drawn first so the text layer reads "1. Item", not "Item 1.".
                var markerX = x - type.Measure(marker, face, size) - 4;
                Draw(c => type.Draw(c, marker, markerX, y, face, size, color));
            }
            Draw(c => type.Draw(c, line, x, y, face, size, color));
            Y += lh;
        }
        Y += after;
    }

    public void Heading(string cleaned, float size, SKColor? color = null, float before = 6f)
    {
        if (_page is not null && Y > Top)
        {
            Y += before;
        }
        // A heading alone at the foot of a page reads as an omission: keep it with two lines of what follows.
        if (!Room(LineHeight(size) + LineHeight(10f) * 2))
        {
            return;
        }
        Text(cleaned, type.Bold, size, color ?? PageFlow.Accent, after: 3f);
    }

    public void Space(float height)
    {
        if (_page is not null)
        {
            Y = Math.Min(Y + height, Limit);
        }
    }

    public void Rule()
    {
        if (!Room(8))
        {
            return;
        }
        var y = Y + 3;
        Draw(c => PageFlow.Line(c, Left, y, Right, y, PageFlow.RuleColor, 0.75f));
        Y += 8;
    }

    /// <summary>Label/value rows; values wrap under themselves.</summary>
    public void Fields(IEnumerable<(string Label, string Value)> fields, float labelWidth = 70f, float size = 9.5f)
    {
        var lh = LineHeight(size);
        foreach (var (label, value) in fields)
        {
            var lines = type.Wrap(value, type.Regular, size, Width - labelWidth);
            for (var i = 0; i < lines.Count; i++)
            {
                if (!Room(lh))
                {
                    return;
                }
                var y = Y + size;
                var line = lines[i];
                if (i == 0)
                {
                    Draw(c => type.Draw(c, label, Left, y, type.Bold, size, PageFlow.Muted));
                }
                Draw(c => type.Draw(c, line, Left + labelWidth, y, type.Regular, size, PageFlow.Ink));
                Y += lh;
            }
            Y += 2;
        }
    }

    /// <summary>
    /// A grid. Cells wrap inside their column; a row taller than a page continues on the next; <paramref name="header"/>
    /// (already one of <paramref name="rows"/> or not) is drawn again at the top of every page the table runs onto.
    /// </summary>
    public void Table(IReadOnlyList<string[]> rows, float[] widths, string[]? header, float size = 8f, bool headerIsFirstRow = true)
    {
        if (widths.Length == 0 || Full)
        {
            return;
        }
        var first = 0;
        var previous = OnNewPage;
        if (header is not null)
        {
            var headerLines = WrapRow(header, widths, size, type.Bold);
            var headerCount = headerLines.Max(l => l.Count);
            if (!Room(headerCount * LineHeight(size) + 4 + LineHeight(size) * 2))
            {
                return;
            }
            DrawBand(headerLines, widths, size, 0, headerCount, true);
            first = headerIsFirstRow ? 1 : 0;
            OnNewPage = () =>
            {
                previous?.Invoke();
                DrawBand(headerLines, widths, size, 0, headerCount, true);
            };
        }
        try
        {
            for (var r = first; r < rows.Count && !Full; r++)
            {
                Row(WrapRow(rows[r], widths, size, type.Regular), widths, size);
            }
        }
        finally
        {
            OnNewPage = previous;
        }
        Space(6);
    }

    private List<string>[] WrapRow(string[] cells, float[] widths, float size, SKTypeface face)
    {
        var wrapped = new List<string>[widths.Length];
        for (var i = 0; i < widths.Length; i++)
        {
            var text = i < cells.Length ? cells[i] : string.Empty;
            wrapped[i] = text.Length == 0 ? [string.Empty] : type.Wrap(text, face, size, Math.Max(8, widths[i] - 6));
        }
        return wrapped;
    }

    private void Row(List<string>[] lines, float[] widths, float size)
    {
        var lh = LineHeight(size);
        var total = lines.Max(l => l.Count);
        var height = total * lh + 4;
        if (_page is null && !NextPage())
        {
            return;
        }
        // Move a row that would fit a fresh page rather than split it; split only rows taller than a page.
        if (Y + height > Limit && height <= Limit - Top - 40)
        {
            if (!NextPage())
            {
                return;
            }
        }
        var start = 0;
        while (start < total)
        {
            var fit = (int)((Limit - Y - 4) / lh);
            if (fit < 1)
            {
                if (!NextPage())
                {
                    return;
                }
                continue;
            }
            var count = Math.Min(fit, total - start);
            DrawBand(lines, widths, size, start, count, false);
            start += count;
            if (start < total && !NextPage())
            {
                return;
            }
        }
    }

    private void DrawBand(List<string>[] lines, float[] widths, float size, int start, int count, bool shaded)
    {
        var lh = LineHeight(size);
        var top = Y;
        var height = count * lh + 4;
        var right = Left + widths.Sum();
        if (shaded)
        {
            Draw(c => PageFlow.Fill(c, new SKRect(Left, top, right, top + height), PageFlow.Shade));
        }
        var x = Left;
        for (var i = 0; i < widths.Length; i++)
        {
            var face = shaded ? type.Bold : type.Regular;
            for (var l = start; l < start + count && l < lines[i].Count; l++)
            {
                var text = lines[i][l];
                if (text.Length == 0)
                {
                    continue;
                }
                var cx = x + 3;
                var cy = top + 2 + size + (l - start) * lh;
                Draw(c => type.Draw(c, text, cx, cy, face, size, PageFlow.Ink));
            }
            x += widths[i];
        }
        var edges = new float[widths.Length + 1];
        edges[0] = Left;
        for (var i = 0; i < widths.Length; i++)
        {
            edges[i + 1] = edges[i] + widths[i];
        }
        Draw(c =>
        {
            PageFlow.Line(c, Left, top, right, top, PageFlow.RuleColor, 0.5f);
            PageFlow.Line(c, Left, top + height, right, top + height, PageFlow.RuleColor, 0.5f);
            foreach (var edge in edges)
            {
                PageFlow.Line(c, edge, top, edge, top + height, PageFlow.RuleColor, 0.5f);
            }
        });
        Y += height;
    }

    public const string PictureFailed = "This page could not be drawn; the original accompanies the packet.";

    /// <summary>
    /// A page holding one picture scaled into the content box, <paramref name="label"/> at its top right.
    /// <paramref name="draw"/> runs only when the page is really drawn, so pixels are decoded one page at a time.
    /// </summary>
    public bool PicturePage(string label, Action<SKCanvas, SKRect> draw)
    {
        if (!NextPage())
        {
            return false;
        }
        var labelX = Right - type.Measure(label, type.Regular, 8f);
        Draw(c => type.Draw(c, label, labelX, 40, type.Regular, 8f, PageFlow.Muted));
        var box = new SKRect(Left, Top, Right, Limit);
        Draw(c =>
        {
            if (type.Collecting)
            {
                // The dry pass learns the glyphs of the message a failed picture shows instead.
                type.Draw(c, PictureFailed, box.Left, box.Top + 20, type.Bold, 10.5f, PageFlow.Ink);
                return;
            }
            draw(c, box);
        });
        Y = Limit;
        return true;
    }

    /// <summary>Closes the layout: a page saying so when nothing was written, and the cut line when the cap was hit.</summary>
    public void Finish(string emptyText)
    {
        if (Pages.Count == 0)
        {
            Text(emptyText, type.Regular, 10f, PageFlow.Muted);
        }
        if (!Full)
        {
            return;
        }
        var y = Bottom - CutReserve + 20;
        var note = string.Create(CultureInfo.InvariantCulture,
            $"Cut here: only the first {MaxPages} pages of this document are typeset in the packet; the rest is in the original, which accompanies the packet.");
        var lines = type.Wrap(note, type.Bold, 8.5f, Width);
        var page = Pages[^1];
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var ly = y + i * LineHeight(8.5f);
            page.Ops.Add(c => type.Draw(c, line, Left, ly, type.Bold, 8.5f, new SKColor(0x9B, 0x1C, 0x1C)));
        }
    }
}
