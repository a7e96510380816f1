using System.Globalization;
using System.Text;
using CallCenterRecognition.Packets;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Tokens;

namespace CallCenterRecognition.Packets.Tests;

// The packet goes to the employer: an exhibit's scripts, actions and attachments must not travel with it.
public sealed class HostileContentTests
{
    private static readonly string[] ForbiddenKeys = ["AA", "JS", "JavaScript", "OpenAction", "EF", "EmbeddedFiles", "XFA", "AF"];
    private static readonly string[] ForbiddenNames = ["JavaScript", "Launch", "EmbeddedFile", "FileAttachment", "SubmitForm", "ImportData", "GoToR"];

    /// <summary>
    /// A PDF written by hand with everything a hostile exhibit can carry: page-level /AA JavaScript (inline and indirect),
    /// a document /OpenAction, an embedded executable behind a file-attachment annotation, a Launch link, an http link,
    /// an XFA form, and a sticky note with its own /AA; plus an https link and the note itself, which may stay.
    /// </summary>
    internal static byte[] HostilePdf()
    {
        var objects = new SortedDictionary<int, string>
        {
            [1] = "<< /Type /Catalog /Pages 2 0 R /OpenAction 7 0 R /Names << /EmbeddedFiles << /Names [(payroll.exe) 8 0 R] >> /JavaScript << /Names [(start) 7 0 R] >> >> /AcroForm << /Fields [] /XFA 11 0 R >> >>",
            [2] = "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            [3] = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> "
                + "/AA << /O << /S /JavaScript /JS (app.alert\\(1\\)) >> /C 7 0 R >> /Annots [6 0 R 9 0 R 10 0 R 12 0 R 13 0 R] >>",
            [5] = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            [6] = "<< /Type /Annot /Subtype /Link /Rect [72 600 300 620] /Border [0 0 0] /A << /S /Launch /F (calc.exe) >> >>",
            [7] = "<< /Type /Action /S /JavaScript /JS 14 0 R >>",
            [8] = "<< /Type /Filespec /F (payroll.exe) /EF << /F 15 0 R >> >>",
            [9] = "<< /Type /Annot /Subtype /FileAttachment /Rect [72 500 90 518] /FS 8 0 R /Contents (open me) >>",
            [10] = "<< /Type /Annot /Subtype /Link /Rect [72 560 300 580] /Border [0 0 0] /A << /S /URI /URI (http://evil.example/collect) >> >>",
            [12] = "<< /Type /Annot /Subtype /Link /Rect [72 520 300 540] /Border [0 0 0] /A << /S /URI /URI (https://www.calhr.ca.gov/) >> >>",
            [13] = "<< /Type /Annot /Subtype /Text /Rect [400 700 420 720] /Contents (Supervisor's note) /AA << /PO 7 0 R >> >>",
        };
        var streams = new Dictionary<int, (string Dictionary, string Data)>
        {
            [4] = ("", "BT /F1 18 Tf 72 700 Td (Duty statement: answers ACD queue calls) Tj ET"),
            [11] = ("", "<xdp:xdp><script>xfa.host.gotoURL('http://evil.example/')</script></xdp:xdp>"),
            [14] = ("", "app.launchURL('http://evil.example/steal');"),
            [15] = ("/Type /EmbeddedFile ", "MZ-EVIL-PAYLOAD"),
        };
        foreach (var (number, (dictionary, data)) in streams)
        {
            objects[number] = string.Create(CultureInfo.InvariantCulture, $"<< {dictionary}/Length {data.Length} >>\nstream\n{data}\nendstream");
        }

        var pdf = new StringBuilder("%PDF-1.7\n");
        var offsets = new SortedDictionary<int, int>();
        foreach (var (number, body) in objects)
        {
            offsets[number] = pdf.Length;
            pdf.Append(CultureInfo.InvariantCulture, $"{number} 0 obj\n{body}\nendobj\n");
        }
        var xref = pdf.Length;
        var size = objects.Keys.Max() + 1;
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {size}\n0000000000 65535 f \n");
        for (var i = 1; i < size; i++)
        {
            pdf.Append(offsets.TryGetValue(i, out var offset) ? string.Create(CultureInfo.InvariantCulture, $"{offset:0000000000} 00000 n \n") : "0000000000 65535 f \n");
        }
        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.Latin1.GetBytes(pdf.ToString());
    }

    /// <summary>A real small JPEG whose frame header is rewritten to declare <paramref name="width"/>×<paramref name="height"/>.</summary>
    internal static byte[] JpegDeclaring(int width, int height)
    {
        var jpeg = Samples.Jpeg(64, 48);
        for (var i = 2; i + 9 < jpeg.Length; i++)
        {
            if (jpeg[i] == 0xFF && jpeg[i + 1] is 0xC0 or 0xC1 or 0xC2)
            {
                jpeg[i + 5] = (byte)(height >> 8);
                jpeg[i + 6] = (byte)height;
                jpeg[i + 7] = (byte)(width >> 8);
                jpeg[i + 8] = (byte)width;
                return jpeg;
            }
        }
        throw new InvalidOperationException("No frame header in the sample JPEG.");
    }

