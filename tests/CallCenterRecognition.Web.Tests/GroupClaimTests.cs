using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallCenterRecognition.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using UglyToad.PdfPig;
using static CallCenterRecognition.Web.Tests.Api;
using static CallCenterRecognition.Web.Tests.ReminderSupport;

namespace CallCenterRecognition.Web.Tests;

// One grievance per unit: members of a unit join its open claim; a recognized unit sends the next caller to a differential
// follow-up. Runs on SQLite by default and on PostgreSQL with CCR_TEST_PROVIDER=Postgres.
public sealed class GroupClaimTests(GroupClaimTests.Fixture fixture) : IClassFixture<GroupClaimTests.Fixture>
{
    private const string Today = "2026-03-26";

    private readonly AppFactory factory = fixture.App;

    public sealed class Fixture : IDisposable
    {
        public FakeTimeProvider Clock { get; } = new(ThursdayMorning);

        public AppFactory App => app ??= Factory(Clock);

        private AppFactory? app;

        public void Dispose() => app?.Dispose();
    }

    [Fact]
    public async Task AddGrievant_SecondMemberOfOpenUnit_OfferedAtIntakeThenInClaimPacketAndLinks()
    {
        var unit = UniqueUnit("Benefits Line");
        var mrc = await factory.ClientForAsync(Mrc);
        var claim = await OpenAsync(mrc, NewClaim(unit, member: "Pat First", email: "pat.first@example.org"));
        var rep1Id = await factory.UserIdAsync(Rep1);
        claim = await FireOkAsync(mrc, claim, "refer", new { representativeId = rep1Id });

        var offered = await GetAsync(mrc, $"/api/intake/unit?department=EDD&workUnit={Uri.EscapeDataString(unit.ToUpperInvariant() + " ")}");
        Assert.Equal("claim-open", offered.GetProperty("unit").GetProperty("status").GetString());
        Assert.Equal("article-21-4-recognition", offered.GetProperty("opens").GetString());
        var open = Assert.Single(offered.GetProperty("openClaims").EnumerateArray());
        Assert.Equal(claim.GetProperty("number").GetString(), open.GetProperty("number").GetString());
        Assert.True(open.GetProperty("mayAddGrievant").GetBoolean());

        var added = await mrc.PostAsJsonAsync($"/api/claims/{Id(claim)}/grievants", new { name = "Rosa Second", email = "rosa.second@example.org", phone = "916-555-0142", classification = "Program Technician" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var grievant = await added.Content.ReadFromJsonAsync<JsonElement>();
        var grievantId = grievant.GetProperty("id").GetInt64();

        var view = await GetAsync(mrc, $"/api/claims/{Id(claim)}");
        Assert.Equal("Pat First", view.GetProperty("member").GetProperty("name").GetString());
        Assert.Equal(["Pat First", "Rosa Second"], view.GetProperty("grievants").EnumerateArray().Select(g => g.GetProperty("name").GetString()!).ToArray());
        Assert.Equal(view.GetProperty("unitId").GetInt64(), offered.GetProperty("unit").GetProperty("id").GetInt64());

        var journal = await GetAsync(mrc, $"/api/claims/{Id(claim)}/journal");
        Assert.Contains(journal.EnumerateArray(), e => e.GetProperty("action").GetString() == "grievant-added");
        Assert.DoesNotContain("Rosa", journal.GetRawText(), StringComparison.Ordinal);
        Assert.True((await GetAsync(mrc, $"/api/claims/{Id(claim)}/journal/verify")).GetProperty("valid").GetBoolean());

        var told = await factory.WithDbAsync(db => db.Set<ReminderRow>().AsNoTracking().Where(r => r.ClaimId == Guid.Parse(Id(claim)) && r.Template == "grievant-added").ToListAsync());
        Assert.Equal(rep1Id, Assert.Single(told).RecipientUserId);

        var packet = await mrc.GetAsync($"/api/claims/{Id(claim)}/packet.pdf?draft=true");
        Assert.Equal(HttpStatusCode.OK, packet.StatusCode);
        using (var document = PdfDocument.Open(await packet.Content.ReadAsByteArrayAsync()))
        {
            var text = string.Concat(string.Join(" ", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text)))).Where(c => !char.IsWhiteSpace(c)));
            Assert.Contains("PatFirst", text, StringComparison.Ordinal);
            Assert.Contains("RosaSecond", text, StringComparison.Ordinal);
            var cover = string.Concat(string.Join(" ", document.GetPage(1).GetWords().Select(w => w.Text)).Where(c => !char.IsWhiteSpace(c)));
            Assert.Contains("Grievants", cover, StringComparison.Ordinal);
            Assert.Contains("PatFirst;RosaSecond", cover, StringComparison.Ordinal);
        }

