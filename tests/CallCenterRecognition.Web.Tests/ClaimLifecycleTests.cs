using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using CallCenterRecognition.Workflows;
using static CallCenterRecognition.Web.Tests.Api;

namespace CallCenterRecognition.Web.Tests;

public sealed class ClaimLifecycleTests(AppFactory factory) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task FullPath_RecognizedThenDifferential_EndsClosedWithVerifiedJournal()
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var rep = await factory.ClientForAsync(Rep1);
        var rep1Id = await factory.UserIdAsync(Rep1);

        var response = await mrc.PostAsJsonAsync("/api/claims", NewClaim("Lifecycle Unit A"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var claim = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal($"/api/claims/{Id(claim)}", response.Headers.Location?.OriginalString);
        Assert.Equal($"\"{Version(claim)}\"", response.Headers.ETag?.Tag);
        Assert.Matches(new Regex(@"^CC-\d{4}-\d{5}$"), claim.GetProperty("number").GetString());
        Assert.Equal("intake", Stage(claim));
        Assert.Equal("open", claim.GetProperty("status").GetString());
        Assert.Contains("refer", Permitted(claim));

        claim = await FireOkAsync(mrc, claim, "refer", new { representativeId = rep1Id });
        Assert.Equal("referral", Stage(claim));
        Assert.Equal(rep1Id, claim.GetProperty("assignedRepresentative").GetProperty("id").GetString());

        claim = await GetAsync(rep, $"/api/claims/{Id(claim)}");
        Assert.Contains("accept", Permitted(claim));
        claim = await FireOkAsync(rep, claim, "accept");
        Assert.Equal("document-collection", Stage(claim));
        claim = await FireOkAsync(rep, claim, "file-grievance", new { filedOn = "2026-11-20", confirmMissingEvidence = true });
        Assert.Equal("calhr-review", Stage(claim));
        claim = await FireOkAsync(rep, claim, "record-decision", new { outcome = "recognized", decidedOn = "2026-12-01" });
        Assert.Equal("recognized", Stage(claim));
        Assert.Equal("open", claim.GetProperty("status").GetString());
        claim = await FireOkAsync(rep, claim, "record-differential", new { effectiveOn = "2027-01-01" });
        Assert.Equal("differential-granted", Stage(claim));
        Assert.Equal("closed", claim.GetProperty("status").GetString());
        Assert.Empty(Permitted(claim));
        Assert.Equal(6, Version(claim));

        var journal = await GetAsync(rep, $"/api/claims/{Id(claim)}/journal");
        var entries = journal.EnumerateArray().ToList();
        // The decision and the differential are the unit's too: each is followed by the unit's status change, on the same chain.
        Assert.Equal(["start", "refer", "accept", "file-grievance", "record-decision", "unit-status-changed", "record-differential", "unit-status-changed"], entries.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal([1L, 2, 3, 4, 5, 6, 7, 8], entries.Select(e => e.GetProperty("sequence").GetInt64()));
        Assert.Equal(["recognized", "differential-granted"], entries.Where(e => e.GetProperty("action").GetString() == "unit-status-changed").Select(e => e.GetProperty("data").GetProperty("unitStatus").GetString()));
        Assert.Equal("recognized", entries[4].GetProperty("data").GetProperty("outcome").GetString());
        Assert.Equal("calhr-review", entries[4].GetProperty("fromStage").GetString());
        Assert.Equal("Raymond Chen", entries[2].GetProperty("actor").GetProperty("name").GetString());
        var verification = JournalChain.Verify(await factory.WithDbAsync(async db =>
            (await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
                db.JournalEntries.Where(e => e.ClaimId == Guid.Parse(Id(claim))).OrderBy(e => e.Sequence))).Select(e => new JournalEntry(
                    e.Sequence, e.At, e.ActorId, e.ActorName, e.Action, e.FromStage, e.ToStage, e.Data, e.PreviousHash, e.Hash)).ToList()));
        Assert.True(verification.Valid, verification.Reason);
        Assert.Equal(8, verification.Count);
        for (var i = 1; i < entries.Count; i++)
        {
            Assert.Equal(entries[i - 1].GetProperty("hash").GetString(), entries[i].GetProperty("previousHash").GetString());
        }
    }

    [Fact]
    public async Task DeniedBranch_AppealThenDeniedAgainAndClosed_FollowsDefinition()
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var rep = await factory.ClientForAsync(Rep1);
        var claim = await OpenAsync(mrc, NewClaim("Denied Branch Unit"));
        claim = await FireOkAsync(mrc, claim, "refer", new { representativeId = await factory.UserIdAsync(Rep1) });
        claim = await FireOkAsync(rep, claim, "accept");
        claim = await FireOkAsync(rep, claim, "file-grievance", new { filedOn = "2026-11-20", confirmMissingEvidence = true });
        claim = await FireOkAsync(rep, claim, "record-decision", new { outcome = "denied", decidedOn = "2026-12-01" });
        Assert.Equal("denied", Stage(claim));
        Assert.Equal(["appeal", "close", "withdraw", "extend-deadline", "add-note"], Permitted(claim));

        claim = await FireOkAsync(rep, claim, "appeal", new { note = "Appealing with new org chart." });
        Assert.Equal("calhr-review", Stage(claim));
        claim = await FireOkAsync(rep, claim, "record-decision", new { outcome = "denied", decidedOn = "2026-11-30" });
        claim = await FireOkAsync(rep, claim, "close");
        Assert.Equal("closed", Stage(claim));
        Assert.Equal("closed", claim.GetProperty("status").GetString());

        var afterClose = await FireAsync(rep, claim, "add-note", new { text = "too late" });
        var problem = await ProblemAsync(afterClose, HttpStatusCode.Conflict);
        Assert.Empty(problem.GetProperty("permittedActions").EnumerateArray());
    }

    [Fact]
    public async Task Withdraw_FromReferral_ClosesAndRecordsReason()
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var claim = await OpenAsync(mrc, NewClaim("Withdraw Unit"));
        claim = await FireOkAsync(mrc, claim, "refer", new { representativeId = await factory.UserIdAsync(Rep2) });
        claim = await FireOkAsync(mrc, claim, "withdraw", new { reason = "Member moved to another unit." });
        Assert.Equal("withdrawn", Stage(claim));
        Assert.Equal("closed", claim.GetProperty("status").GetString());
        Assert.Null(claim.GetProperty("dueAt").GetString());

        var journal = await GetAsync(mrc, $"/api/claims/{Id(claim)}/journal");
        var last = journal.EnumerateArray().Last();
        Assert.Equal("withdraw", last.GetProperty("action").GetString());
        Assert.Equal("referral", last.GetProperty("fromStage").GetString());
        Assert.Equal("Member moved to another unit.", last.GetProperty("data").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task AddNote_InAnyOpenStage_StaysInStageAndKeepsDueDate()
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var claim = await OpenAsync(mrc, NewClaim("Note Unit"));
        var noted = await FireOkAsync(mrc, claim, "add-note", new { text = "Member called back <b>twice</b>." });
        Assert.Equal("intake", Stage(noted));
        Assert.Equal(Version(claim) + 1, Version(noted));
        Assert.Equal(claim.GetProperty("dueAt").GetString(), noted.GetProperty("dueAt").GetString());
        Assert.Equal(claim.GetProperty("stageEnteredAt").GetString(), noted.GetProperty("stageEnteredAt").GetString());
        var journal = await GetAsync(mrc, $"/api/claims/{Id(claim)}/journal");
        Assert.Equal("Member called back <b>twice</b>.", journal.EnumerateArray().Last().GetProperty("data").GetProperty("text").GetString());
    }

    [Fact]
    public async Task Reassign_ToAnotherRepresentative_MovesClaimBetweenQueues()
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var rep1 = await factory.ClientForAsync(Rep1);
        var rep2 = await factory.ClientForAsync(Rep2);
        var claim = await OpenAsync(mrc, NewClaim("Reassign Unit", member: "Quinn Reassign"));
        claim = await FireOkAsync(mrc, claim, "refer", new { representativeId = await factory.UserIdAsync(Rep1) });
        Assert.Equal(1, (await GetAsync(rep1, "/api/claims?q=quinn reassign")).GetProperty("total").GetInt32());

        var same = await FireAsync(mrc, claim, "reassign", new { representativeId = await factory.UserIdAsync(Rep1) });
        Assert.Contains("representativeId", ErrorFields(await ProblemAsync(same, HttpStatusCode.BadRequest)));

        claim = await FireOkAsync(mrc, claim, "reassign", new { representativeId = await factory.UserIdAsync(Rep2) });
        Assert.Equal("referral", Stage(claim));
        Assert.Equal(0, (await GetAsync(rep1, "/api/claims?q=quinn reassign")).GetProperty("total").GetInt32());
        Assert.Equal(1, (await GetAsync(rep2, "/api/claims?q=quinn reassign")).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.Forbidden, (await rep1.GetAsync($"/api/claims/{Id(claim)}")).StatusCode);
    }

    [Fact]
    public async Task IfMatch_InsteadOfExpectedVersion_IsAccepted()
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var claim = await OpenAsync(mrc, NewClaim("If-Match Unit"));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/claims/{Id(claim)}/actions/add-note")
        {
            Content = JsonContent.Create(new { text = "via If-Match" }),
        };
        request.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{Version(claim)}\""));
        var response = await mrc.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"\"{Version(claim) + 1}\"", response.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task ClaimNumbers_OpenedInSequence_AreConsecutiveAndUnique()
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var numbers = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            numbers.Add((await OpenAsync(mrc, NewClaim($"Numbering Unit {i}"))).GetProperty("number").GetString()!);
        }

        var sequence = numbers.Select(n => int.Parse(n[^5..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal([sequence[0], sequence[0] + 1, sequence[0] + 2], sequence);
        Assert.All(numbers, n => Assert.StartsWith($"CC-{numbers[0][3..7]}-", n, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RelatedClaims_SameUnitDifferentCaseAndSpaces_AreLinked()
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var first = await OpenAsync(mrc, NewClaim("Related  Contact Center", "FTB", "First Member", "first@example.org"));
        var second = await OpenAsync(mrc, NewClaim("related contact center ", "ftb", "Second Member", "second@example.org"));
        var other = await OpenAsync(mrc, NewClaim("Related Contact Center West", "FTB"));

        var related = second.GetProperty("relatedClaims").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        Assert.Contains(Id(first), related);
        Assert.DoesNotContain(Id(other), related);
        Assert.DoesNotContain(Id(second), related);
    }
}
