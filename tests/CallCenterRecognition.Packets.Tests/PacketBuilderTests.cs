using System.Globalization;
using CallCenterRecognition.Packets;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Outline;

namespace CallCenterRecognition.Packets.Tests;

public sealed class PacketBuilderTests
{
    private static readonly byte[] DutyPdf = Samples.Pdf(3, "Duty");
    private static readonly byte[] MemoPdf = Samples.Pdf(2, "Memo");
    private static readonly byte[] Photo = Samples.Jpeg(800, 600);
    private static readonly byte[] Chart = Samples.Png(640, 480);

    private static PacketRequest Mixed() => new(
        Samples.Claim(),
        [
            Samples.Exhibit("duty-statement.pdf", "Duty statements", "application/pdf", DutyPdf, 3),
            Samples.Exhibit("phone-codes.jpg", "Phone codes", "image/jpeg", Photo, 4),
            Samples.Exhibit("org-chart.png", "Org charts", "image/png", Chart, 5),
            Samples.Exhibit("memo.pdf", "Performance memos", "application/pdf", MemoPdf, 6),
            Samples.Exhibit("survey.docx", "Customer service surveys", "application/octet-stream", Samples.Text("not a pdf"), 7),
        ]);

    [Fact]
    public void Build_MixedExhibits_PageCountIsFrontMatterPlusEvidenceWithoutSeparators()
    {
        var (result, pdf) = Samples.Build(Mixed());

        using var document = PdfDocument.Open(pdf);
        Assert.Equal(result.PageCount, document.NumberOfPages);

        // Count independently of PacketResult: find where each section starts by its heading.
        var texts = Enumerable.Range(1, document.NumberOfPages).Select(p => Samples.PageText(document, p)).ToList();
        var statementStart = texts.FindIndex(t => t.Contains("GRIEVANCESTATEMENT", StringComparison.Ordinal)) + 1;
        var indexStart = texts.FindIndex(t => t.Contains("EVIDENCEINDEX", StringComparison.Ordinal)) + 1;
        var firstExhibit = texts.FindIndex(t => t.Contains("ExhibitA-Dutystatements", StringComparison.Ordinal)) + 1;
        Assert.Equal(2, statementStart);
        Assert.Equal(3, indexStart);
        Assert.Equal(4, firstExhibit);
        Assert.DoesNotContain(texts, t => t.StartsWith("EXHIBIT", StringComparison.Ordinal));
        const int evidencePages = 3 + 1 + 1 + 2 + 0;
        Assert.Equal(3 + evidencePages, document.NumberOfPages);

        Assert.Equal(
            [ExhibitDisposition.Merged, ExhibitDisposition.Image, ExhibitDisposition.Image, ExhibitDisposition.Merged, ExhibitDisposition.ListedOnly],
            result.Exhibits.Select(e => e.Disposition));
        Assert.Equal([3, 1, 1, 2, 0], result.Exhibits.Select(e => e.PageCount));
        Assert.Equal(["A", "B", "C", "D", "E"], result.Exhibits.Select(e => e.Letter));
        for (var i = 1; i < result.Exhibits.Count; i++)
        {
            Assert.Equal(result.Exhibits[i - 1].FirstPage + result.Exhibits[i - 1].PageCount, result.Exhibits[i].FirstPage);
        }
    }

