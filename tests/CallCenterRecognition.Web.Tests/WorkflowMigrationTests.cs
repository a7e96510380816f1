using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Claims;
using CallCenterRecognition.Web.Features.Journal;
using CallCenterRecognition.Web.Features.Reminders;
using CallCenterRecognition.Web.Features.Workflows;
using CallCenterRecognition.Web.Infrastructure;
using CallCenterRecognition.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CallCenterRecognition.Web.Tests.Api;

namespace CallCenterRecognition.Web.Tests;

// Open claims move to a new version in the background, each in its own transaction; a run stopped halfway is finished by running it again.
public sealed class WorkflowMigrationTests : IDisposable
{
    private const string Definition = "article-21-4-recognition";
    private static readonly string[] OpenStages = ["intake", "referral", "document-collection", "calhr-review", "recognized", "denied"];
    private readonly AppFactory factory = new();

    public void Dispose() => factory.Dispose();

    private sealed class StopAfter(int count, CancellationTokenSource stop) : IProgress<int>
    {
        public void Report(int value)
        {
            if (value >= count)
            {
                stop.Cancel();
            }
        }
    }

    // Claims written as the engine would have left them on version 1, spread over every open stage, with their reminders.
    private async Task<IReadOnlyList<Guid>> SeedVersionOneClaimsAsync(int count)
    {
        var repId = await factory.UserIdAsync(Rep1);
        var mrcId = await factory.UserIdAsync(Mrc);
        var ids = new List<Guid>();
        await using var scope = factory.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var registry = services.GetRequiredService<WorkflowRegistry>();
        var v1 = registry.Get(Definition, 1);
        var engine = new WorkflowEngine(new WorkflowRegistry([v1]), services.GetRequiredService<IWorkCalendar>(), services.GetRequiredService<TimeProvider>());
        var today = services.GetRequiredService<LocalClock>().Today().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var mrc = new WorkflowActor(mrcId, "Maya Resource", [Roles.Mrc]);
        var rep = new WorkflowActor(repId, "Rep One", [Roles.Representative]);
        var steps = new (string Action, WorkflowActor Actor, object Inputs)[]
        {
            ("refer", mrc, new { representativeId = repId }),
            ("accept", rep, new { }),
            ("file-grievance", rep, new { filedOn = today, confirmMissingEvidence = "true" }),
        };
        for (var start = 0; start < count; start += 100)
        {
            var db = services.GetRequiredService<AppDbContext>();
            var reminders = services.GetRequiredService<ReminderScheduler>();
            for (var i = start; i < Math.Min(count, start + 100); i++)
            {
                var (state, entry) = engine.Start(Definition, mrc);
                var journal = new List<JournalEntry> { entry };
                var target = OpenStages[i % OpenStages.Length];
                var plan = steps.Take(Array.IndexOf(OpenStages, target) switch { 0 => 0, 1 => 1, 2 => 2, _ => 3 }).ToList();
                if (target is "recognized" or "denied")
                {
                    plan.Add(("record-decision", rep, new { outcome = target, decidedOn = today }));
                }

                foreach (var (action, actor, inputs) in plan)
                {
                    var values = JsonSerializer.SerializeToElement(inputs).EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
                    var fired = engine.Fire(state, action, actor, values, state.Version);
                    Assert.True(fired.Succeeded, $"{action}: {fired.Reason}");
                    (state, entry) = (fired.State!, fired.Entry!);
                    journal.Add(entry);
                }

                var claim = new Claim
                {
                    Id = Guid.NewGuid(),
                    Number = $"CC-MIG-{i:00000}",
                    Member = new MemberInfo { Name = $"Member {i}", Email = $"member{i}@example.org" },
                    Department = "EDD",
                    WorkUnit = $"Unit {i % 37}",
                    UnitKey = ClaimMapping.UnitKey("EDD", $"Unit {i % 37}"),
                    BargainingUnit = "4",
                    Classification = "Program Technician II",
                    PhoneSystems = "acd",
                    Description = "Answers public calls.",
                    SearchText = $"cc-mig-{i:00000} member {i}",
                    OpenedAt = journal[0].At,
                    OpenedById = mrcId,
                };
                claim.Apply(state, v1);
                db.Claims.Add(claim);
                db.JournalEntries.AddRange(journal.Select(e => e.ToRow(claim.Id)));
                await reminders.ApplyAsync(claim, CancellationToken.None);
                ids.Add(claim.Id);
            }

            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }

        return ids;
    }

