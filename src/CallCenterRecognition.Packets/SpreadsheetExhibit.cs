using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace CallCenterRecognition.Packets;

/// <summary>
/// An .xlsx typeset sheet by sheet as tables: shared and inline strings, numbers in plain invariant form, dates as
/// yyyy-MM-dd (with HH:mm when the format shows time), booleans as TRUE/FALSE. The first row is the header, repeated at
/// the top of every page; columns that do not fit the page width continue on following pages, the row number column
/// repeated. Only the first <see cref="MaxRows"/> rows with content are typeset, with a line saying so.
/// </summary>
internal static class SpreadsheetExhibit
{
    /// <summary>Rows with content typeset per sheet; past that a "first N of M rows" line stands for the rest.</summary>
    public const int MaxRows = 500;

    public const int MaxColumns = 60;
    private const int MaxCellCharacters = 1_000;
    private const int MaxSharedCharacters = 8_000_000;
    private const float Size = 7.5f;
    private const float MinColumn = 30f;
    private const float MaxColumn = 200f;

    private sealed record Formats(HashSet<int> DateStyles, HashSet<int> TimeOnlyStyles, HashSet<int> PercentStyles, bool Date1904);

    public static void Typeset(TypesetPages pages, ExhibitPlan plan, ExhibitConversion conversion, CancellationToken cancellationToken)
    {
        using var stream = conversion.OpenSeekable(plan.Exhibit);
        var settings = new OpenSettings { MaxCharactersInPart = 256L * 1024 * 1024 };
        using var document = SpreadsheetDocument.Open(stream, false, settings);
        var workbookPart = document.WorkbookPart ?? throw new InvalidDataException("No workbook.");
        var workbook = workbookPart.Workbook ?? throw new InvalidDataException("No workbook.");
        var shared = SharedStrings(workbookPart, cancellationToken);
        var formats = ReadFormats(workbookPart, workbook.WorkbookProperties?.Date1904?.Value == true);
        var sheets = workbook.Sheets?.Elements<Sheet>().ToList() ?? [];
        if (sheets.Count == 0)
        {
            throw new InvalidDataException("No sheets.");
        }
        var number = 0;
        foreach (var sheet in sheets)
        {
            if (pages.Full)
            {
                return;
            }
            cancellationToken.ThrowIfCancellationRequested();
            number++;
            var name = Typesetter.Clean(sheet.Name?.Value, maxLength: 100);
            var hidden = sheet.State?.Value is { } state && state != SheetStateValues.Visible ? " (hidden)" : "";
            pages.Heading(string.Create(CultureInfo.InvariantCulture, $"Sheet {number} of {sheets.Count}: {name}{hidden}"), 12f, PageFlow.Ink, before: 4f);
            var id = sheet.Id?.Value;
            var part = id is null ? null : workbookPart.TryGetPartById(id, out var found) ? found : null;
            if (part is not WorksheetPart worksheet)
            {
                pages.Text("Not a worksheet (a chart or macro sheet): not reproduced; the original accompanies the packet.", pages.Type.Regular, 9f, PageFlow.Muted, after: 6f);
                continue;
            }
            Sheet(pages, worksheet, shared, formats, cancellationToken);
            if (!pages.Full && number < sheets.Count)
            {
                pages.NextPage();
            }
        }
    }

