using System.Globalization;
using System.IO.Compression;
using CallCenterRecognition.Packets;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Outline;

namespace CallCenterRecognition.Packets.Tests;

public sealed class ConvertedExhibitTests
{
    private static readonly byte[] CoveragePdf = Samples.Pdf(2, "Coverage");
    private static readonly byte[] QueuePng = Samples.Png(320, 200);

    private static PacketRequest AllTypes() => new(
        Samples.Claim(),
        [
            Samples.Exhibit("phone-log.txt", "Phone system", "text/plain", Samples.Text("Monday: 212 calls answered by the unit.\nTuesday: 198 calls.")),
            Samples.Exhibit("procedures.docx", "Training materials", ConvertedSamples.Docx, ConvertedSamples.Word()),
            Samples.Exhibit("queue.eml", "Emails", ConvertedSamples.Eml, ConvertedSamples.Email(CoveragePdf, QueuePng)),
            Samples.Exhibit("call-log.xlsx", "Phone system", ConvertedSamples.Xlsx, ConvertedSamples.Excel(3)),
            Samples.Exhibit("scan.tif", "Org charts", ConvertedSamples.Tiff, ConvertedSamples.TiffPages(2)),
        ]);

    private static string ExhibitText(PdfDocument document, ExhibitOutcome exhibit) =>
        string.Concat(Enumerable.Range(exhibit.FirstPage, exhibit.PageCount).Select(p => Samples.PageText(document, p)));

    [Fact]
    public void Build_EveryAcceptedType_EachIsReadableInThePacket()
    {
        var (result, pdf) = Samples.Build(AllTypes());

        Assert.Equal(["A", "B", "C", "C-1", "C-2", "D", "E"], result.Exhibits.Select(e => e.Letter));
        Assert.Equal(
            [ExhibitDisposition.Merged, ExhibitDisposition.Merged, ExhibitDisposition.Merged, ExhibitDisposition.Merged, ExhibitDisposition.Image, ExhibitDisposition.Merged, ExhibitDisposition.Image],
            result.Exhibits.Select(e => e.Disposition));
        Assert.All(result.Exhibits, e => Assert.True(e.PageCount > 0, $"{e.Letter} has no pages"));
        using var document = PdfDocument.Open(pdf);
        Assert.Equal(result.PageCount, document.NumberOfPages);
        Assert.Contains("Monday:212callsansweredbytheunit.", ExhibitText(document, result.Exhibits[0]), StringComparison.Ordinal);
        Assert.Contains("Staffanswerthepublictelephoneline", ExhibitText(document, result.Exhibits[1]), StringComparison.Ordinal);
        var email = ExhibitText(document, result.Exhibits[2]);
        Assert.Contains("PhonequeuecoverageforMonday", email, StringComparison.Ordinal);
        Assert.Contains("DanaSupervisor", email, StringComparison.Ordinal);
        Assert.Contains("dana.supervisor@edd.example.gov", email, StringComparison.Ordinal);
        Assert.Contains("LeeManager", email, StringComparison.Ordinal);
        Assert.Contains("stayloggedintotheACDqueue", email, StringComparison.Ordinal);
        Assert.Contains("Callerqueue", ExhibitText(document, result.Exhibits[5]), StringComparison.Ordinal);
        // Every typeset page is evidence: stamped with the packet's page number and its exhibit's Bates label.
        foreach (var exhibit in result.Exhibits)
        {
            for (var k = 1; k <= exhibit.PageCount; k++)
            {
                var text = Samples.PageText(document, exhibit.FirstPage + k - 1);
                Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"{Samples.ClaimNumber}-{exhibit.Letter}-{k:0000}"), text, StringComparison.Ordinal);
                Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"Page{exhibit.FirstPage + k - 1}of{result.PageCount}"), text, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Build_EmailWithAttachments_PdfAndImageFollowAsSubExhibitsOthersNamed()
    {
        var (result, pdf) = Samples.Build(AllTypes());

        using var document = PdfDocument.Open(pdf);
        var email = result.Exhibits[2];
        var coverage = result.Exhibits[3];
        var screenshot = result.Exhibits[4];
        Assert.Equal("coverage.pdf", coverage.FileName);
        Assert.Equal(2, coverage.PageCount);
        Assert.Equal(email.FirstPage + email.PageCount, coverage.FirstPage);
        Assert.Contains("SourceCoveragepage1", Samples.PageText(document, coverage.FirstPage), StringComparison.Ordinal);
        Assert.Contains("SourceCoveragepage2", Samples.PageText(document, coverage.FirstPage + 1), StringComparison.Ordinal);
        Assert.Contains($"{Samples.ClaimNumber}-C-1-0002", Samples.PageText(document, coverage.FirstPage + 1), StringComparison.Ordinal);
        Assert.Contains("ExhibitC-1-Emails-attachedtothee-mailinExhibitC", Samples.PageText(document, coverage.FirstPage), StringComparison.Ordinal);
        Assert.Single(document.GetPage(screenshot.FirstPage).GetImages());

        var text = ExhibitText(document, email);
        Assert.Contains("ExhibitC-1:coverage.pdf", text, StringComparison.Ordinal);
        Assert.Contains("ExhibitC-2:queue-screenshot.png", text, StringComparison.Ordinal);
        Assert.Contains("notes.docx", text, StringComparison.Ordinal);
        Assert.Contains("notreproduced", text, StringComparison.Ordinal);

        var index = string.Concat(Enumerable.Range(1, result.Exhibits[0].FirstPage - 1).Select(p => Samples.PageText(document, p)));
        Assert.Contains("C-1", index, StringComparison.Ordinal);
        Assert.Contains("coverage.pdf", index, StringComparison.Ordinal);
        Assert.True(document.TryGetBookmarks(out var bookmarks));
        var node = Assert.Single(bookmarks!.Roots.Cast<DocumentBookmarkNode>(), n => n.Title.StartsWith("Exhibit C-1 — ", StringComparison.Ordinal));
        Assert.Equal("Exhibit C-1 — Emails — coverage.pdf", node.Title);
        Assert.Equal(coverage.FirstPage, node.PageNumber);
    }

