using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Reminders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static CallCenterRecognition.Web.Tests.Api;
using static CallCenterRecognition.Web.Tests.ReminderSupport;

namespace CallCenterRecognition.Web.Tests;

public sealed class ReminderTests
{
    private static async Task<(JsonElement Claim, string Number)> ReferredAsync(AppFactory factory, string unit)
    {
        var mrc = await SignInAsync(factory, Mrc);
        var claim = await OpenAsync(mrc, NewClaim(unit));
        claim = await FireOkAsync(mrc, claim, "refer", new { representativeId = await factory.UserIdAsync(Rep1) });
        return (claim, claim.GetProperty("number").GetString()!);
    }

    [Fact]
    public async Task Referral_NotAcceptedByDueDate_RemindsRepresentativeThenEscalatesToCcwg()
    {
        var clock = new FakeTimeProvider(ThursdayMorning);
        using var factory = Factory(clock);
        var (claim, number) = await ReferredAsync(factory, "Escalation Unit");
        var rep1Id = await factory.UserIdAsync(Rep1);

        Assert.Equal(new DateTimeOffset(2026, 4, 3, 23, 59, 59, TimeSpan.FromHours(-7)), claim.GetProperty("dueAt").GetDateTimeOffset());
        var rows = await RemindersAsync(factory, Id(claim));
        Assert.Equal(5, rows.Count(r => r.Stage == "intake"));
        var notice = Assert.Single(rows, IsNotice);
        Assert.Equal(("assigned", rep1Id, ThursdayMorning), (notice.Template, notice.RecipientUserId, notice.SendAt));
        Assert.All(rows.Where(r => r.Stage == "intake"), r => Assert.Equal(ReminderStatus.Cancelled, r.Status));
        Assert.Equal(
            [
                ("accept-soon", 0, "assignee", California(2026, 4, 1, 8)),
                ("accept-due", 0, "assignee", California(2026, 4, 3, 8)),
                ("accept-overdue", 0, "ccwg", California(2026, 4, 6, 8)),
                ("accept-overdue", 1, "ccwg", California(2026, 4, 8, 8)),
                ("accept-overdue", 2, "ccwg", California(2026, 4, 10, 8)),
                ("accept-overdue", 3, "ccwg", California(2026, 4, 14, 8)),
            ],
            rows.Where(r => r.Stage == "referral" && !IsNotice(r)).Select(r => (r.ReminderId, r.Occurrence, r.Recipient, r.SendAt)));
        Assert.All(rows.Where(r => r.Stage == "referral"), r => Assert.Equal(ReminderStatus.Scheduled, r.Status));

        await RunDueAsync(factory);
        Assert.True(IsNotice(Assert.Single(OutboxFor(factory, number))));

        clock.SetUtcNow(California(2026, 4, 1, 9));
        await RunDueAsync(factory);
        var soon = Assert.Single(RemindersFor(factory, number));
        Assert.Equal(["rep1@demo.local"], To(soon));
        Assert.Contains("please accept", soon.Subject, StringComparison.Ordinal);
        Assert.Contains("Friday, April 3, 2026", soon.TextBody, StringComparison.Ordinal);
        Assert.Contains($"http://localhost:5000/claims/{Id(claim)}", soon.TextBody, StringComparison.Ordinal);

        clock.SetUtcNow(California(2026, 4, 3, 9));
        await RunDueAsync(factory);
        var toRep = RemindersFor(factory, number);
        Assert.Equal(2, toRep.Count);
        Assert.All(toRep, m => Assert.Equal(["rep1@demo.local"], To(m)));

        clock.SetUtcNow(California(2026, 4, 6, 9));
        await RunDueAsync(factory);
        var escalation = Assert.Single(RemindersFor(factory, number), m => To(m).Contains("ccwg@demo.local"));
        Assert.StartsWith($"Escalation: claim {number} not accepted", escalation.Subject, StringComparison.Ordinal);

        var ccwgBell = await GetAsync(await SignInAsync(factory, Ccwg), "/api/me/notifications");
        Assert.Contains(ccwgBell.GetProperty("items").EnumerateArray(), n => n.GetProperty("title").GetString()!.StartsWith($"Escalation: claim {number}", StringComparison.Ordinal));
        var repBell = await GetAsync(await SignInAsync(factory, Rep1), "/api/me/notifications");
        Assert.Equal(3, repBell.GetProperty("items").EnumerateArray().Count(n => n.GetProperty("title").GetString()!.Contains(number, StringComparison.Ordinal)));

        var listed = await GetAsync(await SignInAsync(factory, Rep1), $"/api/claims/{Id(claim)}/reminders");
        var referral = listed.EnumerateArray().Where(r => r.GetProperty("stage").GetString() == "referral" && r.GetProperty("recipient").GetString() != "user").ToList();
        Assert.Equal(["sent", "sent", "sent", "scheduled", "scheduled", "scheduled"], referral.Select(r => r.GetProperty("status").GetString()));
        Assert.All(referral.Take(3), r => Assert.NotEqual(JsonValueKind.Null, r.GetProperty("sentAt").ValueKind));
        Assert.Equal("Referral", referral[0].GetProperty("stageName").GetString());
    }

