using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using UglyToad.PdfPig;
using static CallCenterRecognition.Web.Tests.Api;
using static CallCenterRecognition.Web.Tests.DocumentSupport;

namespace CallCenterRecognition.Web.Tests;

public sealed class DocumentTextTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private const string DutyStatement =
        "DUTY STATEMENT - Program Technician II, Unemployment Insurance Call Center\n" +
        "60% Answers incoming calls from claimants through the ACD queue and resolves their questions.\n" +
        "25% Researches claim status and explains eligibility requirements to callers.\n" +
        "15% Performs other job-related duties as required.";

    private async Task<(HttpClient Mrc, HttpClient Rep, JsonElement Claim)> ClaimWithRepAsync(string unit, string rep = Rep1)
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var representative = await factory.ClientForAsync(rep);
        var claim = await OpenAsync(mrc, NewClaim(unit));
        claim = await FireOkAsync(mrc, claim, "refer", new { representativeId = await factory.UserIdAsync(rep) });
        claim = await FireOkAsync(representative, claim, "accept");
        return (mrc, representative, claim);
    }

    // The text is read in the background after the upload; a test waits for it the way the claim page does, by reading again.
    private static async Task<JsonElement> ReadDocumentAsync(HttpClient client, string claimId, string documentId)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var document = await GetAsync(client, $"/api/claims/{claimId}/documents/{documentId}");
            if (document.GetProperty("text").GetProperty("status").GetString() != "pending")
            {
                return document;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"document {documentId} was not read within a minute");
    }

    private static async Task<string> UploadedIdAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task Search_SentenceOnPageThreeOfUploadedPdf_FindsItOnPageThree()
    {
        var (_, rep, claim) = await ClaimWithRepAsync("Search Three Pages");
        var pdf = PdfPages("Cover memo for the unit.", "Organization of the section.", "Staff log in to the Genesys softphone before the morning queue opens.");
        var documentId = await UploadedIdAsync(await UploadAsync(rep, Id(claim), pdf, "memo.pdf", "emails"));
        var document = await ReadDocumentAsync(rep, Id(claim), documentId);
        Assert.Equal("done", document.GetProperty("text").GetProperty("status").GetString());
        Assert.Equal(3, document.GetProperty("text").GetProperty("pages").GetInt32());

        var results = await GetAsync(rep, "/api/search?q=" + Uri.EscapeDataString("genesys softphone"));

        var hit = Assert.Single(results.GetProperty("items").EnumerateArray(), i => i.GetProperty("documentId").GetString() == documentId);
        Assert.Equal(3, hit.GetProperty("page").GetInt32());
        Assert.Equal(Id(claim), hit.GetProperty("claimId").GetString());
        Assert.Equal(claim.GetProperty("number").GetString(), hit.GetProperty("claimNumber").GetString());
        Assert.Equal("memo.pdf", hit.GetProperty("fileName").GetString());
        Assert.Contains("<mark>Genesys</mark>", hit.GetProperty("snippet").GetString(), StringComparison.OrdinalIgnoreCase);

        var text = await GetAsync(rep, $"/api/claims/{Id(claim)}/documents/{documentId}/text");
        var pages = text.GetProperty("pages").EnumerateArray().ToList();
        Assert.Equal([1, 2, 3], pages.Select(p => p.GetProperty("page").GetInt32()));
        Assert.Contains("Genesys softphone", pages[2].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Search_AnotherRepresentativesClaim_NeverFound()
    {
        var (_, rep1, claim) = await ClaimWithRepAsync("Search Private Unit", Rep1);
        var documentId = await UploadedIdAsync(await UploadAsync(rep1, Id(claim), PdfPages("The Zephyrine escalation desk answers every transferred call."), "desk.pdf", "other"));
        await ReadDocumentAsync(rep1, Id(claim), documentId);
        var rep2 = await factory.ClientForAsync(Rep2);
        var ccwg = await factory.ClientForAsync(Ccwg);

        var asRep2 = await GetAsync(rep2, "/api/search?q=zephyrine");
        var asRep2InClaim = await GetAsync(rep2, $"/api/search?q=zephyrine&claimId={Id(claim)}");
        var asRep1 = await GetAsync(rep1, "/api/search?q=zephyrine");
        var asCcwg = await GetAsync(ccwg, "/api/search?q=zephyrine");

        Assert.Empty(asRep2.GetProperty("items").EnumerateArray());
        Assert.Empty(asRep2InClaim.GetProperty("items").EnumerateArray());
        Assert.Single(asRep1.GetProperty("items").EnumerateArray());
        Assert.Single(asCcwg.GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.Forbidden, (await rep2.GetAsync($"/api/claims/{Id(claim)}/documents/{documentId}/text")).StatusCode);
        var page = await (await rep2.GetAsync("/search?q=zephyrine")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("desk.pdf", page);
    }

    [Fact]
    public async Task Search_QueryWithSyntaxAndMarkup_IsEscapedNotInterpreted()
    {
        var (_, rep, claim) = await ClaimWithRepAsync("Search Hostile Query");
        var documentId = await UploadedIdAsync(await UploadAsync(rep, Id(claim), PdfPages("Callers reach the <b>Quokka</b> line after hours."), "after-hours.pdf", "other"));
        await ReadDocumentAsync(rep, Id(claim), documentId);

        var hostile = await GetAsync(rep, "/api/search?q=" + Uri.EscapeDataString("\"quokka\" -( *: ^"));
        var empty = await rep.GetAsync("/api/search?q=");

        var hit = Assert.Single(hostile.GetProperty("items").EnumerateArray());
        // SQLite keeps the document's markup as text (escaped); PostgreSQL's headline drops tags. Neither passes it through.
        var snippet = hit.GetProperty("snippet").GetString()!;
        Assert.Contains("<mark>Quokka</mark>", snippet, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", snippet, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("q", ErrorFields(await ProblemAsync(empty, HttpStatusCode.BadRequest)));
    }

    [Fact]
    public async Task ReadText_DutyStatementPdf_SuggestsCategoryAndFindsHighlights()
    {
        var (_, rep, claim) = await ClaimWithRepAsync("Read Duty Statement");
        var documentId = await UploadedIdAsync(await UploadAsync(rep, Id(claim), PdfPages(DutyStatement), "scan0001.pdf", "suggest"));

        var document = await ReadDocumentAsync(rep, Id(claim), documentId);

        Assert.Equal("duty-statements", document.GetProperty("suggestedCategory").GetString());
        Assert.Equal("duty-statements", document.GetProperty("category").GetString());
        Assert.False(document.GetProperty("categoryConfirmed").GetBoolean());
        Assert.InRange(document.GetProperty("confidence").GetDouble(), 0.0, 1.0);
        var highlights = document.GetProperty("highlights").EnumerateArray().ToList();
        Assert.Contains(highlights, h => h.GetProperty("kind").GetString() == "phone-system" && h.GetProperty("quote").GetString()!.Contains("ACD queue", StringComparison.Ordinal) && h.GetProperty("page").GetInt32() == 1);
        var journal = await GetAsync(rep, $"/api/claims/{Id(claim)}/journal");
        Assert.Contains(journal.EnumerateArray(), e => e.GetProperty("action").GetString() == "document-categorized");

        var confirmed = await rep.PatchAsJsonAsync($"/api/claims/{Id(claim)}/documents/{documentId}", new { category = "duty-statements" });
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.True((await confirmed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("categoryConfirmed").GetBoolean());
        var verify = await GetAsync(rep, $"/api/claims/{Id(claim)}/journal/verify");
        Assert.True(verify.GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task QuoteHighlight_IntoStatement_PacketCitesExhibitAndBatesPage()
    {
        var (_, rep, claim) = await ClaimWithRepAsync("Quote Highlight");
        await UploadAsync(rep, Id(claim), PdfPages("Org chart: Call Center Section"), "org.pdf", "org-charts");
        var documentId = await UploadedIdAsync(await UploadAsync(rep, Id(claim), PdfPages("Intro page.", DutyStatement), "duty.pdf", "duty-statements"));
        var document = await ReadDocumentAsync(rep, Id(claim), documentId);
        var highlights = document.GetProperty("highlights").EnumerateArray().ToList();
        var index = highlights.FindIndex(h => h.GetProperty("quote").GetString()!.Contains("ACD queue", StringComparison.Ordinal));
        Assert.True(index >= 0, "the ACD sentence is a highlight");
        Assert.Equal(2, highlights[index].GetProperty("page").GetInt32());
        claim = await GetAsync(rep, $"/api/claims/{Id(claim)}");

        var quoted = await rep.PostAsJsonAsync($"/api/claims/{Id(claim)}/statement/quotes", new { documentId, highlight = index, expectedVersion = Version(claim) });
        var stale = await rep.PostAsJsonAsync($"/api/claims/{Id(claim)}/statement/quotes", new { documentId, highlight = index, expectedVersion = Version(claim) });

        Assert.Equal(HttpStatusCode.OK, quoted.StatusCode);
        var facts = (await quoted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("statement").GetProperty("facts").GetString()!;
        Assert.Contains("ACD queue", facts);
        Assert.Contains($"[cite:{documentId.Replace("-", "")[..8]} p2]", facts);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);

        // Duty statements come before org charts in the packet, so the duty statement is exhibit A.
        var number = claim.GetProperty("number").GetString()!;
        var response = await rep.GetAsync($"/api/claims/{Id(claim)}/packet.pdf");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var pdf = PdfDocument.Open(await response.Content.ReadAsByteArrayAsync());
        var text = string.Join(" ", pdf.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
        Assert.Contains($"(Exhibit A, p. 2, {number}-A-0002)", text);
        Assert.DoesNotContain("[cite:", text);
    }

    [Fact]
    public async Task MemberUpload_NotSure_FiledUnderWhatItsTextSuggestsAndShownToTheMember()
    {
        var (mrc, _, claim) = await ClaimWithRepAsync("Member Not Sure");
        var link = await mrc.PostAsync($"/api/claims/{Id(claim)}/member-link", null);
        var url = (await link.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
        var token = url[(url.LastIndexOf("/member/", StringComparison.Ordinal) + "/member/".Length)..];
        using var member = factory.CreateClient();

        var upload = await member.PostAsync($"/api/member/{token}/documents", Form(PdfPages(DutyStatement), "IMG_2041.pdf", "suggest"));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        JsonElement sent = default;
        for (var attempt = 0; attempt < 300; attempt++)
        {
            sent = (await member.GetFromJsonAsync<JsonElement>($"/api/member/{token}")).GetProperty("sent")[0];
            if (sent.GetProperty("filedAs").GetString()!.Contains("Duty statements", StringComparison.Ordinal))
            {
                break;
            }

            await Task.Delay(200);
        }

        Assert.Equal("IMG_2041.pdf", sent.GetProperty("fileName").GetString());
        Assert.Equal("Filed as: Duty statements", sent.GetProperty("filedAs").GetString());
        Assert.Equal("Your representative will check it.", sent.GetProperty("note").GetString());
        var page = await (await member.GetAsync($"/member/{token}")).Content.ReadAsStringAsync();
        Assert.Contains("What you sent", page);
        Assert.Contains("IMG_2041.pdf", page);
    }

    [Fact]
    public async Task Upload_SuggestWithoutFile_RefusedAndUnknownCategoryNamesSuggest()
    {
        var (_, rep, claim) = await ClaimWithRepAsync("Suggest Refusals");

        var unknown = await UploadAsync(rep, Id(claim), Pdf(), "a.pdf", "guess");
        var problem = await ProblemAsync(unknown, HttpStatusCode.BadRequest);

        Assert.Contains("suggest", problem.GetProperty("errors").GetProperty("category")[0].GetString());
    }
}

public sealed class DocumentTextWithoutOcrTests : IDisposable
{
    private readonly AppFactory factory = new();

    public DocumentTextWithoutOcrTests() => factory.Settings["DocumentText:Ocr:Tesseract"] = "/nonexistent/tesseract";

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task ReadText_ImageWithoutOcr_UnavailableAndReadinessSaysSo()
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var claim = await OpenAsync(mrc, NewClaim("No OCR Unit"));
        var upload = await UploadAsync(mrc, Id(claim), Png(), "photo.png", "org-charts");
        var documentId = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        JsonElement document = default;
        for (var attempt = 0; attempt < 300; attempt++)
        {
            document = await GetAsync(mrc, $"/api/claims/{Id(claim)}/documents/{documentId}");
            if (document.GetProperty("text").GetProperty("status").GetString() != "pending")
            {
                break;
            }

            await Task.Delay(200);
        }

        var ready = await factory.CreateClient().GetAsync("/health/ready");
        using var report = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        var page = await PageForms.GetPageAsync(factory, Mrc, $"/claims/{Id(claim)}");

        Assert.Equal("unavailable", document.GetProperty("text").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var ocr = report.RootElement.GetProperty("checks").GetProperty("ocr");
        Assert.Equal("Degraded", ocr.GetProperty("status").GetString());
        Assert.Contains("not installed", ocr.GetProperty("description").GetString());
        Assert.Contains("OCR is not installed on this server", page);
    }
}