        var link = await mrc.PostAsync($"/api/claims/{Id(claim)}/member-link?grievantId={grievantId}", null);
        Assert.Equal(HttpStatusCode.Created, link.StatusCode);
        var mail = Outbox(factory).Select(o => o.Message).Last(m => m.Subject != null && m.Subject.Contains(claim.GetProperty("number").GetString()!, StringComparison.Ordinal) && m.Subject.StartsWith("Send documents", StringComparison.Ordinal));
        Assert.Equal("rosa.second@example.org", Assert.Single(mail.To.Mailboxes).Address);
        Assert.Contains("Hello Rosa Second", mail.TextBody ?? string.Empty, StringComparison.Ordinal);

        var links = await GetAsync(mrc, $"/api/claims/{Id(claim)}/member-links");
        var items = links.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["Pat First", "Rosa Second"], items.Select(i => i.GetProperty("name").GetString()!).ToArray());
        Assert.Equal(JsonValueKind.Null, items[0].GetProperty("link").ValueKind);
        Assert.Equal(JsonValueKind.Object, items[1].GetProperty("link").ValueKind);

        var again = await mrc.PostAsJsonAsync($"/api/claims/{Id(claim)}/grievants", new { name = "Rosa Again", email = "ROSA.second@example.org" });
        Assert.Contains("email", ErrorFields(await ProblemAsync(again, HttpStatusCode.BadRequest)));

        var removed = await mrc.DeleteAsync($"/api/claims/{Id(claim)}/grievants/{grievantId}");
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        view = await GetAsync(mrc, $"/api/claims/{Id(claim)}");
        Assert.Single(view.GetProperty("grievants").EnumerateArray());
        journal = await GetAsync(mrc, $"/api/claims/{Id(claim)}/journal");
        Assert.Contains(journal.EnumerateArray(), e => e.GetProperty("action").GetString() == "grievant-removed");
        links = await GetAsync(mrc, $"/api/claims/{Id(claim)}/member-links");
        Assert.Single(links.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task AddGrievant_RepresentativeOfAnotherClaim_Forbidden()
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var claim = await OpenAsync(mrc, NewClaim(UniqueUnit("Tax Line")));
        claim = await FireOkAsync(mrc, claim, "refer", new { representativeId = await factory.UserIdAsync(Rep1) });
        var rep2 = await factory.ClientForAsync(Rep2);

        var response = await rep2.PostAsJsonAsync($"/api/claims/{Id(claim)}/grievants", new { name = "Not Theirs", email = "not.theirs@example.org" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task RecordDecision_Recognized_UnitRecognizedAndNextMemberRoutedToDifferentialFollowUp()
    {
        var unit = UniqueUnit("Claims Center");
        var mrc = await factory.ClientForAsync(Mrc);
        var rep1 = await factory.ClientForAsync(Rep1);
        var claim = await OpenAsync(mrc, NewClaim(unit, member: "Ana Winner", email: "ana.winner@example.org"));
        claim = await FireOkAsync(mrc, claim, "refer", new { representativeId = await factory.UserIdAsync(Rep1) });
        claim = await FireOkAsync(rep1, claim, "accept");
        claim = await FireOkAsync(rep1, claim, "file-grievance", new { filedOn = Today, confirmMissingEvidence = true });
        var unitId = claim.GetProperty("unitId").GetInt64();
        var follow = await OpenAsync(mrc, NewClaim(unit, member: "Early Follow", email: "early.follow@example.org"));
        Assert.Equal("article-21-4-recognition", follow.GetProperty("definitionId").GetString());

        claim = await FireOkAsync(rep1, claim, "record-decision", new { outcome = "recognized", decidedOn = "2026-03-20" });

        var unitRow = await factory.WithDbAsync(db => db.Units.AsNoTracking().FirstAsync(u => u.Id == unitId));
        Assert.Equal(("recognized", new DateOnly(2026, 3, 20)), (unitRow.Status, unitRow.StatusOn!.Value));
        var history = await factory.WithDbAsync(db => db.UnitHistory.AsNoTracking().Where(h => h.UnitId == unitId).OrderBy(h => h.Id).Select(h => h.Status).ToListAsync());
        Assert.Equal("recognized", history[^1]);
        var journal = await GetAsync(rep1, $"/api/claims/{Id(claim)}/journal");
        Assert.Contains(journal.EnumerateArray(), e => e.GetProperty("action").GetString() == "unit-status-changed" && e.GetProperty("data").GetProperty("unitStatus").GetString() == "recognized");
        Assert.True((await GetAsync(rep1, $"/api/claims/{Id(claim)}/journal/verify")).GetProperty("valid").GetBoolean());

        var refused = await mrc.PostAsJsonAsync("/api/claims", NewClaim(unit, member: "Third Caller", email: "third.caller@example.org"));
        var problem = await ProblemAsync(refused, HttpStatusCode.Conflict);
        Assert.Equal(unitId, problem.GetProperty("unitId").GetInt64());
        Assert.Equal("recognized", problem.GetProperty("unitStatus").GetString());

        var body = JsonSerializer.SerializeToElement(NewClaim(unit, member: "Third Caller", email: "third.caller@example.org"));
        var withDefinition = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(body)!;
        withDefinition["definitionId"] = JsonSerializer.SerializeToElement("differential-follow-up");
        var opened = await mrc.PostAsJsonAsync("/api/claims", withDefinition);
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var followUp = await opened.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("differential-follow-up", "check-pay", unitId), (followUp.GetProperty("definitionId").GetString(), Stage(followUp), followUp.GetProperty("unitId").GetInt64()));
        Assert.Contains("contact-hr", Permitted(followUp));

        var intake = await GetAsync(mrc, $"/api/intake/unit?department=EDD&workUnit={Uri.EscapeDataString(unit)}");
        Assert.Equal("differential-follow-up", intake.GetProperty("opens").GetString());

        followUp = await FireOkAsync(mrc, followUp, "confirm-paid", new { paidFrom = "2026-03-01" });
        Assert.Equal("paid", Stage(followUp));
        unitRow = await factory.WithDbAsync(db => db.Units.AsNoTracking().FirstAsync(u => u.Id == unitId));
        Assert.Equal("recognized", unitRow.Status);
    }

    [Fact]
    public async Task OpenClaim_FollowUpForUnitNotRecognized_Conflict()
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var body = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(JsonSerializer.SerializeToElement(NewClaim(UniqueUnit("Fresh Unit"))))!;
        body["definitionId"] = JsonSerializer.SerializeToElement("differential-follow-up");

        var response = await mrc.PostAsJsonAsync("/api/claims", body);

        var problem = await ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal("none", problem.GetProperty("unitStatus").GetString());
    }

    [Fact]
    public async Task OpenClaim_UnknownDefinition_BadRequestNamingDefinitionId()
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var body = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(JsonSerializer.SerializeToElement(NewClaim(UniqueUnit("Any Unit"))))!;
        body["definitionId"] = JsonSerializer.SerializeToElement("no-such-process");

        var response = await mrc.PostAsJsonAsync("/api/claims", body);

        Assert.Contains("definitionId", ErrorFields(await ProblemAsync(response, HttpStatusCode.BadRequest)));
    }

    private static string UniqueUnit(string name) => $"{name} {Guid.NewGuid():N}"[..(name.Length + 9)];
}
