using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace CallCenterRecognition.Packets;

/// <summary>
/// A .docx typeset as its text: paragraphs, headings (Heading 1–9 and Title styles, or an outline level) larger and bold,
/// numbered and bulleted lists indented with their number or a bullet, tables as grids with wrapped cell text. Pictures
/// show as "[picture]"; headers, footers, footnotes and comments are not reproduced.
/// </summary>
internal static class WordExhibit
{
    private const float BodySize = 10f;
    private const float ListIndent = 18f;
    private const int MaxCellCharacters = 4_000;
    private static readonly string[] Bullets = ["•", "◦", "▪"];

    private sealed class Context(WordprocessingDocument document, TypesetPages pages, CancellationToken cancellationToken)
    {
        public TypesetPages Pages => pages;
        public CancellationToken CancellationToken => cancellationToken;
        public Dictionary<string, Style> Styles { get; } = (document.MainDocumentPart?.StyleDefinitionsPart?.Styles?.Elements<Style>() ?? [])
            .Where(s => s.StyleId?.Value is not null)
            .GroupBy(s => s.StyleId!.Value!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        public Numbering? Numbering { get; } = document.MainDocumentPart?.NumberingDefinitionsPart?.Numbering;
        public Dictionary<int, int?[]> Counters { get; } = [];
        public int Characters { get; set; }
        public bool Cut { get; set; }
    }

    public static void Typeset(TypesetPages pages, ExhibitPlan plan, ExhibitConversion conversion, CancellationToken cancellationToken)
    {
        using var stream = conversion.OpenSeekable(plan.Exhibit);
        var settings = new OpenSettings { MaxCharactersInPart = 64L * 1024 * 1024 };
        using var document = WordprocessingDocument.Open(stream, false, settings);
        var body = document.MainDocumentPart?.Document?.Body ?? throw new InvalidDataException("No document body.");
        var context = new Context(document, pages, cancellationToken);
        Blocks(body, context);
        if (context.Cut && !pages.Full)
        {
            TextExhibit.CutLine(pages);
        }
    }

    private static void Blocks(OpenXmlElement container, Context context)
    {
        foreach (var element in container.ChildElements)
        {
            if (context.Pages.Full || context.Cut)
            {
                return;
            }
            context.CancellationToken.ThrowIfCancellationRequested();
            switch (element)
            {
                case Paragraph paragraph:
                    ParagraphBlock(paragraph, context);
                    break;
                case Table table:
                    TableBlock(table, context);
                    break;
                case SdtBlock or SdtContentBlock or CustomXmlBlock:
                    Blocks(element, context);
                    break;
            }
        }
    }

    private static string Take(string text, Context context)
    {
        var left = ExhibitConversion.MaxCharacters - context.Characters;
        if (text.Length > left)
        {
            context.Cut = true;
            text = text[..Math.Max(0, left)];
        }
        context.Characters += text.Length;
        return text;
    }

    private static void ParagraphBlock(Paragraph paragraph, Context context)
    {
        var pages = context.Pages;
        var type = pages.Type;
        var text = Typesetter.Clean(Take(Text(paragraph), context), multiline: true).Trim();
        var styleId = paragraph.ParagraphProperties?.ParagraphStyleId?.Val?.Value;
        var level = HeadingLevel(paragraph, styleId, context);
        if (level is not null)
        {
            if (text.Length > 0)
            {
                var size = level switch { 0 => 17f, 1 => 15f, 2 => 13f, 3 => 11.5f, _ => 10.5f };
                pages.Heading(text, size, PageFlow.Ink, before: level <= 1 ? 10f : 6f);
            }
            return;
        }
        var (marker, depth) = ListMarker(paragraph, styleId, context);
        if (text.Length == 0)
        {
            pages.Space(TypesetPages.LineHeight(BodySize) * 0.6f);
            return;
        }
        if (marker is null)
        {
            pages.Text(text, type.Regular, BodySize, PageFlow.Ink, after: 4f);
        }
        else
        {
            pages.Text(text, type.Regular, BodySize, PageFlow.Ink, indent: ListIndent * (depth + 1), after: 2f, marker: marker);
        }
    }

    /// <summary>Visible text in document order: inserted text kept, deleted text, field codes and compatibility fallbacks left out.</summary>
    private static string Text(OpenXmlElement element)
    {
        var sb = new StringBuilder();
        Append(element, sb, 0);
        return sb.ToString();
    }

