using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallCenterRecognition.Web.Features.Claims;
using CallCenterRecognition.Workflows;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using static CallCenterRecognition.Web.Tests.Api;

namespace CallCenterRecognition.Web.Tests;

public sealed class ReliabilityTests
{
    [Fact]
    public async Task Kill_MidLoad_LosesNoAcknowledgedActionAndLeavesChainsIntact()
    {
        var folder = Directory.CreateTempSubdirectory("ccr-crash-").FullName;
        var database = Path.Combine(folder, "ccr.db");
        var outbox = Path.Combine(folder, "outbox");
        var documents = Path.Combine(folder, "documents");
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:Sqlite"] = $"Data Source={database}", ["Demo"] = "true", ["DemoOffice"] = "false", ["Email:OutboxPath"] = outbox,
            ["Documents:Root"] = documents, ["Documents:Sweep:OrphanGraceMinutes"] = "0",
        };
        var uploaded = new ConcurrentBag<(Guid Claim, string Document)>();
        var acknowledged = new ConcurrentBag<(Guid Claim, string Note)>();
        var claimIds = new List<Guid>();
        try
        {
            await using (var app = await AppProcess.StartAsync(folder, settings))
            {
                var mrc = await app.ClientForAsync(Mrc);
                var rep1Id = (await GetAsync(mrc, "/api/representatives")).EnumerateArray().First(r => r.GetProperty("email").GetString() == Rep1).GetProperty("id").GetString();
                for (var i = 0; i < 16; i++)
                {
                    var claim = await OpenAsync(mrc, NewClaim($"Crash Unit {i}"));
                    claim = await FireOkAsync(mrc, claim, "refer", new { representativeId = rep1Id });
                    claimIds.Add(Guid.Parse(Id(claim)));
                }

                using var stop = new CancellationTokenSource();
                var workers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
                {
                    var random = new Random(w);
                    while (!stop.IsCancellationRequested)
                    {
                        var id = claimIds[random.Next(claimIds.Count)];
                        try
                        {
                            // Two of the eight workers upload evidence while the others act.
                            if (w >= 6)
                            {
                                var bytes = DocumentSupport.PdfOfSize(random.Next(20_000, 400_000), $"worker {w} {Guid.NewGuid():N}");
                                using var form = new MultipartFormDataContent
                                {
                                    { new StringContent("duty-statements"), "category" },
                                    { new ByteArrayContent(bytes), "file", $"duty-{w}.pdf" },
                                };
                                var upload = await mrc.PostAsync($"/api/claims/{id}/documents", form);
                                if (upload.StatusCode == HttpStatusCode.Created)
                                {
                                    uploaded.Add((id, (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!));
                                }

                                continue;
                            }

                            var current = await GetAsync(mrc, $"/api/claims/{id}");
                            var note = $"worker {w} note {Guid.NewGuid():N}";
                            var response = await FireAsync(mrc, current, "add-note", new { text = note });
                            if (response.StatusCode == HttpStatusCode.OK)
                            {
                                // Acknowledged: the server answered 200, so the action must survive anything after this.
                                acknowledged.Add((id, note));
                            }
                        }
                        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException or Xunit.Sdk.XunitException)
                        {
                            // The connection died with the process; an unanswered request may or may not have happened.
                        }
                    }
                })).ToList();

