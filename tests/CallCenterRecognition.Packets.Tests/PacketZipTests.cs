using System.IO.Compression;
using CallCenterRecognition.Packets;

namespace CallCenterRecognition.Packets.Tests;

public sealed class PacketZipTests
{
    [Fact]
    public void Write_HostileFileNames_EntriesAreSafeAndHoldTheOriginals()
    {
        var names = new[]
        {
            "../../etc/passwd",
            "..\\..\\windows\\system32\\config.pdf",
            "evil\u0000.pdf",
            "invoice\u202Efdp.exe",
            "/absolute/path.png",
            "C:\\Users\\me\\scan.jpg",
            "",
            "....",
            "CON",
            "résumé 履歴書.pdf",
        };
        var contents = names.Select((_, i) => Samples.Text($"original {i}")).ToArray();
        var request = new PacketRequest(
            Samples.Claim(),
            names.Select((n, i) => Samples.Exhibit(n, "Other", "application/octet-stream", contents[i])).ToList());
        var packet = Samples.Text("%PDF-1.7 stand-in");
        using var zipBytes = new MemoryStream();

        PacketZip.Write(request, new MemoryStream(packet), zipBytes);

        zipBytes.Position = 0;
        using var zip = new ZipArchive(zipBytes, ZipArchiveMode.Read);
        Assert.Equal(names.Length + 1, zip.Entries.Count);
        var pdf = zip.GetEntry("CC-2026-00042-packet.pdf");
        Assert.NotNull(pdf);
        Assert.Equal(packet, ReadAll(pdf));
        var exhibits = zip.Entries.Where(e => e.FullName != pdf.FullName).ToList();
        for (var i = 0; i < exhibits.Count; i++)
        {
            var entry = exhibits[i];
            var letter = ((char)('A' + i)).ToString();
            Assert.StartsWith($"exhibits/{letter}-", entry.FullName, StringComparison.Ordinal);
            var leaf = entry.FullName["exhibits/".Length..];
            Assert.DoesNotContain('/', leaf);
            Assert.DoesNotContain('\\', leaf);
            Assert.DoesNotContain("..", leaf, StringComparison.Ordinal);
            Assert.DoesNotContain(leaf, c => char.IsControl(c) || c is '\u202E' or ':' or '*' or '?' or '"' or '<' or '>' or '|');
            Assert.True(leaf.Length > letter.Length + 1, $"entry {entry.FullName} has no name");
            Assert.Equal(contents[i], ReadAll(entry));
        }
        Assert.Equal("exhibits/A-etc_passwd", exhibits[0].FullName);
        Assert.Equal("exhibits/C-evil.pdf", exhibits[2].FullName);
        Assert.Equal("exhibits/D-invoicefdp.exe", exhibits[3].FullName);
        Assert.Equal("exhibits/J-résumé 履歴書.pdf", exhibits[9].FullName);
    }

    [Fact]
    public void Write_ExtractedToDisk_StaysInsideTheTargetFolder()
    {
        var request = new PacketRequest(
            Samples.Claim(),
            [Samples.Exhibit("../../../../tmp/escaped.txt", "Other", "text/plain", Samples.Text("x"))]);
        using var zipBytes = new MemoryStream();
        PacketZip.Write(request, new MemoryStream(Samples.Text("pdf")), zipBytes);
        var target = Directory.CreateTempSubdirectory("packet-zip-");
        try
        {
            zipBytes.Position = 0;
            ZipFile.ExtractToDirectory(zipBytes, target.FullName);

            var files = Directory.GetFiles(target.FullName, "*", SearchOption.AllDirectories);
            Assert.Equal(2, files.Length);
            Assert.All(files, f => Assert.StartsWith(target.FullName, Path.GetFullPath(f), StringComparison.Ordinal));
        }
        finally
        {
            target.Delete(recursive: true);
        }
    }

    [Fact]
    public void Write_RealPacket_ContainsPdfAndEveryOriginalEvenUnmerged()
    {
        var pdfExhibit = Samples.Pdf(1, "Z");
        var request = new PacketRequest(
            Samples.Claim(),
            [
                Samples.Exhibit("duty.pdf", "Duty statements", "application/pdf", pdfExhibit),
                Samples.Exhibit("broken.pdf", "Duty statements", "application/pdf", Samples.Text("%PDF-garbage")),
                Samples.Exhibit("notes.txt", "Other", "text/plain", Samples.Text("notes")),
            ]);
        var (_, packet) = Samples.Build(request);
        using var zipBytes = new MemoryStream();

        PacketZip.Write(request, new MemoryStream(packet), zipBytes);

        zipBytes.Position = 0;
        using var zip = new ZipArchive(zipBytes, ZipArchiveMode.Read);
        Assert.Equal(
            ["CC-2026-00042-packet.pdf", "exhibits/A-duty.pdf", "exhibits/B-broken.pdf", "exhibits/C-notes.txt"],
            zip.Entries.Select(e => e.FullName));
        Assert.Equal(packet, ReadAll(zip.Entries[0]));
        Assert.Equal(pdfExhibit, ReadAll(zip.Entries[1]));
        Assert.Equal(Samples.Text("%PDF-garbage"), ReadAll(zip.Entries[2]));
    }

    [Theory]
    [InlineData("../../etc/passwd", "etc_passwd")]
    [InlineData("a\\b\\c.pdf", "a_b_c.pdf")]
    [InlineData("nul\u0000byte.pdf", "nulbyte.pdf")]
    [InlineData("  .hidden  ", "hidden")]
    [InlineData("report..pdf", "report.pdf")]
    [InlineData("what?*<>|\":.pdf", "what_______.pdf")]
    [InlineData("", "file")]
    [InlineData("\u202E\u200F", "file")]
    [InlineData("Org chart (2026).pdf", "Org chart (2026).pdf")]
    public void SanitiseFileName_HostileName_BecomesOneSafeSegment(string input, string expected)
    {
        Assert.Equal(expected, PacketZip.SanitiseFileName(input));
    }

    [Fact]
    public void SanitiseFileName_VeryLongName_KeepsExtensionWithinLimit()
    {
        var name = new string('x', 5_000) + ".pdf";

        var safe = PacketZip.SanitiseFileName(name);

        Assert.True(safe.Length <= 120, $"length {safe.Length}");
        Assert.EndsWith(".pdf", safe, StringComparison.Ordinal);
    }

    private static byte[] ReadAll(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
