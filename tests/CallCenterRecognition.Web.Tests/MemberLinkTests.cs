using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using static CallCenterRecognition.Web.Tests.Api;
using static CallCenterRecognition.Web.Tests.DocumentSupport;

namespace CallCenterRecognition.Web.Tests;

public sealed partial class MemberLinkTests : IDisposable
{
    private readonly FakeTimeProvider clock = new(ReminderSupport.ThursdayMorning);
    private readonly AppFactory factory;

    public MemberLinkTests()
    {
        factory = ReminderSupport.Factory(clock);
    }

    public void Dispose() => factory.Dispose();

    private async Task<(HttpClient Rep, JsonElement Claim)> ClaimInDocumentCollectionAsync(string unit)
    {
        var mrc = await ReminderSupport.SignInAsync(factory, Mrc);
        var rep = await ReminderSupport.SignInAsync(factory, Rep1);
        var claim = await OpenAsync(mrc, NewClaim(unit, member: "Jordan Lee", email: "jordan.lee@example.org"));
        claim = await FireOkAsync(mrc, claim, "refer", new { representativeId = await factory.UserIdAsync(Rep1) });
        claim = await FireOkAsync(rep, claim, "accept");
        return (rep, claim);
    }

    private static async Task<string> CreateLinkAsync(HttpClient client, JsonElement claim)
    {
        var response = await client.PostAsync($"/api/claims/{Id(claim)}/member-link", null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("url").GetString()!;
    }

    private static string Token(string url) => url[(url.LastIndexOf('/') + 1)..];

    [Fact]
    public async Task CreateLink_ByAssignedRepresentative_EmailsTheLinkAndStoresOnlyItsHash()
    {
        var (rep, claim) = await ClaimInDocumentCollectionAsync("Link Mail Unit");

        var url = await CreateLinkAsync(rep, claim);

        Assert.Matches("^http://localhost:5000/member/[A-Za-z0-9_-]{43}$", url);
        var mail = Assert.Single(Directory.GetFiles(factory.OutboxPath, "member-link-*.eml"));
        var text = await File.ReadAllTextAsync(mail);
        Assert.Contains(url, text, StringComparison.Ordinal);
        Assert.Contains("jordan.lee@example.org", text, StringComparison.Ordinal);
        Assert.Contains(claim.GetProperty("number").GetString()!, text, StringComparison.Ordinal);
        var stored = await factory.WithDbAsync(db => Task.FromResult(db.MemberLinks.Single(l => l.ClaimId == Guid.Parse(Id(claim)))));
        Assert.NotEqual(Token(url), stored.TokenHash);
        Assert.DoesNotContain(Token(url), stored.TokenHash, StringComparison.Ordinal);
        Assert.Equal(clock.GetUtcNow().AddDays(30), stored.ExpiresAt);
        Assert.Contains("member-link-created", (await GetAsync(rep, $"/api/claims/{Id(claim)}/journal")).EnumerateArray().Select(e => e.GetProperty("action").GetString()));
    }

    [Theory]
    [InlineData(Ccwg)]
    [InlineData(Rep2)]
    public async Task CreateLink_ByCcwgOrUnassignedRepresentative_Returns403(string email)
    {
        var (_, claim) = await ClaimInDocumentCollectionAsync("Link Role Unit " + email);
        var other = await ReminderSupport.SignInAsync(factory, email);
        var response = await other.PostAsync($"/api/claims/{Id(claim)}/member-link", null);
        await ProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.False(Directory.Exists(factory.OutboxPath) && Directory.GetFiles(factory.OutboxPath, "member-link-*.eml").Length > 0);
    }

    [Fact]
    public async Task MemberPage_ValidLink_ShowsNumberPlainStageAndChecklistButNothingElse()
    {
        var (rep, claim) = await ClaimInDocumentCollectionAsync("Member Page Unit");
        await UploadAsync(rep, Id(claim), Pdf("member page duty"), "duty-statement-2026.pdf", "duty-statements");
        await FireOkAsync(rep, claim, "add-note", new { text = "Private note about the supervisor" });
        var url = await CreateLinkAsync(rep, claim);
        using var member = factory.CreateClient();

        var response = await member.GetAsync(new Uri(url).AbsolutePath);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(claim.GetProperty("number").GetString()!, html, StringComparison.Ordinal);
        Assert.Contains("Document collection", html, StringComparison.Ordinal);
        Assert.Contains("gathering evidence", html, StringComparison.Ordinal);
        Assert.Contains("data-category=\"duty-statements\" data-covered=\"true\"", html, StringComparison.Ordinal);
        Assert.Contains("data-category=\"org-charts\" data-covered=\"false\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Private note", html, StringComparison.Ordinal);
        Assert.DoesNotContain("duty-statement-2026.pdf", html, StringComparison.Ordinal);
        Assert.DoesNotContain("jordan.lee@example.org", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Answers public calls", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Renee", html, StringComparison.Ordinal);
        var numbers = ClaimNumber().Matches(html).Select(m => m.Value).Distinct();
        Assert.Equal([claim.GetProperty("number").GetString()], numbers);
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task MemberUpload_ThroughApi_IsStoredAsMemberSideAndJournaled()
    {
        var (rep, claim) = await ClaimInDocumentCollectionAsync("Member Upload Unit");
        var token = Token(await CreateLinkAsync(rep, claim));
        using var member = factory.CreateClient();

        var response = await member.PostAsync($"/api/member/{token}/documents", Form(Png(3), "org chart.png", "org-charts"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("image/png", body.GetProperty("contentType").GetString());
        Assert.False(body.TryGetProperty("contentUrl", out _));
        var list = await GetAsync(rep, $"/api/claims/{Id(claim)}/documents");
        var document = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal("member", document.GetProperty("uploadedBy").GetProperty("side").GetString());
        Assert.Equal("Jordan Lee (member)", document.GetProperty("uploadedBy").GetProperty("name").GetString());
        Assert.True((await GetAsync(rep, $"/api/claims/{Id(claim)}/journal/verify")).GetProperty("valid").GetBoolean());
        var status = await GetAsync(member, $"/api/member/{token}");
        Assert.True(status.GetProperty("checklist").EnumerateArray().Single(i => i.GetProperty("id").GetString() == "org-charts").GetProperty("covered").GetBoolean());
    }

    [Fact]
    public async Task MemberUpload_WrongType_Returns415AndStoresNothing()
    {
        var (rep, claim) = await ClaimInDocumentCollectionAsync("Member Wrong Type");
        var token = Token(await CreateLinkAsync(rep, claim));
        using var member = factory.CreateClient();
        var before = StoredFiles(factory);

        var response = await member.PostAsync($"/api/member/{token}/documents", Form(Elf(), "duty.pdf"));

        await ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(0, await RowsAsync(factory, Id(claim)));
        Assert.Equal(before, StoredFiles(factory));
    }

    [Fact]
    public async Task MemberPageForm_PostWithAntiforgeryToken_UploadsAndRedirects()
    {
        var (rep, claim) = await ClaimInDocumentCollectionAsync("Member Form Unit");
        var path = new Uri(await CreateLinkAsync(rep, claim)).AbsolutePath;
        using var member = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var page = await member.GetStringAsync(path);
        var antiforgery = AntiforgeryField().Match(page).Groups[1].Value;
        Assert.NotEmpty(antiforgery);
        var form = Form(Text(), "codes.txt", "phone-codes");
        form.Add(new StringContent(antiforgery), "__RequestVerificationToken");

        var response = await member.PostAsync(path + "?handler=Upload", form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(path + "?uploaded=1", response.Headers.Location?.OriginalString);
        Assert.Equal(1, await RowsAsync(factory, Id(claim)));

        var forged = await member.PostAsync(path + "?handler=Upload", Form(Text(), "codes2.txt", "phone-codes"));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(1, await RowsAsync(factory, Id(claim)));
    }

    [Fact]
    public async Task MemberPageForm_TwoFilesInOnePostWithoutScript_BothStoredAndTheRedirectCountsThem()
    {
        var (rep, claim) = await ClaimInDocumentCollectionAsync("Member Two Files Unit");
        var path = new Uri(await CreateLinkAsync(rep, claim)).AbsolutePath;
        using var member = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var antiforgery = AntiforgeryField().Match(await member.GetStringAsync(path)).Groups[1].Value;
        var form = Form(Png(4), "org chart.png", "org-charts");
        var second = new ByteArrayContent(Pdf("second file"));
        second.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(second, "file", "org chart page 2.pdf");
        form.Add(new StringContent(antiforgery), "__RequestVerificationToken");

        var response = await member.PostAsync(path + "?handler=Upload", form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(path + "?uploaded=2", response.Headers.Location?.OriginalString);
        Assert.Equal(2, await RowsAsync(factory, Id(claim)));
        var html = await member.GetStringAsync(path + "?uploaded=2");
        Assert.Contains("Thank you: your 2 files were received.", html, StringComparison.Ordinal);
        Assert.True(html.IndexOf("Thank you", StringComparison.Ordinal) < html.IndexOf("id=\"claim-number\"", StringComparison.Ordinal), "The result comes first on the page.");
        Assert.Contains("data-category=\"org-charts\" data-covered=\"true\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MemberPageForm_OneGoodOneRefusedFile_KeepsTheGoodOneAndNamesTheRefusedOneAtTheTop()
    {
        var (rep, claim) = await ClaimInDocumentCollectionAsync("Member Mixed Files Unit");
        var path = new Uri(await CreateLinkAsync(rep, claim)).AbsolutePath;
        using var member = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var antiforgery = AntiforgeryField().Match(await member.GetStringAsync(path)).Groups[1].Value;
        var form = Form(Text(), "codes.txt", "phone-codes");
        form.Add(new ByteArrayContent(Elf()), "file", "<b>tool</b>.pdf");
        form.Add(new StringContent(antiforgery), "__RequestVerificationToken");

        var response = await member.PostAsync(path + "?handler=Upload", form);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, await RowsAsync(factory, Id(claim)));
        Assert.Contains("Thank you: codes.txt was received.", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;tool&lt;/b&gt;.pdf was not saved", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>tool</b>", html, StringComparison.Ordinal);
        Assert.True(html.IndexOf("was not saved", StringComparison.Ordinal) < html.IndexOf("id=\"claim-number\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MemberPageForm_MoreFilesThanAllowed_StoresNothing()
    {
        var (rep, claim) = await ClaimInDocumentCollectionAsync("Member Many Files Unit");
        var path = new Uri(await CreateLinkAsync(rep, claim)).AbsolutePath;
        using var member = factory.CreateClient();
        var antiforgery = AntiforgeryField().Match(await member.GetStringAsync(path)).Groups[1].Value;
        var form = Form(Text(), "codes0.txt", "phone-codes");
        for (var i = 1; i <= Web.Pages.Member.UploadModel.MaxFilesPerPost; i++)
        {
            form.Add(new ByteArrayContent(Text()), "file", $"codes{i}.txt");
        }

        form.Add(new StringContent(antiforgery), "__RequestVerificationToken");

        var response = await member.PostAsync(path + "?handler=Upload", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"send at most {Web.Pages.Member.UploadModel.MaxFilesPerPost} files at once", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await RowsAsync(factory, Id(claim)));
    }

    [Fact]
    public async Task MemberPage_AssignedRepresentative_ShowsTheirNameAndEmailAndAPickerForSeveralFiles()
    {
        var (rep, claim) = await ClaimInDocumentCollectionAsync("Member Contact Unit");
        var rep1 = await factory.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == Rep1));
        using var member = factory.CreateClient();

        var html = await member.GetStringAsync(new Uri(await CreateLinkAsync(rep, claim)).AbsolutePath);

        Assert.Contains($"<p class=\"contact-name\" id=\"representative-name\">{rep1.DisplayName}</p>", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"mailto:{Rep1}\"", html, StringComparison.Ordinal);
        Assert.Matches("<input id=\"upload-file\" name=\"file\" type=\"file\" multiple[^>]*accept=\"application/pdf", html);
        Assert.Contains("<script src=\"/js/member-upload.js", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Member Resource Center", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MemberPage_NoRepresentativeYet_NamesTheMrcAndItsPhone()
    {
        var mrc = await ReminderSupport.SignInAsync(factory, Mrc);
        var claim = await OpenAsync(mrc, NewClaim("Member No Rep Unit", member: "Jordan Lee", email: "jordan.lee@example.org"));
        using var member = factory.CreateClient();

        var html = await member.GetStringAsync(new Uri(await CreateLinkAsync(mrc, claim)).AbsolutePath);

        Assert.Contains("Member Resource Center", html, StringComparison.Ordinal);
        Assert.Contains("href=\"tel:&#x2B;18664717348\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("representative-name", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MemberToken_OnStaffEndpoints_IsNotACredential()
    {
        var (rep, claim) = await ClaimInDocumentCollectionAsync("Token Scope Unit");
        var (_, other) = await ClaimInDocumentCollectionAsync("Token Other Unit");
        var otherDocument = await (await UploadAsync(rep, Id(other), Pdf("other claim"), "other.pdf")).Content.ReadFromJsonAsync<JsonElement>();
        var token = Token(await CreateLinkAsync(rep, claim));
        using var member = factory.CreateClient();
        member.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        foreach (var url in new[]
                 {
                     $"/api/claims/{Id(claim)}/journal",
                     $"/api/claims/{Id(claim)}/documents",
                     $"/api/claims/{Id(claim)}",
                     $"/api/claims/{Id(other)}/documents",
                     otherDocument.GetProperty("contentUrl").GetString()!,
                 })
        {
            var response = await member.GetAsync(url);
            Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"{url}: {(int)response.StatusCode}");
        }

        using var anonymous = factory.CreateClient();
        foreach (var url in new[]
                 {
                     $"/api/member/{token}/documents/{otherDocument.GetProperty("id").GetString()}/content",
                     $"/api/member/{token}/journal",
                     $"/api/member/{token}/claims/{Id(other)}/documents",
                 })
        {
            var response = await anonymous.GetAsync(url);
            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, $"{url}: {(int)response.StatusCode}");
        }

        var status = await (await anonymous.GetAsync($"/api/member/{token}")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(other.GetProperty("number").GetString()!, status, StringComparison.Ordinal);
        Assert.DoesNotContain("journal", status, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task MemberLink_AfterLifetime_Returns410PageAndProblem()
    {
        var (rep, claim) = await ClaimInDocumentCollectionAsync("Expiry Unit");
        var path = new Uri(await CreateLinkAsync(rep, claim)).AbsolutePath;
        using var member = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync(path)).StatusCode);

        clock.Advance(TimeSpan.FromDays(30) + TimeSpan.FromSeconds(1));

        var page = await member.GetAsync(path);
        Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Ask your representative for a new link", html, StringComparison.Ordinal);
        Assert.DoesNotContain(claim.GetProperty("number").GetString()!, html, StringComparison.Ordinal);
        var upload = await member.PostAsync($"/api/member/{Token(path)}/documents", Form(Pdf("late"), "late.pdf"));
        await ProblemAsync(upload, HttpStatusCode.Gone);
        Assert.Equal(0, await RowsAsync(factory, Id(claim)));
    }

    [Fact]
    public async Task MemberLink_RevokedOrReplaced_Returns410()
    {
        var (rep, claim) = await ClaimInDocumentCollectionAsync("Revoke Unit");
        var first = new Uri(await CreateLinkAsync(rep, claim)).AbsolutePath;
        var second = new Uri(await CreateLinkAsync(rep, claim)).AbsolutePath;
        using var member = factory.CreateClient();

        Assert.Equal(HttpStatusCode.Gone, (await member.GetAsync(first)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync(second)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await rep.DeleteAsync($"/api/claims/{Id(claim)}/member-link")).StatusCode);

        Assert.Equal(HttpStatusCode.Gone, (await member.GetAsync(second)).StatusCode);
        await ProblemAsync(await member.PostAsync($"/api/member/{Token(second)}/documents", Form(Pdf("revoked"), "r.pdf")), HttpStatusCode.Gone);
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync("/member/" + new string('A', 43))).StatusCode);
        Assert.True((await GetAsync(rep, $"/api/claims/{Id(claim)}/journal/verify")).GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task MemberPage_MoreRequestsThanTheLimit_Returns429()
    {
        using var limited = ReminderSupport.Factory(clock, null, ("RateLimits:MemberLinkPerMinute", "3"));
        using var member = limited.CreateClient();
        var path = "/member/" + new string('B', 43);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await member.GetAsync(path)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await member.PostAsync("/api/member/" + new string('B', 43) + "/documents", Form(Pdf(), "a.pdf"))).StatusCode);
    }

    [GeneratedRegex(@"CC-\d{4}-\d{5}")]
    private static partial Regex ClaimNumber();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
