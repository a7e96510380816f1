using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;
using static CallCenterRecognition.Web.Tests.Api;
using static CallCenterRecognition.Web.Tests.DocumentSupport;

namespace CallCenterRecognition.Web.Tests;

// The statement the representative writes (facts, date of occurrence, differential date) and the documents' one-line
// descriptions, from the API and the claim page into the draft packet, and locked once the grievance is filed.
public sealed class PacketStatementTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private static readonly string Yesterday = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static readonly string Tomorrow = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(2)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Unique(string text) => $"{text} {Guid.NewGuid().ToString("N")[..8]}";

    private async Task<(HttpClient Rep, JsonElement Claim)> ClaimInDocumentCollectionAsync(string unit)
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var rep = await factory.ClientForAsync(Rep1);
        var claim = await OpenAsync(mrc, NewClaim(Unique(unit)));
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

    private static MultipartFormDataContent Upload(byte[] content, string fileName, string category, string? description)
    {
        var form = Form(content, fileName, category);
        if (description is not null)
        {
            form.Add(new StringContent(description), "description");
        }

        return form;
    }

    private static async Task<JsonElement> CreatedAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static string Squash(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    private static async Task<string> DraftTextAsync(HttpClient client, JsonElement claim)
    {
        var response = await client.GetAsync($"/api/claims/{Id(claim)}/packet.pdf?draft=true");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = PdfDocument.Open(await response.Content.ReadAsByteArrayAsync());
        return Squash(string.Join("\n", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text)))));
    }

    private static Task<HttpResponseMessage> PutStatementAsync(HttpClient client, JsonElement claim, object body) =>
        client.PutAsJsonAsync($"/api/claims/{Id(claim)}/statement", body);

    private static async Task<JsonElement> PutStatementOkAsync(HttpClient client, JsonElement claim, object body)
    {
        var response = await PutStatementAsync(client, claim, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static Task<HttpResponseMessage> DescribeAsync(HttpClient client, JsonElement claim, string documentId, string? description) =>
        client.PatchAsJsonAsync($"/api/claims/{Id(claim)}/documents/{documentId}", new { description });

    private static async Task<JsonElement[]> JournalAsync(HttpClient client, JsonElement claim) =>
        [.. (await GetAsync(client, $"/api/claims/{Id(claim)}/journal")).EnumerateArray()];

    private static async Task<JsonElement> FiledAsync(HttpClient rep, JsonElement claim) =>
        await FireOkAsync(rep, await GetAsync(rep, $"/api/claims/{Id(claim)}"), "file-grievance", new { filedOn = Yesterday, confirmMissingEvidence = true });

    [Fact]
    public async Task Upload_WithDescriptionFromStaffAndMember_ShownInDocumentsJournalAndDraftPacket()
    {
        var (rep, claim) = await ClaimInDocumentCollectionAsync("Description Upload Unit");
        var staff = await CreatedAsync(await rep.PostAsync($"/api/claims/{Id(claim)}/documents", Upload(RealPdf("duty statement text"), "duty.pdf", "duty-statements", "  Duty statement, Program Technician II, 2024, shows 80% phone work  ")));
        var link = await CreatedAsync(await rep.PostAsync($"/api/claims/{Id(claim)}/member-link", null));
        var url = link.GetProperty("url").GetString()!;
        using var member = factory.CreateClient();
        var fromMember = await CreatedAsync(await member.PostAsync($"/api/member/{url[(url.LastIndexOf('/') + 1)..]}/documents", Upload(Png(7), "chart.png", "org-charts", "Org chart of the unit, March 2025")));

        Assert.Equal("Duty statement, Program Technician II, 2024, shows 80% phone work", staff.GetProperty("description").GetString());
        Assert.Equal("Org chart of the unit, March 2025", fromMember.GetProperty("description").GetString());
        var listed = (await GetAsync(rep, $"/api/claims/{Id(claim)}/documents")).GetProperty("items").EnumerateArray().ToDictionary(d => d.GetProperty("fileName").GetString()!, d => d.GetProperty("description").GetString());
        Assert.Equal("Duty statement, Program Technician II, 2024, shows 80% phone work", listed["duty.pdf"]);
        Assert.Equal("Org chart of the unit, March 2025", listed["chart.png"]);
        var uploads = (await JournalAsync(rep, claim)).Where(e => e.GetProperty("action").GetString() == "document-uploaded").Select(e => e.GetProperty("data").GetProperty("description").GetString()).ToList();
        Assert.Equal(["Duty statement, Program Technician II, 2024, shows 80% phone work", "Org chart of the unit, March 2025"], uploads);
        var text = await DraftTextAsync(rep, claim);
        Assert.Contains(Squash("shows 80% phone work"), text, StringComparison.Ordinal);
        Assert.Contains(Squash("Org chart of the unit, March 2025"), text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_DescriptionTooLongOrMultiline_Returns400NamingDescriptionAndStoresNothing()
    {
        var (rep, claim) = await ClaimInDocumentCollectionAsync("Description Upload Bad Unit");

        var tooLong = await ProblemAsync(await rep.PostAsync($"/api/claims/{Id(claim)}/documents", Upload(Text(), "codes.txt", "phone-codes", new string('x', 201))), HttpStatusCode.BadRequest);
        var twoLines = await ProblemAsync(await rep.PostAsync($"/api/claims/{Id(claim)}/documents", Upload(Text(), "codes.txt", "phone-codes", "line one\nline two")), HttpStatusCode.BadRequest);

        Assert.Equal(["description"], ErrorFields(tooLong));
        Assert.Equal(["description"], ErrorFields(twoLines));
        Assert.Equal(0, await RowsAsync(factory, Id(claim)));
    }

    [Fact]
    public async Task Describe_Patch_ChangesItJournalsOldAndNewAndThePacketPrintsIt()
    {
        var (rep, claim) = await ClaimInDocumentCollectionAsync("Describe Unit");
        var document = await CreatedAsync(await rep.PostAsync($"/api/claims/{Id(claim)}/documents", Upload(Eml(), "queue.eml", "emails", "First words")));
        var documentId = document.GetProperty("id").GetString()!;
        var version = Version(await GetAsync(rep, $"/api/claims/{Id(claim)}"));

        var response = await DescribeAsync(rep, claim, documentId, "  Supervisor's e-mail assigning the unit to the ACD queue ");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Supervisor's e-mail assigning the unit to the ACD queue", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("description").GetString());
        Assert.Equal("Supervisor's e-mail assigning the unit to the ACD queue", (await GetAsync(rep, $"/api/claims/{Id(claim)}/documents/{documentId}")).GetProperty("description").GetString());
        var entry = (await JournalAsync(rep, claim)).Last();
        Assert.Equal("document-described", entry.GetProperty("action").GetString());
        Assert.Equal("queue.eml", entry.GetProperty("data").GetProperty("fileName").GetString());
        Assert.Equal("First words", entry.GetProperty("data").GetProperty("description").GetProperty("old").GetString());
        Assert.Equal("Supervisor's e-mail assigning the unit to the ACD queue", entry.GetProperty("data").GetProperty("description").GetProperty("new").GetString());
        Assert.True((await GetAsync(rep, $"/api/claims/{Id(claim)}/journal/verify")).GetProperty("valid").GetBoolean());
        Assert.Equal(version, Version(await GetAsync(rep, $"/api/claims/{Id(claim)}")));
        var text = await DraftTextAsync(rep, claim);
        // Table cells wrap line by line across columns, so only the description's first line is read back whole.
        Assert.Contains("Supervisor'se-mailassigning", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Firstwords", text, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await DescribeAsync(rep, claim, documentId, "")).StatusCode);
        Assert.Equal(JsonValueKind.Null, (await GetAsync(rep, $"/api/claims/{Id(claim)}/documents/{documentId}")).GetProperty("description").ValueKind);
    }

    [Fact]
    public async Task Describe_BadValuesUnknownDocumentOrOtherRepresentative_RefusedAndNothingChanges()
    {
        var (rep, claim) = await ClaimInDocumentCollectionAsync("Describe Refused Unit");
        var documentId = (await CreatedAsync(await rep.PostAsync($"/api/claims/{Id(claim)}/documents", Upload(Text(), "codes.txt", "phone-codes", "Break codes")))).GetProperty("id").GetString()!;
        var journal = (await JournalAsync(rep, claim)).Length;

        Assert.Equal(["description"], ErrorFields(await ProblemAsync(await DescribeAsync(rep, claim, documentId, new string('y', 201)), HttpStatusCode.BadRequest)));
        Assert.Equal(["description"], ErrorFields(await ProblemAsync(await DescribeAsync(rep, claim, documentId, "tab\there"), HttpStatusCode.BadRequest)));
        Assert.Equal(["description"], ErrorFields(await ProblemAsync(await rep.PatchAsJsonAsync($"/api/claims/{Id(claim)}/documents/{documentId}", new { }), HttpStatusCode.BadRequest)));
        await ProblemAsync(await DescribeAsync(rep, claim, Guid.NewGuid().ToString(), "Nothing"), HttpStatusCode.NotFound);
        await ProblemAsync(await DescribeAsync(await factory.ClientForAsync(Rep2), claim, documentId, "Not mine"), HttpStatusCode.Forbidden);

        Assert.Equal("Break codes", (await GetAsync(rep, $"/api/claims/{Id(claim)}/documents/{documentId}")).GetProperty("description").GetString());
        Assert.Equal(journal, (await JournalAsync(rep, claim)).Length);
    }

    [Fact]
    public async Task DescribeAndStatement_AfterFiling_Return409AndTheFiledPacketKeepsWhatWasFiled()
    {
        var (rep, claim) = await ClaimInDocumentCollectionAsync("Filed Statement Unit");
        var documentId = (await CreatedAsync(await rep.PostAsync($"/api/claims/{Id(claim)}/documents", Upload(RealPdf("filed duty"), "duty.pdf", "duty-statements", "Filed description")))).GetProperty("id").GetString()!;
        var written = await PutStatementOkAsync(rep, claim, new { expectedVersion = Version(claim), facts = "Facts as filed.", occurredOn = "2025-01-15" });
        var filed = await FiledAsync(rep, written);
        var journal = (await JournalAsync(rep, claim)).Length;

        await ProblemAsync(await DescribeAsync(rep, claim, documentId, "Changed after filing"), HttpStatusCode.Conflict);
        await ProblemAsync(await PutStatementAsync(rep, claim, new { expectedVersion = Version(filed), facts = "Facts changed after filing." }), HttpStatusCode.Conflict);

        Assert.Equal("Filed description", (await GetAsync(rep, $"/api/claims/{Id(claim)}/documents/{documentId}")).GetProperty("description").GetString());
        var statement = (await GetAsync(rep, $"/api/claims/{Id(claim)}")).GetProperty("statement");
        Assert.Equal("Facts as filed.", statement.GetProperty("facts").GetString());
        Assert.Equal(journal, (await JournalAsync(rep, claim)).Length);
        var response = await rep.GetAsync($"/api/claims/{Id(claim)}/packet.pdf");
        using var packet = PdfDocument.Open(await response.Content.ReadAsByteArrayAsync());
        var text = Squash(string.Join(" ", packet.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text)));
        Assert.Contains("Factsasfiled.", text, StringComparison.Ordinal);
        Assert.Contains("Fileddescription", text, StringComparison.Ordinal);
        Assert.Contains("January15,2025", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Statement_Put_FactsAndDatesReachTheDraftPacketAndTheClaimView()
    {
        var (rep, claim) = await ClaimInDocumentCollectionAsync("Statement Packet Unit");
        var before = await GetAsync(rep, $"/api/claims/{Id(claim)}");
        Assert.True(before.GetProperty("statement").GetProperty("usesDescription").GetBoolean());
        Assert.Equal(before.GetProperty("description").GetString(), before.GetProperty("statement").GetProperty("facts").GetString());
        Assert.Contains("Continuingviolation", await DraftTextAsync(rep, claim), StringComparison.Ordinal);

        var written = await PutStatementOkAsync(rep, claim, new
        {
            expectedVersion = Version(claim),
            facts = "Since March 2024 the unit answers the UI claimant line eight hours a day.",
            occurredOn = "2025-02-03",
            differentialFrom = "2024-03-04",
        });

        Assert.Equal(Version(claim) + 1, Version(written));
        var statement = written.GetProperty("statement");
        Assert.False(statement.GetProperty("usesDescription").GetBoolean());
        Assert.Equal("2025-02-03", statement.GetProperty("occurredOn").GetString());
        Assert.Equal("2024-03-04", statement.GetProperty("differentialFrom").GetString());
        var text = await DraftTextAsync(rep, claim);
        Assert.Contains(Squash("Since March 2024 the unit answers the UI claimant line eight hours a day."), text, StringComparison.Ordinal);
        Assert.DoesNotContain(Squash("Answers public calls through an ACD queue all day."), text, StringComparison.Ordinal);
        Assert.Contains("February3,2025", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Continuingviolation", text, StringComparison.Ordinal);
        Assert.Contains("retroactivetoMarch4,2024", text, StringComparison.Ordinal);

        var continuing = await PutStatementOkAsync(rep, written, new { expectedVersion = Version(written), facts = "Since March 2024 the unit answers the UI claimant line eight hours a day.", occurredOn = (string?)null });
        Assert.Equal(JsonValueKind.Null, continuing.GetProperty("statement").GetProperty("occurredOn").ValueKind);
        Assert.Equal(JsonValueKind.Null, continuing.GetProperty("statement").GetProperty("differentialFrom").ValueKind);
        text = await DraftTextAsync(rep, claim);
        Assert.Contains("Continuingviolation", text, StringComparison.Ordinal);
        Assert.DoesNotContain("retroactivetoMarch4,2024", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Statement_Put_JournalsTheChangedFieldsWithOldAndNewAndSameAgainChangesNothing()
    {
        var (rep, claim) = await ClaimInDocumentCollectionAsync("Statement Journal Unit");
        var first = await PutStatementOkAsync(rep, claim, new { expectedVersion = Version(claim), facts = "Written facts.", occurredOn = "2025-05-01" });
        var journal = (await JournalAsync(rep, claim)).Length;

        var second = await PutStatementOkAsync(rep, first, new { expectedVersion = Version(first), facts = "Written facts.", occurredOn = "2025-06-02", differentialFrom = "2023-01-09" });

        var entry = Assert.Single((await JournalAsync(rep, claim)).Skip(journal));
        Assert.Equal("statement-edited", entry.GetProperty("action").GetString());
        var data = entry.GetProperty("data");
        Assert.Equal(["differentialFrom", "occurredOn"], data.GetProperty("changed").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal("2025-05-01", data.GetProperty("occurredOn").GetProperty("old").GetString());
        Assert.Equal("2025-06-02", data.GetProperty("occurredOn").GetProperty("new").GetString());
        Assert.Equal(JsonValueKind.Null, data.GetProperty("differentialFrom").GetProperty("old").ValueKind);
        Assert.Equal("2023-01-09", data.GetProperty("differentialFrom").GetProperty("new").GetString());
        Assert.False(data.TryGetProperty("facts", out _));
        var firstEntry = (await JournalAsync(rep, claim))[journal - 1];
        Assert.Equal("Answers public calls through an ACD queue all day.", firstEntry.GetProperty("data").GetProperty("facts").GetProperty("old").GetString());
        Assert.Equal("Written facts.", firstEntry.GetProperty("data").GetProperty("facts").GetProperty("new").GetString());
        Assert.True((await GetAsync(rep, $"/api/claims/{Id(claim)}/journal/verify")).GetProperty("valid").GetBoolean());

        var same = await PutStatementOkAsync(rep, second, new { expectedVersion = Version(second), facts = " Written facts. ", occurredOn = "2025-06-02", differentialFrom = "2023-01-09" });
        Assert.Equal(Version(second), Version(same));
        Assert.Equal(journal + 1, (await JournalAsync(rep, claim)).Length);
    }

    [Fact]
    public async Task Statement_FactsSameAsTheDescription_KeepsFollowingTheDescription()
    {
        var (rep, claim) = await ClaimInDocumentCollectionAsync("Statement Description Unit");
        var written = await PutStatementOkAsync(rep, claim, new { expectedVersion = Version(claim), facts = "Answers public calls through an ACD queue all day.", occurredOn = "2025-05-01" });
        Assert.True(written.GetProperty("statement").GetProperty("usesDescription").GetBoolean());

        var corrected = await rep.PatchAsJsonAsync($"/api/claims/{Id(claim)}", new { expectedVersion = Version(written), description = "Answers employer calls through an ACD queue." });

        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        Assert.Contains(Squash("Answers employer calls through an ACD queue."), await DraftTextAsync(rep, claim), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Statement_StaleVersion_Returns412AndChangesNothing()
    {
        var (rep, claim) = await ClaimInDocumentCollectionAsync("Statement Stale Unit");
        var current = await PutStatementOkAsync(rep, claim, new { expectedVersion = Version(claim), facts = "First." });

        var problem = await ProblemAsync(await PutStatementAsync(rep, claim, new { expectedVersion = Version(claim), facts = "Second." }), HttpStatusCode.PreconditionFailed);

        Assert.Equal(Version(current), problem.GetProperty("currentVersion").GetInt32());
        Assert.Equal("First.", (await GetAsync(rep, $"/api/claims/{Id(claim)}")).GetProperty("statement").GetProperty("facts").GetString());
    }

    [Fact]
    public async Task Statement_AnotherRepresentative_Returns403AndCcwgMayWriteIt()
    {
        var (rep, claim) = await ClaimInDocumentCollectionAsync("Statement Role Unit");

        await ProblemAsync(await PutStatementAsync(await factory.ClientForAsync(Rep2), claim, new { expectedVersion = Version(claim), facts = "Not mine." }), HttpStatusCode.Forbidden);
        var byCcwg = await PutStatementOkAsync(await factory.ClientForAsync(Ccwg), claim, new { expectedVersion = Version(claim), facts = "Written by the CCWG." });

        Assert.Equal("Written by the CCWG.", byCcwg.GetProperty("statement").GetProperty("facts").GetString());
    }

    [Theory]
    [InlineData("facts", "   ", null, null)]
    [InlineData("facts", "8001", null, null)]
    [InlineData("occurredOn", "Facts.", "2025-13-01", null)]
    [InlineData("occurredOn", "Facts.", "03/01/2025", null)]
    [InlineData("occurredOn", "Facts.", "tomorrow", null)]
    [InlineData("occurredOn", "Facts.", "1999-12-31", null)]
    [InlineData("differentialFrom", "Facts.", null, "tomorrow")]
    [InlineData("differentialFrom", "Facts.", null, "2024-02-30")]
    [InlineData("differentialFrom", "Facts.", null, "0001-01-01")]
    public async Task Statement_BadField_Returns400NamingItAndChangesNothing(string field, string facts, string? occurredOn, string? differentialFrom)
    {
        var (rep, claim) = await ClaimInDocumentCollectionAsync("Statement Invalid Unit");
        facts = facts == "8001" ? new string('f', 8001) : facts;
        occurredOn = occurredOn == "tomorrow" ? Tomorrow : occurredOn;
        differentialFrom = differentialFrom == "tomorrow" ? Tomorrow : differentialFrom;

        var problem = await ProblemAsync(await PutStatementAsync(rep, claim, new { expectedVersion = Version(claim), facts, occurredOn, differentialFrom }), HttpStatusCode.BadRequest);

        Assert.Equal([field], ErrorFields(problem));
        var after = await GetAsync(rep, $"/api/claims/{Id(claim)}");
        Assert.Equal(Version(claim), Version(after));
        Assert.True(after.GetProperty("statement").GetProperty("usesDescription").GetBoolean());
    }

    [Fact]
    public async Task Statement_NoExpectedVersionOrADateAsANumber_Returns400NamingIt()
    {
        var (rep, claim) = await ClaimInDocumentCollectionAsync("Statement Shape Unit");

        Assert.Equal(["expectedVersion"], ErrorFields(await ProblemAsync(await PutStatementAsync(rep, claim, new { facts = "Facts." }), HttpStatusCode.BadRequest)));
        Assert.Equal(["occurredOn"], ErrorFields(await ProblemAsync(await PutStatementAsync(rep, claim, new { expectedVersion = Version(claim), facts = "Facts.", occurredOn = 20250101 }), HttpStatusCode.BadRequest)));
    }

    private static Dictionary<string, string> StatementForm(JsonElement claim, string token, string facts, string occurrence, string occurredOn = "", string differentialFrom = "") => new()
    {
        ["__RequestVerificationToken"] = token,
        ["expectedVersion"] = Version(claim).ToString(CultureInfo.InvariantCulture),
        ["Statement.Facts"] = facts,
        ["Statement.Occurrence"] = occurrence,
        ["Statement.OccurredOn"] = occurredOn,
        ["Statement.DifferentialFrom"] = differentialFrom,
    };

    [Fact]
    public async Task StatementForm_PostedThroughThePage_SavesItAndTheHistoryShowsOldAndNew()
    {
        var (rep, claim) = await ClaimInDocumentCollectionAsync("Statement Page Unit");
        using var browser = await PageForms.SignedInClientAsync(factory, Rep1);
        var page = WebUtility.HtmlDecode(await browser.GetStringAsync($"/claims/{Id(claim)}"));
        Assert.Contains("Statement for the grievance", page, StringComparison.Ordinal);
        Assert.Contains(">Answers public calls through an ACD queue all day.</textarea>", page, StringComparison.Ordinal);
        var fields = StatementForm(claim, await PageForms.TokenAsync(browser, $"/claims/{Id(claim)}"), "The unit answers the UI line <b>all day</b>.\r\nSecond line.", "date", "2025-04-07", "2024-09-02");

        var response = await browser.PostAsync($"/claims/{Id(claim)}?handler=Statement", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/claims/{Id(claim)}?statement=saved#statement", response.Headers.Location?.OriginalString);
        var statement = (await GetAsync(rep, $"/api/claims/{Id(claim)}")).GetProperty("statement");
        Assert.Equal("The unit answers the UI line <b>all day</b>.\nSecond line.", statement.GetProperty("facts").GetString());
        Assert.Equal("2025-04-07", statement.GetProperty("occurredOn").GetString());
        Assert.Equal("2024-09-02", statement.GetProperty("differentialFrom").GetString());
        var raw = await browser.GetStringAsync($"/claims/{Id(claim)}?statement=saved");
        Assert.DoesNotContain("<b>all day</b>", raw, StringComparison.Ordinal);
        var html = WebUtility.HtmlDecode(raw);
        Assert.Contains("Saved the statement for the grievance.", html, StringComparison.Ordinal);
        Assert.Contains("Edited the statement for the grievance", html, StringComparison.Ordinal);
        Assert.Contains("Date of occurrence", html, StringComparison.Ordinal);
        Assert.Contains("— → 2025-04-07", html, StringComparison.Ordinal);
        Assert.Contains("value=\"2025-04-07\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatementForm_FutureDateAndEmptyFacts_Returns400WithMessagesBesideTheFieldsAndTheTypedValuesKept()
    {
        var (rep, claim) = await ClaimInDocumentCollectionAsync("Statement Page Error Unit");
        using var browser = await PageForms.SignedInClientAsync(factory, Rep1);
        var fields = StatementForm(claim, await PageForms.TokenAsync(browser, $"/claims/{Id(claim)}"), "Typed facts kept.", "date", Tomorrow, "2019-05-06");

        var response = await browser.PostAsync($"/claims/{Id(claim)}?handler=Statement", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("<details class=\"action\" id=\"statement-form\" open=\"open\">", html, StringComparison.Ordinal);
        Assert.Contains("id=\"statement-occurred-on-error\">Date of occurrence must not be after today", html, StringComparison.Ordinal);
        Assert.Contains(">Typed facts kept.</textarea>", html, StringComparison.Ordinal);
        Assert.Contains($"value=\"{Tomorrow}\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"2019-05-06\"", html, StringComparison.Ordinal);

        fields = StatementForm(claim, await PageForms.TokenAsync(browser, $"/claims/{Id(claim)}"), "  ", "date", "");
        html = WebUtility.HtmlDecode(await (await browser.PostAsync($"/claims/{Id(claim)}?handler=Statement", new FormUrlEncodedContent(fields))).Content.ReadAsStringAsync());
        Assert.Contains("id=\"statement-occurred-on-error\">Give the date of occurrence, or choose Continuing violation.", html, StringComparison.Ordinal);

        fields = StatementForm(claim, await PageForms.TokenAsync(browser, $"/claims/{Id(claim)}"), "  ", "continuing");
        html = WebUtility.HtmlDecode(await (await browser.PostAsync($"/claims/{Id(claim)}?handler=Statement", new FormUrlEncodedContent(fields))).Content.ReadAsStringAsync());
        Assert.Contains("id=\"statement-facts-error\">Statement of facts is required.", html, StringComparison.Ordinal);
        var after = await GetAsync(rep, $"/api/claims/{Id(claim)}");
        Assert.Equal(Version(claim), Version(after));
        Assert.True(after.GetProperty("statement").GetProperty("usesDescription").GetBoolean());
    }

    [Fact]
    public async Task StatementForm_StaleVersion_SaysSomeoneChangedItAndShowsTheStatementAsItIsNow()
    {
        var (rep, claim) = await ClaimInDocumentCollectionAsync("Statement Page Stale Unit");
        using var browser = await PageForms.SignedInClientAsync(factory, Mrc);
        var fields = StatementForm(claim, await PageForms.TokenAsync(browser, $"/claims/{Id(claim)}"), "Typed over.", "continuing");
        await PutStatementOkAsync(rep, claim, new { expectedVersion = Version(claim), facts = "Changed meanwhile." });

        var response = await browser.PostAsync($"/claims/{Id(claim)}?handler=Statement", new FormUrlEncodedContent(fields));

        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Someone else changed this claim after you opened it. Nothing was saved.", html, StringComparison.Ordinal);
        Assert.Contains(">Changed meanwhile.</textarea>", html, StringComparison.Ordinal);
        Assert.Equal("Changed meanwhile.", (await GetAsync(rep, $"/api/claims/{Id(claim)}")).GetProperty("statement").GetProperty("facts").GetString());
    }

    [Fact]
    public async Task ClaimPage_AfterFiling_ShowsTheStatementReadOnlyAndNoDescriptionForms()
    {
        var (rep, claim) = await ClaimInDocumentCollectionAsync("Statement Page Filed Unit");
        await CreatedAsync(await rep.PostAsync($"/api/claims/{Id(claim)}/documents", Upload(RealPdf("duty"), "duty.pdf", "duty-statements", "Kept as filed")));
        await FiledAsync(rep, claim);

        var html = WebUtility.HtmlDecode(await PageForms.GetPageAsync(factory, Rep1, $"/claims/{Id(claim)}"));

        Assert.DoesNotContain("statement-form", html, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=Describe", html, StringComparison.Ordinal);
        Assert.Contains("Continuing violation", html, StringComparison.Ordinal);
        Assert.Contains("Kept as filed", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribeForm_PostedThroughThePage_SavesItAndA400KeepsWhatWasTyped()
    {
        var (rep, claim) = await ClaimInDocumentCollectionAsync("Describe Page Unit");
        var documentId = (await CreatedAsync(await rep.PostAsync($"/api/claims/{Id(claim)}/documents", Upload(Text(), "codes.txt", "phone-codes", null)))).GetProperty("id").GetString()!;
        using var browser = await PageForms.SignedInClientAsync(factory, Rep1);
        var page = await browser.GetStringAsync($"/claims/{Id(claim)}");
        Assert.Contains($"id=\"describe-{documentId}\"", page, StringComparison.Ordinal);
        var token = await PageForms.TokenAsync(browser, $"/claims/{Id(claim)}");

        var saved = await browser.PostAsync($"/claims/{Id(claim)}/documents?handler=Describe", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["documentId"] = documentId,
            ["description"] = "Phone codes for breaks & <lunch>",
        }));
        var refused = await browser.PostAsync($"/claims/{Id(claim)}/documents?handler=Describe", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["documentId"] = documentId,
            ["description"] = "Too long " + new string('z', 200),
        }));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal($"/claims/{Id(claim)}#documents", saved.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("The description must be at most 200 characters.", html, StringComparison.Ordinal);
        Assert.Contains("value=\"Too long " + new string('z', 200) + "\"", html, StringComparison.Ordinal);
        Assert.Equal("Phone codes for breaks & <lunch>", (await GetAsync(rep, $"/api/claims/{Id(claim)}/documents/{documentId}")).GetProperty("description").GetString());
        var claimPage = await browser.GetStringAsync($"/claims/{Id(claim)}");
        Assert.DoesNotContain("<lunch>", claimPage, StringComparison.Ordinal);
        Assert.Contains("Phone codes for breaks &amp; &lt;lunch&gt;", claimPage, StringComparison.Ordinal);
        Assert.Contains("Described a document", WebUtility.HtmlDecode(claimPage), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UploadForms_StaffAndMemberPages_HaveTheShortDescriptionFieldAndStoreIt()
    {
        var (rep, claim) = await ClaimInDocumentCollectionAsync("Upload Page Description Unit");
        using var browser = await PageForms.SignedInClientAsync(factory, Rep1);
        var page = await browser.GetStringAsync($"/claims/{Id(claim)}");
        Assert.Contains("id=\"upload-description\" name=\"description\"", page, StringComparison.Ordinal);
        var form = Upload(Text(), "codes.txt", "phone-codes", "Break codes from the page");
        form.Add(new StringContent(await PageForms.TokenAsync(browser, $"/claims/{Id(claim)}")), "__RequestVerificationToken");

        var staff = await browser.PostAsync($"/claims/{Id(claim)}/documents?handler=Upload", form);

        Assert.Equal(HttpStatusCode.Redirect, staff.StatusCode);
        var url = (await CreatedAsync(await rep.PostAsync($"/api/claims/{Id(claim)}/member-link", null))).GetProperty("url").GetString()!;
        var path = new Uri(url).AbsolutePath;
        using var member = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var memberPage = await member.GetStringAsync(path);
        Assert.Contains("id=\"upload-description\" name=\"description\"", memberPage, StringComparison.Ordinal);
        var token = System.Text.RegularExpressions.Regex.Match(memberPage, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var memberForm = Upload(Png(9), "chart.png", "org-charts", "My org chart " + new string('q', 200));
        memberForm.Add(new StringContent(token), "__RequestVerificationToken");
        var refused = await member.PostAsync(path + "?handler=Upload", memberForm);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("value=\"My org chart " + new string('q', 200) + "\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        memberForm = Upload(Png(9), "chart.png", "org-charts", "My org chart");
        memberForm.Add(new StringContent(token), "__RequestVerificationToken");
        Assert.Equal(HttpStatusCode.Redirect, (await member.PostAsync(path + "?handler=Upload", memberForm)).StatusCode);

        var descriptions = (await GetAsync(rep, $"/api/claims/{Id(claim)}/documents")).GetProperty("items").EnumerateArray().Select(d => d.GetProperty("description").GetString()).ToList();
        Assert.Equal(["Break codes from the page", "My org chart"], descriptions);
    }
}
