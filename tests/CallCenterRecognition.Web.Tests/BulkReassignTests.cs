using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Reminders;
using CallCenterRecognition.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using static CallCenterRecognition.Web.Tests.Api;
using static CallCenterRecognition.Web.Tests.ReminderSupport;

namespace CallCenterRecognition.Web.Tests;

// A representative leaves: every open claim they hold moves to another one, each through its own workflow version's assigning
// action. Runs on SQLite by default and on PostgreSQL with CCR_TEST_PROVIDER=Postgres.
public sealed class BulkReassignTests(BulkReassignTests.Fixture fixture) : IClassFixture<BulkReassignTests.Fixture>
{
    private const string Definition = "article-21-4-recognition";
    private const string RepPassword = "Caseload-move-2026!";
    private const string Today = "2026-03-26";

    private readonly AppFactory factory = fixture.App;

    public sealed class Fixture : IDisposable
    {
        public FakeTimeProvider Clock { get; } = new(ThursdayMorning);

        public AppFactory App => app ??= Factory(Clock);

        private AppFactory? app;

        public void Dispose() => app?.Dispose();
    }

    private sealed record Rep(string Id, string Email, string Name);

    private static readonly string[] Stages = ["referral", "document-collection", "calhr-review", "recognized", "denied"];

    [Fact]
    public async Task Reassign_DepartedRepresentativesClaimsInFiveStages_AllMovedJournaledRemindersReaddressedAndBothTold()
    {
        var (departing, departingClient) = await RepresentativeWithPasswordAsync("Dana Departing");
        var taking = await RepresentativeAsync("Tomas Taking");
        var claims = new List<JsonElement>();
        foreach (var stage in Stages)
        {
            claims.Add(await ClaimInStageAsync(departing, departingClient, stage));
        }

        var ids = claims.Select(c => Guid.Parse(Id(c))).ToList();
        Assert.Equal(Stages, claims.Select(Stage));
        foreach (var id in ids)
        {
            Assert.Contains(await ScheduledForAssigneeAsync(id), r => r.RecipientUserId == departing.Id);
        }

        await DrainAsync();
        var admin = await factory.ClientForAsync(Admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/api/admin/users/{departing.Id}", new { active = false })).StatusCode);
        var ccwg = await factory.ClientForAsync(Ccwg);
        var ccwgId = await factory.UserIdAsync(Ccwg);

        var response = await ccwg.PostAsJsonAsync($"/api/admin/users/{departing.Id}/reassign", new { toRepresentativeId = taking.Id });

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var result = JsonDocument.Parse(body).RootElement;
        Assert.Empty(result.GetProperty("notMoved").EnumerateArray());
        var moved = result.GetProperty("moved").EnumerateArray().ToList();
        Assert.Equal(ids.Order(), moved.Select(m => m.GetProperty("claimId").GetGuid()).Order());
        Assert.Equal(claims.Select(c => c.GetProperty("number").GetString()).Order(StringComparer.Ordinal), moved.Select(m => m.GetProperty("number").GetString()).Order(StringComparer.Ordinal));

        var rows = await factory.WithDbAsync(db => db.Claims.AsNoTracking().Where(c => ids.Contains(c.Id)).ToListAsync());
        Assert.All(rows, c => Assert.Equal(taking.Id, c.AssignedRepresentativeId));
        Assert.Equal(Stages.Order(StringComparer.Ordinal), rows.Select(c => c.Stage).Order(StringComparer.Ordinal));
        foreach (var claim in rows)
        {
            var last = await factory.WithDbAsync(db => db.JournalEntries.AsNoTracking().Where(j => j.ClaimId == claim.Id).OrderByDescending(j => j.Sequence).FirstAsync());
            Assert.Equal(("reassign", claim.Stage, claim.Stage, ccwgId), (last.Action, last.FromStage, last.ToStage, last.ActorId));
            Assert.Contains(taking.Id, last.Data, StringComparison.Ordinal);

            var scheduled = await ScheduledForAssigneeAsync(claim.Id);
            Assert.NotEmpty(scheduled);
            Assert.All(scheduled, r => Assert.Equal(taking.Id, r.RecipientUserId));
        }

        foreach (var id in ids)
        {
            Assert.True((await GetAsync(ccwg, $"/api/claims/{id}/journal/verify")).GetProperty("valid").GetBoolean());
        }

        await DrainAsync();
        foreach (var claim in rows)
        {
            var mails = OutboxFor(factory, claim.Number).Where(IsNotice).ToList();
            Assert.Single(mails, m => To(m).SequenceEqual([taking.Email]) && m.Subject == $"Claim {claim.Number} is assigned to you");
            Assert.Single(mails, m => To(m).SequenceEqual([departing.Email]) && m.Subject == $"Claim {claim.Number} was reassigned to {taking.Name}");
        }
    }

    [Fact]
    public async Task Reassign_ClaimPinnedToVersionOneInAStageWithoutAssigningAction_ReportedNotMovedAndStaysWithTheOldRepresentative()
    {
        var (from, fromClient) = await RepresentativeWithPasswordAsync("Vera Versionone");
        var to = await RepresentativeAsync("Otto Other");
        var admin = await factory.ClientForAsync(Admin);
        JsonElement pinnedCollecting, pinnedReferral;

        // The latest publication wins, so each one is a minute after the one before.
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/workflows/{Definition}/versions/1/publish", null)).StatusCode);
        try
        {
            pinnedCollecting = await ClaimInStageAsync(from, fromClient, "document-collection");
            pinnedReferral = await ClaimInStageAsync(from, fromClient, "referral");
        }
        finally
        {
            fixture.Clock.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/workflows/{Definition}/versions/2/publish", null)).StatusCode);
        }

        var current = await ClaimInStageAsync(from, fromClient, "document-collection");
        var versions = await factory.WithDbAsync(db => db.Claims.Where(c => c.AssignedRepresentativeId == from.Id).ToDictionaryAsync(c => c.Id, c => c.DefinitionVersion));
        Assert.Equal(1, versions[Guid.Parse(Id(pinnedCollecting))]);
        Assert.Equal(1, versions[Guid.Parse(Id(pinnedReferral))]);
        Assert.Equal(2, versions[Guid.Parse(Id(current))]);

        var response = await admin.PostAsJsonAsync($"/api/admin/users/{from.Id}/reassign", new { toRepresentativeId = to.Id });

        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var notMoved = Assert.Single(result.GetProperty("notMoved").EnumerateArray());
        Assert.Equal(Id(pinnedCollecting), notMoved.GetProperty("claimId").GetString());
        Assert.Equal(pinnedCollecting.GetProperty("number").GetString(), notMoved.GetProperty("number").GetString());
        var reason = notMoved.GetProperty("reason").GetString()!;
        Assert.Contains("version 1", reason, StringComparison.Ordinal);
        Assert.Contains("Document collection", reason, StringComparison.Ordinal);
        var movedIds = result.GetProperty("moved").EnumerateArray().Select(m => m.GetProperty("claimId").GetString()!).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { Id(current), Id(pinnedReferral) }.Order(StringComparer.Ordinal), movedIds);

        var assignees = await factory.WithDbAsync(db => db.Claims.Where(c => versions.Keys.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => (c.AssignedRepresentativeId, c.Version)));
        Assert.Equal(from.Id, assignees[Guid.Parse(Id(pinnedCollecting))].AssignedRepresentativeId);
        Assert.Equal(Version(pinnedCollecting), assignees[Guid.Parse(Id(pinnedCollecting))].Version);
        Assert.Equal(to.Id, assignees[Guid.Parse(Id(pinnedReferral))].AssignedRepresentativeId);
        Assert.Equal(to.Id, assignees[Guid.Parse(Id(current))].AssignedRepresentativeId);
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("self")]
    [InlineData("not-a-representative")]
    [InlineData("unknown")]
    [InlineData("deactivated")]
    public async Task Reassign_BadTarget_Returns400NamingTheFieldAndMovesNothing(string target)
    {
        var (from, fromClient) = await RepresentativeWithPasswordAsync("Bea Badtarget");
        var claim = await ClaimInStageAsync(from, fromClient, "referral");
        object body = target switch
        {
            "missing" => new { },
            "self" => new { toRepresentativeId = from.Id },
            "not-a-representative" => new { toRepresentativeId = await factory.UserIdAsync(Mrc) },
            "unknown" => new { toRepresentativeId = Guid.NewGuid().ToString() },
            _ => new { toRepresentativeId = await DeactivatedRepresentativeAsync() },
        };
        var admin = await factory.ClientForAsync(Admin);

        var response = await admin.PostAsJsonAsync($"/api/admin/users/{from.Id}/reassign", body);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(["toRepresentativeId"], ErrorFields(problem));
        var after = await factory.WithDbAsync(db => db.Claims.AsNoTracking().SingleAsync(c => c.Id == Guid.Parse(Id(claim))));
        Assert.Equal((from.Id, Version(claim)), (after.AssignedRepresentativeId, after.Version));
    }

