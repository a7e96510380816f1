using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static CallCenterRecognition.Web.Tests.Api;

namespace CallCenterRecognition.Web.Tests;

public sealed class UnitsApiTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private static string Unique(string text) => $"{text} {Guid.NewGuid().ToString("N")[..8]}";

    private static async Task<JsonElement> UnitOfAsync(HttpClient client, string workUnit, string department = "EDD")
    {
        var list = await GetAsync(client, $"/api/units?department={department}&q={Uri.EscapeDataString(workUnit)}");
        return Assert.Single(list.GetProperty("items").EnumerateArray());
    }

    private static long UnitId(JsonElement unit) => unit.GetProperty("id").GetInt64();

    private async Task<JsonElement> RecognizedClaimAsync(string workUnit, string department = "EDD")
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var rep = await factory.ClientForAsync(Rep1);
        var claim = await OpenAsync(mrc, NewClaim(workUnit, department));
        claim = await FireOkAsync(mrc, claim, "refer", new { representativeId = await factory.UserIdAsync(Rep1) });
        claim = await FireOkAsync(rep, claim, "accept");
        claim = await FireOkAsync(rep, claim, "file-grievance", new { filedOn = "2026-11-20", confirmMissingEvidence = true });
        return await FireOkAsync(rep, claim, "record-decision", new { outcome = "recognized", decidedOn = "2026-12-01" });
    }

    [Fact]
    public async Task List_FilteredByDepartmentStatusAndText_ReturnsOnlyMatchingUnitsWithOpenClaimCounts()
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var open = Unique("Units Filter Open");
        await OpenAsync(mrc, NewClaim(open, "FTB"));
        await OpenAsync(mrc, NewClaim(open, "FTB", member: "Second Member", email: "second@example.org"));
        var recognized = Unique("Units Filter Recognized");
        await RecognizedClaimAsync(recognized, "FTB");

        var byDepartment = await GetAsync(mrc, "/api/units?department=FTB&pageSize=100");
        var items = byDepartment.GetProperty("items").EnumerateArray().ToList();
        Assert.All(items, u => Assert.Equal("FTB", u.GetProperty("department").GetString()));
        Assert.Contains(items, u => u.GetProperty("workUnit").GetString() == open);
        Assert.True(byDepartment.GetProperty("total").GetInt32() >= 2);

        var openUnit = await UnitOfAsync(mrc, open.ToUpperInvariant(), "FTB");
        Assert.Equal(2, openUnit.GetProperty("openClaims").GetInt32());
        Assert.Equal("claim-open", openUnit.GetProperty("status").GetString());

        var recognizedList = await GetAsync(mrc, "/api/units?department=FTB&status=recognized&pageSize=100");
        var recognizedItems = recognizedList.GetProperty("items").EnumerateArray().ToList();
        Assert.All(recognizedItems, u => Assert.Equal("recognized", u.GetProperty("status").GetString()));
        var unit = Assert.Single(recognizedItems, u => u.GetProperty("workUnit").GetString() == recognized);
        Assert.Equal("2026-12-01", unit.GetProperty("statusOn").GetString());
        Assert.DoesNotContain(recognizedItems, u => u.GetProperty("workUnit").GetString() == open);
    }

    [Fact]
    public async Task List_UnknownStatus_Returns400ListingTheValidValues()
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var problem = await ProblemAsync(await mrc.GetAsync("/api/units?status=approved"), HttpStatusCode.BadRequest);
        var message = problem.GetProperty("errors").GetProperty("status")[0].GetString()!;
        foreach (var status in new[] { "none", "claim-open", "recognized", "denied", "differential-granted" })
        {
            Assert.Contains(status, message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Get_UnitWithClaim_ShowsClaimsGrievantsAndHistory()
    {
        var workUnit = Unique("Units Detail");
        var claim = await RecognizedClaimAsync(workUnit);
        var ccwg = await factory.ClientForAsync(Ccwg);
        var unit = await GetAsync(ccwg, $"/api/units/{UnitId(await UnitOfAsync(ccwg, workUnit))}");

        Assert.Equal("recognized", unit.GetProperty("status").GetString());
        var claimItem = Assert.Single(unit.GetProperty("claims").EnumerateArray());
        Assert.Equal(Id(claim), claimItem.GetProperty("id").GetString());
        Assert.Equal(claim.GetProperty("number").GetString(), claimItem.GetProperty("number").GetString());
        Assert.Equal("recognized", claimItem.GetProperty("stage").GetString());
        var grievant = Assert.Single(unit.GetProperty("grievants").EnumerateArray());
        Assert.Equal("Pat Member", grievant.GetProperty("name").GetString());
        var history = unit.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal("created", history[0].GetProperty("change").GetString());
        Assert.Contains(history, h => h.GetProperty("change").GetString() == "status" && h.GetProperty("status").GetString() == "recognized"
            && h.GetProperty("claimNumber").GetString() == claim.GetProperty("number").GetString());
        Assert.Equal(JsonValueKind.Null, unit.GetProperty("mergedIntoId").ValueKind);

        // Rep2 is not assigned the claim: the unit's claims show, the member's name does not.
        var rep2 = await factory.ClientForAsync(Rep2);
        var asRep2 = await GetAsync(rep2, $"/api/units/{unit.GetProperty("id").GetInt64()}");
        Assert.Single(asRep2.GetProperty("claims").EnumerateArray());
        Assert.Empty(asRep2.GetProperty("grievants").EnumerateArray());
    }

    [Fact]
    public async Task Patch_Rename_RecordsOldAndNewInHistory()
    {
        var workUnit = Unique("Units Rename");
        var mrc = await factory.ClientForAsync(Mrc);
        await OpenAsync(mrc, NewClaim(workUnit));
        var ccwg = await factory.ClientForAsync(Ccwg);
        var id = UnitId(await UnitOfAsync(ccwg, workUnit));

        var response = await ccwg.PatchAsJsonAsync($"/api/units/{id}", new { name = "Renamed " + workUnit, location = "Sacramento, 722 Capitol Mall" });
        var unit = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Renamed " + workUnit, unit.GetProperty("name").GetString());
        Assert.Equal("Sacramento, 722 Capitol Mall", unit.GetProperty("location").GetString());
        var renamed = Assert.Single(unit.GetProperty("history").EnumerateArray(), h => h.GetProperty("change").GetString() == "renamed");
        Assert.Contains($"{workUnit} → Renamed {workUnit}", renamed.GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("Irene Green", renamed.GetProperty("actor").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Mrc)]
    [InlineData(Rep1)]
    public async Task Patch_NotCcwgOrAdmin_Returns403AndChangesNothing(string caller)
    {
        var workUnit = Unique("Units Forbidden");
        var mrc = await factory.ClientForAsync(Mrc);
        await OpenAsync(mrc, NewClaim(workUnit));
        var id = UnitId(await UnitOfAsync(mrc, workUnit));
        var client = await factory.ClientForAsync(caller);

        var response = await client.PatchAsJsonAsync($"/api/units/{id}", new { name = "Not allowed" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(workUnit, (await GetAsync(mrc, $"/api/units/{id}")).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Patch_MergeInto_MovesClaimsJournalsEachAndDropsTheUnitFromTheList()
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var ccwg = await factory.ClientForAsync(Ccwg);
        var target = Unique("Units Merge Target");
        var source = Unique("Units Merge Source");
        var targetClaim = await OpenAsync(mrc, NewClaim(target));
        // The second claim first: once the unit is recognized, intake opens no grievance for it.
        var second = await OpenAsync(mrc, NewClaim(source, member: "Sam Other", email: "sam@example.org"));
        var moved = new[] { await RecognizedClaimAsync(source), second };
        var sourceId = UnitId(await UnitOfAsync(ccwg, source));
        var targetId = UnitId(await UnitOfAsync(ccwg, target));

        var response = await ccwg.PatchAsJsonAsync($"/api/units/{sourceId}", new { mergeInto = targetId });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());

        var merged = await GetAsync(ccwg, $"/api/units/{targetId}");
        Assert.Equal(3, merged.GetProperty("claims").GetArrayLength());
        Assert.Equal("recognized", merged.GetProperty("status").GetString());
        Assert.Equal("2026-12-01", merged.GetProperty("statusOn").GetString());
        Assert.Equal(3, merged.GetProperty("grievants").GetArrayLength());
        Assert.Contains(merged.GetProperty("history").EnumerateArray(), h => h.GetProperty("change").GetString() == "merged");
        foreach (var claim in moved)
        {
            var journal = (await GetAsync(ccwg, $"/api/claims/{Id(claim)}/journal")).EnumerateArray().ToList();
            var entry = journal[^1];
            Assert.Equal("unit-merged", entry.GetProperty("action").GetString());
            Assert.Equal(sourceId.ToString(System.Globalization.CultureInfo.InvariantCulture), entry.GetProperty("data").GetProperty("fromUnitId").GetString());
            Assert.True((await GetAsync(ccwg, $"/api/claims/{Id(claim)}/journal/verify")).GetProperty("valid").GetBoolean());
        }

        // Related claims follow the unit key: the target's claim now sees the moved ones.
        var related = (await GetAsync(mrc, $"/api/claims/{Id(targetClaim)}")).GetProperty("relatedClaims").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        Assert.All(moved, m => Assert.Contains(Id(m), related));

        var away = await GetAsync(ccwg, $"/api/units/{sourceId}");
        Assert.Equal(targetId, away.GetProperty("mergedIntoId").GetInt64());
        Assert.Contains(away.GetProperty("history").EnumerateArray(), h => h.GetProperty("change").GetString() == "merged-into");
        var list = await GetAsync(ccwg, $"/api/units?department=EDD&q={Uri.EscapeDataString(source)}");
        Assert.Equal(0, list.GetProperty("total").GetInt32());

        // Intake given the old spelling finds the target, now recognized through the merge.
        var later = await ProblemAsync(await mrc.PostAsJsonAsync("/api/claims", NewClaim(source, member: "Late Member", email: "late@example.org")), HttpStatusCode.Conflict);
        Assert.Equal(targetId, later.GetProperty("unitId").GetInt64());
    }

    [Fact]
    public async Task Patch_MergeIntoItselfAMergedUnitOrAnotherDepartment_Returns400()
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var ccwg = await factory.ClientForAsync(Ccwg);
        var a = Unique("Units Refuse A");
        var b = Unique("Units Refuse B");
        var c = Unique("Units Refuse C");
        var other = Unique("Units Refuse Other");
        await OpenAsync(mrc, NewClaim(a));
        await OpenAsync(mrc, NewClaim(b));
        await OpenAsync(mrc, NewClaim(c));
        await OpenAsync(mrc, NewClaim(other, "DMV"));
        var aId = UnitId(await UnitOfAsync(ccwg, a));
        var bId = UnitId(await UnitOfAsync(ccwg, b));
        var cId = UnitId(await UnitOfAsync(ccwg, c));
        var otherId = UnitId(await UnitOfAsync(ccwg, other, "DMV"));
        Assert.Equal(HttpStatusCode.OK, (await ccwg.PatchAsJsonAsync($"/api/units/{bId}", new { mergeInto = cId })).StatusCode);

        foreach (var into in new[] { aId, bId, otherId, 987654321L })
        {
            var problem = await ProblemAsync(await ccwg.PatchAsJsonAsync($"/api/units/{aId}", new { mergeInto = into }), HttpStatusCode.BadRequest);
            Assert.Equal(["mergeInto"], ErrorFields(problem));
        }

        var unchanged = await GetAsync(ccwg, $"/api/units/{aId}");
        Assert.Equal(JsonValueKind.Null, unchanged.GetProperty("mergedIntoId").ValueKind);
        Assert.Single(unchanged.GetProperty("claims").EnumerateArray());
    }

    [Fact]
    public async Task DashboardUnitsCsv_RecognizedUnit_IsListedWithStatusAndDate()
    {
        var workUnit = Unique("Units Csv Recognized");
        await RecognizedClaimAsync(workUnit);
        var ccwg = await factory.ClientForAsync(Ccwg);

        var dashboard = await GetAsync(ccwg, "/api/dashboard");
        Assert.Contains(dashboard.GetProperty("units").GetProperty("recognized").EnumerateArray(), u => u.GetProperty("workUnit").GetString() == workUnit);
        Assert.True(dashboard.GetProperty("membersCovered").GetInt32() >= 1);

        var page = await PageForms.SignedInClientAsync(factory, Ccwg);
        var response = await page.GetAsync("/dashboard?handler=UnitsCsv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var csv = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("department,workUnit,name,location,status,statusOn,openClaims,claims", csv.TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Contains($"EDD,{workUnit},{workUnit},,recognized,2026-12-01,1,1", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DashboardUnitsCsv_FormulaLikeUnitName_IsWrittenAsText()
    {
        var workUnit = Unique("Units Csv Formula");
        var mrc = await factory.ClientForAsync(Mrc);
        await OpenAsync(mrc, NewClaim(workUnit));
        var ccwg = await factory.ClientForAsync(Ccwg);
        var id = UnitId(await UnitOfAsync(ccwg, workUnit));
        Assert.Equal(HttpStatusCode.OK, (await ccwg.PatchAsJsonAsync($"/api/units/{id}", new { name = "=HYPERLINK(\"http://evil\")" })).StatusCode);

        var page = await PageForms.SignedInClientAsync(factory, Ccwg);
        var csv = await (await page.GetAsync("/dashboard?handler=UnitsCsv&department=EDD")).Content.ReadAsStringAsync();
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil\"\")\"", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnitPages_CcwgMergesThroughTheConfirmStep_ClaimsMoveAndTheListShowsTheTarget()
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var target = Unique("Units Page Target");
        var source = Unique("Units Page Source <b>");
        await OpenAsync(mrc, NewClaim(target));
        await OpenAsync(mrc, NewClaim(source));
        var sourceId = UnitId(await UnitOfAsync(mrc, source));
        var targetId = UnitId(await UnitOfAsync(mrc, target));
        var page = await PageForms.SignedInClientAsync(factory, Ccwg);

        var unitHtml = await (await page.GetAsync($"/units/{sourceId}")).Content.ReadAsStringAsync();
        Assert.Contains("Merge into", unitHtml, StringComparison.Ordinal);
        Assert.Contains($"<option value=\"{targetId}\">", unitHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", unitHtml, StringComparison.Ordinal);
        var confirm = await page.GetAsync($"/units/{sourceId}/edit?mergeInto={targetId}");
        Assert.Contains("id=\"confirm-merge\"", await confirm.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var token = await PageForms.TokenAsync(page, $"/units/{sourceId}/edit?mergeInto={targetId}");

        var response = await page.PostAsync($"/units/{sourceId}/edit?handler=Merge", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["MergeInto"] = targetId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/units/{targetId}?done=merged", response.Headers.Location?.OriginalString);
        Assert.Equal(2, (await GetAsync(mrc, $"/api/units/{targetId}")).GetProperty("claims").GetArrayLength());
        var list = await (await page.GetAsync("/units?department=EDD&q=Units+Page")).Content.ReadAsStringAsync();
        Assert.Contains($"data-unit=\"{targetId}\"", list, StringComparison.Ordinal);
        Assert.DoesNotContain($"data-unit=\"{sourceId}\"", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnitPages_Mrc_SeesTheUnitButNoEditFormAndIsRefusedTheEditPage()
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var workUnit = Unique("Units Page Mrc");
        await OpenAsync(mrc, NewClaim(workUnit));
        var id = UnitId(await UnitOfAsync(mrc, workUnit));
        var page = await PageForms.SignedInClientAsync(factory, Mrc);

        var html = await (await page.GetAsync($"/units/{id}")).Content.ReadAsStringAsync();
        Assert.Contains(workUnit, html, StringComparison.Ordinal);
        Assert.DoesNotContain("Merge into", html, StringComparison.Ordinal);
        var edit = await page.GetAsync($"/units/{id}/edit");
        Assert.Equal(HttpStatusCode.Redirect, edit.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", edit.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }
}
