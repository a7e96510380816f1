using System.Text.Json;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Reminders;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static CallCenterRecognition.Web.Tests.Api;
using static CallCenterRecognition.Web.Tests.ReminderSupport;

namespace CallCenterRecognition.Web.Tests;

// Being assigned is news: refer and reassign tell the people concerned at once, as journaled sends.
public sealed class ReminderNoticeTests
{
    private static async Task<List<JsonElement>> BellAsync(AppFactory factory, string email, string number)
    {
        var bell = await GetAsync(await SignInAsync(factory, email), "/api/me/notifications");
        return [.. bell.GetProperty("items").EnumerateArray().Where(n => n.GetProperty("title").GetString()!.Contains(number, StringComparison.Ordinal))];
    }

    private static List<MimeKit.MimeMessage> NoticesTo(AppFactory factory, string number, string address) =>
        [.. OutboxFor(factory, number).Where(m => IsNotice(m) && To(m).SequenceEqual([address]))];

    private static int DispatchesQueued(AppFactory factory) =>
        factory.Services.GetRequiredService<JobStorage>().GetMonitoringApi().EnqueuedJobs("default", 0, 1000)
            .Count(j => j.Value.Job?.Type == typeof(ReminderDispatcher));

    [Fact]
    public async Task Refer_ToRepresentative_NotifiesThemAtOnceInBellAndByEmail()
    {
        var clock = new FakeTimeProvider(ThursdayMorning);
        using var factory = Factory(clock);
        var mrc = await SignInAsync(factory, Mrc);
        var claim = await OpenAsync(mrc, NewClaim("Notice Unit", department: "FTB", member: "Robin Garcia", email: "robin@example.org"));
        var queuedBefore = DispatchesQueued(factory);

        claim = await FireOkAsync(mrc, claim, "refer", new { representativeId = await factory.UserIdAsync(Rep1) });
        var number = claim.GetProperty("number").GetString()!;

        Assert.Equal(queuedBefore + 1, DispatchesQueued(factory));
        await RunDueAsync(factory);
        var mail = Assert.Single(OutboxFor(factory, number));
        Assert.Equal(["rep1@demo.local"], To(mail));
        Assert.Equal($"Claim {number} is assigned to you", mail.Subject);
        var body = mail.TextBody!;
        Assert.Contains("Member: Robin Garcia", body, StringComparison.Ordinal);
        Assert.Contains("Unit: Notice Unit, FTB", body, StringComparison.Ordinal);
        Assert.Contains("Due: Fri 3 Apr 2026", body, StringComparison.Ordinal);
        Assert.Contains($"http://localhost:5000/claims/{Id(claim)}", body, StringComparison.Ordinal);

        var bell = Assert.Single(await BellAsync(factory, Rep1, number));
        Assert.Equal(JsonValueKind.Null, bell.GetProperty("readAt").ValueKind);
        Assert.Equal($"/claims/{Id(claim)}", bell.GetProperty("link").GetString());

        var listed = await GetAsync(await SignInAsync(factory, Rep1), $"/api/claims/{Id(claim)}/reminders");
        var notice = Assert.Single(listed.EnumerateArray(), r => r.GetProperty("recipient").GetString() == "user");
        Assert.Equal(("assigned", "sent"), (notice.GetProperty("template").GetString(), notice.GetProperty("status").GetString()));
        Assert.Equal(ThursdayMorning, notice.GetProperty("sentAt").GetDateTimeOffset());

        // Dispatched again, even once every lease has run out: nothing goes out twice.
        Assert.Equal(0, await RunDueAsync(factory));
        clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(0, await RunDueAsync(factory));
        Assert.Single(OutboxFor(factory, number));
        Assert.Single(await BellAsync(factory, Rep1, number));
    }