    private static void Sheet(TypesetPages pages, WorksheetPart worksheet, List<string> shared, Formats formats, CancellationToken cancellationToken)
    {
        var type = pages.Type;
        var rows = new List<(int Number, Dictionary<int, string> Cells)>();
        var total = 0;
        var widest = 0;
        using (var reader = OpenXmlReader.Create(worksheet))
        {
            var next = 1;
            var more = reader.Read();
            while (more)
            {
                if (reader.ElementType != typeof(Row) || !reader.IsStartElement)
                {
                    more = reader.Read();
                    continue;
                }
                cancellationToken.ThrowIfCancellationRequested();
                if (rows.Count >= MaxRows)
                {
                    // Counting the rest: a row record is counted without reading its cells. Skip lands on the next sibling.
                    total++;
                    reader.Skip();
                    more = !reader.EOF;
                    continue;
                }
                var row = (Row)reader.LoadCurrentElement()!;
                var rowNumber = row.RowIndex?.Value is { } index and > 0 and < int.MaxValue ? (int)index : next;
                next = rowNumber + 1;
                var cells = Cells(row, shared, formats);
                more = reader.Read();
                if (cells.Count == 0)
                {
                    continue;
                }
                total++;
                widest = Math.Max(widest, cells.Keys.Max() + 1);
                rows.Add((rowNumber, cells));
            }
        }
        if (rows.Count == 0)
        {
            pages.Text("(This sheet is empty.)", type.Regular, 9f, PageFlow.Muted, after: 6f);
            return;
        }
        var columns = Math.Min(widest, MaxColumns);
        var notes = new List<string>();
        if (total > rows.Count)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"First {rows.Count:N0} of {total:N0} rows shown (rows {rows[0].Number:N0}–{rows[^1].Number:N0}); the rest are in the original, which accompanies the packet."));
        }
        if (widest > MaxColumns)
        {
            notes.Add($"Columns A–{ColumnName(MaxColumns - 1)} shown; columns {ColumnName(MaxColumns)}–{ColumnName(widest - 1)} are in the original, which accompanies the packet.");
        }
        foreach (var note in notes)
        {
            pages.Text(note, type.Bold, 8.5f, new SkiaSharp.SKColor(0x9B, 0x1C, 0x1C), after: 2f);
        }

        // Natural width of each column from its content, so short columns stay narrow and long text wraps.
        var widths = new float[columns];
        for (var c = 0; c < columns; c++)
        {
            var natural = type.Measure(ColumnName(c), type.Bold, Size);
            foreach (var (_, cells) in rows)
            {
                if (cells.TryGetValue(c, out var text))
                {
                    natural = Math.Max(natural, type.Measure(text.Length > 60 ? text[..60] : text, type.Regular, Size));
                    if (natural >= MaxColumn)
                    {
                        break;
                    }
                }
            }
            widths[c] = Math.Clamp(natural + 8, MinColumn, MaxColumn);
        }
        var numberWidth = Math.Max(26f, type.Measure(rows[^1].Number.ToString(CultureInfo.InvariantCulture), type.Bold, Size) + 10);

        // Columns are split into page-wide slices; each slice runs over every row before the next begins, as Excel prints.
        var slices = new List<(int From, int To)>();
        for (var from = 0; from < columns;)
        {
            var used = numberWidth;
            var to = from;
            while (to < columns && (to == from || used + widths[to] <= TypesetPages.Width))
            {
                used += Math.Min(widths[to], TypesetPages.Width - numberWidth);
                to++;
            }
            slices.Add((from, to));
            from = to;
        }
        for (var s = 0; s < slices.Count && !pages.Full; s++)
        {
            var (from, to) = slices[s];
            if (s > 0)
            {
                pages.NextPage();
            }
            if (slices.Count > 1)
            {
                pages.Text($"Columns {ColumnName(from)}–{ColumnName(to - 1)} (part {s + 1} of {slices.Count})", type.Regular, 8.5f, PageFlow.Muted, after: 2f);
            }
            var sliceWidths = new float[to - from + 1];
            sliceWidths[0] = numberWidth;
            for (var c = from; c < to; c++)
            {
                sliceWidths[c - from + 1] = Math.Min(widths[c], TypesetPages.Width - numberWidth);
            }
            var table = new List<string[]>(rows.Count);
            foreach (var (rowNumber, cells) in rows)
            {
                var line = new string[to - from + 1];
                line[0] = rowNumber.ToString(CultureInfo.InvariantCulture);
                for (var c = from; c < to; c++)
                {
                    line[c - from + 1] = cells.TryGetValue(c, out var text) ? text : string.Empty;
                }
                table.Add(line);
            }
            pages.Table(table, sliceWidths, table[0], Size);
        }
    }

    private static Dictionary<int, string> Cells(Row row, List<string> shared, Formats formats)
    {
        var cells = new Dictionary<int, string>();
        var column = 0;
        foreach (var cell in row.Elements<Cell>())
        {
            column = ColumnIndex(cell.CellReference?.Value) ?? column;
            if (column >= MaxColumns * 4)
            {
                break;
            }
            var text = Value(cell, shared, formats);
            if (!string.IsNullOrWhiteSpace(text))
            {
                cells[column] = Typesetter.Clean(text, multiline: true, maxLength: MaxCellCharacters).Trim();
            }
            column++;
        }
        return cells;
    }

    private static string? Value(Cell cell, List<string> shared, Formats formats)
    {
        var raw = cell.CellValue?.Text;
        var dataType = cell.DataType?.Value;
        if (dataType == CellValues.InlineString)
        {
            return cell.InlineString is { } inline ? StringItem(inline) : raw;
        }
        if (raw is null)
        {
            return null;
        }
        if (dataType == CellValues.SharedString)
        {
            return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < shared.Count ? shared[index] : "#REF!";
        }
        if (dataType == CellValues.Boolean)
        {
            return raw.Trim() is "1" or "true" ? "TRUE" : "FALSE";
        }
        if (dataType == CellValues.String || dataType == CellValues.Error || dataType == CellValues.Date)
        {
            return raw;
        }
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return raw;
        }
        var style = (int)(cell.StyleIndex?.Value ?? 0);
        if (formats.DateStyles.Contains(style) && number is > -657435 and < 2958465)
        {
            var date = DateTime.FromOADate(number + (formats.Date1904 ? 1462 : 0));
            if (formats.TimeOnlyStyles.Contains(style))
            {
                return date.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
            }
            return date.TimeOfDay == TimeSpan.Zero
                ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                : date.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        }
        if (formats.PercentStyles.Contains(style))
        {
            return (number * 100).ToString("G12", CultureInfo.InvariantCulture) + "%";
        }
        return number.ToString("G15", CultureInfo.InvariantCulture);
    }

    private static int? ColumnIndex(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }
        var index = 0;
        var letters = 0;
        foreach (var c in reference)
        {
            if (c is >= 'A' and <= 'Z' or >= 'a' and <= 'z')
            {
                if (++letters > 3)
                {
                    return null;
                }
                index = index * 26 + (char.ToUpperInvariant(c) - 'A' + 1);
            }
            else
            {
                break;
            }
        }
        return letters == 0 ? null : index - 1;
    }

    internal static string ColumnName(int index)
    {
        var sb = new StringBuilder();
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            sb.Insert(0, (char)('A' + (n - 1) % 26));
        }
        return sb.ToString();
    }

    private static string StringItem(OpenXmlElement item)
    {
        // Text and rich-text runs; phonetic guides (rPh) are a reading aid, not content.
        var sb = new StringBuilder();
        foreach (var child in item.ChildElements)
        {
            if (child is Text text)
            {
                sb.Append(text.Text);
            }
            else if (child is Run run && run.Text is { } runText)
            {
                sb.Append(runText.Text);
            }
        }
        return sb.ToString();
    }

    private static List<string> SharedStrings(WorkbookPart workbookPart, CancellationToken cancellationToken)
    {
        var strings = new List<string>();
        if (workbookPart.SharedStringTablePart is not { } part)
        {
            return strings;
        }
        var characters = 0L;
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.ElementType != typeof(SharedStringItem) || !reader.IsStartElement)
            {
                continue;
            }
            cancellationToken.ThrowIfCancellationRequested();
            var item = reader.LoadCurrentElement()!;
            var text = characters > MaxSharedCharacters ? "…" : StringItem(item);
            if (text.Length > MaxCellCharacters)
            {
                text = text[..MaxCellCharacters];
            }
            characters += text.Length;
            strings.Add(text);
        }
        return strings;
    }

    private static Formats ReadFormats(WorkbookPart workbookPart, bool date1904)
    {
        var dates = new HashSet<int>();
        var timesOnly = new HashSet<int>();
        var percents = new HashSet<int>();
        var stylesheet = workbookPart.WorkbookStylesPart?.Stylesheet;
        var custom = stylesheet?.NumberingFormats?.Elements<NumberingFormat>()
            .Where(f => f.NumberFormatId?.Value is not null)
            .GroupBy(f => f.NumberFormatId!.Value)
            .ToDictionary(g => g.Key, g => g.First().FormatCode?.Value ?? "") ?? [];
        var index = 0;
        foreach (var format in stylesheet?.CellFormats?.Elements<CellFormat>() ?? [])
        {
            var id = format.NumberFormatId?.Value ?? 0;
            var (isDate, isTimeOnly, isPercent) = custom.TryGetValue(id, out var code) ? Classify(code) : BuiltIn(id);
            if (isDate)
            {
                dates.Add(index);
            }
            if (isTimeOnly)
            {
                timesOnly.Add(index);
            }
            if (isPercent)
            {
                percents.Add(index);
            }
            index++;
        }
        return new Formats(dates, timesOnly, percents, date1904);
    }

    // ECMA-376 Part 1, 18.8.30: the built-in number formats that are dates, times and percentages.
    private static (bool Date, bool TimeOnly, bool Percent) BuiltIn(uint id) => id switch
    {
        >= 14 and <= 17 or 22 or >= 27 and <= 36 or >= 50 and <= 58 => (true, false, false),
        >= 18 and <= 21 or >= 45 and <= 47 => (true, true, false),
        9 or 10 => (false, false, true),
        _ => (false, false, false),
    };

    private static (bool Date, bool TimeOnly, bool Percent) Classify(string code)
    {
        // Literal text ("…", \x) and [colour]/[condition] sections say nothing about what the number is.
        var sb = new StringBuilder();
        var quoted = false;
        var bracket = false;
        for (var i = 0; i < code.Length; i++)
        {
            var c = code[i];
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c == '[')
            {
                bracket = true;
            }
            else if (bracket && c == ']')
            {
                bracket = false;
            }
            else if (!quoted && c == '\\')
            {
                i++;
            }
            else if (!quoted && !bracket)
            {
                sb.Append(char.ToLowerInvariant(c));
            }
        }
        var plain = sb.ToString();
        var section = plain.Split(';')[0];
        var hasDate = section.Contains('y') || section.Contains('d');
        var hasTime = section.Contains('h') || section.Contains('s');
        var hasMonth = section.Contains('m') && !hasTime;
        var isDate = hasDate || hasTime || hasMonth;
        return (isDate, isDate && hasTime && !hasDate && !hasMonth, !isDate && section.Contains('%'));
    }
}
