using System.Net;
using System.Text.Json;
using CallCenterRecognition.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CallCenterRecognition.Web.Tests.Api;

namespace CallCenterRecognition.Web.Tests;

// Actions that reach the database together are committed together; a loser of a race must roll back alone.
public sealed class GroupCommitTests(AppFactory factory) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Save_PooledContextLeftWithItsConnectionOpened_StoresEveryRowOfTheBatch()
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var claimId = Guid.Parse(Id(await OpenAsync(mrc, NewClaim("Group Commit Pooled Unit"))));
        for (var i = 0; i < 4; i++)
        {
            // As a job that opens its context's connection for raw SQL and never closes it hands the context back.
            await using var scope = factory.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.OpenConnectionAsync();
        }

        var start = new TaskCompletionSource();
        var saves = Enumerable.Range(0, 8).Select(async i =>
        {
            await start.Task;
            await using var scope = factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.Set<AccessLogRow>().Add(new AccessLogRow { ClaimId = claimId, At = DateTimeOffset.UtcNow, UserId = "pooled-test", UserName = $"Pooled {i}", Action = "claim-viewed" });
            await db.SaveChangesAsync();
        }).ToList();
        start.SetResult();
        await Task.WhenAll(saves);

        Assert.Equal(8, await factory.WithDbAsync(db => db.Set<AccessLogRow>().CountAsync(r => r.ClaimId == claimId && r.UserId == "pooled-test")));
    }

    [Fact]
    public async Task Refer_RacersOnOneClaimBesideOthers_LoserRollsBackAloneWithItsReminders()
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var ccwg = await factory.ClientForAsync(Ccwg);
        var rep = await factory.UserIdAsync(Rep1);
        for (var round = 0; round < 4; round++)
        {
            var contested = await OpenAsync(mrc, NewClaim($"Group Commit Contested {round}"));
            var others = new List<JsonElement>();
            for (var i = 0; i < 5; i++)
            {
                others.Add(await OpenAsync(mrc, NewClaim($"Group Commit Other {round}-{i}")));
            }

            var start = new TaskCompletionSource();
            var racers = new[] { mrc, ccwg }.Select(async client =>
            {
                await start.Task;
                return await FireAsync(client, contested, "refer", new { representativeId = rep });
            }).ToList();
            var bystanders = others.Select(async claim =>
            {
                await start.Task;
                return await FireAsync(mrc, claim, "refer", new { representativeId = rep });
            }).ToList();
            start.SetResult();
            var raced = await Task.WhenAll(racers);
            var beside = await Task.WhenAll(bystanders);

            Assert.Single(raced, r => r.StatusCode == HttpStatusCode.OK);
            Assert.Single(raced, r => r.StatusCode == HttpStatusCode.PreconditionFailed);
            Assert.All(beside, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));

            var contestedId = Guid.Parse(Id(contested));
            var journal = await GetAsync(mrc, $"/api/claims/{contestedId}/journal");
            Assert.Equal([1L, 2L], journal.EnumerateArray().Select(e => e.GetProperty("sequence").GetInt64()));

            // One stage visit's reminders for the contested claim: the loser's were rolled back with its update.
            var (contestedReminders, perOther) = await factory.WithDbAsync(async db =>
            {
                var rows = await db.Set<ReminderRow>().AsNoTracking().Where(r => r.Stage == "referral").ToListAsync();
                var otherIds = others.Select(o => Guid.Parse(Id(o))).ToHashSet();
                return (rows.Count(r => r.ClaimId == contestedId), rows.Where(r => otherIds.Contains(r.ClaimId)).GroupBy(r => r.ClaimId).Select(g => g.Count()).ToList());
            });
            Assert.Equal(5, perOther.Count);
            Assert.All(perOther, count => Assert.Equal(contestedReminders, count));
            Assert.True(contestedReminders > 0);
        }
    }

    [Fact]
    public async Task SaveChanges_OneFailsBesideAnother_FailsAloneAndKeepsItsNewRemindersUnsaved()
    {
        var mrc = await factory.ClientForAsync(Mrc);
        var claimId = Guid.Parse(Id(await OpenAsync(mrc, NewClaim("Group Commit Failure Unit"))));
        for (var round = 0; round < 6; round++)
        {
            await using var failing = factory.Services.CreateAsyncScope();
            await using var passing = factory.Services.CreateAsyncScope();
            var failingDb = failing.ServiceProvider.GetRequiredService<AppDbContext>();
            var passingDb = passing.ServiceProvider.GetRequiredService<AppDbContext>();

            // Sequence 1 is taken by the claim's opening entry: the unique (ClaimId, Sequence) index rejects this one.
            failingDb.JournalEntries.Add(new ClaimJournalEntry
            {
                ClaimId = claimId, Sequence = 1, At = DateTimeOffset.UtcNow, ActorId = "test", ActorName = "Test", Action = "add-note",
                ToStage = "intake", Data = "{}", PreviousHash = "x", Hash = "y",
            });
            var lost = Reminder(claimId, $"failing-{round}");
            failingDb.Add(lost);
            var kept = Reminder(claimId, $"passing-{round}");
            passingDb.Add(kept);

            var start = new TaskCompletionSource();
            var failingSave = Task.Run(async () => { await start.Task; await failingDb.SaveChangesAsync(); });
            var passingSave = Task.Run(async () => { await start.Task; return await passingDb.SaveChangesAsync(); });
            start.SetResult();

            await Assert.ThrowsAnyAsync<DbUpdateException>(() => failingSave);
            Assert.Equal(1, await passingSave);
            Assert.Equal(EntityState.Added, failingDb.Entry(lost).State);
            Assert.Equal(EntityState.Unchanged, passingDb.Entry(kept).State);
            Assert.True(kept.Id > 0);

            var stored = await factory.WithDbAsync(db => db.Set<ReminderRow>().AsNoTracking()
                .Where(r => r.ClaimId == claimId && r.ReminderId.EndsWith($"-{round}")).Select(r => r.ReminderId).ToListAsync());
            Assert.Equal([$"passing-{round}"], stored);
        }
    }

    private static ReminderRow Reminder(Guid claimId, string reminderId) => new()
    {
        ClaimId = claimId, Stage = "intake", StageEnteredAt = DateTimeOffset.UtcNow, StageDueAt = DateTimeOffset.UtcNow.AddDays(3),
        ReminderId = reminderId, Template = "refer-due", Recipient = "mrc", SendAt = DateTimeOffset.UtcNow.AddDays(2), CreatedAt = DateTimeOffset.UtcNow,
    };
}