    [Fact]
    public async Task Reassign_UnknownUser_Returns404()
    {
        var admin = await factory.ClientForAsync(Admin);
        var response = await admin.PostAsJsonAsync($"/api/admin/users/{Guid.NewGuid()}/reassign", new { toRepresentativeId = await factory.UserIdAsync(Rep2) });
        await ProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(Mrc)]
    [InlineData(Rep2)]
    public async Task Reassign_AsMrcOrRepresentative_Returns403AndMovesNothing(string caller)
    {
        var rep1Id = await factory.UserIdAsync(Rep1);
        var before = await factory.WithDbAsync(db => db.Claims.CountAsync(c => c.AssignedRepresentativeId == rep1Id && !c.IsClosed));
        Assert.True(before > 0, "the sample claims give rep1 open claims");
        var client = await factory.ClientForAsync(caller);

        var response = await client.PostAsJsonAsync($"/api/admin/users/{rep1Id}/reassign", new { toRepresentativeId = await factory.UserIdAsync(Rep2) });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before, await factory.WithDbAsync(db => db.Claims.CountAsync(c => c.AssignedRepresentativeId == rep1Id && !c.IsClosed)));
    }

    [Fact]
    public async Task UserPage_MoveAllOpenClaimsForm_MovesThemAndShowsTheResult()
    {
        var (from, fromClient) = await RepresentativeWithPasswordAsync("Pia Pageform");
        var to = await RepresentativeAsync("Quinn Queue");
        var first = await ClaimInStageAsync(from, fromClient, "referral");
        var second = await ClaimInStageAsync(from, fromClient, "calhr-review");
        using var client = await PageForms.SignedInClientAsync(factory, Admin);

        var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/admin/users/{from.Id}"));
        Assert.Contains("Move all open claims to…", page, StringComparison.Ordinal);
        Assert.Contains($"<option value=\"{to.Id}\">{to.Name} (0 open)</option>", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"<option value=\"{from.Id}\"", page, StringComparison.Ordinal);

        var token = await PageForms.TokenAsync(client, $"/admin/users/{from.Id}");
        var response = await client.PostAsync($"/admin/users/{from.Id}?handler=Reassign", new FormUrlEncodedContent(
            [new("__RequestVerificationToken", token), new("ToRepresentativeId", to.Id)]));

        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.True(response.StatusCode == HttpStatusCode.OK, html);
        Assert.Contains($"Moved 2 open claims to {to.Name}.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("not moved", html, StringComparison.Ordinal);
        var ids = new[] { Guid.Parse(Id(first)), Guid.Parse(Id(second)) };
        var assignees = await factory.WithDbAsync(db => db.Claims.Where(c => ids.Contains(c.Id)).Select(c => c.AssignedRepresentativeId).ToListAsync());
        Assert.All(assignees, a => Assert.Equal(to.Id, a));
        Assert.DoesNotContain("Move all open claims to…", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UserPage_MoveWithoutChoosingARepresentative_Returns400BesideTheFieldAndMovesNothing()
    {
        var (from, fromClient) = await RepresentativeWithPasswordAsync("Nina Nochoice");
        var claim = await ClaimInStageAsync(from, fromClient, "referral");
        using var client = await PageForms.SignedInClientAsync(factory, Admin);
        var token = await PageForms.TokenAsync(client, $"/admin/users/{from.Id}");

        var response = await client.PostAsync($"/admin/users/{from.Id}?handler=Reassign", new FormUrlEncodedContent(
            [new("__RequestVerificationToken", token), new("ToRepresentativeId", string.Empty)]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("is required", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(from.Id, await factory.WithDbAsync(db => db.Claims.Where(c => c.Id == Guid.Parse(Id(claim))).Select(c => c.AssignedRepresentativeId).SingleAsync()));
    }

    private async Task<Rep> RepresentativeAsync(string name)
    {
        var email = StaffInvitationTests.Unique("rep");
        var admin = await factory.ClientForAsync(Admin);
        var response = await admin.PostAsJsonAsync("/api/admin/users", new { email, displayName = name, roles = new[] { Roles.Representative } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return new Rep(await factory.UserIdAsync(email), email, name);
    }

    // Accepting and filing are the assigned representative's own actions, so this one needs a password.
    private async Task<(Rep Rep, HttpClient Client)> RepresentativeWithPasswordAsync(string name)
    {
        var rep = await RepresentativeAsync(name);
        var link = StaffInvitationTests.LinkIn(StaffInvitationTests.MailTo(factory, rep.Email));
        Assert.Equal(HttpStatusCode.Redirect, (await StaffInvitationTests.SetPasswordThroughPageAsync(factory, link, RepPassword)).StatusCode);
        return (rep, await StaffInvitationTests.BearerClientAsync(factory, rep.Email, RepPassword));
    }

    private async Task<string> DeactivatedRepresentativeAsync()
    {
        var rep = await RepresentativeAsync("Gone Already");
        var admin = await factory.ClientForAsync(Admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/api/admin/users/{rep.Id}", new { active = false })).StatusCode);
        return rep.Id;
    }

    private async Task<JsonElement> ClaimInStageAsync(Rep rep, HttpClient repClient, string stage)
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var claim = await OpenAsync(mrc, NewClaim($"Caseload Unit {Guid.NewGuid():N}"[..24], member: "Casey Load", email: "casey@example.org"));
        claim = await FireOkAsync(mrc, claim, "refer", new { representativeId = rep.Id });
        var index = Array.IndexOf(Stages, stage);
        if (index >= 1)
        {
            claim = await FireOkAsync(repClient, claim, "accept");
        }

        if (index >= 2)
        {
            claim = await FireOkAsync(repClient, claim, "file-grievance", new { filedOn = Today, confirmMissingEvidence = true });
        }

        if (index >= 3)
        {
            claim = await FireOkAsync(repClient, claim, "record-decision", new { outcome = stage, decidedOn = Today });
        }

        Assert.Equal(stage, Stage(claim));
        return claim;
    }

    private Task<List<ReminderRow>> ScheduledForAssigneeAsync(Guid claimId) =>
        factory.WithDbAsync(db => db.Set<ReminderRow>().AsNoTracking()
            .Where(r => r.ClaimId == claimId && r.Status == ReminderStatus.Scheduled && r.Recipient == "assignee").ToListAsync());

    private async Task DrainAsync()
    {
        while (await RunDueAsync(factory) > 0)
        {
        }
    }
}
