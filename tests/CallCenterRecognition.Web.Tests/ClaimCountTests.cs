using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Dashboard;
using CallCenterRecognition.Web.Features.Units;
using CallCenterRecognition.Web.Features.Workflows;
using CallCenterRecognition.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using static CallCenterRecognition.Web.Tests.Api;

namespace CallCenterRecognition.Web.Tests;

// The dashboard reads its counts from ClaimCounts, which database triggers keep; after every kind of change it must equal a
// recount of the claims and their current grievants. Runs on SQLite by default and on PostgreSQL with CCR_TEST_PROVIDER=Postgres.
public sealed class ClaimCountTests : IDisposable
{
    private const string Definition = "article-21-4-recognition";
    private readonly AppFactory factory = new();

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task Counts_AfterActionsCorrectionsGrievantsReassignAndMigration_EqualARecount()
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var rep1 = await factory.ClientForAsync(Rep1);
        var ccwg = await factory.ClientForAsync(Ccwg);
        var admin = await factory.ClientForAsync(Admin);
        var rep1Id = await factory.UserIdAsync(Rep1);
        var rep2Id = await factory.UserIdAsync(Rep2);
        var today = factory.Services.GetRequiredService<LocalClock>().Today().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await AssertCountsEqualRecountAsync("at start");

        // Opened, then moved through the stages by actions, one of them to "denied" and one withdrawn.
        var opened = new List<JsonElement>();
        for (var i = 0; i < 4; i++)
        {
            opened.Add(await OpenAsync(mrc, NewClaim(workUnit: $"Count Unit {i}", department: i % 2 == 0 ? "EDD" : "FTB", member: $"Count Member {i}", email: $"count{i}@example.org")));
        }

        await AssertCountsEqualRecountAsync("after opening");
        var denied = opened[0];
        foreach (var (action, client, inputs) in new (string, HttpClient, object?)[]
        {
            ("refer", mrc, new { representativeId = rep1Id }),
            ("accept", rep1, null),
            ("file-grievance", rep1, new { filedOn = today, confirmMissingEvidence = "true" }),
            ("record-decision", rep1, new { outcome = "denied", decidedOn = today }),
        })
        {
            denied = await FireOkAsync(client, denied, action, inputs);
        }

        Assert.Equal("denied", Stage(denied));
        var referred = await FireOkAsync(mrc, opened[1], "refer", new { representativeId = rep1Id });
        await FireOkAsync(mrc, opened[2], "withdraw", new { reason = "The member left the unit." });
        await AssertCountsEqualRecountAsync("after actions");

        // A correction that moves a claim to another department moves its count and its members.
        var corrected = await mrc.PatchAsJsonAsync($"/api/claims/{Id(referred)}", new { expectedVersion = Version(referred), department = "DMV" });
        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        await AssertCountsEqualRecountAsync("after a correction");