    private static void Append(OpenXmlElement element, StringBuilder sb, int depth)
    {
        if (depth > 64 || sb.Length > MaxCellCharacters * 50)
        {
            return;
        }
        foreach (var child in element.ChildElements)
        {
            switch (child)
            {
                case Text text:
                    sb.Append(text.Text);
                    break;
                case TabChar or PositionalTab:
                    sb.Append('\t');
                    break;
                case Break or CarriageReturn:
                    sb.Append('\n');
                    break;
                case NoBreakHyphen:
                    sb.Append('-');
                    break;
                case Drawing or Picture or EmbeddedObject:
                    sb.Append("[picture]");
                    Append(child, sb, depth + 1);
                    break;
                case Paragraph when sb.Length > 0:
                    sb.Append('\n');
                    Append(child, sb, depth + 1);
                    break;
                case AlternateContentFallback or DeletedRun or FieldCode or DeletedFieldCode or ParagraphProperties or RunProperties:
                    break;
                default:
                    Append(child, sb, depth + 1);
                    break;
            }
        }
    }

    private static int? HeadingLevel(Paragraph paragraph, string? styleId, Context context)
    {
        var outline = paragraph.ParagraphProperties?.OutlineLevel?.Val?.Value;
        if (outline is >= 0 and < 9)
        {
            return outline + 1;
        }
        for (var (id, hops) = (styleId, 0); id is not null && hops < 10 && context.Styles.TryGetValue(id, out var style); id = style.BasedOn?.Val?.Value, hops++)
        {
            var name = style.StyleName?.Val?.Value ?? id;
            if (name.Equals("Title", StringComparison.OrdinalIgnoreCase))
            {
                return 0;
            }
            foreach (var candidate in new[] { name, id })
            {
                var compact = candidate.Replace(" ", "", StringComparison.Ordinal);
                if (compact.StartsWith("heading", StringComparison.OrdinalIgnoreCase)
                    && int.TryParse(compact.AsSpan("heading".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 9)
                {
                    return n;
                }
            }
            if (style.StyleParagraphProperties?.OutlineLevel?.Val?.Value is >= 0 and < 9 and var level)
            {
                return level + 1;
            }
        }
        return null;
    }

    private static (string? Marker, int Depth) ListMarker(Paragraph paragraph, string? styleId, Context context)
    {
        var numbering = paragraph.ParagraphProperties?.NumberingProperties;
        for (var (id, hops) = (styleId, 0); numbering?.NumberingId is null && id is not null && hops < 10 && context.Styles.TryGetValue(id, out var style); id = style.BasedOn?.Val?.Value, hops++)
        {
            numbering = style.StyleParagraphProperties?.NumberingProperties;
        }
        var numId = numbering?.NumberingId?.Val?.Value;
        if (numId is null or 0 || context.Numbering is null)
        {
            return (null, 0);
        }
        var ilvl = Math.Clamp(numbering?.NumberingLevelReference?.Val?.Value ?? 0, 0, 8);
        var instance = context.Numbering.Elements<NumberingInstance>().FirstOrDefault(n => n.NumberID?.Value == numId);
        var abstractId = instance?.AbstractNumId?.Val?.Value;
        var abstractNum = context.Numbering.Elements<AbstractNum>().FirstOrDefault(a => a.AbstractNumberId?.Value == abstractId);
        var levels = new Level?[9];
        foreach (var level in abstractNum?.Elements<Level>() ?? [])
        {
            if (level.LevelIndex?.Value is >= 0 and < 9 and var index)
            {
                levels[index] = level;
            }
        }
        foreach (var levelOverride in instance?.Elements<LevelOverride>() ?? [])
        {
            if (levelOverride.LevelIndex?.Value is >= 0 and < 9 and var index && levelOverride.Level is { } replaced)
            {
                levels[index] = replaced;
            }
        }
        var current = levels[ilvl];
        var format = current?.NumberingFormat?.Val;
        if (current is null || format is null || format.Value == NumberFormatValues.Bullet)
        {
            return (Bullets[ilvl % Bullets.Length], ilvl);
        }
        if (format.Value == NumberFormatValues.None)
        {
            return (null, ilvl);
        }
        if (!context.Counters.TryGetValue(numId.Value, out var counters))
        {
            context.Counters[numId.Value] = counters = new int?[9];
        }
        var start = Start(instance, levels, ilvl);
        counters[ilvl] = counters[ilvl] is { } n ? n + 1 : start;
        for (var deeper = ilvl + 1; deeper < 9; deeper++)
        {
            counters[deeper] = null;
        }
        var template = current.LevelText?.Val?.Value ?? "%" + (ilvl + 1).ToString(CultureInfo.InvariantCulture) + ".";
        var marker = new StringBuilder();
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i] == '%' && i + 1 < template.Length && template[i + 1] is >= '1' and <= '9')
            {
                var k = template[i + 1] - '1';
                var value = k == ilvl ? counters[ilvl]!.Value : counters[k] ?? Start(instance, levels, k);
                marker.Append(Format(value, levels[k]?.NumberingFormat?.Val?.Value ?? NumberFormatValues.Decimal));
                i++;
            }
            else
            {
                marker.Append(template[i]);
            }
        }
        return (Typesetter.Clean(marker.ToString(), maxLength: 20), ilvl);
    }

