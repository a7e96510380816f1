using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using static CallCenterRecognition.Web.Tests.Api;

namespace CallCenterRecognition.Web.Tests;

public sealed class ClaimCorrectionTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private static Task<HttpResponseMessage> CorrectAsync(HttpClient client, JsonElement claim, object body) =>
        client.PatchAsJsonAsync($"/api/claims/{Id(claim)}", body);

    private static async Task<JsonElement> CorrectOkAsync(HttpClient client, JsonElement claim, object body)
    {
        var response = await CorrectAsync(client, claim, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<JsonElement[]> JournalAsync(HttpClient client, JsonElement claim) =>
        [.. (await GetAsync(client, $"/api/claims/{Id(claim)}/journal")).EnumerateArray()];

    private static async Task<bool> ChainValidAsync(HttpClient client, JsonElement claim) =>
        (await GetAsync(client, $"/api/claims/{Id(claim)}/journal/verify")).GetProperty("valid").GetBoolean();

    private static string Unique(string text) => $"{text} {Guid.NewGuid().ToString("N")[..8]}";

    private async Task<(HttpClient Mrc, JsonElement Claim)> ReferredClaimAsync(string workUnit, string email = "pat@example.org")
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var claim = await OpenAsync(mrc, NewClaim(workUnit, email: email));
        claim = await FireOkAsync(mrc, claim, "refer", new { representativeId = await factory.UserIdAsync(Rep1) });
        return (mrc, claim);
    }

    [Fact]
    public async Task Correct_SomeFields_JournalsOldAndNewOfExactlyTheChangedOnesAndTheChainVerifies()
    {
        var (mrc, claim) = await ReferredClaimAsync(Unique("Correction Journal Unit"), "journal.member@example.org");
        var before = await JournalAsync(mrc, claim);

        var corrected = await CorrectOkAsync(mrc, claim, new
        {
            expectedVersion = Version(claim),
            member = new { name = "Pat Member", email = "journal.fixed@example.org" },
            workUnit = "Call Center South",
            classification = "Program Technician II",
            description = "Takes calls from employers on the ACD queue.",
        });

        Assert.Equal(Version(claim) + 1, Version(corrected));
        Assert.Equal("Call Center South", corrected.GetProperty("workUnit").GetString());
        Assert.Equal("Takes calls from employers on the ACD queue.", corrected.GetProperty("description").GetString());
        Assert.Equal("journal.fixed@example.org", corrected.GetProperty("member").GetProperty("email").GetString());
        Assert.Equal(Stage(claim), Stage(corrected));
        var journal = await JournalAsync(mrc, claim);
        var entry = Assert.Single(journal.Skip(before.Length));
        Assert.Equal("claim-corrected", entry.GetProperty("action").GetString());
        Assert.Equal(Stage(claim), entry.GetProperty("toStage").GetString());
        var data = entry.GetProperty("data");
        Assert.Equal(["description", "member.email", "workUnit"], data.GetProperty("changed").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(claim.GetProperty("workUnit").GetString(), data.GetProperty("workUnit").GetProperty("old").GetString());
        Assert.Equal("Call Center South", data.GetProperty("workUnit").GetProperty("new").GetString());
        Assert.Equal("Answers public calls through an ACD queue all day.", data.GetProperty("description").GetProperty("old").GetString());
        Assert.Equal("Takes calls from employers on the ACD queue.", data.GetProperty("description").GetProperty("new").GetString());
        Assert.Equal(claim.GetProperty("member").GetProperty("email").GetString(), data.GetProperty("member.email").GetProperty("old").GetString());
        Assert.Equal("journal.fixed@example.org", data.GetProperty("member.email").GetProperty("new").GetString());
        Assert.Equal(["changed", "description", "member.email", "workUnit"], data.EnumerateObject().Select(p => p.Name));
        Assert.True(await ChainValidAsync(mrc, claim));
        Assert.Equal(Version(corrected), Version(await GetAsync(mrc, $"/api/claims/{Id(claim)}")));
    }

    [Fact]
    public async Task Correct_SameValuesAsStored_Returns200WithNoJournalEntryAndSameVersion()
    {
        var (mrc, claim) = await ReferredClaimAsync(Unique("Correction Same Unit"));
        var before = await JournalAsync(mrc, claim);

        var same = await CorrectOkAsync(mrc, claim, new
        {
            expectedVersion = Version(claim),
            member = new { name = "  Pat Member ", phone = "916-555-0199" },
            workUnit = claim.GetProperty("workUnit").GetString(),
            bargainingUnit = 4,
            phoneSystems = new[] { "cti", "acd", "acd" },
        });

        Assert.Equal(Version(claim), Version(same));
        Assert.Equal(before.Length, (await JournalAsync(mrc, claim)).Length);
    }

    [Fact]
    public async Task Correct_StaleExpectedVersion_Returns412WithCurrentVersionAndChangesNothing()
    {
        var (mrc, claim) = await ReferredClaimAsync(Unique("Correction Stale Unit"));
        var current = await CorrectOkAsync(mrc, claim, new { expectedVersion = Version(claim), classification = "Program Technician III" });
        var journal = await JournalAsync(mrc, claim);

        var response = await CorrectAsync(mrc, claim, new { expectedVersion = Version(claim), classification = "Office Technician" });

        var problem = await ProblemAsync(response, HttpStatusCode.PreconditionFailed);
        Assert.Equal(Version(current), problem.GetProperty("currentVersion").GetInt32());
        var after = await GetAsync(mrc, $"/api/claims/{Id(claim)}");
        Assert.Equal("Program Technician III", after.GetProperty("classification").GetString());
        Assert.Equal(Version(current), Version(after));
        Assert.Equal(journal.Length, (await JournalAsync(mrc, claim)).Length);
    }

    [Fact]
    public async Task Correct_NoExpectedVersion_Returns400NamingIt()
    {
        var (mrc, claim) = await ReferredClaimAsync(Unique("Correction Version Unit"));

        var response = await CorrectAsync(mrc, claim, new { classification = "Office Technician" });

        Assert.Equal(["expectedVersion"], ErrorFields(await ProblemAsync(response, HttpStatusCode.BadRequest)));
        Assert.Equal("Program Technician II", (await GetAsync(mrc, $"/api/claims/{Id(claim)}")).GetProperty("classification").GetString());
    }

    [Fact]
    public async Task Correct_BadEmailPhoneEmptyNameAndUnknownValues_Returns400WithIntakesFieldKeysAndMessages()
    {
        var (mrc, claim) = await ReferredClaimAsync(Unique("Correction Invalid Unit"));
        var journal = await JournalAsync(mrc, claim);
        var bad = new { name = "  ", email = "not-an-email", phone = "call me maybe" };

        var correction = await ProblemAsync(
            await CorrectAsync(mrc, claim, new { expectedVersion = Version(claim), member = bad, bargainingUnit = "99", phoneSystems = new[] { "fax" }, workUnit = "" }),
            HttpStatusCode.BadRequest);
        var intake = await ProblemAsync(
            await mrc.PostAsJsonAsync("/api/claims", new { member = bad, department = "EDD", workUnit = "", bargainingUnit = "99", classification = "Program Technician II", phoneSystems = new[] { "fax" }, description = "Answers calls." }),
            HttpStatusCode.BadRequest);

        Assert.Equal(["member.name", "member.email", "member.phone", "workUnit", "bargainingUnit", "phoneSystems"], ErrorFields(correction));
        Assert.Equal(intake.GetProperty("errors").GetRawText(), correction.GetProperty("errors").GetRawText());
        Assert.Equal(journal.Length, (await JournalAsync(mrc, claim)).Length);
        Assert.Equal(Version(claim), Version(await GetAsync(mrc, $"/api/claims/{Id(claim)}")));
    }

    [Fact]
    public async Task Correct_ClosedClaim_Returns409AndChangesNothing()
    {
        var (mrc, claim) = await ReferredClaimAsync(Unique("Correction Closed Unit"));
        claim = await FireOkAsync(mrc, claim, "withdraw", new { reason = "member left the unit" });

        var response = await CorrectAsync(mrc, claim, new { expectedVersion = Version(claim), workUnit = "Call Center East" });

        await ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal(claim.GetProperty("workUnit").GetString(), (await GetAsync(mrc, $"/api/claims/{Id(claim)}")).GetProperty("workUnit").GetString());
    }

    [Theory]
    [InlineData(Rep1, HttpStatusCode.OK)]
    [InlineData(Mrc, HttpStatusCode.OK)]
    [InlineData(Ccwg, HttpStatusCode.OK)]
    [InlineData(Admin, HttpStatusCode.OK)]
    [InlineData(Rep2, HttpStatusCode.Forbidden)]
    public async Task Correct_ByRole_OnlyTheAssignedRepresentativeAmongRepresentatives(string email, HttpStatusCode expected)
    {
        var (mrc, claim) = await ReferredClaimAsync(Unique("Correction Role Unit"));
        var caller = await factory.ClientForAsync(email);

        var response = await CorrectAsync(caller, claim, new { expectedVersion = Version(claim), classification = "Corrected by " + email });

        Assert.Equal(expected, response.StatusCode);
        var stored = (await GetAsync(mrc, $"/api/claims/{Id(claim)}")).GetProperty("classification").GetString();
        Assert.Equal(expected == HttpStatusCode.OK ? "Corrected by " + email : "Program Technician II", stored);
    }

    [Fact]
    public async Task Correct_WorkUnit_RecomputesTheUnitKeyAndTheClaimJoinsItsNewUnit()
    {
        var oldUnit = Unique("Correction Old Unit");
        var newUnit = Unique("Correction New Unit");
        var (mrc, claim) = await ReferredClaimAsync(oldUnit);
        var sameOldUnit = await OpenAsync(mrc, NewClaim(oldUnit, member: "Old Unit Colleague", email: "old.colleague@example.org"));
        var inNewUnit = await OpenAsync(mrc, NewClaim(newUnit, member: "New Unit Colleague", email: "new.colleague@example.org"));
        Assert.Contains(Id(sameOldUnit), Related(await GetAsync(mrc, $"/api/claims/{Id(claim)}")));

        // Case and spaces do not make another unit, as at intake.
        var corrected = await CorrectOkAsync(mrc, claim, new { expectedVersion = Version(claim), workUnit = "  " + newUnit.ToLowerInvariant().Replace(" ", "  ", StringComparison.Ordinal) });

        Assert.Equal([Id(inNewUnit)], Related(corrected));
        Assert.Contains(Id(claim), Related(await GetAsync(mrc, $"/api/claims/{Id(inNewUnit)}")));
        Assert.DoesNotContain(Id(claim), Related(await GetAsync(mrc, $"/api/claims/{Id(sameOldUnit)}")));
        var keys = await factory.WithDbAsync(db => db.Claims.Where(c => c.Id == Guid.Parse(Id(claim)) || c.Id == Guid.Parse(Id(inNewUnit))).Select(c => c.UnitKey).Distinct().ToListAsync());
        Assert.Single(keys);
        var duplicates = await GetAsync(mrc, $"/api/claims/duplicates?department=EDD&workUnit={Uri.EscapeDataString(newUnit)}");
        Assert.Contains(Id(claim), duplicates.EnumerateArray().Select(d => d.GetProperty("id").GetString()));
    }

    private static string[] Related(JsonElement claim) =>
        [.. claim.GetProperty("relatedClaims").EnumerateArray().Select(r => r.GetProperty("id").GetString()!)];

    [Fact]
    public async Task Correct_MemberEmail_OldLinkStopsWorkingAndANewLinkGoesToTheNewAddress()
    {
        var oldAddress = $"typo.{Guid.NewGuid():N}@example.org";
        var newAddress = $"fixed.{Guid.NewGuid():N}@example.org";
        var (mrc, claim) = await ReferredClaimAsync(Unique("Correction Link Unit"), oldAddress);
        var created = await mrc.PostAsync($"/api/claims/{Id(claim)}/member-link", null);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var oldPath = new Uri((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!).AbsolutePath;
        using var member = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync(oldPath)).StatusCode);

        await CorrectOkAsync(mrc, claim, new { expectedVersion = Version(claim), member = new { email = newAddress } });

        Assert.Equal(HttpStatusCode.Gone, (await member.GetAsync(oldPath)).StatusCode);
        var mails = MemberLinkMails().Where(m => m.To.Mailboxes.Any(a => a.Address == newAddress)).ToList();
        var mail = Assert.Single(mails);
        Assert.Contains(claim.GetProperty("number").GetString()!, mail.Subject, StringComparison.Ordinal);
        var newUrl = (mail.TextBody ?? string.Empty).Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("http://localhost:5000/member/", StringComparison.Ordinal));
        Assert.NotEqual(oldPath, new Uri(newUrl).AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync(new Uri(newUrl).AbsolutePath)).StatusCode);
        Assert.Single(MemberLinkMails(), m => m.To.Mailboxes.Any(a => a.Address == oldAddress));
        var actions = (await JournalAsync(mrc, claim)).Select(e => e.GetProperty("action").GetString()).TakeLast(3);
        Assert.Equal(["claim-corrected", "member-link-revoked", "member-link-created"], actions);
        Assert.True(await ChainValidAsync(mrc, claim));
    }

    [Fact]
    public async Task Correct_MemberEmailWithNoLinkSent_SendsNoLink()
    {
        var newAddress = $"nolink.{Guid.NewGuid():N}@example.org";
        var (mrc, claim) = await ReferredClaimAsync(Unique("Correction No Link Unit"));

        await CorrectOkAsync(mrc, claim, new { expectedVersion = Version(claim), member = new { email = newAddress } });

        Assert.DoesNotContain(MemberLinkMails(), m => m.To.Mailboxes.Any(a => a.Address == newAddress));
        Assert.Equal(0, await factory.WithDbAsync(db => db.MemberLinks.CountAsync(l => l.ClaimId == Guid.Parse(Id(claim)))));
    }

    private List<MimeMessage> MemberLinkMails() =>
        !Directory.Exists(factory.OutboxPath) ? [] : [.. Directory.GetFiles(factory.OutboxPath, "member-link-*.eml").Select(f => MimeMessage.Load(f))];

    private static Dictionary<string, string> EditForm(JsonElement claim, string token) => new()
    {
        ["__RequestVerificationToken"] = token,
        ["expectedVersion"] = Version(claim).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Edit.MemberName"] = claim.GetProperty("member").GetProperty("name").GetString()!,
        ["Edit.MemberEmail"] = claim.GetProperty("member").GetProperty("email").GetString()!,
        ["Edit.MemberPhone"] = claim.GetProperty("member").GetProperty("phone").GetString() ?? string.Empty,
        ["Edit.Department"] = claim.GetProperty("department").GetString()!,
        ["Edit.WorkUnit"] = claim.GetProperty("workUnit").GetString()!,
        ["Edit.BargainingUnit"] = claim.GetProperty("bargainingUnit").GetString()!,
        ["Edit.Classification"] = claim.GetProperty("classification").GetString()!,
        ["Edit.Description"] = claim.GetProperty("description").GetString()!,
    };

    // Checkboxes post one field per ticked box.
    private static FormUrlEncodedContent Form(Dictionary<string, string> fields, params string[] phoneSystems) =>
        new([.. fields, .. phoneSystems.Select(p => KeyValuePair.Create("Edit.PhoneSystems", p))]);

    [Fact]
    public async Task EditDetailsForm_PostedThroughThePage_SavesTheChangeAndShowsItInTheHistory()
    {
        var (mrc, claim) = await ReferredClaimAsync(Unique("Correction Page Unit"));
        using var browser = await PageForms.SignedInClientAsync(factory, Rep1);
        var page = await browser.GetStringAsync($"/claims/{Id(claim)}");
        Assert.Contains("id=\"edit-details\"", page, StringComparison.Ordinal);
        Assert.Contains($"value=\"{claim.GetProperty("workUnit").GetString()}\"", page, StringComparison.Ordinal);
        var fields = EditForm(claim, await PageForms.TokenAsync(browser, $"/claims/{Id(claim)}"));
        fields["Edit.Classification"] = "Program Technician III";
        fields["Edit.MemberPhone"] = string.Empty;

        var response = await browser.PostAsync($"/claims/{Id(claim)}?handler=Correct", Form(fields, "acd", "desk-phone"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/claims/{Id(claim)}?corrected=saved", response.Headers.Location?.OriginalString);
        var after = await GetAsync(mrc, $"/api/claims/{Id(claim)}");
        Assert.Equal("Program Technician III", after.GetProperty("classification").GetString());
        Assert.Equal(JsonValueKind.Null, after.GetProperty("member").GetProperty("phone").ValueKind);
        Assert.Equal(["acd", "desk-phone"], after.GetProperty("phoneSystems").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(claim.GetProperty("workUnit").GetString(), after.GetProperty("workUnit").GetString());
        var html = WebUtility.HtmlDecode(await browser.GetStringAsync(response.Headers.Location!.OriginalString));
        Assert.Contains("Saved the corrected details.", html, StringComparison.Ordinal);
        Assert.Contains("Corrected the claim's details", html, StringComparison.Ordinal);
        Assert.Contains("Program Technician II → Program Technician III", html, StringComparison.Ordinal);
        Assert.True(await ChainValidAsync(mrc, claim));
    }

    [Fact]
    public async Task EditDetailsForm_BadEmail_ReRendersOpenWithTheMessageBesideItAndTheTypedValuesKept()
    {
        var (mrc, claim) = await ReferredClaimAsync(Unique("Correction Page Error Unit"));
        using var browser = await PageForms.SignedInClientAsync(factory, Mrc);
        var fields = EditForm(claim, await PageForms.TokenAsync(browser, $"/claims/{Id(claim)}"));
        fields["Edit.MemberEmail"] = "pat at example";
        fields["Edit.WorkUnit"] = "Typed But Not Saved";

        var response = await browser.PostAsync($"/claims/{Id(claim)}?handler=Correct", Form(fields, "acd", "cti"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<details class=\"action\" id=\"edit-details\" open=\"open\">", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"field-error\" id=\"edit-member-email-error\">E-mail is not an e-mail address.</span>", html, StringComparison.Ordinal);
        Assert.Contains("value=\"pat at example\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"Typed But Not Saved\"", html, StringComparison.Ordinal);
        Assert.Equal(claim.GetProperty("workUnit").GetString(), (await GetAsync(mrc, $"/api/claims/{Id(claim)}")).GetProperty("workUnit").GetString());
    }

    [Fact]
    public async Task EditDetailsForm_StaleVersion_SaysSomeoneChangedItAndShowsTheClaimAsItIsNow()
    {
        var (mrc, claim) = await ReferredClaimAsync(Unique("Correction Page Stale Unit"));
        using var browser = await PageForms.SignedInClientAsync(factory, Mrc);
        var fields = EditForm(claim, await PageForms.TokenAsync(browser, $"/claims/{Id(claim)}"));
        await CorrectOkAsync(mrc, claim, new { expectedVersion = Version(claim), classification = "Changed Meanwhile" });
        fields["Edit.Classification"] = "Typed Over";

        var response = await browser.PostAsync($"/claims/{Id(claim)}?handler=Correct", Form(fields, "acd", "cti"));

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Someone else changed this claim after you opened it. Nothing was saved.", html, StringComparison.Ordinal);
        Assert.Contains("value=\"Changed Meanwhile\"", html, StringComparison.Ordinal);
        Assert.Equal("Changed Meanwhile", (await GetAsync(mrc, $"/api/claims/{Id(claim)}")).GetProperty("classification").GetString());
    }

    [Fact]
    public async Task ClaimPage_ClosedClaim_HasNoEditDetails()
    {
        var (mrc, claim) = await ReferredClaimAsync(Unique("Correction Page Closed Unit"));
        await FireOkAsync(mrc, claim, "withdraw", new { reason = "duplicate" });

        var html = await PageForms.GetPageAsync(factory, Mrc, $"/claims/{Id(claim)}");

        Assert.DoesNotContain("edit-details", html, StringComparison.Ordinal);
    }
}
