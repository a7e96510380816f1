using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace CallCenterRecognition.Evidence;

/// <summary>An Excel workbook, one page per sheet in workbook order: each row a line of tab-separated cells, shared
/// strings resolved, empty columns kept as empty fields.</summary>
internal static class SheetTextReader
{
    private const int MaxColumnGap = 50;

    public static void Read(byte[] content, PageCollector pages)
    {
        OpenXmlGuard.Check(content, "spreadsheet");
        using var document = SpreadsheetDocument.Open(new MemoryStream(content, writable: false), false);
        var workbook = document.WorkbookPart ?? throw new UnreadableException("The spreadsheet has no workbook");
        var strings = SharedStrings(workbook);
        foreach (var sheet in workbook.Workbook?.Sheets?.Elements<Sheet>() ?? [])
        {
            if (pages.Full)
            {
                break;
            }

            if (sheet.Id?.Value is not { } id || workbook.GetPartById(id) is not WorksheetPart part)
            {
                continue;
            }

            pages.Add(ReadSheet(part, strings));
        }
    }

    private static string ReadSheet(WorksheetPart part, List<string> strings)
    {
        var text = new StringBuilder();
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read() && text.Length < PageCollector.MaxChars)
        {
            if (reader.ElementType != typeof(Row) || !reader.IsStartElement)
            {
                continue;
            }

            var row = (Row)reader.LoadCurrentElement()!;
            var fields = new List<string>();
            foreach (var cell in row.Elements<Cell>())
            {
                var index = Math.Min(ColumnIndex(cell.CellReference?.Value) ?? fields.Count, fields.Count + MaxColumnGap);
                while (fields.Count < index)
                {
                    fields.Add("");
                }

                fields.Add(Value(cell, strings).Replace('\t', ' ').Replace('\n', ' '));
            }

            text.Append(string.Join('\t', fields).TrimEnd('\t')).Append('\n');
        }

        return text.ToString();
    }

    private static string Value(Cell cell, List<string> strings)
    {
        var raw = cell.CellValue?.Text ?? "";
        var type = cell.DataType?.Value;
        if (type == CellValues.SharedString)
        {
            return int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < strings.Count ? strings[i] : "";
        }

        if (type == CellValues.InlineString)
        {
            return cell.InlineString?.InnerText ?? "";
        }

        if (type == CellValues.Boolean)
        {
            return raw == "1" ? "TRUE" : "FALSE";
        }

        return raw;
    }

    private static List<string> SharedStrings(WorkbookPart workbook)
    {
        var strings = new List<string>();
        if (workbook.SharedStringTablePart is not { } part)
        {
            return strings;
        }

        long total = 0;
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.ElementType == typeof(SharedStringItem) && reader.IsStartElement)
            {
                var text = reader.LoadCurrentElement()?.InnerText ?? "";
                total += text.Length;
                strings.Add(total > 2L * PageCollector.MaxChars ? "" : text);
            }
        }

        return strings;
    }

    /// <summary>The 0-based column of a cell reference such as "AB12".</summary>
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
            if (c is >= 'A' and <= 'Z')
            {
                index = index * 26 + (c - 'A' + 1);
                letters++;
            }
            else
            {
                break;
            }
        }

        return letters is 0 or > 3 ? null : index - 1;
    }
}
