using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Wordprocessing;
using PageSize = UglyToad.PdfPig.Content.PageSize;
using Run = DocumentFormat.OpenXml.Wordprocessing.Run;
using MimeKit;
using SkiaSharp;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace CallCenterRecognition.Evidence.Tests.Samples;

/// <summary>Documents of every kind the extractor reads, generated from known text, so tests (and labelled sets built
/// on them) can compare what comes back with what went in. Text is wrapped to the page width; line breaks in the input
/// are kept.</summary>
public static class EvidenceSamples
{
    private const string FontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    private static readonly Lazy<SKTypeface> Typeface = new(() => SKTypeface.FromFile(FontPath) ?? SKTypeface.Default);
    private static readonly Lazy<byte[]> FontBytes = new(() => File.ReadAllBytes(FontPath));

    /// <summary>A PDF with a text layer (Helvetica, or DejaVu Sans for text beyond ASCII), one page per string.</summary>
    public static byte[] TextPdf(IReadOnlyList<string> pages) => Pdf([.. pages.Select(p => new SamplePage(p, PageLayer.Text))]);

    /// <summary>An image-only PDF: each page is a 300 dpi scan (JPEG) of the text and nothing else, no text layer.</summary>
    public static byte[] ScannedPdf(IReadOnlyList<string> pages) => Pdf([.. pages.Select(p => new SamplePage(p, PageLayer.JpegScan))]);

    /// <summary>A PDF whose pages each have their own layer: text, or a scan embedded as JPEG or as PNG.</summary>
    public static byte[] Pdf(IReadOnlyList<SamplePage> pages)
    {
        var builder = new PdfDocumentBuilder();
        var ascii = pages.All(p => p.Layer != PageLayer.Text || p.Text.All(c => c < 128));
        var font = ascii ? builder.AddStandard14Font(Standard14Font.Helvetica) : builder.AddTrueTypeFont(FontBytes.Value);
        foreach (var (text, layer) in pages)
        {
            var page = builder.AddPage(PageSize.Letter);
            if (layer != PageLayer.Text)
            {
                using var bitmap = RenderPage(text, dpi: 300);
                var height = page.PageSize.Width * bitmap.Height / bitmap.Width;
                var area = new PdfRectangle(0, page.PageSize.Height - height, page.PageSize.Width, page.PageSize.Height);
                if (layer == PageLayer.JpegScan)
                {
                    page.AddJpeg(Encode(bitmap, SKEncodedImageFormat.Jpeg, 90), area);
                }
                else
                {
                    page.AddPng(Encode(bitmap, SKEncodedImageFormat.Png, 100), area);
                }

                continue;
            }

            const double margin = 72;
            var width = page.PageSize.Width - 2 * margin;
            var size = 11.0;
            List<string> lines;
            while (true)
            {
                var measuringSize = size;
                lines = Wrap(text, width, s => MeasurePdf(page, s, measuringSize, font));
                if (lines.Count * size * 1.35 <= page.PageSize.Height - 2 * margin || size <= 5)
                {
                    break;
                }

                size -= 0.5;
            }

            var y = page.PageSize.Height - margin - size;
            foreach (var line in lines)
            {
                if (line.Length > 0)
                {
                    page.AddText(line, size, new PdfPoint(margin, y), font);
                }

                y -= size * 1.35;
            }
        }

        return builder.Build();
    }

    /// <summary>A phone photo of a printed page: turned about 2°, lit unevenly, with sensor noise, JPEG quality 80.</summary>
    public static byte[] PhotoJpeg(string text)
    {
        using var page = RenderPage(text, dpi: 250);
        var border = page.Width / 20;
        using var photo = new SKBitmap(page.Width + 2 * border, page.Height + 2 * border, SKColorType.Rgba8888, SKAlphaType.Premul);
        using (var canvas = new SKCanvas(photo))
        {
            canvas.Clear(new SKColor(96, 84, 70));
            canvas.Translate(photo.Width / 2f, photo.Height / 2f);
            canvas.RotateDegrees(2f);
            canvas.Translate(-page.Width / 2f, -page.Height / 2f);
            using var smooth = new SKPaint { IsAntialias = true };
            using var image = SKImage.FromBitmap(page);
            canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Linear), smooth);
            canvas.ResetMatrix();

