using System.Globalization;
using BitMiracle.LibTiff.Classic;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using MimeKit;
using W = DocumentFormat.OpenXml.Wordprocessing;
using X = DocumentFormat.OpenXml.Spreadsheet;

namespace CallCenterRecognition.Packets.Tests;

/// <summary>Word, Excel, e-mail and TIFF files written in the test with the libraries that read them.</summary>
internal static class ConvertedSamples
{
    public const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string Eml = "message/rfc822";
    public const string Tiff = "image/tiff";

    public static byte[] Word()
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.AddNewPart<StyleDefinitionsPart>().Styles = new W.Styles(
                new W.Style(new W.StyleName { Val = "heading 1" }) { Type = W.StyleValues.Paragraph, StyleId = "Heading1" },
                new W.Style(new W.StyleName { Val = "Quiet heading" }, new W.BasedOn { Val = "Heading1" }) { Type = W.StyleValues.Paragraph, StyleId = "QuietHeading" });
            main.AddNewPart<NumberingDefinitionsPart>().Numbering = new W.Numbering(
                new W.AbstractNum(new W.Level(new W.StartNumberingValue { Val = 1 }, new W.NumberingFormat { Val = W.NumberFormatValues.Decimal }, new W.LevelText { Val = "%1." }) { LevelIndex = 0 }) { AbstractNumberId = 1 },
                new W.AbstractNum(new W.Level(new W.NumberingFormat { Val = W.NumberFormatValues.Bullet }, new W.LevelText { Val = "\uF0B7" }) { LevelIndex = 0 }) { AbstractNumberId = 2 },
                new W.NumberingInstance(new W.AbstractNumId { Val = 1 }) { NumberID = 1 },
                new W.NumberingInstance(new W.AbstractNumId { Val = 2 }) { NumberID = 2 });
            main.Document = new W.Document(new W.Body(
                Paragraph("Call handling procedures", "Heading1"),
                Paragraph("Staff answer the public telephone line from eight to five every business day."),
                ListItem("Greet the caller and give your name", 1),
                ListItem("Verify the claimant's identity", 1),
                ListItem("Log the call in the ACD", 1),
                ListItem("Escalations go to the lead", 2),
                Paragraph("Phone codes", "QuietHeading"),
                new W.Table(
                    new W.TableGrid(new W.GridColumn { Width = "2000" }, new W.GridColumn { Width = "6000" }),
                    Row(true, "Code", "Meaning"),
                    Row(false, "Code 41", "Scheduled break from the phone queue"),
                    Row(false, "Code 77", "Callback to a claimant who left a voicemail")),
                Paragraph("End of procedures.")));
        }
        return stream.ToArray();
    }

    private static W.Paragraph Paragraph(string text, string? style = null)
    {
        var paragraph = new W.Paragraph(new W.Run(new W.Text(text)));
        if (style is not null)
        {
            paragraph.PrependChild(new W.ParagraphProperties(new W.ParagraphStyleId { Val = style }));
        }
        return paragraph;
    }

    private static W.Paragraph ListItem(string text, int numId) => new(
        new W.ParagraphProperties(new W.NumberingProperties(new W.NumberingLevelReference { Val = 0 }, new W.NumberingId { Val = numId })),
        new W.Run(new W.Text(text)));

    private static W.TableRow Row(bool header, params string[] cells)
    {
        var row = new W.TableRow(cells.Select(c => new W.TableCell(new W.Paragraph(new W.Run(new W.Text(c))))));
        if (header)
        {
            row.PrependChild(new W.TableRowProperties(new W.TableHeader()));
        }
        return row;
    }

    /// <summary>A workbook with one sheet: header row of shared strings, then rows of inline strings, numbers and a date.</summary>
    public static byte[] Excel(int dataRows, int columns = 4)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new X.Workbook();
            var headers = new[] { "Call date", "Caller queue", "Minutes on hold" }
                .Concat(Enumerable.Range(4, Math.Max(0, columns - 3)).Select(i => $"Extra column {i} heading"))
                .Take(columns)
                .ToArray();
            workbook.AddNewPart<SharedStringTablePart>().SharedStringTable = new X.SharedStringTable(headers.Select(h => new X.SharedStringItem(new X.Text(h))));
            workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = new X.Stylesheet(new X.CellFormats(
                new X.CellFormat { NumberFormatId = 0 },
                new X.CellFormat { NumberFormatId = 14, ApplyNumberFormat = true }));
            var data = new X.SheetData();
            var header = new X.Row { RowIndex = 1 };
            for (var c = 0; c < columns; c++)
            {
                header.Append(new X.Cell { CellReference = Column(c) + "1", DataType = X.CellValues.SharedString, CellValue = new X.CellValue(c.ToString(CultureInfo.InvariantCulture)) });
            }
            data.Append(header);
            for (var r = 0; r < dataRows; r++)
            {
                var number = (uint)(r + 2);
                var row = new X.Row { RowIndex = number };
                for (var c = 0; c < columns; c++)
                {
                    var reference = Column(c) + number.ToString(CultureInfo.InvariantCulture);
                    row.Append(c switch
                    {
                        0 => new X.Cell { CellReference = reference, StyleIndex = 1, CellValue = new X.CellValue((45292 + r).ToString(CultureInfo.InvariantCulture)) },
                        1 => new X.Cell { CellReference = reference, DataType = X.CellValues.InlineString, InlineString = new X.InlineString(new X.Text($"Queue {r + 1}")) },
                        2 => new X.Cell { CellReference = reference, CellValue = new X.CellValue((12.5 + r).ToString(CultureInfo.InvariantCulture)) },
                        _ => new X.Cell { CellReference = reference, DataType = X.CellValues.InlineString, InlineString = new X.InlineString(new X.Text($"r{r + 1}c{c + 1} value")) },
                    });
                }
                data.Append(row);
            }
            var sheet = workbook.AddNewPart<WorksheetPart>();
            sheet.Worksheet = new X.Worksheet(data);
            workbook.Workbook.AppendChild(new X.Sheets(new X.Sheet { Name = "Call log", SheetId = 1, Id = workbook.GetIdOfPart(sheet) }));
        }
        return stream.ToArray();
    }

    private static string Column(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + (n - 1) % 26) + name;
        }
        return name;
    }

    /// <summary>An e-mail with a plain and HTML body, a PDF, a PNG and a Word attachment.</summary>
    public static byte[] Email(byte[] pdf, byte[] png, string? html = null, bool plain = true)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Dana Supervisor", "dana.supervisor@edd.example.gov"));
        message.To.Add(new MailboxAddress("Claims Contact Unit", "ccu@edd.example.gov"));
        message.Cc.Add(new MailboxAddress("Lee Manager", "lee.manager@edd.example.gov"));
        message.Subject = "Phone queue coverage for Monday";
        message.Date = new DateTimeOffset(2026, 1, 12, 9, 30, 0, TimeSpan.FromHours(-8));
        var body = new BodyBuilder
        {
            TextBody = plain ? "Everyone must stay logged in to the ACD queue until 5 pm.\n\n> Earlier: the queue had 212 callers waiting." : null,
            HtmlBody = html,
        };
        body.Attachments.Add("coverage.pdf", pdf, new ContentType("application", "pdf"));
        body.Attachments.Add("queue-screenshot.png", png, new ContentType("image", "png"));
        body.Attachments.Add("notes.docx", "not really a document"u8.ToArray(), new ContentType("application", "octet-stream"));
        message.Body = body.ToMessageBody();
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return stream.ToArray();
    }

    /// <summary>A multi-page RGB TIFF (one directory per page), LZW-compressed as scanners write them.</summary>
    public static byte[] TiffPages(int pages, int width = 300, int height = 400)
    {
        using var stream = new MemoryStream();
        using (var tiff = BitMiracle.LibTiff.Classic.Tiff.ClientOpen("sample", "w", stream, new TiffStream()) ?? throw new InvalidOperationException("LibTiff cannot write."))
        {
            for (var page = 0; page < pages; page++)
            {
                tiff.SetField(TiffTag.IMAGEWIDTH, width);
                tiff.SetField(TiffTag.IMAGELENGTH, height);
                tiff.SetField(TiffTag.SAMPLESPERPIXEL, 3);
                tiff.SetField(TiffTag.BITSPERSAMPLE, 8);
                tiff.SetField(TiffTag.PHOTOMETRIC, Photometric.RGB);
                tiff.SetField(TiffTag.PLANARCONFIG, PlanarConfig.CONTIG);
                tiff.SetField(TiffTag.COMPRESSION, Compression.LZW);
                tiff.SetField(TiffTag.ROWSPERSTRIP, height);
                tiff.SetField(TiffTag.SUBFILETYPE, FileType.PAGE);
                tiff.SetField(TiffTag.PAGENUMBER, page, pages);
                var line = new byte[width * 3];
                for (var y = 0; y < height; y++)
                {
                    for (var x = 0; x < width; x++)
                    {
                        line[x * 3] = (byte)(page == 0 ? 200 : 30);
                        line[x * 3 + 1] = (byte)(y * 255 / height);
                        line[x * 3 + 2] = (byte)(x * 255 / width);
                    }
                    tiff.WriteScanline(line, y);
                }
                tiff.WriteDirectory();
            }
        }
        return stream.ToArray();
    }
}
