using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using static CallCenterRecognition.Web.Tests.Api;

namespace CallCenterRecognition.Web.Tests;

public sealed class ActionErrorTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private async Task<(HttpClient Mrc, HttpClient Rep, JsonElement Claim)> ClaimInDocumentCollectionAsync(string unit)
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var rep = await factory.ClientForAsync(Rep1);
        var claim = await OpenAsync(mrc, NewClaim(unit));
        claim = await FireOkAsync(mrc, claim, "refer", new { representativeId = await factory.UserIdAsync(Rep1) });
        claim = await FireOkAsync(rep, claim, "accept");
        return (mrc, rep, claim);
    }

    private async Task AssertUnchangedAsync(HttpClient client, JsonElement before)
    {
        var now = await GetAsync(client, $"/api/claims/{Id(before)}");
        Assert.Equal(Version(before), Version(now));
        Assert.Equal(Stage(before), Stage(now));
        var journal = await GetAsync(client, $"/api/claims/{Id(before)}/journal");
        Assert.Equal(Version(before), journal.GetArrayLength());
    }

    [Fact]
    public async Task Fire_StaleExpectedVersion_Returns412AndChangesNothing()
    {
        var (_, rep, claim) = await ClaimInDocumentCollectionAsync("Stale Unit");
        var response = await FireAsync(rep, claim, "file-grievance", new { filedOn = "2026-11-20" }, expectedVersion: Version(claim) - 1);
        var problem = await ProblemAsync(response, HttpStatusCode.PreconditionFailed);
        Assert.Equal(Version(claim), problem.GetProperty("currentVersion").GetInt32());
        await AssertUnchangedAsync(rep, claim);
    }

    [Fact]
    public async Task Fire_ActionNotAllowedInStage_Returns409ListingPermittedActions()
    {
        var (_, rep, claim) = await ClaimInDocumentCollectionAsync("Wrong Stage Unit");
        var response = await FireAsync(rep, claim, "record-differential", new { effectiveOn = "2027-01-01" });
        var problem = await ProblemAsync(response, HttpStatusCode.Conflict);
        var permitted = problem.GetProperty("permittedActions").EnumerateArray().Select(a => a.GetProperty("id").GetString()).ToList();
        Assert.Equal(["file-grievance", "withdraw", "extend-deadline", "add-note"], permitted);
        Assert.Contains("file-grievance", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertUnchangedAsync(rep, claim);
    }

    [Fact]
    public async Task Fire_RoleMayNotAct_Returns403AndChangesNothing()
    {
        var (mrc, rep, claim) = await ClaimInDocumentCollectionAsync("Role Unit");
        var response = await FireAsync(mrc, claim, "file-grievance", new { filedOn = "2026-11-20" });
        await ProblemAsync(response, HttpStatusCode.Forbidden);
        await AssertUnchangedAsync(rep, claim);
    }

    [Fact]
    public async Task Accept_ByRepresentativeNotAssigned_Returns403()
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var claim = await OpenAsync(mrc, NewClaim("Other Rep Unit"));
        claim = await FireOkAsync(mrc, claim, "refer", new { representativeId = await factory.UserIdAsync(Rep1) });
        var rep2 = await factory.ClientForAsync(Rep2);
        await ProblemAsync(await FireAsync(rep2, claim, "accept"), HttpStatusCode.Forbidden);
        await ProblemAsync(await rep2.GetAsync($"/api/claims/{Id(claim)}"), HttpStatusCode.Forbidden);
        await ProblemAsync(await rep2.GetAsync($"/api/claims/{Id(claim)}/journal"), HttpStatusCode.Forbidden);
        await AssertUnchangedAsync(mrc, claim);
    }

    [Theory]
    [InlineData("{}", "filedOn")]
    [InlineData("{\"filedOn\":\"2026-13-01\"}", "filedOn")]
    [InlineData("{\"filedOn\":20261120}", "filedOn")]
    [InlineData("{\"filedOn\":\"2026-11-20\",\"extra\":\"x\"}", "extra")]
    public async Task Fire_MissingOrInvalidInput_Returns400NamingField(string inputs, string field)
    {
        var (_, rep, claim) = await ClaimInDocumentCollectionAsync("Input Unit " + field + inputs.Length);
        var body = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(inputs)!;
        body["expectedVersion"] = JsonSerializer.SerializeToElement(Version(claim));
        var response = await rep.PostAsJsonAsync($"/api/claims/{Id(claim)}/actions/file-grievance", body);
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(field, ErrorFields(problem));
        await AssertUnchangedAsync(rep, claim);
    }

    [Fact]
    public async Task RecordDecision_OutcomeNotAChoice_Returns400NamingOutcome()
    {
        var (_, rep, claim) = await ClaimInDocumentCollectionAsync("Outcome Unit");
        claim = await FireOkAsync(rep, claim, "file-grievance", new { filedOn = "2026-11-20", confirmMissingEvidence = true });
        var response = await FireAsync(rep, claim, "record-decision", new { outcome = "maybe", decidedOn = "2026-12-01" });
        Assert.Equal(["outcome"], ErrorFields(await ProblemAsync(response, HttpStatusCode.BadRequest)));
        await AssertUnchangedAsync(rep, claim);
    }

    [Fact]
    public async Task Refer_ToUserWhoIsNotARepresentative_Returns400()
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var claim = await OpenAsync(mrc, NewClaim("Not A Rep Unit"));
        var response = await FireAsync(mrc, claim, "refer", new { representativeId = await factory.UserIdAsync(Ccwg) });
        Assert.Equal(["representativeId"], ErrorFields(await ProblemAsync(response, HttpStatusCode.BadRequest)));
        var unknown = await FireAsync(mrc, claim, "refer", new { representativeId = "no-such-user" });
        Assert.Equal(["representativeId"], ErrorFields(await ProblemAsync(unknown, HttpStatusCode.BadRequest)));
        await AssertUnchangedAsync(mrc, claim);
    }

    [Fact]
    public async Task Fire_MissingExpectedVersion_Returns400NamingIt()
    {
        var (_, rep, claim) = await ClaimInDocumentCollectionAsync("No Version Unit");
        var response = await rep.PostAsJsonAsync($"/api/claims/{Id(claim)}/actions/add-note", new { text = "hello" });
        Assert.Equal(["expectedVersion"], ErrorFields(await ProblemAsync(response, HttpStatusCode.BadRequest)));
        await AssertUnchangedAsync(rep, claim);
    }

    [Fact]
    public async Task Fire_MalformedJson_Returns400Problem()
    {
        var (_, rep, claim) = await ClaimInDocumentCollectionAsync("Malformed Unit");
        var response = await rep.PostAsync($"/api/claims/{Id(claim)}/actions/add-note", new StringContent("{\"expectedVersion\": 3, \"text\": ", Encoding.UTF8, "application/json"));
        await ProblemAsync(response, HttpStatusCode.BadRequest);
        await AssertUnchangedAsync(rep, claim);
    }

    [Fact]
    public async Task Fire_UnknownClaim_Returns404()
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var response = await mrc.PostAsJsonAsync($"/api/claims/{Guid.NewGuid()}/actions/add-note", new { expectedVersion = 1, text = "x" });
        await ProblemAsync(response, HttpStatusCode.NotFound);
        await ProblemAsync(await mrc.GetAsync($"/api/claims/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Fire_UnknownAction_Returns404()
    {
        var (_, rep, claim) = await ClaimInDocumentCollectionAsync("Unknown Action Unit");
        await ProblemAsync(await FireAsync(rep, claim, "teleport"), HttpStatusCode.NotFound);
        await AssertUnchangedAsync(rep, claim);
    }

    [Fact]
    public async Task Fire_TwoConcurrentActionsWithSameVersion_ExactlyOneSucceeds()
    {
        var (mrc, rep, claim) = await ClaimInDocumentCollectionAsync("Race Unit");
        var ccwg = await factory.ClientForAsync(Ccwg);
        for (var round = 0; round < 5; round++)
        {
            var start = new TaskCompletionSource();
            var racers = new[] { rep, mrc, ccwg }.Select(async client =>
            {
                await start.Task;
                return await FireAsync(client, claim, "add-note", new { text = $"round {round}" });
            }).ToList();
            start.SetResult();
            var responses = await Task.WhenAll(racers);
            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
            Assert.Equal(2, responses.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed));
            claim = await GetAsync(rep, $"/api/claims/{Id(claim)}");
        }

        var journal = await GetAsync(rep, $"/api/claims/{Id(claim)}/journal");
        Assert.Equal(Enumerable.Range(1, Version(claim)).Select(i => (long)i), journal.EnumerateArray().Select(e => e.GetProperty("sequence").GetInt64()));
    }
}