    [Fact]
    public void Build_MixedExhibits_IndexListsEveryDocumentWithHashAndNothingMissing()
    {
        var request = Mixed();
        var (result, pdf) = Samples.Build(request);

        using var document = PdfDocument.Open(pdf);
        var index = string.Concat(Enumerable.Range(1, result.Exhibits[0].FirstPage - 1).Select(p => Samples.PageText(document, p)));
        var indexPart = index[index.IndexOf("EVIDENCEINDEX", StringComparison.Ordinal)..];
        foreach (var exhibit in request.Exhibits)
        {
            Assert.Contains(Samples.Squash(exhibit.FileName), indexPart, StringComparison.Ordinal);
            Assert.Contains(Samples.Squash(exhibit.CategoryTitle), indexPart, StringComparison.Ordinal);
            Assert.Contains(exhibit.Sha256, indexPart, StringComparison.Ordinal);
        }
        var all = string.Concat(Enumerable.Range(1, document.NumberOfPages).Select(p => Samples.PageText(document, p)));
        Assert.DoesNotContain("notprovided", all, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Checklist", all, StringComparison.OrdinalIgnoreCase);
        // Page ranges in the index match where the exhibits really are.
        var memo = result.Exhibits[3];
        Assert.Contains($"pp.{memo.FirstPage}–{memo.FirstPage + 1}", indexPart, StringComparison.Ordinal);
        Assert.Contains("CC-2026-00042-D-0001toCC-2026-00042-D-0002", indexPart, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_MixedExhibits_EveryPageStampedAndEvidenceCarriesBates()
    {
        var (result, pdf) = Samples.Build(Mixed());

        using var document = PdfDocument.Open(pdf);
        var total = document.NumberOfPages;
        for (var p = 1; p <= total; p++)
        {
            var text = Samples.PageText(document, p);
            Assert.Contains(Samples.ClaimNumber, text, StringComparison.Ordinal);
            Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"Page{p}of{total}"), text, StringComparison.Ordinal);
        }
        foreach (var exhibit in result.Exhibits.Where(e => e.PageCount > 0))
        {
            Assert.Matches($"Exhibit{exhibit.Letter}[-—]", Samples.PageText(document, exhibit.FirstPage));
            for (var k = 1; k <= exhibit.PageCount; k++)
            {
                var text = Samples.PageText(document, exhibit.FirstPage + k - 1);
                Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"{Samples.ClaimNumber}-{exhibit.Letter}-{k:0000}"), text, StringComparison.Ordinal);
            }
        }
        // Merged pages keep their own content under the stamp.
        Assert.Contains("SourceDutypage2", Samples.PageText(document, result.Exhibits[0].FirstPage + 1), StringComparison.Ordinal);
        Assert.Contains("SourceMemopage1", Samples.PageText(document, result.Exhibits[3].FirstPage), StringComparison.Ordinal);
        // Non-evidence pages carry no Bates label.
        Assert.DoesNotContain($"{Samples.ClaimNumber}-A-0001", Samples.PageText(document, 1), StringComparison.Ordinal);
        Assert.DoesNotContain($"{Samples.ClaimNumber}-A-0001", Samples.PageText(document, 3).Replace("-A-0001toCC", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_MixedExhibits_BookmarksPointAtSectionsAndFirstEvidencePages()
    {
        var (result, pdf) = Samples.Build(Mixed());

        using var document = PdfDocument.Open(pdf);
        Assert.True(document.TryGetBookmarks(out var bookmarks));
        var nodes = bookmarks!.Roots.Cast<DocumentBookmarkNode>().ToList();
        Assert.Equal(3 + result.Exhibits.Count, nodes.Count);
        Assert.Equal("Cover", nodes[0].Title);
        Assert.Equal(1, nodes[0].PageNumber);
        Assert.Equal("Grievance statement", nodes[1].Title);
        Assert.Contains("GRIEVANCESTATEMENT", Samples.PageText(document, nodes[1].PageNumber), StringComparison.Ordinal);
        Assert.Equal("Evidence index", nodes[2].Title);
        Assert.StartsWith("EVIDENCEINDEX", Samples.PageText(document, nodes[2].PageNumber), StringComparison.Ordinal);
        for (var i = 0; i < result.Exhibits.Count; i++)
        {
            var exhibit = result.Exhibits[i];
            var node = nodes[3 + i];
            Assert.StartsWith($"Exhibit {exhibit.Letter} — ", node.Title, StringComparison.Ordinal);
            Assert.EndsWith(exhibit.FileName, node.Title, StringComparison.Ordinal);
            Assert.Equal(exhibit.PageCount > 0 ? exhibit.FirstPage : 3, node.PageNumber);
            if (exhibit.PageCount > 0)
            {
                Assert.Matches($"Exhibit{exhibit.Letter}[-—]", Samples.PageText(document, node.PageNumber));
            }
        }
        Assert.Equal("Exhibit A — Duty statements — duty-statement.pdf", nodes[3].Title);
    }

    [Fact]
    public void Build_Claim_SetsDocumentMetadata()
    {
        var (_, pdf) = Samples.Build(Mixed());

        using var document = PdfDocument.Open(pdf);
        Assert.Equal("Grievance packet CC-2026-00042", document.Information.Title);
        Assert.Equal("SEIU Local 1000", document.Information.Author);
        Assert.Contains("Article 21.4", document.Information.Subject, StringComparison.Ordinal);
        Assert.Contains("Sacramento Claims Contact Unit", document.Information.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_Statement_HasStd630Sections()
    {
        var facts = string.Join("\n\n", Enumerable.Range(1, 60).Select(i => $"Paragraph {i}: staff take calls from claimants about the status of their benefits and resolve problems."));
        var request = new PacketRequest(Samples.Claim(facts), []);
        var (result, pdf) = Samples.Build(request);

        using var document = PdfDocument.Open(pdf);
        var all = string.Concat(Enumerable.Range(1, document.NumberOfPages).Select(p => Samples.PageText(document, p)));
        Assert.Contains("ArticleandsectionviolatedArticle21,Section21.4(CallCenters)", all, StringComparison.Ordinal);
        Assert.Contains("Specificremedysought", all, StringComparison.Ordinal);
        Assert.Contains("callcenterpaydifferential", all, StringComparison.Ordinal);
        Assert.Contains("retroactive", all, StringComparison.Ordinal);
        Assert.Contains("Grievantsignature", all, StringComparison.Ordinal);
        // Long facts flow over several pages and all of them arrive.
        Assert.Contains("Paragraph1:", all, StringComparison.Ordinal);
        Assert.Contains("Paragraph60:", all, StringComparison.Ordinal);
        var statementPages = Enumerable.Range(1, document.NumberOfPages).Count(p => Samples.PageText(document, p).Contains("Paragraph", StringComparison.Ordinal));
        Assert.True(statementPages >= 2, $"60 paragraphs should need more than one page, got {statementPages}.");
        Assert.Empty(result.Exhibits);
    }

    [Fact]
    public void Build_CorruptEncryptedAndUndecodableExhibits_ReportedAndPacketStillBuilds()
    {
        var encrypted = Samples.Encrypt(Samples.Pdf(2, "Secret"));
        var ownerOnly = Samples.Encrypt(Samples.Pdf(1, "Open"), userPassword: "");
        var corrupt = "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\ngarbage garbage\n%%EOF"u8.ToArray();
        var tiff = new byte[] { 0x49, 0x49, 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00 };
        var request = new PacketRequest(
            Samples.Claim(),
            [
                Samples.Exhibit("locked.pdf", "Emails", "application/pdf", encrypted),
                Samples.Exhibit("broken.pdf", "Duty statements", "application/pdf", corrupt),
                Samples.Exhibit("scan.tiff", "Org charts", "image/tiff", tiff),
                Samples.Exhibit("not-really.png", "Org charts", "image/png", "hello"u8.ToArray()),
                Samples.Exhibit("good.pdf", "Duty statements", "application/pdf", DutyPdf),
                Samples.Exhibit("owner-locked.pdf", "Emails", "application/pdf", ownerOnly),
            ]);

        var (result, pdf) = Samples.Build(request);

        Assert.Equal(
            [ExhibitDisposition.Encrypted, ExhibitDisposition.Corrupt, ExhibitDisposition.Corrupt, ExhibitDisposition.Corrupt, ExhibitDisposition.Merged, ExhibitDisposition.Encrypted],
            result.Exhibits.Select(e => e.Disposition));
        Assert.Equal([0, 0, 0, 0, 3, 0], result.Exhibits.Select(e => e.PageCount));
        using var document = PdfDocument.Open(pdf);
        Assert.Equal(result.PageCount, document.NumberOfPages);
        var index = Samples.PageText(document, result.Exhibits[0].FirstPage - 1);
        Assert.Contains("locked.pdf", index, StringComparison.Ordinal);
        Assert.Contains("EncryptedPDF", index, StringComparison.Ordinal);
        Assert.Contains("broken.pdf", index, StringComparison.Ordinal);
        Assert.Contains("UnreadablePDF", index, StringComparison.Ordinal);
        Assert.Contains("couldnotbedecoded", index, StringComparison.Ordinal);
        Assert.Contains(Samples.Sha256(encrypted), index, StringComparison.Ordinal);
        // Exhibits without pages take no page: the good PDF starts right after the index.
        Assert.Equal(result.Exhibits[0].FirstPage, result.Exhibits[4].FirstPage);
        Assert.Contains("SourceDutypage3", Samples.PageText(document, result.Exhibits[4].FirstPage + 2), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_HostileText_BuildsAndExtractsAsText()
    {
        const string arabic = "مركز الاتصال";
        const string chinese = "呼叫中心";
        var longWord = new string('Ж', 10_000);
        var facts = "<script>alert('x')</script> & <b>bold</b>\n"
            + "\u202Eevil\u202C \u200Fmark\u200E\n"
            + $"{arabic} {chinese}\n"
            + "bell\u0007 nul\u0000 esc\u001B del\u007F lone\uD800surrogate\n"
            + longWord;
        var claim = Samples.Claim(facts) with
        {
            MemberName = "<img src=x onerror=alert(1)> " + chinese,
            Department = new string('D', 10_000),
            WorkUnit = "Unit\u0000\r\n\tTabbed",
            Representative = arabic,
        };
        var hostileName = "../../etc/passwd\u0000<b>.pdf";
        var request = new PacketRequest(
            claim,
            [Samples.Exhibit(hostileName, "<i>Other</i>\u0001", "application/pdf", DutyPdf)]);

        var (result, pdf) = Samples.Build(request);

        using var document = PdfDocument.Open(pdf);
        Assert.Equal(result.PageCount, document.NumberOfPages);
        var all = string.Concat(Enumerable.Range(1, document.NumberOfPages).Select(p => document.GetPage(p).Text));
        Assert.Contains("<script>alert('x')</script>", all, StringComparison.Ordinal);
        Assert.Contains("<img src=x onerror=alert(1)>", all, StringComparison.Ordinal);
        // Controls become control pictures (␀, ␇) where a font has them, else U+FFFD: visible either way.
        Assert.Matches("etc/passwd[␀\uFFFD]<b>\\.pdf", all);
        Assert.Matches("nul[␀\uFFFD]", all);
        Assert.Matches("bell[␇\uFFFD]", all);
        Assert.DoesNotContain('\u0000', all);
        Assert.DoesNotContain('\u0007', all);
        Assert.DoesNotContain('\u202E', all);
        // DejaVu Sans draws Arabic (unshaped); Chinese needs a system fallback font, else a visible replacement.
        foreach (var letter in arabic.Where(c => c != ' '))
        {
            Assert.Contains(letter, all);
        }
        var hasCjkFont = SkiaSharp.SKFontManager.Default.MatchCharacter('呼') is not null;
        Assert.Contains(hasCjkFont ? "呼" : "\uFFFD", all, StringComparison.Ordinal);
        // The 10,000-character word is broken across lines and pages, not dropped or clipped.
        Assert.Equal(10_000, all.Count(c => c == 'Ж'));
    }

    [Fact]
    public void Build_FortyExhibits_IndexRunsOverPagesAndLettersGoPastZ()
    {
        var exhibits = Enumerable.Range(0, 40)
            .Select(i => Samples.Exhibit($"note-{i:00}.txt", "Other", "text/plain", Samples.Text($"note {i}")))
            .ToList();
        var request = new PacketRequest(Samples.Claim(), exhibits);

        var (result, pdf) = Samples.Build(request);

        Assert.Equal("Z", result.Exhibits[25].Letter);
        Assert.Equal("AA", result.Exhibits[26].Letter);
        Assert.Equal("AN", result.Exhibits[39].Letter);
        using var document = PdfDocument.Open(pdf);
        Assert.Equal(result.PageCount, document.NumberOfPages);
        var indexPages = Enumerable.Range(1, document.NumberOfPages)
            .Where(p => Samples.PageText(document, p).Contains("EVIDENCEINDEX", StringComparison.Ordinal))
            .ToList();
        Assert.True(indexPages.Count >= 2, "40 rows with hashes should not fit one page");
        Assert.Contains("EVIDENCEINDEX(continued)", Samples.PageText(document, indexPages[1]), StringComparison.Ordinal);
        var index = string.Concat(indexPages.Select(p => Samples.PageText(document, p)));
        foreach (var outcome in result.Exhibits)
        {
            Assert.Contains(outcome.FileName, index, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Build_NoExhibits_EmbedsOnlyTheGlyphsUsed()
    {
        var (result, pdf) = Samples.Build(new PacketRequest(Samples.Claim(), []));

        // DejaVu Sans and Sans Bold are ~1.4 MB on disk; whole, they would dwarf a four-page packet.
        Assert.True(pdf.Length < 150_000, $"{result.PageCount}-page packet without exhibits is {pdf.Length:N0} bytes");
        using var document = PdfDocument.Open(pdf);
        var letters = document.GetPage(1).Letters;
        Assert.Contains(letters, l => (l.FontName ?? "").Contains("DejaVuSans", StringComparison.Ordinal));
        Assert.Contains("GrievancePacket", Samples.PageText(document, 1), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_Packet_PassesQpdfCheck()
    {
        var qpdf = Samples.Qpdf;
        var (_, pdf) = Samples.Build(Mixed());
        var path = Path.Combine(Path.GetTempPath(), $"packet-{Guid.NewGuid():N}.pdf");
        try
        {
            File.WriteAllBytes(path, pdf);
            var (exit, output) = Samples.Run(qpdf, "--check", path);
            Assert.True(exit == 0, $"qpdf --check exited {exit}: {output}");

            // The test script checks this packet again, outside the test host, and keeps it with the results.
            if (Environment.GetEnvironmentVariable("CCR_PACKET_SAMPLE") is { Length: > 0 } sample)
            {
                File.Copy(path, sample, overwrite: true);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Build_Progress_ReportsEachExhibitAndFinishes()
    {
        var recorder = new Samples.Recorder();

        Samples.Build(Mixed(), recorder);

        var steps = recorder.Reports.Select(r => r.Step).ToList();
        foreach (var letter in new[] { "A", "B", "C", "D", "E" })
        {
            Assert.Contains($"Checking exhibit {letter}", steps);
            Assert.Contains($"Merging exhibit {letter}", steps);
        }
        Assert.All(recorder.Reports, r => Assert.InRange(r.Done, 0, r.Total));
        Assert.True(recorder.Reports.Zip(recorder.Reports.Skip(1)).All(pair => pair.First.Done <= pair.Second.Done), "progress went backwards");
        Assert.Equal(recorder.Reports[^1].Total, recorder.Reports[^1].Done);
    }

    [Fact]
    public void Build_CancelledDuringMerge_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        var recorder = new Samples.Recorder
        {
            OnReport = r =>
            {
                if (r.Step == "Merging exhibit B")
                {
                    cts.Cancel();
                }
            },
        };

        Assert.ThrowsAny<OperationCanceledException>(() => Samples.Build(Mixed(), recorder, cts.Token));
    }

    [Fact]
    public void Build_ConcurrentBuildsOnOneBuilder_EachPacketIsComplete()
    {
        var builder = new PacketBuilder();
        var packets = new byte[3][];
        var results = new PacketResult[3];

        Parallel.For(0, 3, i =>
        {
            using var output = new MemoryStream();
            results[i] = builder.Build(Mixed(), output);
            packets[i] = output.ToArray();
        });

        for (var i = 0; i < 3; i++)
        {
            using var document = PdfDocument.Open(packets[i]);
            Assert.Equal(results[i].PageCount, document.NumberOfPages);
            Assert.Contains("SourceDutypage3", Samples.PageText(document, results[i].Exhibits[0].FirstPage + 2), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Build_NonSeekableOutput_WritesTheSamePacket()
    {
        var request = Mixed();
        using var sink = new MemoryStream();
        using var forwardOnly = new ForwardOnlyStream(sink);

        var result = new PacketBuilder().Build(request, forwardOnly);

        using var document = PdfDocument.Open(sink.ToArray());
        Assert.Equal(result.PageCount, document.NumberOfPages);
    }

    [Fact]
    public void Build_RotatedExhibitPage_StampStillReadable()
    {
        var qpdf = Samples.Qpdf;
        var input = Path.Combine(Path.GetTempPath(), $"in-{Guid.NewGuid():N}.pdf");
        var output = Path.Combine(Path.GetTempPath(), $"rot-{Guid.NewGuid():N}.pdf");
        byte[] rotated;
        try
        {
            File.WriteAllBytes(input, Samples.Pdf(2, "Turned"));
            var (exit, text) = Samples.Run(qpdf, "--rotate=+90:1", input, output);
            Assert.True(exit == 0, text);
            rotated = File.ReadAllBytes(output);
        }
        finally
        {
            File.Delete(input);
            File.Delete(output);
        }
        var request = new PacketRequest(Samples.Claim(), [Samples.Exhibit("turned.pdf", "Other", "application/pdf", rotated)]);

        var (result, pdf) = Samples.Build(request);

        using var document = PdfDocument.Open(pdf);
        var page = document.GetPage(result.Exhibits[0].FirstPage);
        Assert.Equal(90, page.Rotation.Value);
        Assert.Contains($"{Samples.ClaimNumber}-A-0001", Samples.Squash(page.Text), StringComparison.Ordinal);
        // PdfPig reports letters in displayed orientation: the Bates label must sit on one line along the displayed bottom edge.
        // The slip line at the displayed top is bold too; the Bates label is the bold text along the displayed bottom.
        var bates = page.Letters.Where(l => (l.FontName ?? "").Contains("Bold", StringComparison.Ordinal) && l.StartBaseLine.Y < 100).ToList();
        Assert.Equal($"{Samples.ClaimNumber}-A-0001".Length, bates.Count);
        Assert.All(bates, l => Assert.InRange(l.StartBaseLine.Y, 0, 40));
        Assert.All(bates, l => Assert.Equal(bates[0].StartBaseLine.Y, l.StartBaseLine.Y, 0.5));
        var source = page.Letters.Where(l => !(l.FontName ?? "").Contains("Helvetica", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(source);
        Assert.All(source, l => Assert.True(l.StartBaseLine.Y > 40 || l.StartBaseLine.X > 100, "source text should not be where the stamp is"));
    }

    [Fact]
    public void Build_ExhibitWithInheritedBoxAndTransformLeftInForce_ContentKeptAndStampOnDisplayedBottom()
    {
        // MediaBox and Rotate live on the /Pages node, and the content ends with a scaling cm outside any q/Q.
        var content = "2 0 0 2 0 0 cm BT /F1 12 Tf 20 150 Td (Scaled exhibit text) Tj ET";
        var pdf = HandWrittenPdf(
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 400 600] /Rotate 90 >>",
            "<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            $"<< /Length {content.Length} >>\nstream\n{content}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman >>");
        var request = new PacketRequest(Samples.Claim(), [Samples.Exhibit("scaled.pdf", "Other", "application/pdf", pdf)]);

        var (result, packet) = Samples.Build(request);

        using var document = PdfDocument.Open(packet);
        var page = document.GetPage(result.Exhibits[0].FirstPage);
        Assert.Equal(90, page.Rotation.Value);
        Assert.Contains("Scaledexhibittext", Samples.Squash(page.Text), StringComparison.Ordinal);
        // The slip line at the displayed top is bold too; the Bates label is the bold text along the displayed bottom.
        var bates = page.Letters.Where(l => (l.FontName ?? "").Contains("Bold", StringComparison.Ordinal) && l.StartBaseLine.Y < 100).ToList();
        Assert.Equal($"{Samples.ClaimNumber}-A-0001".Length, bates.Count);
        Assert.All(bates, l => Assert.InRange(l.StartBaseLine.Y, 0, 40));
        Assert.All(bates, l => Assert.InRange(l.EndBaseLine.X, 0, 600));
        Assert.All(bates, l => Assert.Equal(bates[0].StartBaseLine.Y, l.StartBaseLine.Y, 0.5));
        Assert.All(bates, l => Assert.Equal(9, l.PointSize, 0.5));
    }

    [Fact]
    public void Build_ExhibitContentWithIndirectLength_CopiedIntact()
    {
        var content = "BT /F1 12 Tf 72 700 Td (Indirect length content) Tj ET";
        var pdf = HandWrittenPdf(
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            $"<< /Length 6 0 R >>\nstream\n{content}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman >>",
            content.Length.ToString(CultureInfo.InvariantCulture));
        var request = new PacketRequest(Samples.Claim(), [Samples.Exhibit("indirect.pdf", "Other", "application/pdf", pdf)]);

        var (result, packet) = Samples.Build(request);

        Assert.Equal(ExhibitDisposition.Merged, result.Exhibits[0].Disposition);
        using var document = PdfDocument.Open(packet);
        Assert.Contains("Indirectlengthcontent", Samples.PageText(document, result.Exhibits[0].FirstPage), StringComparison.Ordinal);
        var path = Path.Combine(Path.GetTempPath(), $"indirect-{Guid.NewGuid():N}.pdf");
        try
        {
            File.WriteAllBytes(path, packet);
            var (exit, output) = Samples.Run(Samples.Qpdf, "--check", path);
            Assert.True(exit == 0, output);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static byte[] HandWrittenPdf(params string[] objects)
    {
        var text = new System.Text.StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(text.Length);
            text.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = text.Length;
        text.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            text.Append(CultureInfo.InvariantCulture, $"{offset:0000000000} 00000 n \n");
        }
        text.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return System.Text.Encoding.ASCII.GetBytes(text.ToString());
    }

    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }
}
