using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using static CallCenterRecognition.Web.Tests.Api;
using static CallCenterRecognition.Web.Tests.DocumentSupport;

namespace CallCenterRecognition.Web.Tests.Pages;

// The claim page's document forms as a browser without script posts them.
public sealed partial class ClaimDocumentsPageTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private Task<HttpClient> CookieClientAsync(string email) => PageForms.SignedInClientAsync(factory, email);

    private static Task<string> TokenAsync(HttpClient client, string path) => PageForms.TokenAsync(client, path);

    private async Task<JsonElement> ClaimInDocumentCollectionAsync(string unit)
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var rep = await factory.ClientForAsync(Rep1);
        var claim = await OpenAsync(mrc, NewClaim(unit));
        claim = await FireOkAsync(mrc, claim, "refer", new { representativeId = await factory.UserIdAsync(Rep1) });
        return await FireOkAsync(rep, claim, "accept");
    }

    private static MultipartFormDataContent UploadForm(string token, byte[] content, string fileName, string category)
    {
        var form = Form(content, fileName, category);
        form.Add(new StringContent(token), "__RequestVerificationToken");
        return form;
    }

    [Fact]
    public async Task UploadForm_WithoutScript_RedirectsToTheClaimWhichListsTheFileEscaped()
    {
        var claim = await ClaimInDocumentCollectionAsync("Page Upload Unit");
        var page = await CookieClientAsync(Rep1);
        var token = await TokenAsync(page, $"/claims/{Id(claim)}");

        var response = await page.PostAsync($"/claims/{Id(claim)}/documents?handler=Upload", UploadForm(token, Text(), "A&B notes.txt", "phone-codes"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/claims/{Id(claim)}#documents", response.Headers.Location?.OriginalString);
        var html = await page.GetStringAsync($"/claims/{Id(claim)}");
        Assert.Contains("A&amp;B notes.txt", html, StringComparison.Ordinal);
        Assert.Contains("data-category=\"phone-codes\" data-covered=\"true\"", html, StringComparison.Ordinal);
        Assert.Contains("<script src=\"/js/uploads.js", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UploadForm_WithScriptHeader_AnswersJsonWithTheChecklist()
    {
        var claim = await ClaimInDocumentCollectionAsync("Page Xhr Unit");
        var page = await CookieClientAsync(Rep1);
        var token = await TokenAsync(page, $"/claims/{Id(claim)}");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/claims/{Id(claim)}/documents?handler=Upload") { Content = UploadForm(token, Pdf("xhr"), "duty.pdf", "duty-statements") };
        request.Headers.Add("X-Requested-With", "XMLHttpRequest");

        var response = await page.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(body.GetProperty("ok").GetBoolean());
        Assert.Equal(["org-charts"], body.GetProperty("documents").GetProperty("missingEssential").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task UploadForm_WrongTypeOrNoToken_IsRefusedAndNothingStored()
    {
        var claim = await ClaimInDocumentCollectionAsync("Page Refused Unit");
        var page = await CookieClientAsync(Rep1);
        var token = await TokenAsync(page, $"/claims/{Id(claim)}");
        var before = StoredFiles(factory);

        var wrongType = await page.PostAsync($"/claims/{Id(claim)}/documents?handler=Upload", UploadForm(token, Exe(), "duty.pdf", "duty-statements"));
        var noToken = await page.PostAsync($"/claims/{Id(claim)}/documents?handler=Upload", Form(Pdf("no token"), "duty.pdf"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
        Assert.Contains("Nothing was saved", await wrongType.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Equal(0, await RowsAsync(factory, Id(claim)));
        Assert.Equal(before, StoredFiles(factory));
    }

    [Fact]
    public async Task FilingForm_WithoutEvidence_AsksToConfirmThenFiles()
    {
        var claim = await ClaimInDocumentCollectionAsync("Page Filing Unit");
        var page = await CookieClientAsync(Rep1);
        var html = await page.GetStringAsync($"/claims/{Id(claim)}");
        Assert.Contains("id=\"missing-evidence\"", html, StringComparison.Ordinal);
        var token = AntiforgeryField().Match(html).Groups[1].Value;
        Dictionary<string, string> Fields(bool confirm)
        {
            var fields = new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["actionId"] = "file-grievance",
                ["expectedVersion"] = Version(claim).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["in.filedOn"] = "2026-11-20",
            };
            if (confirm)
            {
                fields["in.confirmMissingEvidence"] = "true";
            }

            return fields;
        }

        var unconfirmed = await page.PostAsync($"/claims/{Id(claim)}?handler=Fire", new FormUrlEncodedContent(Fields(confirm: false)));
        Assert.Equal(HttpStatusCode.OK, unconfirmed.StatusCode);
        Assert.Contains("Not done yet", await unconfirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("document-collection", Stage(await GetAsync(await factory.ClientForAsync(Rep1), $"/api/claims/{Id(claim)}")));

        // Confirmed, the form first shows the packet as it would be filed; filing needs a second post naming that preview.
        var previewed = await page.PostAsync($"/claims/{Id(claim)}?handler=Fire", new FormUrlEncodedContent(Fields(confirm: true)));
        Assert.Equal(HttpStatusCode.OK, previewed.StatusCode);
        var html2 = await previewed.Content.ReadAsStringAsync();
        Assert.Contains("The packet as it will be filed", html2, StringComparison.Ordinal);
        Assert.Equal("document-collection", Stage(await GetAsync(await factory.ClientForAsync(Rep1), $"/api/claims/{Id(claim)}")));

        var fields = Fields(confirm: true);
        fields[ClaimPreviewField] = PreviewFingerprint().Match(html2).Groups[1].Value;
        var filed = await page.PostAsync($"/claims/{Id(claim)}?handler=Fire", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, filed.StatusCode);
        Assert.Equal("calhr-review", Stage(await GetAsync(await factory.ClientForAsync(Rep1), $"/api/claims/{Id(claim)}")));
    }

    [Fact]
    public async Task FilingPreview_DocumentAddedAfterPreview_ShowsTheNewPacketAndFilesOnlyWhatWasPreviewed()
    {
        var claim = await ClaimInDocumentCollectionAsync("Page Preview Unit");
        var rep = await factory.ClientForAsync(Rep1);
        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(rep, Id(claim), Pdf("first duty statement"), "duty.pdf")).StatusCode);
        var page = await CookieClientAsync(Rep1);
        var token = AntiforgeryField().Match(await page.GetStringAsync($"/claims/{Id(claim)}")).Groups[1].Value;
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["actionId"] = "file-grievance",
            ["expectedVersion"] = Version(claim).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["in.filedOn"] = "2026-11-20",
            ["in.confirmMissingEvidence"] = "true",
        };

        var first = await (await page.PostAsync($"/claims/{Id(claim)}?handler=Fire", new FormUrlEncodedContent(fields))).Content.ReadAsStringAsync();
        Assert.Contains("duty.pdf", first, StringComparison.Ordinal);
        var firstFingerprint = PreviewFingerprint().Match(first).Groups[1].Value;
        var firstBuild = PreviewImage().Match(first).Groups[1].Value;
        Assert.NotEmpty(firstBuild);

        // The preview's page pictures: PNGs for this claim's staff, nothing for another representative.
        var image = await page.GetAsync($"/claims/{Id(claim)}?handler=PreviewPage&build={firstBuild}&pageNumber=1");
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], (await image.Content.ReadAsByteArrayAsync())[..4]);
        Assert.Equal(HttpStatusCode.NotFound, (await page.GetAsync($"/claims/{Id(claim)}?handler=PreviewPage&build={firstBuild}&pageNumber=0")).StatusCode);
        var other = await CookieClientAsync(Rep2);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/claims/{Id(claim)}?handler=PreviewPage&build={firstBuild}&pageNumber=1")).StatusCode);

        // A document arrives after the preview: the old preview does not file; the new one is shown instead.
        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(rep, Id(claim), Pdf("late org chart"), "org-chart.pdf", "org-charts")).StatusCode);
        fields[ClaimPreviewField] = firstFingerprint;
        var second = await page.PostAsync($"/claims/{Id(claim)}?handler=Fire", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var secondHtml = await second.Content.ReadAsStringAsync();
        Assert.Contains("The packet changed since your preview", secondHtml, StringComparison.Ordinal);
        Assert.Contains("org-chart.pdf", secondHtml, StringComparison.Ordinal);
        Assert.Equal("document-collection", Stage(await GetAsync(rep, $"/api/claims/{Id(claim)}")));

        fields[ClaimPreviewField] = PreviewFingerprint().Match(secondHtml).Groups[1].Value;
        var secondBuild = PreviewImage().Match(secondHtml).Groups[1].Value;
        Assert.Equal(HttpStatusCode.Redirect, (await page.PostAsync($"/claims/{Id(claim)}?handler=Fire", new FormUrlEncodedContent(fields))).StatusCode);
        Assert.Equal("calhr-review", Stage(await GetAsync(rep, $"/api/claims/{Id(claim)}")));

        // What was filed reads page for page as what was previewed (only the PDF's own timestamps may differ).
        var previewedPdf = await rep.GetByteArrayAsync($"/api/claims/{Id(claim)}/packet/builds/{secondBuild}/content");
        var filedPdf = await rep.GetByteArrayAsync($"/api/claims/{Id(claim)}/packet.pdf");
        Assert.Equal(PageTexts(previewedPdf), PageTexts(filedPdf));
        Assert.Contains(PageTexts(filedPdf), t => t.Contains("late org chart", StringComparison.Ordinal));
    }

    private const string ClaimPreviewField = "previewFingerprint";

    private static string[] PageTexts(byte[] pdf)
    {
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        return [.. document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text)))];
    }

    [GeneratedRegex("name=\"previewFingerprint\" value=\"([0-9a-f]{64})\"")]
    private static partial Regex PreviewFingerprint();

    [GeneratedRegex("handler=PreviewPage&amp;build=([0-9a-f-]{36})&amp;pageNumber=1")]
    private static partial Regex PreviewImage();

    [Fact]
    public async Task DeleteForm_BeforeFiling_RemovesTheDocument()
    {
        var claim = await ClaimInDocumentCollectionAsync("Page Delete Unit");
        var rep = await factory.ClientForAsync(Rep1);
        var created = JsonDocument.Parse(await (await UploadAsync(rep, Id(claim), Pdf("page delete"), "wrong.pdf")).Content.ReadAsStringAsync()).RootElement;
        var page = await CookieClientAsync(Rep1);
        var token = await TokenAsync(page, $"/claims/{Id(claim)}");

        var response = await page.PostAsync($"/claims/{Id(claim)}/documents?handler=Delete", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["documentId"] = created.GetProperty("id").GetString()!,
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(0, (await GetAsync(rep, $"/api/claims/{Id(claim)}/documents")).GetProperty("items").GetArrayLength());
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
