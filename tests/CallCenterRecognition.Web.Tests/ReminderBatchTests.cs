using System.Collections.Concurrent;
using System.Globalization;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Reminders;
using Hangfire;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using static CallCenterRecognition.Web.Tests.Api;
using static CallCenterRecognition.Web.Tests.ReminderSupport;

namespace CallCenterRecognition.Web.Tests;

// The batch path: one job sends a claimed batch and marks it in one commit; each reminder fails alone.
public sealed class ReminderBatchTests
{
    [Fact]
    public async Task Batch_OneRecipientRefused_OthersSentOnceAndRefusedOneRetriedAlone()
    {
        var clock = new FakeTimeProvider(ThursdayMorning);
        var transport = new RefusingTransport { Refused = Rep2 };
        using var factory = new AppFactory
        {
            Clock = clock,
            TestServices = services => services.Replace(ServiceDescriptor.Singleton<IEmailTransport>(sp =>
            {
                transport.Inner = new OutboxEmailTransport(sp.GetRequiredService<IOptions<EmailOptions>>());
                return transport;
            })),
        };
        var mrc = await SignInAsync(factory, Mrc);
        foreach (var (unit, representative) in new[] { ("Batch Unit A", Rep1), ("Batch Unit B", Rep1), ("Batch Unit C", Rep2), ("Batch Unit D", Rep1) })
        {
            var claim = await OpenAsync(mrc, NewClaim(unit));
            await FireOkAsync(mrc, claim, "refer", new { representativeId = await factory.UserIdAsync(representative) });
        }

        var rep2Id = await factory.UserIdAsync(Rep2);
        clock.SetUtcNow(California(2026, 4, 1, 9));
        var claimed = await ClaimDueAsync(factory);
        var token = Assert.Single(claimed.Select(c => c.Token).Distinct());
        var ids = claimed.Select(c => c.Id).ToHashSet();

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<SendReminderBatchJob>().SendAsync([.. ids], token, CancellationToken.None);
        }

        var rows = await factory.WithDbAsync(db => db.Set<ReminderRow>().AsNoTracking().Where(r => ids.Contains(r.Id)).ToListAsync());
        var refused = rows.Where(r => r.RecipientUserId == rep2Id).ToList();
        Assert.True(refused.Count >= 2, $"only {refused.Count} refused");
        Assert.All(refused, r =>
        {
            Assert.Equal((ReminderStatus.Scheduled, 1, token), (r.Status, r.Attempts, r.ClaimedBy));
            Assert.Contains("refused", r.LastError, StringComparison.Ordinal);
            Assert.True(r.LeaseUntil > clock.GetUtcNow().AddSeconds(30), "the lease covers the backoff");
        });
        var others = rows.Except(refused).ToList();
        Assert.True(others.Count >= 6, $"only {others.Count} others");
        Assert.All(others, r => Assert.Equal((ReminderStatus.Sent, 1), (r.Status, r.Attempts)));

        // The refused ones wait out their backoff as scheduled single sends; no dispatcher takes them meanwhile.
        var monitoring = factory.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        Assert.Equal(refused.Count, monitoring.ScheduledCount());
        Assert.DoesNotContain(await ClaimDueAsync(factory), c => refused.Any(r => r.Id == c.Id));