    [Fact]
    public async Task Reassign_ToAnotherRepresentative_NotifiesNewAndPreviousAssigneeOnceEach()
    {
        var clock = new FakeTimeProvider(ThursdayMorning);
        using var factory = Factory(clock);
        var mrc = await SignInAsync(factory, Mrc);
        var claim = await OpenAsync(mrc, NewClaim("Moved Unit", member: "Sam Ortiz"));
        claim = await FireOkAsync(mrc, claim, "refer", new { representativeId = await factory.UserIdAsync(Rep1) });
        var number = claim.GetProperty("number").GetString()!;
        await RunDueAsync(factory);
        clock.Advance(TimeSpan.FromHours(2));
        var rep2Name = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == Rep2).Select(u => u.DisplayName).SingleAsync());

        claim = await FireOkAsync(await SignInAsync(factory, Mrc), claim, "reassign", new { representativeId = await factory.UserIdAsync(Rep2) });
        await RunDueAsync(factory);
        await RunDueAsync(factory);

        var toNew = Assert.Single(NoticesTo(factory, number, "rep2@demo.local"));
        Assert.Equal($"Claim {number} is assigned to you", toNew.Subject);
        Assert.Contains("Member: Sam Ortiz", toNew.TextBody, StringComparison.Ordinal);
        Assert.Contains($"/claims/{Id(claim)}", toNew.TextBody, StringComparison.Ordinal);

        var toPrevious = NoticesTo(factory, number, "rep1@demo.local");
        Assert.Equal(2, toPrevious.Count);
        var away = Assert.Single(toPrevious, m => m.Subject == $"Claim {number} was reassigned to {rep2Name}");
        Assert.Contains($"reassigned to {rep2Name}", away.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("/claims/", away.TextBody, StringComparison.Ordinal);

        Assert.Single(await BellAsync(factory, Rep2, number));
        var rep1Bell = await BellAsync(factory, Rep1, number);
        Assert.Equal(2, rep1Bell.Count);
        var awayBell = Assert.Single(rep1Bell, n => n.GetProperty("title").GetString()!.Contains("reassigned", StringComparison.Ordinal));
        Assert.Equal(JsonValueKind.Null, awayBell.GetProperty("link").ValueKind);

        var listed = await GetAsync(await SignInAsync(factory, Mrc), $"/api/claims/{Id(claim)}/reminders");
        var notices = listed.EnumerateArray().Where(r => r.GetProperty("recipient").GetString() == "user").ToList();
        Assert.Equal(["assigned", "assigned", "reassigned-away"], notices.Select(n => n.GetProperty("template").GetString()).Order(StringComparer.Ordinal));
        Assert.All(notices, n => Assert.Equal("sent", n.GetProperty("status").GetString()));
        Assert.Equal(0, await RunDueAsync(factory));
        Assert.Equal(3, OutboxFor(factory, number).Count(IsNotice));
    }

    [Fact]
    public async Task Refer_AcceptedBeforeTheNoticeWentOut_NoticeStillSent()
    {
        var clock = new FakeTimeProvider(ThursdayMorning);
        using var factory = Factory(clock);
        var mrc = await SignInAsync(factory, Mrc);
        var claim = await OpenAsync(mrc, NewClaim("Quick Accept Unit"));
        claim = await FireOkAsync(mrc, claim, "refer", new { representativeId = await factory.UserIdAsync(Rep1) });

        claim = await FireOkAsync(await SignInAsync(factory, Rep1), claim, "accept");
        await RunDueAsync(factory);

        var notice = Assert.Single(NoticesTo(factory, claim.GetProperty("number").GetString()!, "rep1@demo.local"));
        Assert.Contains("Stage: Document collection", notice.TextBody, StringComparison.Ordinal);
        Assert.Equal(ReminderStatus.Sent, (await RemindersAsync(factory, Id(claim))).Single(IsNotice).Status);
    }

    [Fact]
    public async Task Withdraw_BeforeTheNoticeWentOut_NoticeCancelled()
    {
        var clock = new FakeTimeProvider(ThursdayMorning);
        using var factory = Factory(clock);
        var mrc = await SignInAsync(factory, Mrc);
        var claim = await OpenAsync(mrc, NewClaim("Withdrawn Notice Unit"));
        claim = await FireOkAsync(mrc, claim, "refer", new { representativeId = await factory.UserIdAsync(Rep1) });

        await FireOkAsync(mrc, claim, "withdraw", new { reason = "Member withdrew." });
        await RunDueAsync(factory);

        Assert.Empty(OutboxFor(factory, claim.GetProperty("number").GetString()!));
        Assert.Equal(ReminderStatus.Cancelled, (await RemindersAsync(factory, Id(claim))).Single(IsNotice).Status);
    }
    // In-process on the in-memory job store (one instance), where the notice arrives without a job; a job on PostgreSQL's
    // shared store, whose lock makes instances take turns.
    [Fact]
    public async Task Refer_WithJobServerInTheInstance_NoticeSentAtOnceInProcessOnlyOnTheInMemoryStore()
    {
        using var factory = Factory(new FakeTimeProvider(ThursdayMorning), null, ("Hangfire:Server", "true"), ("Hangfire:QueuePollSeconds", "1"));
        var mrc = await SignInAsync(factory, Mrc);
        var claim = await OpenAsync(mrc, NewClaim("In Process Unit", member: "Dana Lee"));

        claim = await FireOkAsync(mrc, claim, "refer", new { representativeId = await factory.UserIdAsync(Rep1) });
        var number = claim.GetProperty("number").GetString()!;

        var monitoring = factory.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        int DispatchJobs() => monitoring.EnqueuedJobs("default", 0, 1000).Select(j => (j.Key, j.Value.Job?.Type))
            .Concat(monitoring.SucceededJobs(0, 1000).Select(j => (j.Key, j.Value.Job?.Type)))
            .Concat(monitoring.ProcessingJobs(0, 1000).Select(j => (j.Key, j.Value.Job?.Type)))
            .Where(j => j.Type == typeof(ReminderDispatcher))
            .Count(j => !monitoring.JobDetails(j.Key).Properties.ContainsKey("RecurringJobId"));
        if (factory.PostgresConnectionString is not null)
        {
            Assert.True(DispatchJobs() >= 1, "no dispatch job on the shared store");
        }
        else
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (NoticesTo(factory, number, "rep1@demo.local").Count == 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            Assert.Single(NoticesTo(factory, number, "rep1@demo.local"));
            Assert.Equal(0, DispatchJobs());
        }

        Assert.Equal(factory.PostgresConnectionString is null, factory.Services.GetService<ReminderDispatchTrigger>() is not null);
    }

    [Fact]
    public async Task Signal_ManyWithinTheGatherDelay_OneDispatchClaimsEveryNoticeInOneBatch()
    {
        var clock = new FakeTimeProvider(ThursdayMorning);
        using var factory = Factory(clock);
        var mrc = await SignInAsync(factory, Mrc);
        var rep1 = await factory.UserIdAsync(Rep1);
        for (var i = 0; i < 5; i++)
        {
            var claim = await OpenAsync(mrc, NewClaim($"Burst Unit {i}"));
            await FireOkAsync(mrc, claim, "refer", new { representativeId = rep1 });
        }

        var due = await factory.WithDbAsync(db => db.Set<ReminderRow>().Where(r => r.Status == ReminderStatus.Scheduled && r.SendAt <= ThursdayMorning).Select(r => r.Id).ToListAsync());
        Assert.True(due.Count >= 5, $"{due.Count} due");
        var trigger = ActivatorUtilities.CreateInstance<ReminderDispatchTrigger>(factory.Services);
        for (var i = 0; i < 20; i++)
        {
            trigger.Signal();
        }

        await trigger.LastRun.WaitAsync(TimeSpan.FromSeconds(30));

        // The job server is off here, so the one batch job the run enqueued waits in the storage with every notice due.
        var batches = factory.Services.GetRequiredService<JobStorage>().GetMonitoringApi().EnqueuedJobs("default", 0, 1000)
            .Where(j => j.Value.Job?.Type == typeof(SendReminderBatchJob)).ToList();
        var batch = Assert.Single(batches);
        Assert.Equal(due.Order(), ((long[])batch.Value.Job.Args[0]).Order());
        Assert.Empty(await ClaimDueAsync(factory));
    }
}