    [Fact]
    public void Build_HtmlOnlyEmail_TextKeptScriptsStylesAndTagsDropped()
    {
        const string html = "<html><head><title>t</title><style>p { color: red }</style><script>alert('pwned')</script></head>"
            + "<body><p>Hold times &amp; abandoned calls rose this week.</p><ul><li>Queue A</li><li>Queue B</li></ul>"
            + "<table><tr><td>Agent</td><td>Calls</td></tr><tr><td>Kim</td><td>88</td></tr></table>"
            + "<p>See <a href=\"https://intranet.example.gov/ccu\">the CCU page</a> and <a href=\"javascript:alert(1)\">this</a>.</p></body></html>";
        var email = ConvertedSamples.Email(CoveragePdf, QueuePng, html, plain: false);
        var request = new PacketRequest(Samples.Claim(), [Samples.Exhibit("html.eml", "Emails", ConvertedSamples.Eml, email)]);

        var (result, pdf) = Samples.Build(request);

        using var document = PdfDocument.Open(pdf);
        var text = string.Concat(Enumerable.Range(result.Exhibits[0].FirstPage, result.Exhibits[0].PageCount).Select(p => document.GetPage(p).Text));
        var squashed = Samples.Squash(text);
        Assert.Contains("Holdtimes&abandonedcallsrosethisweek.", squashed, StringComparison.Ordinal);
        Assert.Contains("•QueueA", squashed, StringComparison.Ordinal);
        Assert.Contains("Agent|Calls", squashed, StringComparison.Ordinal);
        Assert.Contains("Kim|88", squashed, StringComparison.Ordinal);
        Assert.Contains("theCCUpage<https://intranet.example.gov/ccu>", squashed, StringComparison.Ordinal);
        Assert.DoesNotContain("alert", text, StringComparison.Ordinal);
        Assert.DoesNotContain("color", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<p>", text, StringComparison.Ordinal);
        Assert.DoesNotContain("&amp;", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_Word_HeadingsListsAndTableTypeset()
    {
        var request = new PacketRequest(Samples.Claim(), [Samples.Exhibit("procedures.docx", "Training materials", ConvertedSamples.Docx, ConvertedSamples.Word())]);

        var (result, pdf) = Samples.Build(request);

        using var document = PdfDocument.Open(pdf);
        var exhibit = Assert.Single(result.Exhibits);
        Assert.Equal(ExhibitDisposition.Merged, exhibit.Disposition);
        var page = document.GetPage(exhibit.FirstPage);
        var text = Samples.Squash(page.Text);
        Assert.Contains("Callhandlingprocedures", text, StringComparison.Ordinal);
        Assert.Contains("1.Greetthecaller", text, StringComparison.Ordinal);
        Assert.Contains("2.Verifytheclaimant's", text, StringComparison.Ordinal);
        Assert.Contains("3.LogthecallintheACD", text, StringComparison.Ordinal);
        Assert.Contains("•Escalationsgotothelead", text, StringComparison.Ordinal);
        Assert.Contains("Code41", text, StringComparison.Ordinal);
        Assert.Contains("Scheduledbreakfromthephonequeue", text, StringComparison.Ordinal);
        Assert.Contains("Callbacktoaclaimantwholeftavoicemail", text, StringComparison.Ordinal);
        Assert.Contains("Endofprocedures.", text, StringComparison.Ordinal);

        // Headings (Heading 1, and a style based on it) are bold and larger than body text.
        var heading = page.Letters.First(l => l.Value == "C" && page.Letters.Any(o => o.Value == "a"));
        var body = page.Letters.First(l => l.Value == "S");
        Assert.Contains("Bold", heading.FontName, StringComparison.Ordinal);
        Assert.DoesNotContain("Bold", body.FontName, StringComparison.Ordinal);
        Assert.True(heading.PointSize > body.PointSize, $"heading {heading.PointSize} pt, body {body.PointSize} pt");
        var phoneCodes = page.Letters.Where(l => l.Value == "P").ToList();
        Assert.Contains(phoneCodes, l => (l.FontName ?? "").Contains("Bold", StringComparison.Ordinal) && l.PointSize > body.PointSize);
    }

    [Fact]
    public void Build_Spreadsheet_HeaderRowOnEveryPageValuesFormattedPlainly()
    {
        var request = new PacketRequest(Samples.Claim(), [Samples.Exhibit("call-log.xlsx", "Phone system", ConvertedSamples.Xlsx, ConvertedSamples.Excel(120))]);

        var (result, pdf) = Samples.Build(request);

        using var document = PdfDocument.Open(pdf);
        var exhibit = Assert.Single(result.Exhibits);
        Assert.Equal(ExhibitDisposition.Merged, exhibit.Disposition);
        Assert.True(exhibit.PageCount >= 2, $"121 rows should need two pages, got {exhibit.PageCount}");
        var first = Samples.PageText(document, exhibit.FirstPage);
        var second = Samples.PageText(document, exhibit.FirstPage + 1);
        Assert.Contains("Sheet1of1:Calllog", first, StringComparison.Ordinal);
        foreach (var page in new[] { first, second })
        {
            Assert.Contains("Calldate", page, StringComparison.Ordinal);
            Assert.Contains("Callerqueue", page, StringComparison.Ordinal);
            Assert.Contains("Minutesonhold", page, StringComparison.Ordinal);
        }
        // A date-formatted serial as a date, numbers in plain form, inline strings as written.
        Assert.Contains("2024-01-01", first, StringComparison.Ordinal);
        Assert.Contains("12.5", first, StringComparison.Ordinal);
        Assert.Contains("Queue1", first, StringComparison.Ordinal);
        var all = ExhibitText(document, exhibit);
        Assert.Contains("Queue120", all, StringComparison.Ordinal);
        Assert.DoesNotContain("rowsshown", all, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_LongSpreadsheet_FirstRowsTypesetAndCutStated()
    {
        var request = new PacketRequest(Samples.Claim(), [Samples.Exhibit("big.xlsx", "Phone system", ConvertedSamples.Xlsx, ConvertedSamples.Excel(1_200, 3))]);

        var (result, pdf) = Samples.Build(request);

        using var document = PdfDocument.Open(pdf);
        var exhibit = Assert.Single(result.Exhibits);
        var all = ExhibitText(document, exhibit);
        Assert.Contains($"First{SpreadsheetExhibit.MaxRows}of1,201rowsshown", all, StringComparison.Ordinal);
        Assert.Contains($"Queue{SpreadsheetExhibit.MaxRows - 1}", all, StringComparison.Ordinal);
        Assert.DoesNotContain($"Queue{SpreadsheetExhibit.MaxRows}", all, StringComparison.Ordinal);
        Assert.Contains("Callerqueue", Samples.PageText(document, exhibit.FirstPage + exhibit.PageCount - 1), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_WideSpreadsheet_ColumnsContinueOnLaterPagesWithHeaderAndRowNumbers()
    {
        var request = new PacketRequest(Samples.Claim(), [Samples.Exhibit("wide.xlsx", "Phone system", ConvertedSamples.Xlsx, ConvertedSamples.Excel(5, 14))]);

        var (result, pdf) = Samples.Build(request);

        using var document = PdfDocument.Open(pdf);
        var exhibit = Assert.Single(result.Exhibits);
        var pages = Enumerable.Range(exhibit.FirstPage, exhibit.PageCount).Select(p => Samples.PageText(document, p)).ToList();
        Assert.True(pages.Count >= 2, "14 wide columns should not fit one page");
        Assert.Contains("(part1of", pages[0], StringComparison.Ordinal);
        Assert.Contains("Calldate", pages[0], StringComparison.Ordinal);
        var last = pages[^1];
        Assert.Contains("Extracolumn14heading", last, StringComparison.Ordinal);
        Assert.Contains("r5c14value", last, StringComparison.Ordinal);
        Assert.DoesNotContain("Calldate", last, StringComparison.Ordinal);
        Assert.Contains("ColumnsA–", pages[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Build_TwoPageTiff_OneImagePagePerTiffPage()
    {
        var request = new PacketRequest(Samples.Claim(), [Samples.Exhibit("scan.tif", "Org charts", ConvertedSamples.Tiff, ConvertedSamples.TiffPages(2))]);

        var (result, pdf) = Samples.Build(request);

        var exhibit = Assert.Single(result.Exhibits);
        Assert.Equal(ExhibitDisposition.Image, exhibit.Disposition);
        Assert.Equal(2, exhibit.PageCount);
        using var document = PdfDocument.Open(pdf);
        for (var k = 1; k <= 2; k++)
        {
            var page = document.GetPage(exhibit.FirstPage + k - 1);
            var image = Assert.Single(page.GetImages());
            Assert.Equal(300, image.WidthInSamples);
            Assert.Equal(400, image.HeightInSamples);
            // Portrait scan, placed portrait inside the margins.
            Assert.True(image.BoundingBox.Height > image.BoundingBox.Width);
            Assert.InRange(image.BoundingBox.Bottom, 50, page.Height);
            Assert.Contains($"TIFFpage{k}of2", Samples.Squash(page.Text), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Build_TiffOverPixelLimit_ListedWithReason()
    {
        var request = new PacketRequest(Samples.Claim(), [Samples.Exhibit("scan.tif", "Org charts", ConvertedSamples.Tiff, ConvertedSamples.TiffPages(1, 400, 300))]);
        using var output = new MemoryStream();

        var result = new PacketBuilder(options: new PacketOptions(100_000)).Build(request, output);

        var exhibit = Assert.Single(result.Exhibits);
        Assert.Equal(ExhibitDisposition.ListedOnly, exhibit.Disposition);
        Assert.Equal(0, exhibit.PageCount);
        using var document = PdfDocument.Open(output.ToArray());
        var all = string.Concat(Enumerable.Range(1, document.NumberOfPages).Select(p => Samples.PageText(document, p)));
        Assert.Contains("declares400×300pixels", all, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_CorruptConvertibles_ListedWithReasonAndPacketStillBuilds()
    {
        var notZip = "PK\u0003\u0004 this is not a zip archive at all"u8.ToArray();
        var badTiff = new byte[] { 0x49, 0x49, 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00 };
        var request = new PacketRequest(
            Samples.Claim(),
            [
                Samples.Exhibit("broken.docx", "Duty statements", ConvertedSamples.Docx, notZip),
                Samples.Exhibit("broken.xlsx", "Phone system", ConvertedSamples.Xlsx, notZip),
                Samples.Exhibit("broken.eml", "Emails", ConvertedSamples.Eml, []),
                Samples.Exhibit("broken.tif", "Org charts", ConvertedSamples.Tiff, badTiff),
                Samples.Exhibit("good.txt", "Other", "text/plain", Samples.Text("Still here.")),
            ]);

        var (result, pdf) = Samples.Build(request);

        Assert.Equal(
            [ExhibitDisposition.Corrupt, ExhibitDisposition.Corrupt, ExhibitDisposition.Corrupt, ExhibitDisposition.Corrupt, ExhibitDisposition.Merged],
            result.Exhibits.Select(e => e.Disposition));
        Assert.Equal([0, 0, 0, 0, 1], result.Exhibits.Select(e => e.PageCount));
        using var document = PdfDocument.Open(pdf);
        Assert.Equal(result.PageCount, document.NumberOfPages);
        var index = string.Concat(Enumerable.Range(1, result.Exhibits[4].FirstPage - 1).Select(p => Samples.PageText(document, p)));
        Assert.Contains("Worddocumentcouldnotberead", index, StringComparison.Ordinal);
        Assert.Contains("Excelworkbookcouldnotberead", index, StringComparison.Ordinal);
        Assert.Contains("E-mailcouldnotberead", index, StringComparison.Ordinal);
        Assert.Contains("TIFFimagecouldnotbedecoded", index, StringComparison.Ordinal);
        Assert.Contains(Samples.Sha256(notZip), index, StringComparison.Ordinal);
        Assert.Contains("Stillhere.", Samples.PageText(document, result.Exhibits[4].FirstPage), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_PlainText_LongLinesWrapControlsVisibleIndentKept()
    {
        var longLine = string.Concat(Enumerable.Range(0, 400).Select(i => i.ToString("000", CultureInfo.InvariantCulture)));
        var text = "Queue report\n    indented detail\nbell\u0007here \u202Eevil\u202C\n" + longLine + "\n";
        var request = new PacketRequest(Samples.Claim(), [Samples.Exhibit("report.txt", "Other", "text/plain", Samples.Text(text))]);

        var (result, pdf) = Samples.Build(request);

        using var document = PdfDocument.Open(pdf);
        var exhibit = Assert.Single(result.Exhibits);
        var raw = document.GetPage(exhibit.FirstPage).Text;
        Assert.Matches("bell[␇\uFFFD]here", raw);
        Assert.DoesNotContain('\u0007', raw);
        Assert.DoesNotContain('\u202E', raw);
        var squashed = Samples.Squash(raw);
        Assert.Contains(longLine, squashed, StringComparison.Ordinal);
        Assert.Contains("indenteddetail", squashed, StringComparison.Ordinal);
        // 1,200 digits cannot fit one line: the line is wrapped, so some digits sit lower on the page than others.
        var digits = document.GetPage(exhibit.FirstPage).Letters.Where(l => char.IsDigit(l.Value[0])).Select(l => Math.Round(l.StartBaseLine.Y)).Distinct().Count();
        Assert.True(digits >= 5, $"digits on {digits} lines");
    }

    [Fact]
    public void Build_TextLongerThanPageCap_CutAtCapWithStatedLine()
    {
        var text = string.Join("\n", Enumerable.Range(1, 13_000).Select(i => string.Create(CultureInfo.InvariantCulture, $"Call {i} answered")));
        var request = new PacketRequest(Samples.Claim(), [Samples.Exhibit("long.txt", "Other", "text/plain", Samples.Text(text))]);

        var (result, pdf) = Samples.Build(request);

        var exhibit = Assert.Single(result.Exhibits);
        Assert.Equal(TypesetPages.MaxPages, exhibit.PageCount);
        using var document = PdfDocument.Open(pdf);
        Assert.Equal(result.PageCount, document.NumberOfPages);
        var last = Samples.PageText(document, exhibit.FirstPage + exhibit.PageCount - 1);
        Assert.Contains($"Cuthere:onlythefirst{TypesetPages.MaxPages}pages", last, StringComparison.Ordinal);
        Assert.Contains("Call1answered", Samples.PageText(document, exhibit.FirstPage), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_AllTypes_PassesQpdfCheck()
    {
        var qpdf = Samples.Qpdf;
        var (_, pdf) = Samples.Build(AllTypes());
        var path = Path.Combine(Path.GetTempPath(), $"packet-{Guid.NewGuid():N}.pdf");
        try
        {
            File.WriteAllBytes(path, pdf);
            var (exit, output) = Samples.Run(qpdf, "--check", path);
            Assert.True(exit == 0, $"qpdf --check exited {exit}: {output}");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Build_EmailAttachments_LeaveNoTempFilesBehind()
    {
        var before = Directory.GetFiles(Path.GetTempPath(), "packet-part-*").ToHashSet();

        Samples.Build(AllTypes());

        Assert.DoesNotContain(Directory.GetFiles(Path.GetTempPath(), "packet-part-*"), f => !before.Contains(f));
    }

    [Fact]
    public void Write_EmailWithAttachments_ZipHoldsTheOriginalMessageOnly()
    {
        var email = ConvertedSamples.Email(CoveragePdf, QueuePng);
        var request = new PacketRequest(Samples.Claim(), [Samples.Exhibit("queue.eml", "Emails", ConvertedSamples.Eml, email)]);
        var (result, packet) = Samples.Build(request);
        using var zipBytes = new MemoryStream();

        PacketZip.Write(request, new MemoryStream(packet), zipBytes);

        Assert.Equal(3, result.Exhibits.Count);
        zipBytes.Position = 0;
        using var zip = new ZipArchive(zipBytes, ZipArchiveMode.Read);
        Assert.Equal(["CC-2026-00042-packet.pdf", "exhibits/A-queue.eml"], zip.Entries.Select(e => e.FullName));
        using var entry = zip.Entries[1].Open();
        using var copy = new MemoryStream();
        entry.CopyTo(copy);
        Assert.Equal(email, copy.ToArray());
    }
}