        transport.Refused = null;
        clock.Advance(TimeSpan.FromSeconds(30));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            foreach (var row in refused)
            {
                var (outcome, _) = await scope.ServiceProvider.GetRequiredService<SendReminderJob>().TrySendAsync(row.Id, token, CancellationToken.None);
                Assert.Equal(SendReminderJob.Outcome.Sent, outcome);
            }
        }

        rows = await factory.WithDbAsync(db => db.Set<ReminderRow>().AsNoTracking().Where(r => ids.Contains(r.Id)).ToListAsync());
        Assert.All(rows, r => Assert.Equal(ReminderStatus.Sent, r.Status));
        Assert.All(refused, r => Assert.Equal(2, rows.Single(x => x.Id == r.Id).Attempts));
        Assert.All(others, r => Assert.Equal(1, transport.Calls($"reminder-{r.Id}")));
        Assert.All(refused, r => Assert.Equal(2, transport.Calls($"reminder-{r.Id}")));
        Assert.Equal(ids.Order().Select(id => $"reminder-{id}.eml"), Outbox(factory).Select(o => o.File).Where(f => ids.Contains(long.Parse(f[9..^4], CultureInfo.InvariantCulture))).OrderBy(f => long.Parse(f[9..^4], CultureInfo.InvariantCulture)));
        var perReminder = await factory.WithDbAsync(db => db.Set<NotificationRow>().Where(n => n.ReminderId != null && ids.Contains(n.ReminderId.Value))
            .GroupBy(n => new { n.ReminderId, n.UserId }).Select(g => g.Count()).ToListAsync());
        Assert.Equal(rows.Count(r => r.Recipient != "member"), perReminder.Count);
        Assert.All(perReminder, count => Assert.Equal(1, count));
    }

    // The batch reads its recipients once, before the sends: each message and each bell notification still goes to its own
    // representative, and the dispatcher and the sender hand their pooled context back with its connection closed.
    [Fact]
    public async Task Batch_SeveralRepresentatives_EachMailAndNotificationToItsOwnAndConnectionsClosed()
    {
        var clock = new FakeTimeProvider(ThursdayMorning);
        using var factory = new AppFactory { Clock = clock };
        var mrc = await SignInAsync(factory, Mrc);
        foreach (var (unit, representative) in new[] { ("Addressed Unit A", Rep1), ("Addressed Unit B", Rep2), ("Addressed Unit C", Rep1), ("Addressed Unit D", Rep2) })
        {
            var claim = await OpenAsync(mrc, NewClaim(unit));
            await FireOkAsync(mrc, claim, "refer", new { representativeId = await factory.UserIdAsync(representative) });
        }

        var emails = new Dictionary<string, string> { [await factory.UserIdAsync(Rep1)] = Rep1, [await factory.UserIdAsync(Rep2)] = Rep2 };
        clock.SetUtcNow(California(2026, 4, 1, 9));
        IReadOnlyList<ClaimedReminder> claimed;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            claimed = await scope.ServiceProvider.GetRequiredService<ReminderDispatcher>().ClaimDueAsync(CancellationToken.None);
            Assert.Equal(System.Data.ConnectionState.Closed, scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.GetDbConnection().State);
        }

        var ids = claimed.Select(c => c.Id).ToHashSet();
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<SendReminderBatchJob>().SendAsync([.. ids], claimed[0].Token, CancellationToken.None);
            Assert.Equal(System.Data.ConnectionState.Closed, scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.GetDbConnection().State);
        }

        var rows = await factory.WithDbAsync(db => db.Set<ReminderRow>().AsNoTracking().Where(r => ids.Contains(r.Id)).ToListAsync());
        var addressed = rows.Where(r => r.RecipientUserId is not null).ToList();
        Assert.Contains(addressed, r => emails[r.RecipientUserId!] == Rep1);
        Assert.Contains(addressed, r => emails[r.RecipientUserId!] == Rep2);
        var files = Outbox(factory).ToDictionary(o => o.File, o => o.Message);
        var notifications = await factory.WithDbAsync(db => db.Set<NotificationRow>().AsNoTracking().Where(n => n.ReminderId != null && ids.Contains(n.ReminderId.Value)).ToListAsync());
        Assert.All(addressed, r =>
        {
            Assert.Equal(ReminderStatus.Sent, r.Status);
            Assert.Equal([emails[r.RecipientUserId!]], To(files[$"reminder-{r.Id}.eml"]));
            Assert.Equal([r.RecipientUserId!], notifications.Where(n => n.ReminderId == r.Id).Select(n => n.UserId));
        });
    }

    // A real process killed while it sends a backlog over SMTP (each message marked sent in its own commit) or to the outbox
    // (a batch marked in one commit), then started again: every reminder goes out, none marked sent before the kill goes
    // again, and over SMTP at most the messages in flight at the kill (one per worker) arrive twice.
    [Theory]
    [InlineData("smtp")]
    [InlineData("outbox")]
    public async Task Kill_MidBatch_ResendsNothingAlreadyMarkedSent(string transport)
    {
        if (TestDatabase.UsePostgres)
        {
            // The process runs on its own SQLite file; the PostgreSQL pass covers two instances in ScaleOutReminderTests.
            return;
        }

        const int Backlog = 300;
        const int Workers = 2;

        // Longer than a batch takes here under load (a lease that runs out mid-batch lets another job take the rest), short
        // enough to wait out after the kill.
        const int Lease = 20;
        await using var peer = new SmtpPeer();
        var folder = Directory.CreateTempSubdirectory("ccr-reminder-crash-").FullName;
        var database = Path.Combine(folder, "ccr.db");
        var outbox = Path.Combine(folder, "outbox");
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:Sqlite"] = $"Data Source={database}", ["Demo"] = "true", ["DemoOffice"] = "false", ["Email:OutboxPath"] = outbox,
            ["Email:From"] = "CCR <reminders@ccr.test>", ["Reminders:LeaseSeconds"] = Lease.ToString(CultureInfo.InvariantCulture), ["Reminders:BatchSize"] = "20",
            ["Hangfire:WorkerCount"] = Workers.ToString(CultureInfo.InvariantCulture),
        };
        if (transport == "smtp")
        {
            settings["Smtp:Host"] = "127.0.0.1";
            settings["Smtp:Port"] = peer.Port.ToString(CultureInfo.InvariantCulture);
            settings["Smtp:Security"] = "none";
        }

        try
        {
            string number;
            string rep1Id;
            await using (var app = await AppProcess.StartAsync(folder, settings))
            {
                var mrc = await app.ClientForAsync(Mrc);
                rep1Id = (await GetAsync(mrc, "/api/representatives")).EnumerateArray().First(r => r.GetProperty("email").GetString() == Rep1).GetProperty("id").GetString()!;
                var claim = await OpenAsync(mrc, NewClaim("Crash Reminder Unit"));
                claim = await FireOkAsync(mrc, claim, "refer", new { representativeId = rep1Id });
                number = claim.GetProperty("number").GetString()!;
            }

            SqliteConnection.ClearAllPools();
            var seeded = SeedNotices(database, number, rep1Id, Backlog);

            var sentAtKill = new Dictionary<long, (long SentAt, int Attempts)>();
            await using (var app = await AppProcess.StartAsync(folder, settings))
            {
                var deadline = DateTime.UtcNow.AddSeconds(90);
                // The outbox is quick: the first file means the first batch is under way.
                var killAt = transport == "smtp" ? Backlog / 5 : 1;
                while (Delivered(peer, outbox, seeded).Count < killAt && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(transport == "smtp" ? 20 : 2);
                }

                app.Kill();
            }

            SqliteConnection.ClearAllPools();
            var deliveredAtKill = Delivered(peer, outbox, seeded);
            foreach (var (id, sentAt, attempts) in Rows(database, seeded).Where(r => r.SentAt is not null).Select(r => (r.Id, r.SentAt!.Value, r.Attempts)))
            {
                sentAtKill[id] = (sentAt, attempts);
            }

            Assert.True(deliveredAtKill.Count < Backlog, "the kill came after the whole backlog went; nothing was tested");

            await Task.Delay(TimeSpan.FromSeconds(Lease + 1));
            await using (var app = await AppProcess.StartAsync(folder, settings))
            {
                var deadline = DateTime.UtcNow.AddSeconds(240);
                while (Rows(database, seeded).Any(r => r.Status != ReminderStatus.Sent) && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(250);
                }

                await Task.Delay(TimeSpan.FromSeconds(1));
            }

            SqliteConnection.ClearAllPools();
            var rows = Rows(database, seeded);
            Assert.True(rows.All(r => r.Status == ReminderStatus.Sent), string.Join(", ", rows.GroupBy(r => r.Status).Select(g => $"{g.Key} {g.Count()}")));
            foreach (var (id, before) in sentAtKill)
            {
                var after = rows.Single(r => r.Id == id);
                Assert.Equal(before, (after.SentAt!.Value, after.Attempts));
            }

            var delivered = Delivered(peer, outbox, seeded);
            Assert.Equal(seeded.Order(), delivered.Keys.Order());
            Assert.All(sentAtKill.Keys, id => Assert.Equal(1, delivered[id]));
            var twice = delivered.Count(d => d.Value > 1);
            Assert.True(twice <= (transport == "smtp" ? Workers : 0), $"{twice} reminders arrived twice");

            using var connection = new SqliteConnection($"Data Source={database}");
            connection.Open();
            using var notifications = connection.CreateCommand();
            notifications.CommandText = $"SELECT COUNT(*), COUNT(DISTINCT \"ReminderId\") FROM \"Notifications\" WHERE \"ReminderId\" IN ({string.Join(", ", seeded)})";
            using var reader = notifications.ExecuteReader();
            Assert.True(reader.Read());
            Assert.Equal((Backlog, Backlog), (reader.GetInt32(0), reader.GetInt32(1)));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    // Notices to rep1 due a minute ago on one open claim, each its own reminder (so none folds into another).
    private static List<long> SeedNotices(string database, string claimNumber, string userId, int count)
    {
        using var connection = new SqliteConnection($"Data Source={database}");
        connection.Open();
        using var insert = connection.CreateCommand();
        var due = DateTimeOffset.UtcNow.AddMinutes(-1).UtcTicks;
        insert.CommandText = """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $count)
            INSERT INTO "Reminders" ("ClaimId", "Stage", "StageEnteredAt", "StageDueAt", "ReminderId", "Occurrence", "Template", "Recipient", "RecipientUserId", "SendAt", "Status", "CreatedAt", "Attempts")
            SELECT c."Id", c."Stage", c."StageEnteredAt", c."DueAt", 'crash-' || n.i, 0, 'assigned', 'user', $user, $due, 'scheduled', $due, 0
            FROM "Claims" AS c, n WHERE c."Number" = $number
            RETURNING "Id"
            """;
        insert.Parameters.AddWithValue("$count", count);
        insert.Parameters.AddWithValue("$user", userId);
        insert.Parameters.AddWithValue("$due", due);
        insert.Parameters.AddWithValue("$number", claimNumber);
        var ids = new List<long>();
        using var reader = insert.ExecuteReader();
        while (reader.Read())
        {
            ids.Add(reader.GetInt64(0));
        }

        Assert.Equal(count, ids.Count);
        return ids;
    }

    private static List<(long Id, string Status, long? SentAt, int Attempts)> Rows(string database, List<long> ids)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
        connection.Open();
        using var select = connection.CreateCommand();
        select.CommandText = $"SELECT \"Id\", \"Status\", \"SentAt\", \"Attempts\" FROM \"Reminders\" WHERE \"Id\" IN ({string.Join(", ", ids)})";
        var rows = new List<(long, string, long?, int)>();
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            rows.Add((reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt64(2), reader.GetInt32(3)));
        }

        return rows;
    }

    // How often each seeded reminder arrived: at the SMTP peer, or as an outbox file (written once by name, whatever happens).
    private static Dictionary<long, int> Delivered(SmtpPeer peer, string outbox, List<long> seeded)
    {
        var ids = seeded.ToHashSet();
        IEnumerable<long> arrived;
        if (Directory.Exists(outbox) && Directory.EnumerateFiles(outbox, "*.eml").Any())
        {
            arrived = Directory.GetFiles(outbox, "*.eml").Select(f => long.Parse(Path.GetFileName(f)[9..^4], CultureInfo.InvariantCulture));
        }
        else
        {
            lock (peer.Received)
            {
                arrived = [.. peer.Received.Select(m => System.Text.RegularExpressions.Regex.Match(m.Data, @"X-CCR-Reminder: (\d+)")).Where(m => m.Success)
                    .Select(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))];
            }
        }

        return arrived.Where(ids.Contains).GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
    }
}

// Refuses every message to one address (a bounced mailbox), hands the rest to the real outbox writer, and counts the sends.
internal sealed class RefusingTransport : IEmailTransport
{
    private readonly ConcurrentDictionary<string, int> calls = new(StringComparer.Ordinal);

    public IEmailTransport? Inner { get; set; }

    public string? Refused { get; set; }

    public bool DeliversOncePerKey => Inner?.DeliversOncePerKey ?? false;

    public int Calls(string key) => calls.GetValueOrDefault(key);

    public Task SendAsync(MimeMessage message, string key, CancellationToken cancellationToken)
    {
        calls.AddOrUpdate(key, 1, (_, n) => n + 1);
        if (Refused is { } refused && message.To.Mailboxes.Any(m => string.Equals(m.Address, refused, StringComparison.OrdinalIgnoreCase)))
        {
            throw new IOException($"550 <{refused}> refused");
        }

        return Inner!.SendAsync(message, key, cancellationToken);
    }
}
