using System.Text;
using System.Text.RegularExpressions;
using CallCenterRecognition.Packets;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Tokens;

namespace CallCenterRecognition.Packets.Tests;

/// <summary>The statement page as a CalHR labor-relations reviewer reads it, and the file as a PDF checker reads it.</summary>
public sealed partial class StatementTests
{
    private static PacketClaim Filed() => Samples.Claim("Staff answer the unit's public line all day and resolve claimants' problems.") with
    {
        Grievants = [new PacketGrievant("Maria Lopez", "Program Technician II", "Employment Development Department", "Sacramento Claims Contact Unit", "R04")],
        RepresentativePhone = "916-555-0142",
        RepresentativeEmail = "jreyes@seiu1000.example",
        FiledOn = new DateOnly(2026, 3, 12),
        Step = "Step 1",
        DifferentialFrom = new DateOnly(2024, 7, 1),
        PreparedAt = new DateTimeOffset(2026, 3, 12, 17, 30, 0, TimeSpan.Zero),
    };

    private static PacketRequest OnePageExhibits(PacketClaim claim, int count) => new(
        claim,
        [.. Enumerable.Range(0, count).Select(i => Samples.Exhibit($"doc-{i}.pdf", i == 0 ? "Duty statements" : "Org charts", "application/pdf", Samples.Pdf(1, $"Doc{i}"), i + 1) with
        {
            Description = i == 0 ? "Duty statement, Program Technician II, 2024, shows 80% phone work" : $"Org chart {i} naming the unit's phone line",
        })]);

    [Fact]
    public void Build_FiledClaim_StatementPageCarriesEveryStd630FieldWithItsValue()
    {
        var (_, pdf) = Samples.Build(OnePageExhibits(Filed(), 2));

        using var document = PdfDocument.Open(pdf);
        var statement = Samples.PageText(document, 2);
        Assert.StartsWith("STATEOFCALIFORNIA", statement, StringComparison.Ordinal);
        foreach (var expected in new[]
        {
            "MariaLopez", "ProgramTechnicianII", "EmploymentDevelopmentDepartment", "SacramentoClaimsContactUnit",
            "BargainingunitR04", "DateofoccurrenceContinuingviolation", "DatefiledMarch12,2026", "StepStep1",
            "Article21,Section21.4(CallCenters)", "callcenterpaydifferential", "retroactivetoJuly1,2024", "madewhole",
            "NameJordanReyes", "Phone916-555-0142", "E-mailjreyes@seiu1000.example",
            "Grievantsignature", "Unionrepresentativesignature",
        })
        {
            Assert.Contains(expected, statement, StringComparison.Ordinal);
        }
        // Printed names sit under the signature lines, on this page, not on a page of their own.
        Assert.Matches("Grievantsignature.*Date.*MariaLopez.*Unionrepresentativesignature.*Date.*JordanReyes", statement);
        Assert.Equal(2, Regex.Count(statement, "signature"));
    }

