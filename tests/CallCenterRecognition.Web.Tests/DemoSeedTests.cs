using System.Net.Http.Json;
using System.Text.Json;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Intake;
using CallCenterRecognition.Web.Features.Journal;
using CallCenterRecognition.Web.Features.Reminders;
using CallCenterRecognition.Web.Infrastructure;
using CallCenterRecognition.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static CallCenterRecognition.Web.Tests.Api;

namespace CallCenterRecognition.Web.Tests;

// Two apps seeded with the demo office on fresh databases at the same instant.
public sealed class DemoOfficeFixture : IAsyncLifetime
{
    // A Monday afternoon in California, so the office's dates do not depend on when the suite runs.
    public static readonly DateTimeOffset Now = new(2026, 11, 16, 22, 0, 0, TimeSpan.Zero);

    public AppFactory First { get; } = Office();

    public AppFactory Second { get; } = Office();

    public static AppFactory Office(string? folder = null)
    {
        var factory = folder is null ? new AppFactory { Clock = new FakeTimeProvider(Now) } : new AppFactory(folder) { Clock = new FakeTimeProvider(Now) };
        factory.Settings["DemoOffice"] = "true";
        return factory;
    }

    public Task InitializeAsync()
    {
        _ = First.Services;
        _ = Second.Services;
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        First.Dispose();
        Second.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class DemoSeedTests(DemoOfficeFixture office) : IClassFixture<DemoOfficeFixture>
{
    private sealed record Row(string Number, string Member, string Department, string WorkUnit, string Stage, DateTimeOffset OpenedAt, DateTimeOffset StageEnteredAt, DateTimeOffset? DueAt, long JournalLength, string? Representative);

    [Fact]
    public async Task Seed_TwoFreshDatabasesAtOneInstant_SameClaimsNumbersStagesAndDates()
    {
        var first = await RowsAsync(office.First);
        var second = await RowsAsync(office.Second);

        Assert.Equal(first, second);
        Assert.Equal(first.Count, first.Select(r => r.Number).Distinct().Count());
        Assert.Equal(first.Count, first.Select(r => r.Member).Distinct().Count());
    }

    [Fact]
    public async Task Restart_WithDemoOnSeededDatabase_AddsNothing()
    {
        var before = await CountsAsync(office.First);

        using (var restarted = DemoOfficeFixture.Office(office.First.Folder))
        {
            _ = restarted.Services;
            Assert.Equal(before, await CountsAsync(restarted));
        }

        Assert.Equal(before, await CountsAsync(office.First));
    }

    [Fact]
    public async Task Seed_DemoOffice_EveryStageManyDepartmentsBothRepresentativesOverdueAndExtended()
    {
        var rows = await RowsAsync(office.First);
        var stages = office.First.Services.GetRequiredService<WorkflowRegistry>().FindLatest(OpenClaim.DefinitionId)!.Stages.Select(s => s.Id);
        var now = DemoOfficeFixture.Now;

        Assert.InRange(rows.Count, 55, 80);
        Assert.All(stages, stage => Assert.Contains(rows, r => r.Stage == stage));
        Assert.True(rows.Select(r => r.Department).Distinct().Count() >= 5);
        Assert.True(rows.Select(r => r.WorkUnit).Distinct().Count() >= 12);
        Assert.True(rows.Count(r => r.Representative == Rep1) >= 15);
        Assert.True(rows.Count(r => r.Representative == Rep2) >= 15);

        var open = await office.First.WithDbAsync(db => db.Claims.Where(c => !c.IsClosed).Select(c => new { c.Id, c.DueAt }).ToListAsync());
        Assert.True(open.Count(c => c.DueAt < now) >= 5, "too few overdue claims");
        var extended = await office.First.WithDbAsync(db => db.JournalEntries.Where(e => e.Action == "extend-deadline").Select(e => e.ClaimId).Distinct().ToListAsync());
        Assert.True(extended.Count >= 3);
        Assert.Contains(open, c => extended.Contains(c.Id) && c.DueAt > now);
    }

    [Fact]
    public async Task Seed_DemoOffice_IntakeSpreadOverFifteenMonthsNumberedByIntakeYear()
    {
        var rows = await RowsAsync(office.First);
        var zone = LocalClock.California();

        Assert.True((rows.Max(r => r.OpenedAt) - rows.Min(r => r.OpenedAt)).TotalDays >= 15 * 30.4);
        Assert.True(rows.Min(r => r.OpenedAt) > DemoOfficeFixture.Now.AddMonths(-19));
        Assert.All(rows, r => Assert.StartsWith($"CC-{TimeZoneInfo.ConvertTime(r.OpenedAt, zone).Year}-", r.Number, StringComparison.Ordinal));
        Assert.Equal(rows.OrderBy(r => r.OpenedAt).Select(r => r.Number), rows.OrderBy(r => r.OpenedAt).Select(r => r.Number).Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.True(r.StageEnteredAt >= r.OpenedAt && r.StageEnteredAt <= DemoOfficeFixture.Now));
    }

    [Fact]
    public async Task Seed_DemoOffice_DocumentsUploadedAndFilingsFrozePackets()
    {
        var (documents, claimsWithDocuments, filings, frozen) = await office.First.WithDbAsync(async db => (
            await db.Documents.CountAsync(),
            await db.Documents.Select(d => d.ClaimId).Distinct().CountAsync(),
            await db.JournalEntries.CountAsync(e => e.Action == "file-grievance"),
            await db.PacketBuilds.CountAsync(p => p.Frozen)));

        Assert.True(documents >= 40);
        Assert.True(claimsWithDocuments >= 20);
        Assert.True(filings >= 25);
        Assert.Equal(filings, frozen);
    }

    [Fact]
    public async Task Seed_DemoOffice_EveryJournalChainVerifies()
    {
        await using var scope = office.First.Services.CreateAsyncScope();
        var results = new List<VerifyJournal.Result>();
        await foreach (var result in scope.ServiceProvider.GetRequiredService<VerifyJournal.Handler>().AllAsync(CancellationToken.None))
        {
            results.Add(result);
        }

        Assert.True(results.Count >= 55);
        Assert.All(results, r => Assert.True(r.Valid, $"{r.Number}: {r.Reason}"));
        Assert.True(results.Average(r => r.Count) >= 4);
    }

    [Fact]
    public async Task Seed_DemoOffice_PastRemindersSentAndNothingDueToDispatch()
    {
        var now = DemoOfficeFixture.Now;
        // What is due now is only news: the sample claims' referrals, seeded at this instant, tell their representatives.
        var (overdueScheduled, sent, future) = await office.First.WithDbAsync(async db => (
            await db.Set<ReminderRow>().CountAsync(r => r.Status == ReminderStatus.Scheduled && r.SendAt <= now && !(r.Template == ReminderTemplates.Assigned && r.SendAt == now)),
            await db.Set<ReminderRow>().CountAsync(r => r.Status == ReminderStatus.Sent && r.SentAt == r.SendAt && r.SendAt <= now),
            await db.Set<ReminderRow>().CountAsync(r => r.Status == ReminderStatus.Scheduled && r.SendAt > now)));

        Assert.Equal(0, overdueScheduled);
        Assert.True(sent >= 50);
        Assert.True(future >= 20);
        await using var scope = office.First.Services.CreateAsyncScope();
        var claimed = await scope.ServiceProvider.GetRequiredService<ReminderDispatcher>().ClaimDueAsync(CancellationToken.None);
        var ids = claimed.Select(c => c.Id).ToList();
        var templates = await office.First.WithDbAsync(db => db.Set<ReminderRow>().Where(r => ids.Contains(r.Id)).Select(r => r.Template).ToListAsync());
        Assert.InRange(templates.Count, 1, 4);
        Assert.All(templates, t => Assert.Equal(ReminderTemplates.Assigned, t));
    }

    [Fact]
    public async Task Dashboard_DemoOffice_ShowsOverdueAndRecognizedCounts()
    {
        using var ccwg = await office.First.ClientForAsync(Ccwg);
        var dashboard = await ccwg.GetFromJsonAsync<JsonElement>("/api/dashboard");

        Assert.True(dashboard.GetProperty("total").GetInt32() >= 55);
        Assert.True(dashboard.GetProperty("overdue").GetInt32() > 0);
        Assert.True(dashboard.GetProperty("recognized").GetInt32() > 0);
        Assert.True(dashboard.GetProperty("differentialGranted").GetInt32() > 0);
        Assert.True(dashboard.GetProperty("byDepartment").GetArrayLength() >= 5);
    }

    private static Task<List<Row>> RowsAsync(AppFactory factory) =>
        factory.WithDbAsync(async db => (await db.Claims.AsNoTracking()
                .Select(c => new Row(c.Number, c.Member.Name, c.Department, c.WorkUnit, c.Stage, c.OpenedAt, c.StageEnteredAt, c.DueAt, c.JournalSequence, c.AssignedRepresentative!.Email))
                .ToListAsync())
            .OrderBy(r => r.Number, StringComparer.Ordinal)
            .ToList());

    private static Task<(int Claims, int Journal, int Documents, int Reminders, int Users)> CountsAsync(AppFactory factory) =>
        factory.WithDbAsync(async db => (
            await db.Claims.CountAsync(),
            await db.JournalEntries.CountAsync(),
            await db.Documents.CountAsync(),
            await db.Set<ReminderRow>().CountAsync(),
            await db.Users.CountAsync()));
}
