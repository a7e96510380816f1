using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace CallCenterRecognition.Evidence;

/// <summary>A Word document's body, streamed: paragraphs as lines, table rows as tab-separated lines, a new page at
/// each explicit page break.</summary>
internal static class WordTextReader
{
    public static void Read(byte[] content, PageCollector pages)
    {
        OpenXmlGuard.Check(content, "Word document");
        using var document = WordprocessingDocument.Open(new MemoryStream(content, writable: false), false);
        var body = document.MainDocumentPart ?? throw new UnreadableException("The Word document has no body");
        var page = new StringBuilder();
        var cellDepth = 0;
        using var reader = OpenXmlReader.Create(body);
        while (reader.Read() && !pages.Full)
        {
            var type = reader.ElementType;
            if (reader.IsStartElement)
            {
                if (type == typeof(Text))
                {
                    page.Append(reader.GetText());
                }
                else if (type == typeof(TabChar))
                {
                    page.Append('\t');
                }
                else if (type == typeof(CarriageReturn))
                {
                    page.Append('\n');
                }
                else if (type == typeof(Break))
                {
                    var isPage = reader.Attributes.Any(a => a.LocalName == "type" && a.Value == "page");
                    if (isPage && cellDepth == 0)
                    {
                        pages.Add(page.ToString());
                        page.Clear();
                    }
                    else
                    {
                        page.Append('\n');
                    }
                }
                else if (type == typeof(TableCell))
                {
                    cellDepth++;
                }
            }
            else if (reader.IsEndElement)
            {
                if (type == typeof(Paragraph))
                {
                    page.Append(cellDepth > 0 ? ' ' : '\n');
                }
                else if (type == typeof(TableCell))
                {
                    cellDepth--;
                    TrimEnd(page, ' ');
                    page.Append('\t');
                }
                else if (type == typeof(TableRow))
                {
                    TrimEnd(page, '\t');
                    page.Append('\n');
                }
            }

            if (page.Length > PageCollector.MaxChars)
            {
                break;
            }
        }

        if (page.Length > 0 || pages.Pages.Count == 0)
        {
            pages.Add(page.ToString());
        }
    }

    private static void TrimEnd(StringBuilder text, char c)
    {
        while (text.Length > 0 && text[^1] == c)
        {
            text.Length--;
        }
    }
}