        // Grievants added and one removed again.
        var added = await mrc.PostAsJsonAsync($"/api/claims/{Id(opened[3])}/grievants", new { name = "Second Grievant", email = "second@example.org" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var third = await mrc.PostAsJsonAsync($"/api/claims/{Id(opened[3])}/grievants", new { name = "Third Grievant", email = "third@example.org" });
        Assert.Equal(HttpStatusCode.Created, third.StatusCode);
        var thirdId = (await third.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.NoContent, (await mrc.DeleteAsync($"/api/claims/{Id(opened[3])}/grievants/{thirdId}")).StatusCode);
        await AssertCountsEqualRecountAsync("after grievants were added and removed");

        // Bulk reassignment moves claims between representatives, not between cells.
        var reassigned = await ccwg.PostAsJsonAsync($"/api/admin/users/{rep1Id}/reassign", new { toRepresentativeId = rep2Id });
        Assert.Equal(HttpStatusCode.OK, reassigned.StatusCode);
        await AssertCountsEqualRecountAsync("after a bulk reassignment");

        // A unit merged into another (same department) leaves the unit counts, and the target may take its stronger status.
        var (mergedUnit, targetUnit) = await factory.WithDbAsync(async db =>
        {
            var ids = new[] { Guid.Parse(Id(opened[2])), Guid.Parse(Id(denied)) };
            var units = await db.Claims.Where(c => ids.Contains(c.Id)).Select(c => new { c.Id, c.UnitId }).ToListAsync();
            return (units.Single(u => u.Id == ids[0]).UnitId!.Value, units.Single(u => u.Id == ids[1]).UnitId!.Value);
        });
        var merged = await ccwg.PatchAsJsonAsync($"/api/units/{mergedUnit}", new { mergeInto = targetUnit });
        Assert.True(merged.StatusCode == HttpStatusCode.OK, await merged.Content.ReadAsStringAsync());
        await AssertCountsEqualRecountAsync("after a unit merge");

        // A workflow migration that renames "denied" moves the denied claims' count to the new stage.
        var three = WorkflowVersionTests.VersionThree();
        var text = three.ToJsonString().Replace("\"denied\"", "\"denial-review\"", StringComparison.Ordinal)
            .Replace("\"equals\":\"denial-review\"", "\"equals\":\"denied\"", StringComparison.Ordinal)
            .Replace("\"milestone\":\"denial-review\"", "\"milestone\":\"denied\"", StringComparison.Ordinal)
            .Replace("\"values\":[\"recognized\",\"denial-review\"]", "\"values\":[\"recognized\",\"denied\"]", StringComparison.Ordinal);
        var stored = await admin.PostAsync("/api/workflows", new StringContent(text, System.Text.Encoding.UTF8, "application/json"));
        Assert.True(stored.StatusCode == HttpStatusCode.Created, await stored.Content.ReadAsStringAsync());
        var map = new Dictionary<string, string> { ["denied"] = "denial-review" };
        var started = await admin.PostAsJsonAsync($"/api/workflows/{Definition}/migrations", new { fromVersion = 2, toVersion = 3, stageMap = map, dryRun = false });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var migrationId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await factory.Services.GetRequiredService<RunMigration>().RunAsync(migrationId, null, CancellationToken.None);
        Assert.Equal("denial-review", await factory.WithDbAsync(db => db.Claims.Where(c => c.Id == Guid.Parse(Id(denied))).Select(c => c.Stage).SingleAsync()));
        await AssertCountsEqualRecountAsync("after a workflow migration");

        // Reopened by hand (no action leaves a final stage) into a stage entered two days ago, then closed again the same way.
        var reopened = Guid.Parse(Id(opened[2]));
        var twoDaysAgo = factory.Services.GetRequiredService<TimeProvider>().GetUtcNow().AddDays(-2);
        await factory.WithDbAsync(db => db.Claims.Where(c => c.Id == reopened)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.Stage, "referral").SetProperty(c => c.IsClosed, false).SetProperty(c => c.StageEnteredAt, twoDaysAgo)));
        await AssertCountsEqualRecountAsync("after a claim was reopened");
        await factory.WithDbAsync(db => db.Claims.Where(c => c.Id == reopened)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.Stage, "withdrawn").SetProperty(c => c.IsClosed, true)));
        await AssertCountsEqualRecountAsync("after it was closed again");

        // The dashboard shows the maintained counts.
        var dashboard = await GetAsync(ccwg, "/api/dashboard");
        Assert.Equal(await factory.WithDbAsync(db => db.Claims.CountAsync()), dashboard.GetProperty("total").GetInt32());
        Assert.Equal(await factory.WithDbAsync(db => db.Grievants.CountAsync(g => g.RemovedAt == null)), dashboard.GetProperty("membersCovered").GetInt32());
        var edd = await GetAsync(ccwg, "/api/dashboard?department=EDD&status=open");
        Assert.Equal(
            await factory.WithDbAsync(db => db.Claims.CountAsync(c => c.Department == "EDD" && !c.IsClosed)),
            edd.GetProperty("open").GetInt32());
    }

    [Fact]
    public async Task Migrate_DemoOfficeFromBeforeTheCountTable_CountsRebuiltFromTheClaims()
    {
        using var office = DemoOfficeFixture.Office();
        _ = office.Services;
        await office.WithDbAsync(async db =>
        {
            var migrations = db.Database.GetMigrations().ToList();
            var previous = migrations[migrations.FindIndex(m => m.EndsWith("_ClaimCounts", StringComparison.Ordinal)) - 1];
            await db.GetService<IMigrator>().MigrateAsync(previous);

            // Without the table its triggers must be gone too, or this change would fail.
            await db.Database.ExecuteSqlRawAsync("UPDATE \"Claims\" SET \"Department\" = 'DMV' WHERE \"Department\" = 'EDD'");
            await db.Database.MigrateAsync();
            return 0;
        });

        Assert.True(await office.WithDbAsync(db => db.ClaimCounts.AnyAsync(c => c.Department == "DMV" && c.Claims > 0)));
        Assert.False(await office.WithDbAsync(db => db.ClaimCounts.AnyAsync(c => c.Department == "EDD" && c.Claims != 0)));
        await AssertCountsEqualRecountAsync(office, "after the migration counted the demo office");
    }

    [Fact]
    public async Task Dashboard_DemoOfficeWithEntriesSpreadOverDays_MediansEqualTheClaimsDirectly()
    {
        using var office = DemoOfficeFixture.Office();
        var ccwg = await office.ClientForAsync(Ccwg);

        // Several open claims a day in each stage, some on the same instant, and one stage with an even count, so the median
        // falls inside a day, across two days and on ties.
        await office.WithDbAsync(async db =>
        {
            var open = await db.Claims.Where(c => !c.IsClosed).OrderBy(c => c.Number).Select(c => c.Id).ToListAsync();
            for (var i = 0; i < open.Count; i++)
            {
                var entered = DemoOfficeFixture.Now.AddDays(-(i % 7)).AddHours(-(i % 3) * 5).AddMinutes(-(i / 21));
                var id = open[i];
                await db.Claims.Where(c => c.Id == id).ExecuteUpdateAsync(u => u.SetProperty(c => c.StageEnteredAt, entered));
            }

            return 0;
        });
        await AssertCountsEqualRecountAsync(office, "after entry times were spread");

        var direct = await office.WithDbAsync(async db => (await db.Claims.AsNoTracking().Where(c => !c.IsClosed).Select(c => new { c.Stage, c.Department, c.StageEnteredAt }).ToListAsync()));
        foreach (var path in new[] { "/api/dashboard", "/api/dashboard?status=open", "/api/dashboard?department=EDD" })
        {
            var department = path.EndsWith("EDD", StringComparison.Ordinal) ? "EDD" : null;
            var ages = (await GetAsync(ccwg, path)).GetProperty("ageInStage").EnumerateArray().Where(a => a.GetProperty("count").GetInt32() > 0).ToList();
            Assert.NotEmpty(ages);
            foreach (var age in ages)
            {
                var stage = age.GetProperty("stage").GetString();
                var waits = direct.Where(c => c.Stage == stage && (department is null || c.Department == department))
                    .Select(c => Math.Max(0, (DemoOfficeFixture.Now - c.StageEnteredAt).TotalDays)).Order().ToList();
                Assert.Equal(waits.Count, age.GetProperty("count").GetInt32());
                Assert.Equal(DashboardQuery.Median(waits), age.GetProperty("medianDays").GetDouble(), 9);
                Assert.Equal(waits[^1], age.GetProperty("worstDays").GetDouble(), 9);
            }
        }

        // At least one stage had an even count, so both middle ranks were read.
        Assert.Contains(direct.GroupBy(c => c.Stage), g => g.Count() % 2 == 0 && g.Count() > 2);

        // The units view: counts per department and status, and the latest recognitions of both kinds in one newest-first list.
        var units = (await GetAsync(ccwg, "/api/dashboard")).GetProperty("units");
        var rows = await office.WithDbAsync(async db => await db.Units.AsNoTracking().Where(u => u.MergedIntoId == null).Select(u => new { u.Id, u.Department, u.Status, u.StatusOn }).ToListAsync());
        var shownCounts = units.GetProperty("byDepartment").EnumerateArray()
            .SelectMany(d => d.GetProperty("byStatus").EnumerateObject().Select(s => $"{d.GetProperty("department").GetString()}|{s.Name}|{s.Value.GetInt32()}"))
            .Order(StringComparer.Ordinal).ToList();
        var directCounts = rows.GroupBy(u => $"{u.Department}|{u.Status ?? UnitStatuses.None}").Select(g => $"{g.Key}|{g.Count()}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(directCounts, shownCounts);
        var recognized = rows.Where(u => u.Status is UnitStatuses.Recognized or UnitStatuses.DifferentialGranted).OrderByDescending(u => u.StatusOn).ThenByDescending(u => u.Id).Select(u => u.Id).ToList();
        Assert.Contains(recognized, id => rows.Single(u => u.Id == id).Status == UnitStatuses.DifferentialGranted);
        Assert.Equal(recognized.Take(DashboardQuery.RecognizedShown), units.GetProperty("recognized").EnumerateArray().Select(u => u.GetProperty("id").GetInt64()));
        Assert.Equal(recognized.Count, units.GetProperty("recognizedTotal").GetInt32());
    }

    private Task AssertCountsEqualRecountAsync(string when) => AssertCountsEqualRecountAsync(factory, when);

    // Cell by cell (department, stage, open or closed): claims and current grievants, the maintained table against a recount.
    private static async Task AssertCountsEqualRecountAsync(AppFactory factory, string when)
    {
        var maintained = await factory.WithDbAsync(async db => (await db.ClaimCounts.AsNoTracking().ToListAsync())
            .GroupBy(c => $"{c.Department}|{c.Stage}|{c.IsClosed}")
            .Select(g => (Cell: g.Key, Claims: g.Sum(c => c.Claims), Members: g.Sum(c => c.Members)))
            .Where(c => c.Claims != 0 || c.Members != 0)
            .OrderBy(c => c.Cell, StringComparer.Ordinal)
            .ToList());
        var recount = await factory.WithDbAsync(async db =>
        {
            var claims = await db.Claims.AsNoTracking().Select(c => new { c.Id, c.Department, c.Stage, c.IsClosed }).ToListAsync();
            var members = (await db.Grievants.AsNoTracking().Where(g => g.RemovedAt == null).Select(g => g.ClaimId).ToListAsync())
                .GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
            return claims.GroupBy(c => $"{c.Department}|{c.Stage}|{c.IsClosed}")
                .Select(g => (Cell: g.Key, Claims: g.Count(), Members: g.Sum(c => members.GetValueOrDefault(c.Id))))
                .OrderBy(c => c.Cell, StringComparer.Ordinal)
                .ToList();
        });
        Assert.True(recount.Count > 0, when);
        Assert.True(recount.SequenceEqual(maintained), $"{when}: maintained {string.Join(", ", maintained)} but recounted {string.Join(", ", recount)}");

        // Open claims per stage and UTC entry day; a day whose count fell to 0 has no row.
        var days = await factory.WithDbAsync(async db => (await db.Set<ClaimStageDayRow>().AsNoTracking().ToListAsync())
            .GroupBy(d => $"{d.Stage}|{d.EnteredDay}")
            .Select(g => (Cell: g.Key, Claims: g.Sum(d => d.Claims)))
            .OrderBy(c => c.Cell, StringComparer.Ordinal)
            .ToList());
        var dayRecount = await factory.WithDbAsync(async db => (await db.Claims.AsNoTracking().Where(c => !c.IsClosed).Select(c => new { c.Stage, c.StageEnteredAt }).ToListAsync())
            .GroupBy(c => $"{c.Stage}|{c.StageEnteredAt.UtcTicks / TimeSpan.TicksPerDay}")
            .Select(g => (Cell: g.Key, Claims: g.Count()))
            .OrderBy(c => c.Cell, StringComparer.Ordinal)
            .ToList());
        Assert.True(dayRecount.SequenceEqual(days), $"{when}: stage days maintained {string.Join(", ", days)} but recounted {string.Join(", ", dayRecount)}");

        // Units not merged away per department and status.
        var units = await factory.WithDbAsync(async db => (await db.Set<UnitCountRow>().AsNoTracking().Where(u => u.Units != 0).ToListAsync())
            .Select(u => (Cell: $"{u.Department}|{u.Status}", u.Units))
            .OrderBy(c => c.Cell, StringComparer.Ordinal)
            .ToList());
        var unitRecount = await factory.WithDbAsync(async db => (await db.Units.AsNoTracking().Where(u => u.MergedIntoId == null).Select(u => new { u.Department, u.Status }).ToListAsync())
            .GroupBy(u => $"{u.Department}|{u.Status ?? string.Empty}")
            .Select(g => (Cell: g.Key, Units: g.Count()))
            .OrderBy(c => c.Cell, StringComparer.Ordinal)
            .ToList());
        Assert.True(unitRecount.SequenceEqual(units), $"{when}: units maintained {string.Join(", ", units)} but recounted {string.Join(", ", unitRecount)}");
    }
}
