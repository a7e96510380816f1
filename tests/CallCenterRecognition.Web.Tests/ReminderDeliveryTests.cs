using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Reminders;
using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static CallCenterRecognition.Web.Tests.Api;
using static CallCenterRecognition.Web.Tests.ReminderSupport;

namespace CallCenterRecognition.Web.Tests;

public sealed class ReminderDeliveryTests
{
    private static async Task<(JsonElement Claim, string Number)> ReferredAsync(AppFactory factory, string unit, string representative = Rep1)
    {
        var mrc = await SignInAsync(factory, Mrc);
        var claim = await OpenAsync(mrc, NewClaim(unit));
        claim = await FireOkAsync(mrc, claim, "refer", new { representativeId = await factory.UserIdAsync(representative) });
        return (claim, claim.GetProperty("number").GetString()!);
    }

    [Fact]
    public async Task Smtp_Configured_MessageArrivesOverTheWire()
    {
        await using var peer = new SmtpPeer();
        var clock = new FakeTimeProvider(ThursdayMorning);
        using var factory = Factory(clock, null, ("Smtp:Host", "127.0.0.1"), ("Smtp:Port", peer.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("Smtp:Security", "none"), ("Email:From", "CCR <reminders@ccr.test>"));
        var (claim, number) = await ReferredAsync(factory, "Smtp Unit");
        clock.SetUtcNow(California(2026, 4, 1, 9));

        await RunDueAsync(factory);

        var received = Assert.Single(peer.Received, m => m.Data.Contains(number, StringComparison.Ordinal) && m.Data.Contains("X-CCR-Template: referral-due-soon", StringComparison.Ordinal));
        Assert.Equal("reminders@ccr.test", received.From);
        Assert.Equal(["rep1@demo.local"], received.To);
        Assert.Contains($"Subject: Claim {number}: please accept or decline soon", received.Data, StringComparison.Ordinal);
        Assert.False(Directory.Exists(factory.OutboxPath) && Directory.GetFiles(factory.OutboxPath).Length > 0);
        var row = (await RemindersAsync(factory, Id(claim))).Single(r => r.ReminderId == "accept-soon");
        Assert.Equal(ReminderStatus.Sent, row.Status);
    }

    [Fact]
    public async Task Smtp_PeerUnreachable_RetriedThenFailed()
    {
        int port;
        using (var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var (factory, _, row) = await SendUntilFailedAsync(port, "Unreachable Smtp Unit");
        factory.Dispose();
        Assert.False(string.IsNullOrEmpty(row.LastError));
    }

    [Fact]
    public async Task Smtp_RecipientBounced_RetriedThenFailedAndShownToCcwg()
    {
        await using var peer = new SmtpPeer { RejectRecipient = "rep1@demo.local" };
        var (factory, number, row) = await SendUntilFailedAsync(peer.Port, "Bounced Mailbox Unit");
        using (factory)
        {
            Assert.Contains("mailbox unavailable", row.LastError, StringComparison.Ordinal);
            Assert.DoesNotContain(peer.Received, m => m.Data.Contains(number, StringComparison.Ordinal));
            var failed = await (await SignInAsync(factory, Ccwg)).GetStringAsync("/api/reminders/failed");
            Assert.Contains(number, failed, StringComparison.Ordinal);
        }
    }

    // Two attempts allowed: the first is retried, the second gives up and marks the reminder failed.
    private static async Task<(AppFactory Factory, string Number, ReminderRow Row)> SendUntilFailedAsync(int smtpPort, string unit)
    {
        var clock = new FakeTimeProvider(ThursdayMorning);
        var factory = Factory(clock, null, ("Smtp:Host", "127.0.0.1"), ("Smtp:Port", smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("Smtp:Security", "none"), ("Reminders:MaxAttempts", "2"));
        var (claim, number) = await ReferredAsync(factory, unit);
        clock.SetUtcNow(California(2026, 4, 1, 9));
        var soonId = (await RemindersAsync(factory, Id(claim))).Single(r => r.ReminderId == "accept-soon").Id;
        var soon = Assert.Single(await ClaimDueAsync(factory), c => c.Id == soonId);

        Assert.Equal(SendReminderJob.Outcome.Retrying, await SendAsync(factory, soon));
        Assert.Equal(SendReminderJob.Outcome.Failed, await SendAsync(factory, soon));

        var row = (await RemindersAsync(factory, Id(claim))).Single(r => r.Id == soonId);
        Assert.Equal((ReminderStatus.Failed, 2), (row.Status, row.Attempts));
        return (factory, number, row);
    }

    [Fact]
    public async Task Restart_InMemoryStoreLost_ReminderSentOnceAfterLeaseRunsOut()
    {
        var folder = Directory.CreateTempSubdirectory("ccr-restart-").FullName;
        try
        {
            var clock = new FakeTimeProvider(ThursdayMorning);
            string claimId, number;
            long soonId;
            using (var first = new AppFactory(folder) { Clock = clock })
            {
                var (claim, claimNumber) = await ReferredAsync(first, "Restart Unit");
                (claimId, number) = (Id(claim), claimNumber);
                clock.SetUtcNow(California(2026, 4, 1, 9));
                soonId = (await RemindersAsync(first, claimId)).Single(r => r.ReminderId == "accept-soon").Id;

                // The recurring job claims the row and the server stops before the send job runs.
                Assert.Contains(await ClaimDueAsync(first), c => c.Id == soonId);
            }

            using var second = new AppFactory(folder) { Clock = clock };
            Assert.DoesNotContain(await ClaimDueAsync(second), c => c.Id == soonId);
            Assert.Empty(RemindersFor(second, number));

            clock.Advance(TimeSpan.FromMinutes(6));
            await RunDueAsync(second);
            await RunDueAsync(second);

            Assert.Single(RemindersFor(second, number));
            var row = (await RemindersAsync(second, claimId)).Single(r => r.Id == soonId);
            Assert.Equal((ReminderStatus.Sent, 1), (row.Status, row.Attempts));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Notifications_ListAndMarkRead_OnlyOwnAndCountsUnread()
    {
        var clock = new FakeTimeProvider(ThursdayMorning);
        using var factory = Factory(clock);
        var (_, number) = await ReferredAsync(factory, "Bell Unit");
        clock.SetUtcNow(California(2026, 4, 3, 9));
        await RunDueAsync(factory);
        var rep = await SignInAsync(factory, Rep1);

        var bell = await GetAsync(rep, "/api/me/notifications");
        var mine = bell.GetProperty("items").EnumerateArray().Where(n => n.GetProperty("title").GetString()!.Contains(number, StringComparison.Ordinal)).ToList();
        // The assignment notice and the two reminders due by Friday.
        Assert.Equal(3, mine.Count);
        var unread = bell.GetProperty("unread").GetInt32();
        Assert.True(unread >= 3);
        var id = mine[0].GetProperty("id").GetInt64();
        Assert.StartsWith("/claims/", mine[0].GetProperty("link").GetString(), StringComparison.Ordinal);

        var otherUser = await (await SignInAsync(factory, Rep2)).PostAsync($"/api/me/notifications/{id}/read", null);
        await ProblemAsync(otherUser, HttpStatusCode.NotFound);
        var read = await rep.PostAsync($"/api/me/notifications/{id}/read", null);
        Assert.Equal(HttpStatusCode.NoContent, read.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await rep.PostAsync($"/api/me/notifications/{id}/read", null)).StatusCode);

        var after = await GetAsync(rep, "/api/me/notifications");
        Assert.Equal(unread - 1, after.GetProperty("unread").GetInt32());
        Assert.NotEqual(JsonValueKind.Null, after.GetProperty("items").EnumerateArray().Single(n => n.GetProperty("id").GetInt64() == id).GetProperty("readAt").ValueKind);
    }

    [Fact]
    public async Task Notifications_CookieWithoutAntiforgeryToken_RejectedAndUnchanged()
    {
        // Near the real time: the cookie's expiry comes from the fake clock and HttpClient drops expired cookies by the real one.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var factory = Factory(clock);
        await ReferredAsync(factory, "Cookie Unit");
        clock.Advance(TimeSpan.FromDays(10));
        await RunDueAsync(factory);
        var browser = factory.CreateClient();
        var login = await browser.PostAsJsonAsync("/api/auth/login?useCookies=true", new { email = Rep1, password = AppFactory.Password });
        Assert.True(login.IsSuccessStatusCode);
        var bell = await GetAsync(browser, "/api/me/notifications");
        var id = bell.GetProperty("items")[0].GetProperty("id").GetInt64();

        var forged = await browser.PostAsync($"/api/me/notifications/{id}/read", null);

        await ProblemAsync(forged, HttpStatusCode.BadRequest);
        Assert.Equal(bell.GetProperty("unread").GetInt32(), (await GetAsync(browser, "/api/me/notifications")).GetProperty("unread").GetInt32());
    }

    [Fact]
    public async Task DeadlinesFeed_TokenCreatedUsedAndRevoked_ListsOnlyOwnDeadlines()
    {
        var clock = new FakeTimeProvider(ThursdayMorning);
        using var factory = Factory(clock);
        var (mineClaim, mine) = await ReferredAsync(factory, "Feed Unit");
        var (_, theirs) = await ReferredAsync(factory, "Other Feed Unit", Rep2);
        var rep = await SignInAsync(factory, Rep1);
        var anonymous = factory.CreateClient();

        var created = await rep.PostAsync("/api/me/deadlines-feed", null);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var token = body.GetProperty("token").GetString()!;
        Assert.Contains("/api/me/deadlines.ics?token=", body.GetProperty("url").GetString(), StringComparison.Ordinal);

        var feed = await anonymous.GetAsync($"/api/me/deadlines.ics?token={Uri.EscapeDataString(token)}");
        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        Assert.Equal("text/calendar", feed.Content.Headers.ContentType?.MediaType);
        var text = await feed.Content.ReadAsStringAsync();
        var calendar = Ical.Net.Calendar.Load(text)!;
        var due = Assert.Single(calendar.Events, e => e.Summary!.Contains(mine, StringComparison.Ordinal));
        Assert.Equal(new DateOnly(2026, 4, 3), due.DtStart!.Date);
        Assert.False(due.DtStart.HasTime);
        Assert.Contains($"/claims/{Id(mineClaim)}", due.Url!.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(theirs, text, StringComparison.Ordinal);
        Assert.StartsWith("BEGIN:VCALENDAR", text, StringComparison.Ordinal);

        var rotated = await (await rep.PostAsync("/api/me/deadlines-feed", null)).Content.ReadFromJsonAsync<JsonElement>();
        await ProblemAsync(await anonymous.GetAsync($"/api/me/deadlines.ics?token={Uri.EscapeDataString(token)}"), HttpStatusCode.Unauthorized);
        var newToken = rotated.GetProperty("token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/api/me/deadlines.ics?token={Uri.EscapeDataString(newToken)}")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await rep.DeleteAsync("/api/me/deadlines-feed")).StatusCode);
        await ProblemAsync(await anonymous.GetAsync($"/api/me/deadlines.ics?token={Uri.EscapeDataString(newToken)}"), HttpStatusCode.Unauthorized);
        await ProblemAsync(await anonymous.GetAsync("/api/me/deadlines.ics"), HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await SignInAsync(factory, Mrc)).PostAsync("/api/me/deadlines-feed", null)).StatusCode);
        Assert.False(await factory.WithDbAsync(db => db.Set<CalendarFeedToken>().AnyAsync(t => t.TokenHash == newToken)));
    }

    [Fact]
    public async Task DeadlinesFeed_DeadlineExtended_SameEventWithHigherSequenceLaterLastModifiedAndMovedDate()
    {
        var clock = new FakeTimeProvider(ThursdayMorning);
        using var factory = Factory(clock);
        var (claim, number) = await ReferredAsync(factory, "Extended Feed Unit");
        clock.Advance(TimeSpan.FromHours(2));
        claim = await FireOkAsync(await SignInAsync(factory, Rep1), claim, "accept");
        var token = (await (await (await SignInAsync(factory, Rep1)).PostAsync("/api/me/deadlines-feed", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        var anonymous = factory.CreateClient();
        async Task<Ical.Net.CalendarComponents.CalendarEvent> EventAsync() =>
            Assert.Single(Ical.Net.Calendar.Load(await anonymous.GetStringAsync($"/api/me/deadlines.ics?token={Uri.EscapeDataString(token)}"))!.Events, e => e.Summary!.Contains(number, StringComparison.Ordinal));

        var before = await EventAsync();
        clock.Advance(TimeSpan.FromDays(1));
        claim = await FireOkAsync(await SignInAsync(factory, Rep1), claim, "extend-deadline", new { until = "2026-05-15", reason = "Department agreed by e-mail" });
        var after = await EventAsync();
        clock.Advance(TimeSpan.FromDays(1));
        await FireOkAsync(await SignInAsync(factory, Rep1), claim, "extend-deadline", new { until = "2026-05-29", reason = "Agreed again" });
        var again = await EventAsync();

        Assert.Equal(before.Uid, after.Uid);
        Assert.Equal(before.Uid, again.Uid);
        Assert.Equal(0, before.Sequence);
        Assert.Equal(1, after.Sequence);
        Assert.Equal(2, again.Sequence);
        Assert.Equal(ThursdayMorning.AddHours(2).UtcDateTime, before.LastModified!.AsUtc);
        Assert.Equal(ThursdayMorning.AddHours(2).AddDays(1).UtcDateTime, after.LastModified!.AsUtc);
        Assert.True(again.LastModified!.AsUtc > after.LastModified.AsUtc);
        Assert.NotEqual(new DateOnly(2026, 5, 15), before.DtStart!.Date);
        Assert.Equal(new DateOnly(2026, 5, 15), after.DtStart!.Date);
        Assert.Equal(new DateOnly(2026, 5, 29), again.DtStart!.Date);
    }

    [Theory]
    [InlineData(Rep1, HttpStatusCode.Forbidden)]
    [InlineData(Mrc, HttpStatusCode.Forbidden)]
    [InlineData(Ccwg, HttpStatusCode.OK)]
    [InlineData(Admin, HttpStatusCode.OK)]
    public async Task Dashboard_ByRole_OnlyAdminAndCcwg(string email, HttpStatusCode expected)
    {
        using var factory = Factory(new FakeTimeProvider(DateTimeOffset.UtcNow));
        var client = await SignInAsync(factory, email);

        var response = await client.GetAsync("/hangfire");

        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData(Ccwg, true)]
    [InlineData(Admin, false)]
    public async Task Dashboard_Ccwg_IsReadOnly(string email, bool readOnly)
    {
        using var factory = Factory(new FakeTimeProvider(DateTimeOffset.UtcNow));
        var user = await factory.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == email));
        await using var scope = factory.Services.CreateAsyncScope();
        var principal = await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.IUserClaimsPrincipalFactory<AppUser>>().CreateAsync(user);
        var http = new DefaultHttpContext { User = principal, RequestServices = scope.ServiceProvider };
        var context = new AspNetCoreDashboardContext(scope.ServiceProvider.GetRequiredService<JobStorage>(), new DashboardOptions(), http);

        Assert.True(new DashboardAuthorization().Authorize(context));
        Assert.Equal(readOnly, DashboardAuthorization.IsReadOnly(context));
    }
}
