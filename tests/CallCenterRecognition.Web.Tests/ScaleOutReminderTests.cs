using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Reminders;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static CallCenterRecognition.Web.Tests.Api;
using static CallCenterRecognition.Web.Tests.ReminderSupport;

namespace CallCenterRecognition.Web.Tests;

// Two instances, each a Hangfire server on the shared PostgreSQL storage, with the dispatcher also run inline on both at once.
public sealed class ScaleOutReminderTests : IDisposable
{
    private readonly string connectionString = TestDatabase.CreatePostgresDatabase();
    private readonly FakeTimeProvider firstClock = new(ThursdayMorning);
    private readonly FakeTimeProvider secondClock = new(ThursdayMorning);
    private readonly AppFactory first;
    private readonly AppFactory second;

    public ScaleOutReminderTests()
    {
        first = Instance(firstClock);
        second = Instance(secondClock);
    }

    private AppFactory Instance(FakeTimeProvider clock)
    {
        var factory = AppFactory.OnPostgres(connectionString, clock);
        factory.Settings["Hangfire:Server"] = "true";
        factory.Settings["Hangfire:QueuePollSeconds"] = "1";
        factory.Settings["Hangfire:SchedulePollSeconds"] = "1";
        _ = factory.CreateClient();
        return factory;
    }

    [Fact]
    public async Task DueReminders_TwoInstancesDispatching_SentOnceInTotal()
    {
        var mrc = await SignInAsync(first, Mrc);
        var rep1 = await first.UserIdAsync(Rep1);
        var claimIds = new List<Guid>();
        for (var i = 0; i < 8; i++)
        {
            var claim = await OpenAsync(mrc, NewClaim($"Shared Reminder Unit {i}"));
            claim = await FireOkAsync(mrc, claim, "refer", new { representativeId = rep1 });
            claimIds.Add(Guid.Parse(Id(claim)));
        }

        var dueAt = California(2026, 4, 1, 9);
        firstClock.SetUtcNow(dueAt);
        secondClock.SetUtcNow(dueAt);
        var due = await first.WithDbAsync(db => db.Set<ReminderRow>().AsNoTracking()
            .Where(r => r.Status == ReminderStatus.Scheduled)
            .ToListAsync());
        var dueIds = due.Where(r => r.SendAt <= dueAt && !IsNotice(r)).Select(r => r.Id).ToHashSet();
        Assert.True(due.Count(r => r.SendAt <= dueAt && claimIds.Contains(r.ClaimId)) >= claimIds.Count, $"only {dueIds.Count} reminders due");

        // Hangfire's recurring dispatcher triggered on both servers, and the dispatcher run inline on both, all at once.
        first.Services.GetRequiredService<IRecurringJobManager>().Trigger(ReminderDispatcher.RecurringJobId);
        second.Services.GetRequiredService<IRecurringJobManager>().Trigger(ReminderDispatcher.RecurringJobId);
        await Task.WhenAll(RunDueAsync(first), RunDueAsync(second), RunDueAsync(first), RunDueAsync(second));

        var deadline = DateTime.UtcNow.AddSeconds(120);
        var nextSweep = DateTime.UtcNow.AddSeconds(15);
        List<ReminderRow> rows;
        do
        {
            await Task.Delay(250);
            rows = await first.WithDbAsync(db => db.Set<ReminderRow>().AsNoTracking().Where(r => dueIds.Contains(r.Id)).ToListAsync());
            if (DateTime.UtcNow > nextSweep && rows.Any(r => r.Status != ReminderStatus.Sent))
            {
                // A send that failed after taking its row leaves a lease (a crash does the same); as in production, the
                // lease runs out and the next dispatcher run takes the row again. Time is frozen here, so move it on.
                firstClock.Advance(TimeSpan.FromMinutes(6));
                secondClock.Advance(TimeSpan.FromMinutes(6));
                await Task.WhenAll(RunDueAsync(first), RunDueAsync(second));
                nextSweep = DateTime.UtcNow.AddSeconds(15);
            }
        }
        while (rows.Any(r => r.Status != ReminderStatus.Sent) && DateTime.UtcNow < deadline);

        // Sent, whatever the attempt: under load a send may be retried, which is allowed; sending twice is not.
        Assert.True(rows.All(r => r.Status == ReminderStatus.Sent), "not all sent: " + string.Join(", ", rows.GroupBy(r => r.Status).Select(g => $"{g.Key} {g.Count()}")) + "; " + string.Join(" | ", rows.Where(r => r.LastError is not null).Select(r => r.LastError).Distinct().Take(3)));

        // Give any duplicate send job still queued on either server the time to show itself.
        await Task.Delay(TimeSpan.FromSeconds(3));
        // Assignment notices went out at once, before the clock moved; this test is about the rows due later.
        var delivered = Outbox(first).Concat(Outbox(second)).Where(o => !IsNotice(o.Message)).Select(o => o.File).ToList();
        Assert.True(delivered.Count == delivered.Distinct().Count(), "sent twice: " + string.Join(", ", delivered.GroupBy(f => f).Where(g => g.Count() > 1).Select(g => g.Key)));
        Assert.Equal(dueIds.Order().Select(id => $"reminder-{id}.eml"), delivered.Order(StringComparer.Ordinal).OrderBy(f => long.Parse(f[9..^4])));
        var notifications = await first.WithDbAsync(db => db.Set<NotificationRow>()
            .Where(n => n.ReminderId != null && dueIds.Contains(n.ReminderId.Value))
            .GroupBy(n => new { n.ReminderId, n.UserId }).Select(g => g.Count()).ToListAsync());
        Assert.All(notifications, count => Assert.Equal(1, count));

        var servers = await first.WithDbAsync(db => db.Database.SqlQueryRaw<long>("SELECT COUNT(*) AS \"Value\" FROM hangfire.server").SingleAsync());
        Assert.Equal(2, servers);
    }

    public void Dispose()
    {
        first.Dispose();
        second.Dispose();
        TestDatabase.DropPostgresDatabase(connectionString);
    }
}