            // Light from the top left: the far corner of the page gets about 35% less of it.
            using var shade = new SKPaint
            {
                Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(photo.Width, photo.Height),
                    [new SKColor(255, 250, 240), new SKColor(165, 160, 150)], SKShaderTileMode.Clamp),
                BlendMode = SKBlendMode.Multiply,
            };
            canvas.DrawRect(0, 0, photo.Width, photo.Height, shade);
        }

        var random = new Random(19);
        var pixels = photo.GetPixelSpan();
        var bytes = new byte[pixels.Length];
        pixels.CopyTo(bytes);
        for (var i = 0; i < bytes.Length; i += 4)
        {
            var noise = (random.Next(25) + random.Next(25) - 24) / 2;
            for (var c = 0; c < 3; c++)
            {
                bytes[i + c] = (byte)Math.Clamp(bytes[i + c] + noise, 0, 255);
            }
        }

        System.Runtime.InteropServices.Marshal.Copy(bytes, 0, photo.GetPixels(), bytes.Length);
        return Encode(photo, SKEncodedImageFormat.Jpeg, 80);
    }

    /// <summary>A clean 300 dpi rendering of a printed page (PNG).</summary>
    public static byte[] Png(string text)
    {
        using var bitmap = RenderPage(text, dpi: 300);
        return Encode(bitmap, SKEncodedImageFormat.Png, 100);
    }

    /// <summary>A Word document with one paragraph per string.</summary>
    public static byte[] Docx(IReadOnlyList<string> paragraphs)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.Document = new Document(new Body(paragraphs.Select(p => new Paragraph(new Run(new DocumentFormat.OpenXml.Wordprocessing.Text(p) { Space = SpaceProcessingModeValues.Preserve })))));
            main.Document.Save();
        }

        return stream.ToArray();
    }

    /// <summary>An Excel workbook with one sheet; the first row holds the headers. Text goes to the shared strings,
    /// numbers are stored as numbers.</summary>
    public static byte[] Xlsx(IReadOnlyList<IReadOnlyList<string>> rows)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var strings = workbook.AddNewPart<SharedStringTablePart>();
            strings.SharedStringTable = new SharedStringTable();
            var indexes = new Dictionary<string, int>();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            for (var r = 0; r < rows.Count; r++)
            {
                var row = new Row { RowIndex = (uint)(r + 1) };
                for (var c = 0; c < rows[r].Count; c++)
                {
                    var value = rows[r][c];
                    var cell = new Cell { CellReference = ColumnName(c) + (r + 1) };
                    if (double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
                    {
                        cell.DataType = CellValues.Number;
                        cell.CellValue = new CellValue(value);
                    }
                    else
                    {
                        if (!indexes.TryGetValue(value, out var index))
                        {
                            index = indexes.Count;
                            indexes[value] = index;
                            strings.SharedStringTable.AppendChild(new SharedStringItem(new DocumentFormat.OpenXml.Spreadsheet.Text(value)));
                        }

                        cell.DataType = CellValues.SharedString;
                        cell.CellValue = new CellValue(index.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    }

                    row.AppendChild(cell);
                }

                data.AppendChild(row);
            }

            sheetPart.Worksheet = new Worksheet(data);
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "Sheet1" }));
            strings.SharedStringTable.Save();
            workbook.Workbook.Save();
        }

        return stream.ToArray();
    }

    /// <summary>An e-mail (RFC 822) with a plain-text body and, optionally, one attachment.</summary>
    public static byte[] Eml(string from, string to, string subject, string body, (string FileName, string ContentType, byte[] Content)? attachment = null)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Date = new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.FromHours(-8));
        var builder = new BodyBuilder { TextBody = body };
        if (attachment is { } a)
        {
            builder.Attachments.Add(a.FileName, a.Content, ContentType.Parse(a.ContentType));
        }

        message.Body = builder.ToMessageBody();
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return stream.ToArray();
    }

    /// <summary>Plain text, UTF-8 without a byte order mark.</summary>
    public static byte[] Text(string text) => new System.Text.UTF8Encoding(false).GetBytes(text);

    /// <summary>A white letter-size page at the given resolution with the text in 12 pt DejaVu Sans, one inch margins;
    /// the page grows taller when the text does not fit.</summary>
    private static SKBitmap RenderPage(string text, int dpi)
    {
        var width = (int)(8.5 * dpi);
        var margin = dpi;
        using var font = new SKFont(Typeface.Value, 12f * dpi / 72f);
        var lines = Wrap(text, width - 2 * margin, s => font.MeasureText(s));
        var lineHeight = font.Size * 1.4f;
        var height = Math.Max(11 * dpi, (int)(2 * margin + lines.Count * lineHeight));
        var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        using var ink = new SKPaint { Color = new SKColor(20, 20, 20), IsAntialias = true };
        var y = margin + font.Size;
        foreach (var line in lines)
        {
            canvas.DrawText(line, margin, y, SKTextAlign.Left, font, ink);
            y += lineHeight;
        }

        return bitmap;
    }

    private static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format, int quality)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, quality);
        return data.ToArray();
    }

    private static double MeasurePdf(PdfPageBuilder page, string text, double size, PdfDocumentBuilder.AddedFont font)
    {
        if (text.Length == 0)
        {
            return 0;
        }

        var letters = page.MeasureText(text, size, new PdfPoint(0, 0), font);
        return letters.Count == 0 ? 0 : letters[^1].EndBaseLine.X - letters[0].StartBaseLine.X;
    }

    /// <summary>Greedy word wrap; the input's own line breaks are kept, and a word wider than the line stands alone.</summary>
    internal static List<string> Wrap(string text, double width, Func<string, double> measure)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (line.Length > 0 && measure(candidate) > width)
                {
                    lines.Add(line);
                    line = word;
                }
                else
                {
                    line = candidate;
                }
            }

            lines.Add(line);
        }

        return lines;
    }

    private static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + (n - 1) % 26) + name;
        }

        return name;
    }
}

/// <summary>How a sample PDF page carries its text.</summary>
public enum PageLayer
{
    /// <summary>A text layer (selectable text).</summary>
    Text,
    /// <summary>Only a 300 dpi scan of the page, embedded as a JPEG.</summary>
    JpegScan,
    /// <summary>Only a 300 dpi scan of the page, embedded as a PNG (Flate-compressed pixels).</summary>
    PngScan,
}

/// <summary>One page of a sample PDF: its text and how the page carries it.</summary>
public sealed record SamplePage(string Text, PageLayer Layer);