    private static WorkflowDuration Days(int days) =>
        WorkflowDuration.TryParse($"{days} calendar days", out var duration) ? duration : throw new InvalidOperationException();

    private Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> work) => factory.WithDbAsync(work);

    [Fact]
    public async Task Migrate_ThousandOpenClaimsStoppedHalfwayThenRerun_AllOnVersionTwoOnceWithChainsAndRemindersOfVersionTwo()
    {
        var ids = await SeedVersionOneClaimsAsync(1000);
        var admin = await factory.ClientForAsync(Admin);
        var journalBefore = await WithDbAsync(db => db.JournalEntries.CountAsync(e => ids.Contains(e.ClaimId)));

        var dry = await admin.PostAsJsonAsync($"/api/workflows/{Definition}/migrations", new { fromVersion = 1, toVersion = 2, dryRun = true });
        Assert.Equal(HttpStatusCode.OK, dry.StatusCode);
        var plan = await dry.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1000, plan.GetProperty("counts").GetProperty("ok").GetInt32());
        Assert.Equal(0, plan.GetProperty("counts").GetProperty("blocked").GetInt32());
        Assert.Equal(1000, plan.GetProperty("claims").GetArrayLength());
        Assert.Equal(1000, await WithDbAsync(db => db.Claims.CountAsync(c => ids.Contains(c.Id) && c.DefinitionVersion == 1)));
        Assert.Equal(journalBefore, await WithDbAsync(db => db.JournalEntries.CountAsync(e => ids.Contains(e.ClaimId))));

        var startedAt = DateTimeOffset.UtcNow;
        var started = await admin.PostAsJsonAsync($"/api/workflows/{Definition}/migrations", new { fromVersion = 1, toVersion = 2, dryRun = false });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var body = await started.Content.ReadFromJsonAsync<JsonElement>();
        var migrationId = body.GetProperty("id").GetGuid();
        var statusUrl = body.GetProperty("statusUrl").GetString()!;
        Assert.Equal(statusUrl, started.Headers.Location?.OriginalString);

        // The run is stopped after 400 claims, as a crash or restart would stop it, then run again.
        var job = factory.Services.GetRequiredService<RunMigration>();
        using (var stop = new CancellationTokenSource())
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => job.RunAsync(migrationId, new StopAfter(400, stop), stop.Token));
        }

        var halfway = await WithDbAsync(db => db.Claims.CountAsync(c => ids.Contains(c.Id) && c.DefinitionVersion == 2));
        Assert.InRange(halfway, 400, 999);
        Assert.Equal("running", (await GetAsync(admin, statusUrl)).GetProperty("status").GetString());

        await job.RunAsync(migrationId, null, CancellationToken.None);

        var status = await GetAsync(admin, statusUrl);
        Assert.Equal("done", status.GetProperty("status").GetString());
        Assert.Equal(1000, status.GetProperty("done").GetInt32());
        Assert.Equal(1000, status.GetProperty("total").GetInt32());
        Assert.Equal(0, status.GetProperty("blocked").GetInt32());
        Assert.Equal(1000, await WithDbAsync(db => db.Claims.CountAsync(c => ids.Contains(c.Id) && c.DefinitionVersion == 2)));
        var migratedEntries = await WithDbAsync(db => db.JournalEntries.Where(e => ids.Contains(e.ClaimId) && e.Action == "migrated").GroupBy(e => e.ClaimId).Select(g => g.Count()).ToListAsync());
        Assert.Equal(1000, migratedEntries.Count);
        Assert.All(migratedEntries, n => Assert.Equal(1, n));

        await using var scope = factory.Services.CreateAsyncScope();
        var verify = scope.ServiceProvider.GetRequiredService<VerifyJournal.Handler>();
        foreach (var id in ids)
        {
            var result = await verify.HandleAsync(id, CancellationToken.None);
            Assert.True(result!.Valid, $"{result.Number}: {result.Reason}");
        }

        // Every scheduled reminder was written again from version 2's stage, for the claim's own stage.
        var v2 = factory.Services.GetRequiredService<WorkflowRegistry>().Get(Definition, 2);
        var scheduled = await WithDbAsync(db => db.Set<ReminderRow>().AsNoTracking()
            .Where(r => ids.Contains(r.ClaimId) && r.Status == ReminderStatus.Scheduled && r.Recipient != ReminderRecipients.User).ToListAsync());
        var stages = await WithDbAsync(db => db.Claims.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Stage));
        Assert.NotEmpty(scheduled);
        Assert.All(scheduled, r =>
        {
            Assert.Equal(stages[r.ClaimId], r.Stage);
            Assert.Contains(v2.StagesById[r.Stage].Reminders, d => d.Id == r.ReminderId);
            Assert.True(r.CreatedAt >= startedAt.AddSeconds(-1), $"reminder {r.ReminderId} of a migrated claim was not written again");
        });
    }

    [Fact]
    public async Task Migrate_StageRemovedInNewVersion_BlockedWithoutMapAndMovedWithIt()
    {
        var ids = await SeedVersionOneClaimsAsync(12);
        var admin = await factory.ClientForAsync(Admin);
        // Version 3 renames "denied" and gives document collection forty-five days.
        var three = WorkflowVersionTests.VersionThree();
        var text = three.ToJsonString().Replace("\"denied\"", "\"denial-review\"", StringComparison.Ordinal)
            .Replace("\"equals\":\"denial-review\"", "\"equals\":\"denied\"", StringComparison.Ordinal)
            .Replace("\"milestone\":\"denial-review\"", "\"milestone\":\"denied\"", StringComparison.Ordinal)
            .Replace("\"values\":[\"recognized\",\"denial-review\"]", "\"values\":[\"recognized\",\"denied\"]", StringComparison.Ordinal);
        var stored = await admin.PostAsync("/api/workflows", new StringContent(text, System.Text.Encoding.UTF8, "application/json"));
        Assert.True(stored.StatusCode == HttpStatusCode.Created, await stored.Content.ReadAsStringAsync());

        var unmapped = await (await admin.PostAsJsonAsync($"/api/workflows/{Definition}/migrations", new { fromVersion = 1, toVersion = 3, dryRun = true })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, unmapped.GetProperty("counts").GetProperty("blocked").GetInt32());
        Assert.All(unmapped.GetProperty("claims").EnumerateArray().Where(c => c.GetProperty("stage").GetString() == "denied"),
            c => Assert.Equal("blocked", c.GetProperty("result").GetString()));

        var badMap = await admin.PostAsJsonAsync($"/api/workflows/{Definition}/migrations", new { fromVersion = 1, toVersion = 3, stageMap = new Dictionary<string, string> { ["denied"] = "nowhere" }, dryRun = true });
        Assert.Equal(HttpStatusCode.BadRequest, badMap.StatusCode);

        var map = new Dictionary<string, string> { ["denied"] = "denial-review" };
        var mapped = await (await admin.PostAsJsonAsync($"/api/workflows/{Definition}/migrations", new { fromVersion = 1, toVersion = 3, stageMap = map, dryRun = true })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, mapped.GetProperty("counts").GetProperty("mapped").GetInt32());
        Assert.Equal(0, mapped.GetProperty("counts").GetProperty("blocked").GetInt32());

        var started = await (await admin.PostAsJsonAsync($"/api/workflows/{Definition}/migrations", new { fromVersion = 1, toVersion = 3, stageMap = map, dryRun = false })).Content.ReadFromJsonAsync<JsonElement>();
        await factory.Services.GetRequiredService<RunMigration>().RunAsync(started.GetProperty("id").GetGuid(), null, CancellationToken.None);

        var claims = await WithDbAsync(db => db.Claims.AsNoTracking().Where(c => ids.Contains(c.Id)).ToListAsync());
        Assert.All(claims, c => Assert.Equal(3, c.DefinitionVersion));
        Assert.Equal(2, claims.Count(c => c.Stage == "denial-review"));
        var calendar = factory.Services.GetRequiredService<IWorkCalendar>();
        Assert.All(claims.Where(c => c.Stage == "document-collection"),
            c => Assert.Equal(calendar.AddDuration(c.StageEnteredAt, Days(45)), c.DueAt));
        Assert.All(claims.Where(c => c.Stage == "calhr-review"), c => Assert.Equal(calendar.AddDuration(c.StageEnteredAt, Days(60)), c.DueAt));
    }

    [Theory]
    [InlineData(Mrc)]
    [InlineData(Ccwg)]
    public async Task Migrate_NotAnAdministrator_Returns403(string who)
    {
        var client = await factory.ClientForAsync(who);

        var response = await client.PostAsJsonAsync($"/api/workflows/{Definition}/migrations", new { fromVersion = 1, toVersion = 2, dryRun = true });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