    [Fact]
    public void Build_DraftWithOccurrenceDate_SaysNotYetFiledAndGivesTheDate()
    {
        var claim = Filed() with { FiledOn = null, OccurredOn = new DateOnly(2025, 11, 3), DifferentialFrom = null };

        var (_, pdf) = Samples.Build(OnePageExhibits(claim, 1));

        using var document = PdfDocument.Open(pdf);
        var statement = Samples.PageText(document, 2);
        Assert.Contains("DatefiledNotyetfiled", statement, StringComparison.Ordinal);
        Assert.Contains("DateofoccurrenceNovember3,2025", statement, StringComparison.Ordinal);
        Assert.DoesNotContain("Continuingviolation", statement, StringComparison.Ordinal);
        Assert.Contains("retroactivetothedatetheunitbeganperformingcallcenterwork", statement, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ContractFromDefinition_StatementCitesThatProvision()
    {
        var claim = Filed() with { Contract = new PacketContract("19", "19.2", "Health and Safety") };

        var (_, pdf) = Samples.Build(OnePageExhibits(claim, 1));

        using var document = PdfDocument.Open(pdf);
        var statement = Samples.PageText(document, 2);
        Assert.Contains("Article19,Section19.2(HealthandSafety)", statement, StringComparison.Ordinal);
        Assert.DoesNotContain("21.4", statement, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ExhibitsWithDescriptions_StatementListsThemWithBatesRanges()
    {
        var request = new PacketRequest(Filed(),
        [
            Samples.Exhibit("duty.pdf", "Duty statements", "application/pdf", Samples.Pdf(3, "Duty")) with { Description = "Duty statement, Program Technician II, 2024, shows 80% phone work" },
            Samples.Exhibit("chart.pdf", "Org charts", "application/pdf", Samples.Pdf(1, "Chart")) with { Description = "Org chart naming the unit's phone line" },
        ]);

        var (result, pdf) = Samples.Build(request);

        using var document = PdfDocument.Open(pdf);
        var statement = Samples.PageText(document, 2);
        Assert.Contains("ADutystatements:Dutystatement,ProgramTechnicianII,2024,shows80%phoneworkCC-2026-00042-A-0001toCC-2026-00042-A-0003", statement, StringComparison.Ordinal);
        Assert.Contains("BOrgcharts:Orgchartnamingtheunit'sphonelineCC-2026-00042-B-0001", statement, StringComparison.Ordinal);
        // The slip line takes the separator page's place, in the top margin of the exhibit's first page.
        var first = document.GetPage(result.Exhibits[0].FirstPage);
        var slip = string.Concat(first.Letters.Where(l => l.BoundingBox.Bottom > first.Height - 45).Select(l => l.Value));
        Assert.Equal("Exhibit A - Duty statements - Duty statement, Program Technician II, 2024, shows 80% phone work", slip);
        Assert.Contains("SourceDutypage1", Samples.PageText(document, result.Exhibits[0].FirstPage), StringComparison.Ordinal);
        Assert.Contains("Exhibit B - Org charts - Org chart naming the unit's phone line", document.GetPage(result.Exhibits[1].FirstPage).Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(8)]
    public void Build_OnePageExhibits_AtMostThreePagesBesidesTheEvidence(int count)
    {
        var (result, pdf) = Samples.Build(OnePageExhibits(Filed(), count));

        using var document = PdfDocument.Open(pdf);
        Assert.Equal(result.PageCount, document.NumberOfPages);
        Assert.True(document.NumberOfPages <= count + 3, $"{count} one-page exhibits took {document.NumberOfPages} pages");
        var all = string.Concat(Enumerable.Range(1, document.NumberOfPages).Select(p => Samples.PageText(document, p)));
        Assert.DoesNotContain("notprovided", all, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Build_Packet_InfoDatesXmpAndLanguageAgree()
    {
        var (_, pdf) = Samples.Build(OnePageExhibits(Filed(), 2));

        using var document = PdfDocument.Open(pdf);
        Assert.Equal("D:20260312173000Z", document.Information.CreationDate);
        Assert.Equal("D:20260312173000Z", document.Information.ModifiedDate);
        var catalog = document.Structure.Catalog.CatalogDictionary;
        Assert.True(catalog.TryGet(NameToken.Create("Lang"), out var lang));
        Assert.Equal("en-US", Assert.IsType<StringToken>(lang).Data);
        Assert.True(document.TryGetXmpMetadata(out var xmp));
        var xml = xmp!.GetXDocument();
        XNamespaceCheck(xml, "http://purl.org/dc/elements/1.1/", "title", document.Information.Title!);
        XNamespaceCheck(xml, "http://purl.org/dc/elements/1.1/", "creator", "SEIU Local 1000");
        XNamespaceCheck(xml, "http://purl.org/dc/elements/1.1/", "description", document.Information.Subject!);
        XNamespaceCheck(xml, "http://ns.adobe.com/pdf/1.3/", "Producer", document.Information.Producer!);
        XNamespaceCheck(xml, "http://ns.adobe.com/xap/1.0/", "CreateDate", "2026-03-12T17:30:00Z");
        XNamespaceCheck(xml, "http://ns.adobe.com/xap/1.0/", "ModifyDate", "2026-03-12T17:30:00Z");
        Assert.Equal("SEIU Local 1000", document.Information.Author);
    }

    private static void XNamespaceCheck(System.Xml.Linq.XDocument xml, string ns, string name, string expected)
    {
        var element = xml.Descendants(System.Xml.Linq.XName.Get(name, ns)).Single();
        Assert.Equal(expected, element.Value);
    }

    [Fact]
    public void Build_SamePacketTwice_SameBytes()
    {
        var request = OnePageExhibits(Filed(), 2);

        var (_, first) = Samples.Build(request);
        var (_, second) = Samples.Build(request);

        Assert.Equal(Samples.Sha256(first), Samples.Sha256(second));
    }

    [Fact]
    public void Build_OneExhibitsContentDiffers_DifferentFileIdentifier()
    {
        var request = OnePageExhibits(Filed(), 2);
        var other = Samples.Exhibit("doc-1.pdf", "Org charts", "application/pdf", Samples.Pdf(1, "Doc9"), 2) with { Description = request.Exhibits[1].Description };
        var changed = request with { Exhibits = [request.Exhibits[0], other] };

        var (_, first) = Samples.Build(request);
        var (_, again) = Samples.Build(request);
        var (_, second) = Samples.Build(changed);

        Assert.Matches("^[0-9A-F]{32}$", FileIdentifier(first));
        Assert.Equal(FileIdentifier(first), FileIdentifier(again));
        Assert.NotEqual(FileIdentifier(first), FileIdentifier(second));
    }

    private static string FileIdentifier(byte[] pdf) =>
        Regex.Match(Encoding.Latin1.GetString(pdf), @"/ID \[<([0-9A-F]+)> <\1>\]").Groups[1].Value;

    [Fact]
    public void Build_Packet_NoStandardEncodingQpdfCleanAndPagesRender()
    {
        var (result, pdf) = Samples.Build(OnePageExhibits(Filed(), 3));
        var folder = Path.Combine(ArtifactsFolder(), "statement");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "packet.pdf");
        File.WriteAllBytes(path, pdf);

        var (exit, output) = Samples.Run(Samples.Qpdf, "--check", path);
        Assert.True(exit == 0, output);
        Assert.DoesNotContain("WARNING", output, StringComparison.OrdinalIgnoreCase);

        // Inspect uncompressed: object streams and Flate would hide a /StandardEncoding from a byte search.
        var plain = Path.Combine(folder, "packet-qdf.pdf");
        var (qdfExit, qdfOutput) = Samples.Run(Samples.Qpdf, "--qdf", "--object-streams=disable", path, plain);
        Assert.True(qdfExit == 0, qdfOutput);
        var bytes = Encoding.Latin1.GetString(File.ReadAllBytes(plain));
        Assert.DoesNotContain("/StandardEncoding", bytes, StringComparison.Ordinal);
        Assert.Contains("/WinAnsiEncoding", bytes, StringComparison.Ordinal);

        // Strict parsing throws where a lenient reader would only warn.
        using (var document = PdfDocument.Open(pdf, new ParsingOptions { UseLenientParsing = false }))
        {
            Assert.Equal(result.PageCount, document.NumberOfPages);
            for (var p = 1; p <= document.NumberOfPages; p++)
            {
                _ = document.GetPage(p).Text;
            }
        }

        // Pages as a reviewer sees them, kept for review under TestResults/.
        foreach (var old in Directory.GetFiles(folder, "page-*.png"))
        {
            File.Delete(old);
        }
        var (renderExit, renderOutput) = Samples.Run("/usr/bin/pdftoppm", "-r", "50", "-png", path, Path.Combine(folder, "page"));
        Assert.True(renderExit == 0, renderOutput);
        Assert.Equal(result.PageCount, Directory.GetFiles(folder, "page-*.png").Length);
    }

    private static string ArtifactsFolder()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CallCenterRecognition.Packets.Tests.csproj")))
        {
            directory = directory.Parent;
        }
        return Path.Combine(directory?.FullName ?? AppContext.BaseDirectory, "TestResults");
    }
}
