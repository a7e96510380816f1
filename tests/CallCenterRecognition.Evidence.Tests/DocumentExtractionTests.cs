using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using CallCenterRecognition.Evidence.Tests.Samples;

namespace CallCenterRecognition.Evidence.Tests;

public sealed class DocumentExtractionTests
{
    private const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private readonly TextExtractor extractor = new(new OcrEngine(new OcrOptions()));

    [Fact]
    public async Task ExtractDocx_Paragraphs_ReturnsOneLineEach()
    {
        var docx = EvidenceSamples.Docx(["Training materials: call handling", "Greet the caller and give your name.", "Use   the script for benefit questions."]);

        var text = await extractor.ExtractAsync(docx, "training.docx", Docx, CancellationToken.None);

        Assert.Equal(TextStatuses.Done, text.Status);
        Assert.Equal(
            ["Training materials: call handling", "Greet the caller and give your name.", "Use the script for benefit questions."],
            Assert.Single(text.Pages).Split('\n'));
    }

    [Fact]
    public async Task ExtractDocx_PageBreaksAndATable_SplitsPagesAndTabsTheCells()
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.Document = new Document(new Body(
                new Paragraph(new Run(new Text("Page one."))),
                new Paragraph(new Run(new Break { Type = BreakValues.Page }), new Run(new Text("Page two."))),
                new Table(
                    new TableRow(new TableCell(new Paragraph(new Run(new Text("Code")))), new TableCell(new Paragraph(new Run(new Text("Meaning"))))),
                    new TableRow(new TableCell(new Paragraph(new Run(new Text("3")))), new TableCell(new Paragraph(new Run(new Text("Coaching"))))))));
            main.Document.Save();
        }

        var text = await extractor.ExtractAsync(stream.ToArray(), "codes.docx", Docx, CancellationToken.None);

        Assert.Equal(["Page one.", "Page two.\nCode\tMeaning\n3\tCoaching"], text.Pages);
    }

    [Fact]
    public async Task ExtractXlsx_SharedStringsAndNumbers_ReturnsTabSeparatedRows()
    {
        var xlsx = EvidenceSamples.Xlsx([["Month", "Calls offered", "Average handle time"], ["January", "12034", "6.5"], ["February", "11876", "6.1"], ["January", "9000", "5"]]);

        var text = await extractor.ExtractAsync(xlsx, "volumes.xlsx", Xlsx, CancellationToken.None);

        Assert.Equal(TextStatuses.Done, text.Status);
        Assert.Equal(
            ["Month\tCalls offered\tAverage handle time", "January\t12034\t6.5", "February\t11876\t6.1", "January\t9000\t5"],
            Assert.Single(text.Pages).Split('\n'));
    }

    [Fact]
    public async Task ExtractEml_WithADocxAttachment_ReturnsHeadersBodyAndTheAttachmentsText()
    {
        var attachment = EvidenceSamples.Docx(["Aux code 3 is for coaching sessions with the supervisor."]);
        var eml = EvidenceSamples.Eml("Supervisor <sup@example.gov>", "team@example.gov", "Phone codes", "Please use the codes in the attached list.",
            ("codes.docx", Docx, attachment));

        var text = await extractor.ExtractAsync(eml, "codes.eml", "message/rfc822", CancellationToken.None);

        Assert.Equal(TextStatuses.Done, text.Status);
        Assert.Equal(2, text.Pages.Count);
        Assert.Contains("From: \"Supervisor\" <sup@example.gov>", text.Pages[0], StringComparison.Ordinal);
        Assert.Contains("To: team@example.gov", text.Pages[0], StringComparison.Ordinal);
        Assert.Contains("Subject: Phone codes", text.Pages[0], StringComparison.Ordinal);
        Assert.Contains("Date: 2026-03-02 09:30 -08:00", text.Pages[0], StringComparison.Ordinal);
        Assert.EndsWith("Please use the codes in the attached list.", text.Pages[0], StringComparison.Ordinal);
        Assert.Equal("Attachment: codes.docx\nAux code 3 is for coaching sessions with the supervisor.", text.Pages[1]);
    }

    [Fact]
    public async Task ExtractEml_WithATextPdfAttachment_AppendsEachPageOfIt()
    {
        var eml = EvidenceSamples.Eml("a@example.gov", "b@example.gov", "Statement", "Attached.",
            ("statement.pdf", "application/octet-stream", EvidenceSamples.TextPdf(["First page of the statement.", "Second page of the statement."])));

        var text = await extractor.ExtractAsync(eml, "statement.eml", "message/rfc822", CancellationToken.None);

        Assert.Equal(3, text.Pages.Count);
        Assert.Equal("Attachment: statement.pdf\nFirst page of the statement.", text.Pages[1]);
        Assert.Equal("Second page of the statement.", text.Pages[2]);
    }

    [Fact]
    public async Task ExtractEml_HtmlBodyOnly_StripsTheMarkup()
    {
        var eml = System.Text.Encoding.UTF8.GetBytes(
            "From: a@example.gov\r\nTo: b@example.gov\r\nSubject: Queue\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" +
            "<html><head><style>p{color:red}</style></head><body><p>Calls in queue: <b>42</b></p><script>alert(1)</script><p>Wait &amp; see</p></body></html>\r\n");

        var text = await extractor.ExtractAsync(eml, "queue.eml", "message/rfc822", CancellationToken.None);

        var page = Assert.Single(text.Pages);
        Assert.EndsWith("Calls in queue: 42\nWait & see", page, StringComparison.Ordinal);
        Assert.DoesNotContain("alert", page, StringComparison.Ordinal);
        Assert.DoesNotContain("color", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExtractText_Utf8WithMessySpacing_NormalisesSpacesAndKeepsLines()
    {
        var bytes = EvidenceSamples.Text("Línea uno   con  espacios\r\n\r\n\r\n\r\nLine\ttwo \u00A0 end  \n");

        var text = await extractor.ExtractAsync(bytes, "notes.txt", "text/plain; charset=utf-8", CancellationToken.None);

        Assert.Equal(TextStatuses.Done, text.Status);
        Assert.Equal("Línea uno con espacios\n\nLine\ttwo end", Assert.Single(text.Pages));
    }

    [Fact]
    public async Task ExtractUnknownType_Anything_IsDoneWithNoPages()
    {
        var text = await extractor.ExtractAsync(new byte[] { 1, 2, 3 }, "thing.bin", "application/octet-stream", CancellationToken.None);

        Assert.Equal(TextStatuses.Done, text.Status);
        Assert.Empty(text.Pages);
    }

    [Fact]
    public async Task ExtractDocx_NotAZip_FailsWithAReason()
    {
        var text = await extractor.ExtractAsync("PK\u0003\u0004 not really"u8.ToArray(), "broken.docx", Docx, CancellationToken.None);

        Assert.Equal(TextStatuses.Failed, text.Status);
        Assert.StartsWith("The Word document could not be read", text.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExtractText_MoreThanTheCap_IsCutAtTheCap()
    {
        var bytes = EvidenceSamples.Text(new string('a', PageCollector.MaxChars + 5000));

        var text = await extractor.ExtractAsync(bytes, "big.txt", "text/plain", CancellationToken.None);

        Assert.Equal(PageCollector.MaxChars, Assert.Single(text.Pages).Length);
    }
}
