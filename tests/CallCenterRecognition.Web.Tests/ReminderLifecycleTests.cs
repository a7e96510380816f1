using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Reminders;
using Microsoft.Extensions.Time.Testing;
using static CallCenterRecognition.Web.Tests.Api;
using static CallCenterRecognition.Web.Tests.ReminderSupport;

namespace CallCenterRecognition.Web.Tests;

public sealed class ReminderLifecycleTests
{
    [Fact]
    public async Task Reassign_ThenWithdraw_RemindersFollowTheNewAssigneeThenAllCancelled()
    {
        var clock = new FakeTimeProvider(ThursdayMorning);
        using var factory = Factory(clock);
        var mrc = await SignInAsync(factory, Mrc);
        var rep1Id = await factory.UserIdAsync(Rep1);
        var rep2Id = await factory.UserIdAsync(Rep2);
        var claim = await OpenAsync(mrc, NewClaim("Reassigned Unit"));
        claim = await FireOkAsync(mrc, claim, "refer", new { representativeId = rep1Id });
        clock.Advance(TimeSpan.FromDays(1));
        mrc = await SignInAsync(factory, Mrc);

        claim = await FireOkAsync(mrc, claim, "reassign", new { representativeId = rep2Id });

        var rows = await RemindersAsync(factory, Id(claim));
        var referral = rows.Where(r => r.Stage == "referral").ToList();
        Assert.All(referral.Where(r => r.RecipientUserId == rep1Id && !IsNotice(r)), r => Assert.Equal(ReminderStatus.Cancelled, r.Status));
        var scheduled = referral.Where(r => r.Status == ReminderStatus.Scheduled && !IsNotice(r)).ToList();
        Assert.Equal(6, scheduled.Count);
        Assert.All(scheduled.Where(r => r.Recipient == "assignee"), r => Assert.Equal(rep2Id, r.RecipientUserId));
        Assert.Equal(claim.GetProperty("dueAt").GetDateTimeOffset(), scheduled[0].StageDueAt);

        claim = await FireOkAsync(mrc, claim, "add-note", new { text = "Called rep2." });
        Assert.Equal(scheduled.Select(r => r.Id), (await RemindersAsync(factory, Id(claim))).Where(r => r.Status == ReminderStatus.Scheduled && !IsNotice(r)).Select(r => r.Id));

        await FireOkAsync(mrc, claim, "withdraw", new { reason = "Member withdrew." });
        Assert.All(await RemindersAsync(factory, Id(claim)), r => Assert.Equal(ReminderStatus.Cancelled, r.Status));
        clock.SetUtcNow(California(2026, 5, 1, 9));
        await RunDueAsync(factory);
        Assert.Empty(OutboxFor(factory, claim.GetProperty("number").GetString()!));
    }

    [Fact]
    public async Task Dashboard_CcwgSignedInWithCookie_Allowed()
    {
        using var factory = Factory(new FakeTimeProvider(DateTimeOffset.UtcNow));
        var browser = factory.CreateClient();
        var login = await browser.PostAsJsonAsync("/api/auth/login?useCookies=true", new { email = Ccwg, password = AppFactory.Password });
        Assert.True(login.IsSuccessStatusCode);

        var dashboard = await browser.GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("Call Center Recognition jobs", await dashboard.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void Start_UnknownHangfireStorage_FailsNamingTheSetting()
    {
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder();
        builder.Configuration["Hangfire:Storage"] = "Redis";

        var ex = Assert.Throws<CallCenterRecognition.Workflows.WorkflowDefinitionException>(builder.AddReminders);

        Assert.Equal("Invalid setting: configuration: Hangfire:Storage: 'Redis' is not one of InMemory, Postgres", ex.Message);
    }

    [Fact]
    public async Task Start_BadCalendarFile_ExitsWithFileAndPathInMessage()
    {
        var folder = Directory.CreateTempSubdirectory("ccr-bad-calendar-").FullName;
        try
        {
            var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "calendars", "california.json"))
                .Replace("\"closures\": []", "\"closures\": [ { \"date\": \"2026-13-01\" } ]", StringComparison.Ordinal);
            var path = Path.Combine(folder, "broken-calendar.json");
            File.WriteAllText(path, json);
            var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "CallCenterRecognition.Web.dll"), "--urls", "http://127.0.0.1:0"])
            {
                WorkingDirectory = folder,
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            start.Environment["Calendar__Path"] = path;
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);

            Assert.Equal(1, process.ExitCode);
            Assert.Contains("Invalid calendar: broken-calendar.json: $.closures[0].date: expected a date written yyyy-MM-dd", await stderr, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(folder, "data", "ccr.db")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