    [Fact]
    public async Task Claim_LeavesStageBeforeItsReminders_GetsNoStaleReminder()
    {
        var clock = new FakeTimeProvider(ThursdayMorning);
        using var factory = Factory(clock);
        var (claim, number) = await ReferredAsync(factory, "Accepted In Time Unit");

        clock.Advance(TimeSpan.FromDays(1));
        claim = await FireOkAsync(await SignInAsync(factory, Rep1), claim, "accept");
        clock.SetUtcNow(California(2026, 4, 20, 9));
        await RunDueAsync(factory);

        var rows = await RemindersAsync(factory, Id(claim));
        Assert.All(rows.Where(r => r.Stage == "referral" && !IsNotice(r)), r =>
        {
            Assert.Equal(ReminderStatus.Cancelled, r.Status);
            Assert.Equal(ThursdayMorning.AddDays(1), r.CancelledAt);
        });
        var messages = RemindersFor(factory, number);
        Assert.DoesNotContain(messages, m => (m.Subject ?? string.Empty).Contains("accept", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(messages, m => To(m).Contains("ccwg@demo.local"));

        // Document collection is due 30 calendar days after Friday 2026-03-27: Sunday 2026-04-26 rolls to Monday.
        Assert.Equal(2, messages.Count);
        var member = Assert.Single(messages, m => To(m).SequenceEqual(["pat@example.org"]));
        var filing = Assert.Single(messages, m => To(m).SequenceEqual(["rep1@demo.local"]));
        Assert.StartsWith($"Claim {number}: file the grievance soon", filing.Subject, StringComparison.Ordinal);
        Assert.Contains("gathering evidence", member.TextBody, StringComparison.Ordinal);
        Assert.Contains("Monday, April 27, 2026", member.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("document-collection", member.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("/claims/", member.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reminder_ClaimedThenClaimLeavesStage_SendJobSendsNothing()
    {
        var clock = new FakeTimeProvider(ThursdayMorning);
        using var factory = Factory(clock);
        var (claim, number) = await ReferredAsync(factory, "Race Unit");
        clock.SetUtcNow(California(2026, 4, 1, 9));
        var claimed = await ClaimDueAsync(factory);
        var soonId = (await RemindersAsync(factory, Id(claim))).Single(r => r.ReminderId == "accept-soon").Id;
        var soon = Assert.Single(claimed, c => c.Id == soonId);

        await FireOkAsync(await SignInAsync(factory, Rep1), claim, "accept");
        var outcome = await SendAsync(factory, soon);

        Assert.Equal(SendReminderJob.Outcome.NotOwned, outcome);
        Assert.Empty(OutboxFor(factory, number));
        Assert.Equal(ReminderStatus.Cancelled, (await RemindersAsync(factory, Id(claim))).Single(r => r.Id == soonId).Status);
    }

    [Fact]
    public async Task TwoDispatchers_RunningAtOnce_SendEachReminderExactlyOnce()
    {
        var clock = new FakeTimeProvider(ThursdayMorning);
        using var factory = Factory(clock);
        for (var i = 0; i < 6; i++)
        {
            await ReferredAsync(factory, $"Concurrent Unit {i}");
        }

        clock.SetUtcNow(California(2026, 4, 1, 9));
        var both = await Task.WhenAll(ClaimDueAsync(factory), ClaimDueAsync(factory));
        var claimed = both.SelectMany(b => b).ToList();
        Assert.True(claimed.Count >= 6, $"claimed {claimed.Count}");
        Assert.Equal(claimed.Count, claimed.Select(c => c.Id).Distinct().Count());
        Assert.Empty(await ClaimDueAsync(factory));

        // Each job delivered twice at once, as after a crash and a retry.
        var outcomes = await Task.WhenAll(claimed.SelectMany(c => new[] { SendAsync(factory, c), SendAsync(factory, c) }));

        Assert.Equal(claimed.Count, outcomes.Count(o => o == SendReminderJob.Outcome.Sent));
        var ids = claimed.Select(c => c.Id).ToHashSet();
        var rows = await factory.WithDbAsync(db => db.Set<ReminderRow>().AsNoTracking().Where(r => ids.Contains(r.Id)).ToListAsync());
        Assert.All(rows, r =>
        {
            Assert.Equal(ReminderStatus.Sent, r.Status);
            Assert.Equal(1, r.Attempts);
            Assert.Null(r.ClaimedBy);
        });
        Assert.Equal(ids.Order().Select(id => $"reminder-{id}.eml"), Outbox(factory).Select(o => o.File).Order(StringComparer.Ordinal).OrderBy(f => long.Parse(f[9..^4])));
        var perReminder = await factory.WithDbAsync(db => db.Set<NotificationRow>().Where(n => n.ReminderId != null && ids.Contains(n.ReminderId.Value)).GroupBy(n => new { n.ReminderId, n.UserId }).Select(g => g.Count()).ToListAsync());
        Assert.All(perReminder, count => Assert.Equal(1, count));
        Assert.Empty(await ClaimDueAsync(factory));
    }

    [Fact]
    public async Task Dispatch_BacklogLargerThanOneBatch_ClaimsEveryDueReminderInOneRun()
    {
        var clock = new FakeTimeProvider(ThursdayMorning);
        using var factory = Factory(clock, null, ("Reminders:BatchSize", "2"));
        for (var i = 0; i < 5; i++)
        {
            await ReferredAsync(factory, $"Backlog Unit {i}");
        }

        clock.SetUtcNow(California(2026, 4, 1, 9));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ReminderDispatcher>().DispatchAsync(CancellationToken.None);
        }

        Assert.Empty(await ClaimDueAsync(factory));
        var claimed = await factory.WithDbAsync(db => db.Set<ReminderRow>().CountAsync(r => r.ClaimedBy != null));
        Assert.True(claimed >= 5, $"only {claimed} reminders claimed");
    }

    [Fact]
    public async Task Send_FailsTwiceThenSucceeds_SentOnce()
    {
        var clock = new FakeTimeProvider(ThursdayMorning);
        var flaky = new FlakyTransport(failures: 2);
        using var factory = Factory(clock, flaky);
        var (claim, number) = await ReferredAsync(factory, "Flaky Mail Unit");
        clock.SetUtcNow(California(2026, 4, 1, 9));
        var soonId = (await RemindersAsync(factory, Id(claim))).Single(r => r.ReminderId == "accept-soon").Id;
        var soon = Assert.Single(await ClaimDueAsync(factory), c => c.Id == soonId);

        Assert.Equal(SendReminderJob.Outcome.Retrying, await SendAsync(factory, soon));
        var afterFirst = (await RemindersAsync(factory, Id(claim))).Single(r => r.Id == soonId);
        Assert.Equal((ReminderStatus.Scheduled, 1), (afterFirst.Status, afterFirst.Attempts));
        Assert.Contains("simulated SMTP failure 1", afterFirst.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain(await ClaimDueAsync(factory), c => c.Id == soonId);
        Assert.Equal(SendReminderJob.Outcome.Retrying, await SendAsync(factory, soon));
        Assert.Empty(OutboxFor(factory, number));

        Assert.Equal(SendReminderJob.Outcome.Sent, await SendAsync(factory, soon));
        Assert.Equal(SendReminderJob.Outcome.NotOwned, await SendAsync(factory, soon));

        var row = (await RemindersAsync(factory, Id(claim))).Single(r => r.Id == soonId);
        Assert.Equal((ReminderStatus.Sent, 3), (row.Status, row.Attempts));
        Assert.Equal(clock.GetUtcNow(), row.SentAt);
        Assert.Single(OutboxFor(factory, number));
        Assert.True(File.Exists(Path.Combine(factory.OutboxPath, $"reminder-{soonId}.eml")));
        Assert.Equal(3, flaky.Calls($"reminder-{soonId}"));
        Assert.Equal(1, await factory.WithDbAsync(db => db.Set<NotificationRow>().CountAsync(n => n.ReminderId == soonId)));
    }

    [Fact]
    public async Task Send_KeepsFailing_ShownAsFailedToClaimViewersAndCcwg()
    {
        var clock = new FakeTimeProvider(ThursdayMorning);
        using var factory = Factory(clock, new FlakyTransport(failures: 100), ("Reminders:MaxAttempts", "3"));
        var (claim, number) = await ReferredAsync(factory, "Dead Mail Unit");
        clock.SetUtcNow(California(2026, 4, 1, 9));
        var soonId = (await RemindersAsync(factory, Id(claim))).Single(r => r.ReminderId == "accept-soon").Id;
        var soon = Assert.Single(await ClaimDueAsync(factory), c => c.Id == soonId);

        Assert.Equal(SendReminderJob.Outcome.Retrying, await SendAsync(factory, soon));
        Assert.Equal(SendReminderJob.Outcome.Retrying, await SendAsync(factory, soon));
        Assert.Equal(SendReminderJob.Outcome.Failed, await SendAsync(factory, soon));
        Assert.Equal(SendReminderJob.Outcome.NotOwned, await SendAsync(factory, soon));

        var listed = await GetAsync(await SignInAsync(factory, Rep1), $"/api/claims/{Id(claim)}/reminders");
        var failed = Assert.Single(listed.EnumerateArray(), r => r.GetProperty("id").GetInt64() == soonId);
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Equal(3, failed.GetProperty("attempts").GetInt32());
        Assert.Contains("simulated SMTP failure 3", failed.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        var ccwgView = await GetAsync(await SignInAsync(factory, Ccwg), "/api/reminders/failed");
        Assert.Contains(ccwgView.EnumerateArray(), f => f.GetProperty("claimNumber").GetString() == number);
        var forbidden = await (await SignInAsync(factory, Rep1)).GetAsync("/api/reminders/failed");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Empty(OutboxFor(factory, number));
    }

    [Fact]
    public async Task ExtendDeadline_InDocumentCollection_MovesDueJournalsAndReschedules()
    {
        var clock = new FakeTimeProvider(ThursdayMorning);
        using var factory = Factory(clock);
        var (claim, _) = await ReferredAsync(factory, "Extension Unit");
        var rep = await SignInAsync(factory, Rep1);
        claim = await FireOkAsync(rep, claim, "accept");
        Assert.Contains("extend-deadline", Permitted(claim));
        var oldDue = claim.GetProperty("dueAt").GetDateTimeOffset();

        claim = await FireOkAsync(rep, claim, "extend-deadline", new { until = "2026-05-15", reason = "Department agreed by e-mail on 2026-03-26" });

        Assert.Equal("document-collection", Stage(claim));
        Assert.Equal(new DateTimeOffset(2026, 5, 15, 23, 59, 59, TimeSpan.FromHours(-7)), claim.GetProperty("dueAt").GetDateTimeOffset());
        var rows = (await RemindersAsync(factory, Id(claim))).Where(r => r.Stage == "document-collection").ToList();
        Assert.All(rows.Where(r => r.StageDueAt == oldDue), r => Assert.Equal(ReminderStatus.Cancelled, r.Status));
        var current = rows.Where(r => r.Status == ReminderStatus.Scheduled).ToList();
        Assert.NotEmpty(current);
        Assert.All(current, r => Assert.Equal(claim.GetProperty("dueAt").GetDateTimeOffset(), r.StageDueAt));
        Assert.Contains(current, r => r.ReminderId == "file-soon" && r.SendAt == California(2026, 5, 8, 8));
        var journal = await GetAsync(rep, $"/api/claims/{Id(claim)}/journal");
        var last = journal.EnumerateArray().Last();
        Assert.Equal("extend-deadline", last.GetProperty("action").GetString());
        Assert.Equal("2026-05-15", last.GetProperty("data").GetProperty("until").GetString());

        var earlier = await FireAsync(rep, claim, "extend-deadline", new { until = "2026-05-01", reason = "oops" });
        var problem = await ProblemAsync(earlier, HttpStatusCode.BadRequest);
        Assert.Equal(["until"], ErrorFields(problem));
    }

    [Fact]
    public async Task ClaimReminders_OtherRepresentativeOrUnknownClaim_ForbiddenOrNotFound()
    {
        var clock = new FakeTimeProvider(ThursdayMorning);
        using var factory = Factory(clock);
        var (claim, _) = await ReferredAsync(factory, "Private Unit");

        var other = await (await SignInAsync(factory, Rep2)).GetAsync($"/api/claims/{Id(claim)}/reminders");
        await ProblemAsync(other, HttpStatusCode.Forbidden);
        var unknown = await (await SignInAsync(factory, Mrc)).GetAsync($"/api/claims/{Guid.NewGuid()}/reminders");
        await ProblemAsync(unknown, HttpStatusCode.NotFound);
        var anonymous = await factory.CreateClient().GetAsync($"/api/claims/{Id(claim)}/reminders");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }
}
