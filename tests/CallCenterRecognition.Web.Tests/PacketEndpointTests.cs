using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;
using static CallCenterRecognition.Web.Tests.Api;
using static CallCenterRecognition.Web.Tests.DocumentSupport;

namespace CallCenterRecognition.Web.Tests;

public sealed class PacketEndpointTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private async Task<(HttpClient Rep, JsonElement Claim)> ClaimInDocumentCollectionAsync(string unit)
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var rep = await factory.ClientForAsync(Rep1);
        var claim = await OpenAsync(mrc, NewClaim(unit));
        claim = await FireOkAsync(mrc, claim, "refer", new { representativeId = await factory.UserIdAsync(Rep1) });
        claim = await FireOkAsync(rep, claim, "accept");
        return (rep, claim);
    }

    private static byte[] RealPdf(string text)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        builder.AddPage(PageSize.Letter).AddText(text, 14, new PdfPoint(72, 700), font);
        return builder.Build();
    }

    private static string Squash(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    private static string AllText(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join("\n", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
    }

    private static async Task<byte[]> DownloadAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        return await response.Content.ReadAsByteArrayAsync();
    }

    [Fact]
    public async Task PacketPdf_Draft_IsAPdfNamingTheClaimAndEveryDocument()
    {
        var (rep, claim) = await ClaimInDocumentCollectionAsync("Packet Text Unit");
        var number = claim.GetProperty("number").GetString()!;
        await UploadAsync(rep, Id(claim), RealPdf("Duty statement of the Program Technician II"), "duty-statement-pt2.pdf", "duty-statements");
        await UploadAsync(rep, Id(claim), Eml(), "queue-coverage.eml", "emails");
        await UploadAsync(rep, Id(claim), Pdf("not really a pdf"), "broken-scan.pdf", "org-charts");

        var filesBefore = StoredFiles(factory);

        var pdf = await DownloadAsync(rep, $"/api/claims/{Id(claim)}/packet.pdf");

        Assert.Equal(filesBefore, StoredFiles(factory));
        Assert.Equal("%PDF-"u8.ToArray(), pdf[..5]);
        var text = Squash(AllText(pdf));
        Assert.Contains(number, text, StringComparison.Ordinal);
        foreach (var name in new[] { "duty-statement-pt2.pdf", "queue-coverage.eml", "broken-scan.pdf" })
        {
            Assert.Contains(name, text, StringComparison.Ordinal);
        }

        Assert.Contains(Squash("Duty statement of the Program Technician II"), text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PacketZip_HoldsThePacketAndEveryOriginal()
    {
        var (rep, claim) = await ClaimInDocumentCollectionAsync("Packet Zip Unit");
        var originals = new Dictionary<string, byte[]> { ["codes.txt"] = Text(), ["queue.eml"] = Eml(), ["duty.pdf"] = RealPdf("zip duty") };
        await UploadAsync(rep, Id(claim), originals["duty.pdf"], "duty.pdf", "duty-statements");
        await UploadAsync(rep, Id(claim), originals["codes.txt"], "codes.txt", "phone-codes");
        await UploadAsync(rep, Id(claim), originals["queue.eml"], "queue.eml", "emails");

        var zipBytes = await DownloadAsync(rep, $"/api/claims/{Id(claim)}/packet.zip");

        using var zip = new ZipArchive(new MemoryStream(zipBytes));
        Assert.Contains(zip.Entries, e => e.FullName == claim.GetProperty("number").GetString() + "-packet.pdf");
        foreach (var (name, bytes) in originals)
        {
            var entry = Assert.Single(zip.Entries, e => e.FullName.StartsWith("exhibits/", StringComparison.Ordinal) && e.FullName.EndsWith("-" + name, StringComparison.Ordinal));
            using var stream = entry.Open();
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            Assert.Equal(bytes, copy.ToArray());
        }
    }

    [Fact]
    public async Task FileGrievance_FreezesThePacket_SameBytesTwiceAndShaInJournal()
    {
        var (rep, claim) = await ClaimInDocumentCollectionAsync("Packet Freeze Unit");
        await UploadAsync(rep, Id(claim), RealPdf("frozen duty"), "duty.pdf", "duty-statements");
        await UploadAsync(rep, Id(claim), Png(5), "chart.png", "org-charts");
        await FireOkAsync(rep, claim, "file-grievance", new { filedOn = "2026-11-20" });

        var first = await DownloadAsync(rep, $"/api/claims/{Id(claim)}/packet.pdf");
        await UploadAsync(rep, Id(claim), Eml(), "late-evidence.eml", "emails");
        var second = await DownloadAsync(rep, $"/api/claims/{Id(claim)}/packet.pdf");
        var draft = await DownloadAsync(rep, $"/api/claims/{Id(claim)}/packet.pdf?draft=true");

        Assert.Equal(first, second);
        var journal = await GetAsync(rep, $"/api/claims/{Id(claim)}/journal");
        var filing = journal.EnumerateArray().Single(e => e.GetProperty("action").GetString() == "file-grievance");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(first)), filing.GetProperty("data").GetProperty("packetSha256").GetString());
        Assert.Equal("2026-11-20", filing.GetProperty("data").GetProperty("filedOn").GetString());
        Assert.True((await GetAsync(rep, $"/api/claims/{Id(claim)}/journal/verify")).GetProperty("valid").GetBoolean());
        Assert.DoesNotContain("late-evidence.eml", Squash(AllText(first)), StringComparison.Ordinal);
        Assert.Contains("late-evidence.eml", Squash(AllText(draft)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PacketBuild_InBackground_ReportsProgressUntilDoneAndServesThePdf()
    {
        var (rep, claim) = await ClaimInDocumentCollectionAsync("Packet Build Unit");
        await UploadAsync(rep, Id(claim), RealPdf("background duty"), "duty.pdf", "duty-statements");

        var started = await rep.PostAsync($"/api/claims/{Id(claim)}/packet/builds", null);

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var statusUrl = started.Headers.Location!.OriginalString;
        JsonElement status;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        do
        {
            await Task.Delay(200);
            status = await GetAsync(rep, statusUrl);
        }
        while (status.GetProperty("status").GetString() is "queued" or "running" && DateTime.UtcNow < deadline);

        Assert.Equal("done", status.GetProperty("status").GetString());
        Assert.Equal(100, status.GetProperty("percent").GetInt32());
        Assert.True(status.GetProperty("pageCount").GetInt32() >= 4);
        var pdf = await DownloadAsync(rep, status.GetProperty("downloadUrl").GetString()!);
        Assert.Equal(status.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(pdf)));
    }

    [Fact]
    public async Task Packet_ByOtherRepresentative_Returns403()
    {
        var (_, claim) = await ClaimInDocumentCollectionAsync("Packet Private Unit");
        var rep2 = await factory.ClientForAsync(Rep2);

        await ProblemAsync(await rep2.GetAsync($"/api/claims/{Id(claim)}/packet.pdf"), HttpStatusCode.Forbidden);
        await ProblemAsync(await rep2.GetAsync($"/api/claims/{Id(claim)}/packet.zip"), HttpStatusCode.Forbidden);
        await ProblemAsync(await rep2.PostAsync($"/api/claims/{Id(claim)}/packet/builds", null), HttpStatusCode.Forbidden);
    }
}
