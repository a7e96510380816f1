using CallCenterRecognition.Packets;
using UglyToad.PdfPig;

namespace CallCenterRecognition.Packets.Tests;

/// <summary>One filed packet holding every accepted type, read back page by page as a CalHR reviewer would.</summary>
public sealed class ReviewerPacketTests
{
    private static readonly PacketClaim Filed = Samples.Claim("Staff answer the unit's public line all day and resolve claimants' problems.") with
    {
        Grievants = [new PacketGrievant("Maria Lopez", "Program Technician II", "Employment Development Department", "Sacramento Claims Contact Unit", "R04")],
        RepresentativePhone = "916-555-0142",
        RepresentativeEmail = "jreyes@seiu1000.example",
        FiledOn = new DateOnly(2026, 3, 12),
        Step = "Step 1",
        OccurredOn = new DateOnly(2025, 11, 3),
        DifferentialFrom = new DateOnly(2024, 7, 1),
        PreparedAt = new DateTimeOffset(2026, 3, 12, 17, 30, 0, TimeSpan.Zero),
    };

    private static PacketRequest EveryType() => new(
        Filed,
        [
            Samples.Exhibit("duty-statement.pdf", "Duty statements", "application/pdf", Samples.Pdf(1, "DutyStatement"), 1) with { Description = "Duty statement, Program Technician II, 2024, shows 80% phone work" },
            Samples.Exhibit("org-chart.png", "Org charts", "image/png", Samples.Png(400, 300), 2) with { Description = "Org chart naming the unit's phone line" },
            Samples.Exhibit("desk.jpg", "Phone system", "image/jpeg", Samples.Jpeg(400, 300), 3) with { Description = "Photo of the ACD desk phone" },
            Samples.Exhibit("scan.tif", "Org charts", ConvertedSamples.Tiff, ConvertedSamples.TiffPages(2), 4),
            Samples.Exhibit("phone-log.txt", "Phone system", "text/plain", Samples.Text("Monday: 212 calls answered by the unit.\nTuesday: 198 calls."), 5),
            Samples.Exhibit("queue.eml", "Emails", ConvertedSamples.Eml, ConvertedSamples.Email(Samples.Pdf(1, "Coverage"), Samples.Png(320, 200)), 6),
            Samples.Exhibit("procedures.docx", "Training materials", ConvertedSamples.Docx, ConvertedSamples.Word(), 7),
            Samples.Exhibit("call-log.xlsx", "Phone system", ConvertedSamples.Xlsx, ConvertedSamples.Excel(3), 8),
        ]);

    [Fact]
    public void Build_OneOfEveryAcceptedType_EveryDocumentReadableStatementCompleteNoFiller()
    {
        var (result, pdf) = Samples.Build(EveryType());
        // The pages as the reviewer sees them, kept under TestResults/ for review (first, so a failure below still leaves them).
        var folder = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "TestResults", "every-type");
        Directory.CreateDirectory(folder);
        foreach (var old in Directory.GetFiles(folder, "page-*.png"))
        {
            File.Delete(old);
        }

        var path = Path.Combine(folder, "packet.pdf");
        File.WriteAllBytes(path, pdf);
        var (check, checkOutput) = Samples.Run(Samples.Qpdf, "--check", path);
        Assert.True(check == 0, checkOutput);
        var (render, renderOutput) = Samples.Run("/usr/bin/pdftoppm", "-r", "50", "-png", path, Path.Combine(folder, "page"));
        Assert.True(render == 0, renderOutput);
        Assert.Equal(result.PageCount, Directory.GetFiles(folder, "page-*.png").Length);

        using var document = PdfDocument.Open(pdf);
        var text = string.Concat(Enumerable.Range(1, document.NumberOfPages).Select(p => Samples.PageText(document, p)));

        foreach (var sentence in new[]
        {
            "SourceDutyStatementpage1", // the PDF
            "Monday:212callsansweredbytheunit.", // the text file
            "PhonequeuecoverageforMonday", // the e-mail's Subject
            "EveryonemuststayloggedintotheACDqueue", // its body
            "SourceCoveragepage1", // its PDF attachment, C-1
            "Staffanswerthepublictelephonelinefromeighttofive", // the Word document
            "Code77", // a cell of its table
            "CalldateCallerqueueMinutesonhold", // the spreadsheet's header row
        })
        {
            Assert.Contains(sentence, text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("notprovided", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(result.Exhibits, e => e.Letter.EndsWith("-1", StringComparison.Ordinal) && e.PageCount == 1);
        var tiff = Assert.Single(result.Exhibits, e => e.FileName == "scan.tif");
        Assert.Equal(2, tiff.PageCount);
        foreach (var image in result.Exhibits.Where(e => e.FileName is "org-chart.png" or "desk.jpg"))
        {
            Assert.Equal(ExhibitDisposition.Image, image.Disposition);
            Assert.NotEmpty(document.GetPage(image.FirstPage).GetImages());
        }

        // No filler: cover, statement and index, then evidence only.
        var evidence = result.Exhibits.Sum(e => e.PageCount);
        // Cover, statement and index; past about eight exhibits the statement's exhibit list continues on one more page.
        Assert.True(result.PageCount <= evidence + 4, $"{result.PageCount} pages for {evidence} evidence pages");

        var statement = Samples.PageText(document, 2);
        foreach (var field in new[]
        {
            "MariaLopez", "ProgramTechnicianII", "EmploymentDevelopmentDepartment", "SacramentoClaimsContactUnit", "BargainingunitR04",
            "DateofoccurrenceNovember3,2025", "DatefiledMarch12,2026", "StepStep1", "Article21,Section21.4", "retroactivetoJuly1,2024",
            "madewhole", "NameJordanReyes", "Phone916-555-0142", "E-mailjreyes@seiu1000.example", "Grievantsignature", "Unionrepresentativesignature",
        })
        {
            Assert.Contains(field, statement, StringComparison.Ordinal);
        }
    }
}
