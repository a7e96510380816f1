using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using static CallCenterRecognition.Web.Tests.Api;
using static CallCenterRecognition.Web.Tests.DocumentSupport;

namespace CallCenterRecognition.Web.Tests;

// Files whose first bytes pass the sniffer but whose body is not what they claim: each is 415 with a reason, and nothing is kept.
public sealed class UploadVerificationTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private async Task<(HttpClient Rep, string ClaimId)> ClaimAsync(string unit)
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var rep = await factory.ClientForAsync(Rep1);
        var claim = await OpenAsync(mrc, NewClaim(unit));
        claim = await FireOkAsync(mrc, claim, "refer", new { representativeId = await factory.UserIdAsync(Rep1) });
        claim = await FireOkAsync(rep, claim, "accept");
        return (rep, Id(claim));
    }

    private async Task<string> RefusedAsync(byte[] bytes, string fileName, string unit, string expectedInDetail)
    {
        var (rep, claimId) = await ClaimAsync(unit);
        var before = StoredFiles(factory);

        var response = await UploadAsync(rep, claimId, bytes, fileName);

        var problem = await ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("file", ErrorFields(problem));
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains(expectedInDetail, detail, StringComparison.Ordinal);
        Assert.Equal(0, await RowsAsync(factory, claimId));
        Assert.Equal(before, StoredFiles(factory));
        return detail;
    }

    // PNG signature and an IHDR chunk with a correct CRC, so only the dimensions are wrong.
    private static byte[] PngHeader(uint width, uint height)
    {
        var chunk = new byte[17];
        "IHDR"u8.CopyTo(chunk);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(4), width);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8), height);
        chunk[12] = 8;
        chunk[13] = 2;
        var crc = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(chunk));
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, .. chunk, .. crc];
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }

    private static byte[] DocxOfZeros(long bytes)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var writer = new StreamWriter(zip.CreateEntry("[Content_Types].xml").Open()))
            {
                writer.Write("<?xml version=\"1.0\"?><Types/>");
            }

            using var part = zip.CreateEntry("word/document.xml", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1024 * 1024];
            for (long written = 0; written < bytes; written += zeros.Length)
            {
                part.Write(zeros, 0, (int)Math.Min(zeros.Length, bytes - written));
            }
        }

        return memory.ToArray();
    }

    [Theory]
    [InlineData("garbled")]
    [InlineData("truncated")]
    public async Task Upload_PdfThatDoesNotParse_Returns415AndStoresNothing(string kind)
    {
        var bytes = kind == "garbled"
            ? Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% not really\n%%EOF\n")
            : Pdf("cut short")[..40];

        await RefusedAsync(bytes, "duty.pdf", "Bad PDF " + kind, "starts like a PDF but");
    }

    [Fact]
    public async Task Upload_PngClaiming50000By50000_Returns415NamingTheLimit()
    {
        var detail = await RefusedAsync(PngHeader(50_000, 50_000), "screen.png", "Huge PNG", "50000×50000");
        Assert.Contains("40 megapixels", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_PngWithZeroWidth_Returns415()
    {
        await RefusedAsync(PngHeader(0, 10), "screen.png", "Empty PNG", "no pixels");
    }

    [Fact]
    public async Task Upload_PngHeaderThatDoesNotDecode_Returns415()
    {
        var bytes = PngHeader(10, 10);
        bytes[^1] ^= 0xFF;
        await RefusedAsync(bytes, "screen.png", "Broken PNG", "does not decode");
    }

    [Fact]
    public async Task Upload_JpegThatDoesNotDecode_Returns415()
    {
        await RefusedAsync([0xFF, 0xD8, 0xFF, 0xE0, 0, 16, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 0xFF, 0xD9], "photo.jpg", "Broken JPEG", "does not decode");
    }

    [Theory]
    [InlineData(0u, 10u, "no pixels")]
    [InlineData(50_000u, 50_000u, "megapixels")]
    public async Task Upload_TiffWithInsaneDimensions_Returns415(uint width, uint height, string expected)
    {
        await RefusedAsync(Tiff(1, width, height), "scan.tif", $"Bad TIFF {width}", expected);
    }

    [Fact]
    public async Task Upload_TiffWithoutDimensions_Returns415()
    {
        await RefusedAsync([(byte)'I', (byte)'I', 42, 0, 8, 0, 0, 0, 0, 0], "scan.tif", "Headless TIFF", "does not decode");
    }

    [Fact]
    public async Task Upload_DocxZipBombOf300Megabytes_Returns415NamingTheSize()
    {
        var bomb = DocxOfZeros(300L * 1024 * 1024);
        Assert.True(bomb.Length < 2 * 1024 * 1024, $"the bomb should compress well, was {bomb.Length} bytes");

        var detail = await RefusedAsync(bomb, "duty.docx", "Zip Bomb", "300 MB");
        Assert.Contains("200 MB", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_DocxInflatingAThousandFold_Returns415NamingTheRatio()
    {
        await RefusedAsync(DocxOfZeros(20L * 1024 * 1024), "duty.docx", "Ratio Bomb", "-fold");
    }

    [Fact]
    public async Task Upload_DocxWithoutMainPart_Returns415()
    {
        await RefusedAsync(Office("word/styles.xml"), "duty.docx", "No Main Part", "word/document.xml is missing");
    }

    [Theory]
    [InlineData("<!DOCTYPE html><html><body>Queue</body></html>")]
    [InlineData("Notes\n<HTML><p>call center</p></HTML>")]
    [InlineData("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>")]
    [InlineData("<script>fetch('/api/claims')</script>")]
    public async Task Upload_HtmlOrSvgAsText_Returns415(string markup)
    {
        await RefusedAsync(Encoding.UTF8.GetBytes(markup), "codes.txt", "Markup " + markup.Length, "web markup");
    }

    [Fact]
    public async Task Upload_InvalidUtf8Text_Returns415()
    {
        await RefusedAsync([.. "Break codes: caf"u8, 0xC3, 0x28, .. " lunch\n"u8], "codes.txt", "Bad UTF-8", "is not a PDF");
    }

    [Fact]
    public async Task MemberUpload_PdfThatDoesNotParse_Returns415AndStoresNothing()
    {
        var (rep, claimId) = await ClaimAsync("Member Bad PDF");
        var link = JsonDocument.Parse(await (await rep.PostAsync($"/api/claims/{claimId}/member-link", null)).Content.ReadAsStringAsync()).RootElement;
        var token = link.GetProperty("url").GetString()!.Split('/')[^1];
        using var member = factory.CreateClient();
        var before = StoredFiles(factory);

        var response = await member.PostAsync($"/api/member/{token}/documents", Form(Pdf("whole")[..60], "duty.pdf"));

        await ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(0, await RowsAsync(factory, claimId));
        Assert.Equal(before, StoredFiles(factory));
    }

    [Fact]
    public async Task Upload_RealPdfPngJpegTiffDocx_AreAccepted()
    {
        var (rep, claimId) = await ClaimAsync("Real Files");
        foreach (var (bytes, name) in new[] { (Pdf("real"), "a.pdf"), (Png(7), "b.png"), (Jpeg(7), "c.jpg"), (Tiff(7), "d.tif"), (Docx(), "e.docx"), (DocxOfZeros(64 * 1024), "f.docx") })
        {
            var response = await UploadAsync(rep, claimId, bytes, name);
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}
