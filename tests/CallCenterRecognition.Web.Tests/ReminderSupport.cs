using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Reminders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace CallCenterRecognition.Web.Tests;

internal static class ReminderSupport
{
    // Thursday 2026-03-26, 10:00 in California (PDT). A referral made now is due Friday 2026-04-03: Cesar Chavez Day is skipped.
    public static readonly DateTimeOffset ThursdayMorning = new(2026, 3, 26, 10, 0, 0, TimeSpan.FromHours(-7));

    public static DateTimeOffset California(int year, int month, int day, int hour) =>
        new DateTimeOffset(new DateTime(year, month, day, hour, 0, 0), TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles").GetUtcOffset(new DateTime(year, month, day, hour, 0, 0)));

    public static AppFactory Factory(FakeTimeProvider clock, FlakyTransport? transport = null, params (string Key, string Value)[] settings)
    {
        var factory = new AppFactory
        {
            Clock = clock,
            TestServices = transport is null ? null : services => services.Replace(ServiceDescriptor.Singleton<IEmailTransport>(sp =>
            {
                transport.Inner = new OutboxEmailTransport(sp.GetRequiredService<IOptions<EmailOptions>>());
                return transport;
            })),
        };
        foreach (var (key, value) in settings)
        {
            factory.Settings[key] = value;
        }

        return factory;
    }

    // Bearer tokens expire an hour after the fake clock issued them, so each step signs in afresh.
    public static async Task<HttpClient> SignInAsync(AppFactory factory, string email)
    {
        var client = factory.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password = AppFactory.Password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static async Task<IReadOnlyList<ClaimedReminder>> ClaimDueAsync(AppFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReminderDispatcher>().ClaimDueAsync(CancellationToken.None);
    }

    public static async Task<SendReminderJob.Outcome> SendAsync(AppFactory factory, ClaimedReminder reminder)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var (outcome, _) = await scope.ServiceProvider.GetRequiredService<SendReminderJob>().TrySendAsync(reminder.Id, reminder.Token, CancellationToken.None);
        return outcome;
    }

    // What the recurring job and the send jobs do, run inline: claim what is due, send each.
    public static async Task<int> RunDueAsync(AppFactory factory)
    {
        var claimed = await ClaimDueAsync(factory);
        foreach (var reminder in claimed)
        {
            await SendAsync(factory, reminder);
        }

        return claimed.Count;
    }

    public static Task<List<ReminderRow>> RemindersAsync(AppFactory factory, string claimId) =>
        factory.WithDbAsync(db => db.Set<ReminderRow>().AsNoTracking().Where(r => r.ClaimId == Guid.Parse(claimId)).OrderBy(r => r.SendAt).ThenBy(r => r.Id).ToListAsync());

    public static List<(string File, MimeMessage Message)> Outbox(AppFactory factory) =>
        !Directory.Exists(factory.OutboxPath)
            ? []
            : [.. Directory.GetFiles(factory.OutboxPath, "*.eml").Order(StringComparer.Ordinal).Select(f => (Path.GetFileName(f), MimeMessage.Load(f)))];

    public static List<MimeMessage> OutboxFor(AppFactory factory, string claimNumber) =>
        [.. Outbox(factory).Select(o => o.Message).Where(m => (m.TextBody ?? string.Empty).Contains(claimNumber, StringComparison.Ordinal))];

    // Stage reminders only, without the assignment notices an action sends at once.
    public static List<MimeMessage> RemindersFor(AppFactory factory, string claimNumber) =>
        [.. OutboxFor(factory, claimNumber).Where(m => !IsNotice(m))];

    public static bool IsNotice(MimeMessage message) => message.Headers["X-CCR-Template"] is ReminderTemplates.Assigned or ReminderTemplates.ReassignedAway;

    public static bool IsNotice(ReminderRow row) => row.Recipient == ReminderRecipients.User;

    public static string[] To(MimeMessage message) => [.. message.To.Mailboxes.Select(m => m.Address).Order(StringComparer.Ordinal)];
}

// Fails the first N sends of each message, then hands over to the real outbox writer.
internal sealed class FlakyTransport(int failures) : IEmailTransport
{
    public IEmailTransport? Inner { get; set; }

    public bool DeliversOncePerKey => Inner?.DeliversOncePerKey ?? false;

    private readonly ConcurrentDictionary<string, int> calls = new(StringComparer.Ordinal);

    public int Calls(string key) => calls.GetValueOrDefault(key);

    // The Message-Id of every attempt, failed or not.
    public ConcurrentQueue<(string Key, string? MessageId)> Attempts { get; } = new();

    public Task SendAsync(MimeMessage message, string key, CancellationToken cancellationToken)
    {
        Attempts.Enqueue((key, message.MessageId));
        var call = calls.AddOrUpdate(key, 1, (_, n) => n + 1);
        if (call <= failures)
        {
            throw new IOException($"simulated SMTP failure {call}");
        }

        return Inner!.SendAsync(message, key, cancellationToken);
    }
}