                await Task.Delay(TimeSpan.FromSeconds(4));
                app.Kill();
                stop.Cancel();
                await Task.WhenAll(workers);
            }

            Assert.True(acknowledged.Count > 20, $"only {acknowledged.Count} actions were acknowledged before the kill");

            Assert.True(uploaded.Count > 3, $"only {uploaded.Count} uploads were acknowledged before the kill");

            // While the app is down, its claims' pending reminders come due (as if the outage lasted days).
            var (pending, folded) = await PendingRemindersComeDueAsync(database, claimIds);
            Assert.NotEmpty(pending);

            // What a kill between writing and committing leaves: an unfinished temp file, and a whole file no row names.
            Directory.CreateDirectory(Path.Combine(documents, ".incoming"));
            var unfinished = Path.Combine(documents, ".incoming", "crashed-upload.tmp");
            await File.WriteAllBytesAsync(unfinished, new byte[1000]);
            var orphanSha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Guid.NewGuid().ToByteArray()));
            var orphan = Path.Combine(documents, orphanSha[..2], orphanSha[2..4], orphanSha);
            Directory.CreateDirectory(Path.GetDirectoryName(orphan)!);
            await File.WriteAllBytesAsync(orphan, new byte[1000]);
            File.SetLastWriteTimeUtc(orphan, DateTime.UtcNow.AddMinutes(-5));
            File.SetLastWriteTimeUtc(unfinished, DateTime.UtcNow.AddMinutes(-5));

            await using (var restarted = await AppProcess.StartAsync(folder, settings))
            {
                var ccwg = await restarted.ClientForAsync(Ccwg);
                var found = 0;
                foreach (var id in claimIds)
                {
                    var verification = await GetAsync(ccwg, $"/api/claims/{id}/journal/verify");
                    Assert.True(verification.GetProperty("valid").GetBoolean(), verification.ToString());
                    var journal = (await GetAsync(ccwg, $"/api/claims/{id}/journal")).EnumerateArray().ToList();
                    var claim = await GetAsync(ccwg, $"/api/claims/{id}");

                    // Evidence events sit on the chain but leave the claim's version (its workflow state) alone.
                    Assert.Equal(journal.Count(e => e.GetProperty("action").GetString() is not ("document-uploaded" or "document-deleted")), Version(claim));
                    var notes = journal.Where(e => e.GetProperty("action").GetString() == "add-note")
                        .Select(e => e.GetProperty("data").GetProperty("text").GetString()).ToHashSet(StringComparer.Ordinal);
                    foreach (var ack in acknowledged.Where(a => a.Claim == id))
                    {
                        Assert.True(notes.Contains(ack.Note), $"acknowledged note '{ack.Note}' of {id} is missing");
                        found++;
                    }
                }

                Assert.Equal(acknowledged.Count, found);

                // Every acknowledged upload is listed and downloads; every row has its file; after clean-up no file lacks a row.
                foreach (var (claimId, documentId) in uploaded)
                {
                    var content = await ccwg.GetAsync($"/api/claims/{claimId}/documents/{documentId}/content");
                    Assert.Equal(HttpStatusCode.OK, content.StatusCode);
                }

                var cleanDeadline = DateTime.UtcNow.AddSeconds(30);
                while ((File.Exists(orphan) || File.Exists(unfinished)) && DateTime.UtcNow < cleanDeadline)
                {
                    await Task.Delay(200);
                }

                Assert.False(File.Exists(orphan), "the orphan file was not cleaned up");
                Assert.False(File.Exists(unfinished), "the unfinished upload was not cleaned up");
                var referenced = await StoredHashesAsync(database);
                var files = Directory.EnumerateFiles(documents, "*", SearchOption.AllDirectories)
                    .Where(f => !f.Contains(".incoming", StringComparison.Ordinal)).Select(f => Path.GetFileName(f)).ToHashSet(StringComparer.Ordinal);
                Assert.All(referenced, sha => Assert.Contains(sha, files));
                Assert.All(files, sha => Assert.Contains(sha, referenced));

                // Each pending reminder goes out once after the restart: one .eml per reminder, none twice.
                var deadline = DateTime.UtcNow.AddSeconds(60);
                while (pending.Any(id => !File.Exists(Path.Combine(outbox, $"reminder-{id}.eml"))) && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(250);
                }

                await Task.Delay(TimeSpan.FromSeconds(2));
                Assert.All(pending, id => Assert.True(File.Exists(Path.Combine(outbox, $"reminder-{id}.eml")), $"reminder {id} was not sent after the restart"));
                Assert.Equal(pending.Count, await CountSentAsync(database, pending));

                // Earlier repeats of a reminder that fell due in the same outage went out as their latest repeat.
                Assert.All(folded, id => Assert.False(File.Exists(Path.Combine(outbox, $"reminder-{id}.eml")), $"repeat {id} was sent beside its latest repeat"));
                Assert.Equal(0, await CountSentAsync(database, folded));
                await File.WriteAllTextAsync(
                    Path.Combine(AppContext.BaseDirectory, "crash-figures.txt"),
                    $"acknowledged before kill: {acknowledged.Count}; found after restart: {found}; lost: {acknowledged.Count - found}; uploads acknowledged: {uploaded.Count}, all readable after restart; orphan files after clean-up: 0; reminders due during the outage: {pending.Count + folded.Count}, sent once after restart: {pending.Count} (earlier repeats folded into their latest: {folded.Count})\n");
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    // All of them come due; of the repeats of one reminder only the latest should be sent (Latest), the others not (Folded).
    private static async Task<(List<long> Latest, List<long> Folded)> PendingRemindersComeDueAsync(string database, List<Guid> claimIds)
    {
        await using var connection = new SqliteConnection($"Data Source={database}");
        await connection.OpenAsync();
        var rows = new List<(long Id, string Visit, int Occurrence)>();
        await using (var select = connection.CreateCommand())
        {
            select.CommandText = "SELECT \"Id\", \"ClaimId\", \"Stage\", \"StageEnteredAt\", \"StageDueAt\", \"ReminderId\", \"Recipient\", \"Occurrence\" FROM \"Reminders\" WHERE \"Status\" = 'scheduled'";
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                if (claimIds.Contains(Guid.Parse(reader.GetString(1))))
                {
                    rows.Add((reader.GetInt64(0), string.Join('|', Enumerable.Range(1, 6).Select(i => reader.GetValue(i).ToString())), reader.GetInt32(7)));
                }
            }
        }

        var ids = rows.Select(r => r.Id).ToList();
        var latest = rows.GroupBy(r => r.Visit).Select(g => g.MaxBy(r => r.Occurrence).Id).ToHashSet();

        await using var update = connection.CreateCommand();
        update.CommandText = $"UPDATE \"Reminders\" SET \"SendAt\" = {DateTimeOffset.UtcNow.AddMinutes(-1).UtcTicks} WHERE \"Id\" IN ({string.Join(',', ids)})";
        await update.ExecuteNonQueryAsync();
        return ([.. ids.Where(latest.Contains)], [.. ids.Where(id => !latest.Contains(id))]);
    }

    private static async Task<HashSet<string>> StoredHashesAsync(string database)
    {
        await using var connection = new SqliteConnection($"Data Source={database}");
        await connection.OpenAsync();
        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT \"Sha256\" FROM \"Documents\" UNION SELECT \"Sha256\" FROM \"PacketBuilds\" WHERE \"Sha256\" IS NOT NULL";
        var hashes = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await select.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            hashes.Add(reader.GetString(0));
        }

        return hashes;
    }

    private static async Task<int> CountSentAsync(string database, List<long> ids)
    {
        await using var connection = new SqliteConnection($"Data Source={database}");
        await connection.OpenAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = $"SELECT COUNT(*) FROM \"Reminders\" WHERE \"Status\" = 'sent' AND \"Attempts\" = 1 AND \"Id\" IN ({string.Join(',', ids)})";
        return Convert.ToInt32(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Backup_WhileServingWrites_RestoresToAConsistentDatabase()
    {
        using var factory = new AppFactory();
        if (factory.PostgresConnectionString is not null)
        {
            return;
        }

        var mrc = await factory.ClientForAsync(Mrc);
        var claims = new List<JsonElement>();
        for (var i = 0; i < 5; i++)
        {
            claims.Add(await OpenAsync(mrc, NewClaim($"Backup Unit {i}")));
        }

        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            var n = 0;
            while (!stop.IsCancellationRequested)
            {
                var claim = claims[n++ % claims.Count];
                var current = await GetAsync(mrc, $"/api/claims/{Id(claim)}");
                await FireAsync(mrc, current, "add-note", new { text = $"during backup {n}" });
            }
        });

        var backupFile = Path.Combine(factory.Folder, "backup", "ccr-backup.zip");
        var cli = Process.Start(new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "CallCenterRecognition.Web.dll"), "--backup", backupFile])
        {
            WorkingDirectory = factory.Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["ConnectionStrings__Sqlite"] = $"Data Source={factory.DatabasePath}", ["Logging__Console__FormatterName"] = "simple" },
        })!;
        var stdout = await cli.StandardOutput.ReadToEndAsync();
        var stderr = await cli.StandardError.ReadToEndAsync();
        await cli.WaitForExitAsync();
        stop.Cancel();
        await writer;
        Assert.True(cli.ExitCode == 0, stdout + stderr);
        Assert.Contains("Backed up", stdout, StringComparison.Ordinal);

        var restoredFolder = Path.Combine(factory.Folder, "restored");
        Directory.CreateDirectory(restoredFolder);
        var restore = Process.Start(new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "CallCenterRecognition.Web.dll"), "--restore", backupFile])
        {
            WorkingDirectory = restoredFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // The document store is copied beside the backup by the operator; here it is the app's own (the seeded filed packet is in it).
            Environment = { ["Logging__Console__FormatterName"] = "simple", ["Documents__Root"] = factory.DocumentsRoot },
        })!;
        var restoreOut = await restore.StandardOutput.ReadToEndAsync() + await restore.StandardError.ReadToEndAsync();
        await restore.WaitForExitAsync();
        Assert.True(restore.ExitCode == 0, restoreOut);

        var restoredPath = Path.Combine(restoredFolder, "data", "ccr.db");
        var options = new DbContextOptionsBuilder<Data.SqliteAppDbContext>().UseSqlite($"Data Source={restoredPath};Pooling=False").Options;
        await using var restored = new Data.SqliteAppDbContext(options);
        foreach (var claim in claims)
        {
            var id = Guid.Parse(Id(claim));
            var row = await restored.Claims.SingleAsync(c => c.Id == id);
            var entries = await restored.JournalEntries.Where(e => e.ClaimId == id).OrderBy(e => e.Sequence).ToListAsync();
            Assert.True(JournalChain.Verify(entries.Select(e => e.ToEntry())).Valid);
            Assert.Equal(row.JournalSequence, entries.Count);
            Assert.Equal(row.JournalHash, entries[^1].Hash);
        }
    }

    [Fact]
    public async Task VerifyJournal_EditedOrTruncatedEntry_NamesFirstBrokenEntry()
    {
        using var factory = new AppFactory();
        var mrc = await factory.ClientForAsync(Mrc);
        var claim = await OpenAsync(mrc, NewClaim("Tamper Unit"));
        for (var i = 0; i < 4; i++)
        {
            claim = await FireOkAsync(mrc, claim, "add-note", new { text = $"note {i}" });
        }

        var ok = await GetAsync(mrc, $"/api/claims/{Id(claim)}/journal/verify");
        Assert.True(ok.GetProperty("valid").GetBoolean());
        Assert.Equal(5, ok.GetProperty("count").GetInt32());

        var id = Guid.Parse(Id(claim));
        await factory.WithDbAsync(db => db.JournalEntries.Where(e => e.ClaimId == id && e.Sequence == 3)
            .ExecuteUpdateAsync(u => u.SetProperty(e => e.Data, "{\"text\":\"rewritten history\"}")));
        var edited = await GetAsync(mrc, $"/api/claims/{Id(claim)}/journal/verify");
        Assert.False(edited.GetProperty("valid").GetBoolean());
        Assert.Equal(3, edited.GetProperty("firstBrokenSequence").GetInt64());

        var other = await OpenAsync(mrc, NewClaim("Truncate Unit"));
        other = await FireOkAsync(mrc, other, "add-note", new { text = "to be cut" });
        var otherId = Guid.Parse(Id(other));
        await factory.WithDbAsync(db => db.JournalEntries.Where(e => e.ClaimId == otherId && e.Sequence == 2).ExecuteDeleteAsync());
        var truncated = await GetAsync(mrc, $"/api/claims/{Id(other)}/journal/verify");
        Assert.False(truncated.GetProperty("valid").GetBoolean());
        Assert.Equal(2, truncated.GetProperty("firstBrokenSequence").GetInt64());
    }

    [Fact]
    public async Task AdminJournalsPage_OneEntryEdited_NamesTheClaimAndFirstBrokenEntry()
    {
        using var factory = new AppFactory();
        var mrc = await factory.ClientForAsync(Mrc);
        var claim = await OpenAsync(mrc, NewClaim("Admin Journal Unit"));
        claim = await FireOkAsync(mrc, claim, "add-note", new { text = "first" });
        claim = await FireOkAsync(mrc, claim, "add-note", new { text = "second" });
        using var admin = factory.CreateClient();
        var login = await admin.PostAsJsonAsync("/api/auth/login?useCookies=true", new { email = Admin, password = AppFactory.Password });
        login.EnsureSuccessStatusCode();

        var clean = await admin.GetStringAsync("/admin/journals");
        Assert.Matches("All \\d+ claim journals verify", clean);

        var id = Guid.Parse(Id(claim));
        await factory.WithDbAsync(db => db.JournalEntries.Where(e => e.ClaimId == id && e.Sequence == 2)
            .ExecuteUpdateAsync(u => u.SetProperty(e => e.ActorName, "someone else")));
        var broken = await admin.GetStringAsync("/admin/journals");
        Assert.Contains("1 of ", broken, StringComparison.Ordinal);
        Assert.Contains(claim.GetProperty("number").GetString()!, broken, StringComparison.Ordinal);
        Assert.Matches("<td>2</td>", broken);
    }
}