    private static int Start(NumberingInstance? instance, Level?[] levels, int ilvl)
    {
        var overridden = instance?.Elements<LevelOverride>().FirstOrDefault(o => o.LevelIndex?.Value == ilvl)?.StartOverrideNumberingValue?.Val?.Value;
        return overridden ?? levels[ilvl]?.StartNumberingValue?.Val?.Value ?? 1;
    }

    private static string Format(int value, NumberFormatValues format)
    {
        if (format == NumberFormatValues.LowerLetter || format == NumberFormatValues.UpperLetter)
        {
            var letters = Letters(value);
            return format == NumberFormatValues.UpperLetter ? letters.ToUpperInvariant() : letters;
        }
        if (format == NumberFormatValues.LowerRoman || format == NumberFormatValues.UpperRoman)
        {
            var roman = Roman(value);
            return format == NumberFormatValues.LowerRoman ? roman.ToLowerInvariant() : roman;
        }
        if (format == NumberFormatValues.DecimalZero)
        {
            return value.ToString("00", CultureInfo.InvariantCulture);
        }
        return value.ToString(CultureInfo.InvariantCulture);
    }

    // Word's letter numbering repeats the letter: a … z, aa … zz.
    private static string Letters(int value)
    {
        if (value < 1)
        {
            return value.ToString(CultureInfo.InvariantCulture);
        }
        var letter = (char)('a' + (value - 1) % 26);
        return new string(letter, Math.Min(10, (value - 1) / 26 + 1));
    }

    private static string Roman(int value)
    {
        if (value is < 1 or > 3999)
        {
            return value.ToString(CultureInfo.InvariantCulture);
        }
        (int, string)[] numerals = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")];
        var sb = new StringBuilder();
        foreach (var (n, s) in numerals)
        {
            while (value >= n)
            {
                sb.Append(s);
                value -= n;
            }
        }
        return sb.ToString();
    }

    private static void TableBlock(Table table, Context context)
    {
        var rows = new List<string[]>();
        var columns = 0;
        foreach (var row in table.Elements<TableRow>())
        {
            var cells = new List<string>();
            foreach (var cell in row.Elements<TableCell>())
            {
                var text = Typesetter.Clean(Take(Text(cell), context), multiline: true, maxLength: MaxCellCharacters).Trim();
                cells.Add(text);
                var span = cell.TableCellProperties?.GridSpan?.Val?.Value ?? 1;
                for (var s = 1; s < Math.Clamp(span, 1, 63); s++)
                {
                    cells.Add(string.Empty);
                }
            }
            columns = Math.Max(columns, cells.Count);
            rows.Add([.. cells]);
            if (context.Cut)
            {
                break;
            }
        }
        if (rows.Count == 0 || columns == 0)
        {
            return;
        }
        columns = Math.Min(columns, 63);
        var grid = table.GetFirstChild<TableGrid>()?.Elements<GridColumn>()
            .Select(g => double.TryParse(g.Width?.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var w) && w > 0 ? w : 0)
            .ToList() ?? [];
        var widths = new float[columns];
        var known = grid.Count == columns && grid.All(w => w > 0);
        var sum = known ? grid.Sum() : columns;
        for (var i = 0; i < columns; i++)
        {
            widths[i] = (float)((known ? grid[i] : 1) / sum * TypesetPages.Width);
        }
        // Repeat the first row on later pages only when Word marks it as a header row.
        var header = table.Elements<TableRow>().FirstOrDefault()?.TableRowProperties?.GetFirstChild<TableHeader>() is not null ? rows[0] : null;
        context.Pages.Space(4);
        context.Pages.Table(rows, widths, header, size: 8.5f);
    }
}