    [Fact]
    public void Build_ExhibitWithScriptsActionsAndAttachments_PacketCarriesNoneOfThem()
    {
        var request = new PacketRequest(Samples.Claim(), [Samples.Exhibit("duty-statement.pdf", "Duty statements", "application/pdf", HostilePdf())]);

        var (result, pdf) = Samples.Build(request);

        Assert.Equal(ExhibitDisposition.Merged, result.Exhibits[0].Disposition);
        using var document = PdfDocument.Open(pdf);
        var exhibitPage = document.GetPage(result.Exhibits[0].FirstPage);
        Assert.Contains("answersACDqueuecalls", Samples.Squash(exhibitPage.Text), StringComparison.Ordinal);

        var found = new List<string>();
        foreach (var reference in document.Structure.CrossReferenceTable.ObjectOffsets.Keys)
        {
            var token = document.Structure.GetObject(reference)?.Data;
            if (token is not null)
            {
                Scan(token, $"{reference.ObjectNumber} 0 obj", found);
            }
        }
        Assert.Empty(found);
        var raw = Encoding.Latin1.GetString(pdf);
        foreach (var payload in new[] { "app.alert", "app.launchURL", "calc.exe", "payroll.exe", "EVIL-PAYLOAD", "xfa.host", "evil.example" })
        {
            Assert.DoesNotContain(payload, raw, StringComparison.Ordinal);
        }

        // What does no harm stays: the https link and the supervisor's note, without its /AA.
        var annotations = exhibitPage.GetAnnotations().ToList();
        Assert.Contains(annotations, a => a.Type == UglyToad.PdfPig.Annotations.AnnotationType.Text);
        Assert.Contains("https://www.calhr.ca.gov/", raw, StringComparison.Ordinal);
        Assert.DoesNotContain(annotations, a => a.Type is UglyToad.PdfPig.Annotations.AnnotationType.FileAttachment);
    }

    [Fact]
    public void Build_HostileExhibit_PacketPassesQpdfCheck()
    {
        var request = new PacketRequest(Samples.Claim(), [Samples.Exhibit("duty-statement.pdf", "Duty statements", "application/pdf", HostilePdf())]);
        var (_, pdf) = Samples.Build(request);
        var file = Path.Combine(Path.GetTempPath(), $"hostile-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(file, pdf);
        try
        {
            var (exitCode, output) = Samples.Run(Samples.Qpdf, "--check", file);
            Assert.True(exitCode == 0, output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Build_JpegDeclaring50000By50000_ListedAndNeverEmbedded()
    {
        var bomb = JpegDeclaring(50000, 50000);
        var request = new PacketRequest(Samples.Claim(), [Samples.Exhibit("org-chart.jpg", "Org charts", "image/jpeg", bomb)]);

        var (result, pdf) = Samples.Build(request);

        Assert.Equal(ExhibitDisposition.ListedOnly, result.Exhibits[0].Disposition);
        Assert.Equal(0, result.Exhibits[0].PageCount);
        using var document = PdfDocument.Open(pdf);
        for (var p = 1; p <= document.NumberOfPages; p++)
        {
            Assert.DoesNotContain(document.GetPage(p).GetImages(), image => image.WidthInSamples >= 50000 || image.HeightInSamples >= 50000);
        }
        Assert.DoesNotContain("/DCTDecode", Encoding.Latin1.GetString(pdf), StringComparison.Ordinal);
        Assert.Contains("megapixels", document.GetPage(3).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ImageOverConfiguredLimit_Listed()
    {
        var request = new PacketRequest(Samples.Claim(), [Samples.Exhibit("photo.jpg", "Org charts", "image/jpeg", Samples.Jpeg(400, 300))]);
        using var output = new MemoryStream();

        var small = new PacketBuilder(options: new PacketOptions(MaxImagePixels: 100_000)).Build(request, output);
        var normal = Samples.Build(request).Result;

        Assert.Equal(ExhibitDisposition.ListedOnly, small.Exhibits[0].Disposition);
        Assert.Equal(ExhibitDisposition.Image, normal.Exhibits[0].Disposition);
    }

    [Fact]
    public void Build_JpegWhoseDataDoesNotDecode_ListedAsUnreadable()
    {
        var jpeg = Samples.Jpeg(640, 480);
        // Headers intact, the image data cut off just after the start of scan: a viewer gets a header and no picture.
        var scan = jpeg.AsSpan().IndexOf(new byte[] { 0xFF, 0xDA });
        Assert.True(scan > 0);
        var broken = jpeg[..(scan + 16)];
        var request = new PacketRequest(Samples.Claim(), [Samples.Exhibit("broken.jpg", "Org charts", "image/jpeg", broken)]);

        var (result, pdf) = Samples.Build(request);

        Assert.Equal(ExhibitDisposition.Corrupt, result.Exhibits[0].Disposition);
        Assert.DoesNotContain("/DCTDecode", Encoding.Latin1.GetString(pdf), StringComparison.Ordinal);
    }

    private static void Scan(IToken token, string where, List<string> found, int depth = 0)
    {
        if (depth > 40)
        {
            return;
        }
        switch (token)
        {
            case StreamToken stream:
                Scan(stream.StreamDictionary, where, found, depth + 1);
                break;
            case DictionaryToken dictionary:
                foreach (var (key, value) in dictionary.Data)
                {
                    if (ForbiddenKeys.Contains(key))
                    {
                        found.Add($"{where}: /{key}");
                    }
                    if (key == "URI" && value is StringToken uri && !uri.Data.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
                    {
                        found.Add($"{where}: /URI {uri.Data}");
                    }
                    Scan(value, where, found, depth + 1);
                }
                break;
            case ArrayToken array:
                foreach (var item in array.Data)
                {
                    Scan(item, where, found, depth + 1);
                }
                break;
            case NameToken name when ForbiddenNames.Contains(name.Data):
                found.Add($"{where}: /{name.Data}");
                break;
        }
    }
}
