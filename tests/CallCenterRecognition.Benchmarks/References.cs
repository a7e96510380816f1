using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using CallCenterRecognition.Workflows;
using Microsoft.Data.Sqlite;

namespace CallCenterRecognition.Benchmarks;

// A bare Kestrel process on the same runtime whose readiness check counts the claims: the floor for start-up.
public static class ReferenceServer
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args[1..]);
        var app = builder.Build();
        var database = args[0];
        app.MapGet("/health/ready", () =>
        {
            using var connection = new SqliteConnection($"Data Source={database}");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM Claims";
            return Results.Text(Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
        });
        // The claim API's SQL by hand, behind bare Kestrel: what serving it over HTTP costs at the least.
        app.MapGet("/claim/{id}", (string id) =>
        {
            using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
            connection.Open();
            var claim = new Dictionary<string, object?>(StringComparer.Ordinal);
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT c.*, u.DisplayName, u.Email FROM Claims c LEFT JOIN AspNetUsers u ON u.Id = c.AssignedRepresentativeId WHERE c.Id = $id";
                command.Parameters.AddWithValue("$id", id.ToUpperInvariant());
                using var reader = command.ExecuteReader();
                if (!reader.Read())
                {
                    return Results.NotFound();
                }

                for (var i = 0; i < reader.FieldCount; i++)
                {
                    claim[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                }
            }

            var related = new List<Dictionary<string, object?>>();
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT Id, Number, Stage, IsClosed, OpenedAt, MemberName FROM Claims WHERE UnitKey = $key AND Id <> $id ORDER BY OpenedAt DESC LIMIT 50";
                command.Parameters.AddWithValue("$key", claim["UnitKey"]);
                command.Parameters.AddWithValue("$id", id.ToUpperInvariant());
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    related.Add(Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i)));
                }
            }

            claim["related"] = related;
            return Results.Json(claim);
        });
        await app.RunAsync();
        return 0;
    }

    public static async Task<(TimeSpan Startup, long WorkingSet)> MeasureAsync(string database)
    {
        var (process, _, startup) = await StartAsync(database);
        using (process)
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
            process.Refresh();
            var workingSet = process.WorkingSet64;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return (startup, workingSet);
        }
    }

    public static async Task<LoadResult> ClaimOverHttpAsync(string database, Guid[] sample, int clients, TimeSpan duration)
    {
        var (process, address, _) = await StartAsync(database);
        using (process)
        {
            var http = Enumerable.Range(0, clients).Select(_ => new HttpClient { BaseAddress = address }).ToArray();
            var result = await Load.RunAsync(clients, duration, async (c, n) => (await http[c].GetAsync($"/claim/{sample[n % sample.Length]}")).IsSuccessStatusCode);
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return result;
        }
    }

    private static async Task<(Process Process, Uri Address, TimeSpan Startup)> StartAsync(string database)
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var watch = Stopwatch.StartNew();
        var process = Process.Start(new ProcessStartInfo("dotnet", ["exec", typeof(ReferenceServer).Assembly.Location, "--reference-server", database, "--urls", $"http://127.0.0.1:{port}", "--Logging:LogLevel:Default", "Warning"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(2) };
        while (true)
        {
            try
            {
                if ((await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    break;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                if (watch.Elapsed > TimeSpan.FromSeconds(60))
                {
                    throw;
                }
            }

            await Task.Delay(20);
        }

        return (process, client.BaseAddress, watch.Elapsed);
    }
}

// The hand-written SQL a careful developer would write for the same pages, run on the same file with the same concurrency.
public static class ReferenceQueries
{
    public static LoadResult Queue(string database, string representativeId, int clients, TimeSpan duration) =>
        Run(database, clients, duration, (connection, _) =>
        {
            using var count = connection.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM Claims WHERE AssignedRepresentativeId = $rep";
            count.Parameters.AddWithValue("$rep", representativeId);
            count.ExecuteScalar();
            using var page = connection.CreateCommand();
            page.CommandText = """
                SELECT c.Id, c.Number, c.Stage, c.IsClosed, c.DefinitionId, c.DefinitionVersion, c.MemberName, c.Department, c.WorkUnit, c.OpenedAt, c.DueAt,
                       c.AssignedRepresentativeId, u.DisplayName, u.Email
                FROM Claims c LEFT JOIN AspNetUsers u ON u.Id = c.AssignedRepresentativeId
                WHERE c.AssignedRepresentativeId = $rep
                ORDER BY c.IsClosed, c.DueAt IS NULL, c.DueAt, c.Number DESC
                LIMIT 25
                """;
            page.Parameters.AddWithValue("$rep", representativeId);
            Drain(page);
        });

    public static LoadResult Claim(string database, Guid[] sample, int clients, TimeSpan duration) =>
        Run(database, clients, duration, (connection, n) =>
        {
            var id = sample[n % sample.Length].ToString().ToUpperInvariant();
            using var claim = connection.CreateCommand();
            claim.CommandText = "SELECT c.*, u.DisplayName, u.Email FROM Claims c LEFT JOIN AspNetUsers u ON u.Id = c.AssignedRepresentativeId WHERE c.Id = $id";
            claim.Parameters.AddWithValue("$id", id);
            string? unitKey = null;
            using (var reader = claim.ExecuteReader())
            {
                if (reader.Read())
                {
                    unitKey = reader.GetString(reader.GetOrdinal("UnitKey"));
                }
            }

            using var related = connection.CreateCommand();
            related.CommandText = "SELECT Id, Number, Stage, IsClosed, OpenedAt, MemberName FROM Claims WHERE UnitKey = $key AND Id <> $id ORDER BY OpenedAt DESC LIMIT 50";
            related.Parameters.AddWithValue("$key", unitKey);
            related.Parameters.AddWithValue("$id", id);
            Drain(related);
        });

    // The dashboard's figures by hand: department x stage counts, open and overdue counts, and per open stage its count, median and oldest.
    public static LoadResult Dashboard(string database, string[] openStages, int clients, TimeSpan duration) =>
        Run(database, clients, duration, (connection, _) =>
        {
            var now = DateTimeOffset.UtcNow.UtcTicks;
            using (var departments = connection.CreateCommand())
            {
                departments.CommandText = "SELECT DISTINCT Department FROM Claims ORDER BY Department";
                Drain(departments);
            }

            using (var cells = connection.CreateCommand())
            {
                cells.CommandText = "SELECT Department, Stage, COUNT(*) FROM Claims GROUP BY Department, Stage";
                Drain(cells);
            }

            using (var counts = connection.CreateCommand())
            {
                counts.CommandText = "SELECT COUNT(*) FROM Claims WHERE IsClosed = 0; SELECT COUNT(*) FROM Claims WHERE IsClosed = 0 AND DueAt < $now";
                counts.Parameters.AddWithValue("$now", now);
                Drain(counts);
            }

            using (var members = connection.CreateCommand())
            {
                members.CommandText = "SELECT COUNT(*) FROM ClaimGrievants WHERE RemovedAt IS NULL";
                Drain(members);
            }

            using (var units = connection.CreateCommand())
            {
                units.CommandText = """
                    SELECT Department, Status, COUNT(*) FROM Units WHERE MergedIntoId IS NULL GROUP BY Department, Status;
                    SELECT Id, Department, Name, WorkUnit, Status, StatusOn FROM Units
                    WHERE MergedIntoId IS NULL AND Status IN ('recognized', 'differential-granted') ORDER BY StatusOn DESC, Id DESC LIMIT 100
                    """;
                Drain(units);
            }

            foreach (var stage in openStages)
            {
                using var count = connection.CreateCommand();
                count.CommandText = "SELECT COUNT(*) FROM Claims WHERE Stage = $stage AND IsClosed = 0";
                count.Parameters.AddWithValue("$stage", stage);
                var n = Convert.ToInt32(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
                if (n == 0)
                {
                    continue;
                }

                using var median = connection.CreateCommand();
                median.CommandText = "SELECT StageEnteredAt FROM Claims WHERE Stage = $stage AND IsClosed = 0 ORDER BY StageEnteredAt DESC LIMIT $take OFFSET $skip";
                median.Parameters.AddWithValue("$stage", stage);
                median.Parameters.AddWithValue("$take", n % 2 == 1 ? 1 : 2);
                median.Parameters.AddWithValue("$skip", (n - 1) / 2);
                Drain(median);
                using var worst = connection.CreateCommand();
                worst.CommandText = "SELECT Id, Number, StageEnteredAt FROM Claims WHERE Stage = $stage AND IsClosed = 0 ORDER BY StageEnteredAt, Number LIMIT 1";
                worst.Parameters.AddWithValue("$stage", stage);
                Drain(worst);
            }
        });

    private static LoadResult Run(string database, int clients, TimeSpan duration, Action<SqliteConnection, long> query)
    {
        var connections = Enumerable.Range(0, clients).Select(_ =>
        {
            var c = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
            c.Open();
            return c;
        }).ToArray();
        try
        {
            return Load.RunAsync(clients, duration, (client, n) =>
            {
                query(connections[client], n);
                return Task.FromResult(true);
            }).GetAwaiter().GetResult();
        }
        finally
        {
            foreach (var c in connections)
            {
                c.Dispose();
            }
        }
    }

    private static void Drain(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        do
        {
            while (reader.Read())
            {
            }
        }
        while (reader.NextResult());
    }
}

// What one action costs the database at the least: one UPDATE of the claim and one INSERT of its journal entry, in one transaction.
public static class ReferenceActions
{
    public static LoadResult Run(string database, string folder, List<Guid> claims, int clients, int transactions)
    {
        var copy = Path.Combine(folder, "reference.db");
        foreach (var leftover in new[] { "-wal", "-shm" })
        {
            File.Delete(copy + leftover);
        }

        File.Copy(database, copy, overwrite: true);
        var connections = Enumerable.Range(0, clients).Select(_ =>
        {
            var c = new SqliteConnection($"Data Source={copy};Pooling=False;Default Timeout=30");
            c.Open();
            using var pragma = c.CreateCommand();
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;";
            pragma.ExecuteNonQuery();
            return c;
        }).ToArray();
        var actor = new WorkflowActor("bench", "Benchmark", []);
        try
        {
            return Load.RunAsync(clients, TimeSpan.FromHours(1), (client, n) =>
            {
                var connection = connections[client];
                var id = claims[(int)((n * 7919) % claims.Count)].ToString().ToUpperInvariant();
                var entry = JournalChain.Append(n, JournalChain.GenesisHash, DateTimeOffset.UtcNow, actor, "add-note", "intake", "intake", $"{{\"text\":\"reference {n}\"}}");
                using var transaction = connection.BeginTransaction();
                using (var update = connection.CreateCommand())
                {
                    update.CommandText = "UPDATE Claims SET Version = Version + 1, JournalSequence = JournalSequence + 1, JournalHash = $hash WHERE Id = $id";
                    update.Parameters.AddWithValue("$hash", entry.Hash);
                    update.Parameters.AddWithValue("$id", id);
                    update.ExecuteNonQuery();
                }

                using (var insert = connection.CreateCommand())
                {
                    insert.CommandText = """
                        INSERT INTO JournalEntries (ClaimId, Sequence, At, ActorId, ActorName, Action, FromStage, ToStage, Data, PreviousHash, Hash)
                        VALUES ($id, 1000000 + $n, $at, 'bench', 'Benchmark', 'add-note', 'intake', 'intake', $data, $previous, $hash)
                        """;
                    insert.Parameters.AddWithValue("$id", id);
                    insert.Parameters.AddWithValue("$n", n);
                    insert.Parameters.AddWithValue("$at", entry.At.UtcTicks);
                    insert.Parameters.AddWithValue("$data", entry.Data);
                    insert.Parameters.AddWithValue("$previous", entry.PreviousHash);
                    insert.Parameters.AddWithValue("$hash", entry.Hash);
                    insert.ExecuteNonQuery();
                }

                transaction.Commit();
                return Task.FromResult(true);
            }, transactions).GetAwaiter().GetResult();
        }
        finally
        {
            foreach (var c in connections)
            {
                c.Dispose();
            }
        }
    }
}

public static partial class QueryPlans
{
    [GeneratedRegex(@"Executed DbCommand \([^)]*\) \[[^\n]*\]\n(?<sql>(?:      [^\n]*\n)+)")]
    private static partial Regex Command();

    public static List<string> Capture(string log) =>
        [.. Command().Matches(log.Replace("\r", string.Empty, StringComparison.Ordinal)).Select(m => string.Join('\n', m.Groups["sql"].Value.Split('\n').Select(l => l.Length > 6 ? l[6..] : l)))
            .Where(sql => sql.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase) && (sql.Contains("\"Claims\"", StringComparison.Ordinal) || sql.Contains("\"Units\"", StringComparison.Ordinal) || sql.Contains("\"ClaimGrievants\"", StringComparison.Ordinal)))];

    public static IEnumerable<(string Sql, string Plan)> Explain(string database, IEnumerable<string> statements)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
        connection.Open();
        foreach (var sql in statements)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "EXPLAIN QUERY PLAN " + sql;
            foreach (Match parameter in Regex.Matches(sql, @"@\w+"))
            {
                if (!command.Parameters.Contains(parameter.Value))
                {
                    command.Parameters.AddWithValue(parameter.Value, DBNull.Value);
                }
            }

            var lines = new List<string>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    lines.Add(reader.GetString(3));
                }
            }

            var plan = string.Join('\n', lines);
            // EF aliases ClaimGrievants "c" as well: only a statement that reads Claims can scan it.
            if (Regex.IsMatch(sql, @"FROM ""Claims""") && Regex.IsMatch(plan, @"SCAN (c|Claims|""Claims"")\b(?! USING)"))
            {
                plan += "\n-- WARNING: full scan of Claims";
            }

            yield return (sql, plan);
        }
    }
}

// Reminders: rows due now for claims waiting in referral, and the least SQL that could hand them out: claim a batch, mark each sent.
public static class ReferenceReminders
{
    // The seeded rows are those with an id above After: earlier parts' actions leave reminders of their own, some due.
    public static (int Count, long After) Seed(string database, int count)
    {
        using var connection = new SqliteConnection($"Data Source={database}");
        connection.Open();
        using var last = connection.CreateCommand();
        last.CommandText = "SELECT COALESCE(MAX(Id), 0) FROM Reminders";
        var after = Convert.ToInt64(last.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        using var insert = connection.CreateCommand();
        var due = DateTimeOffset.UtcNow.AddMinutes(-1).UtcTicks;
        insert.CommandText = $"""
            INSERT INTO Reminders (ClaimId, Stage, StageEnteredAt, StageDueAt, ReminderId, Occurrence, Template, Recipient, RecipientUserId, SendAt, Status, CreatedAt, Attempts)
            SELECT Id, Stage, StageEnteredAt, DueAt, 'accept-due', 0, 'referral-due', 'assignee', AssignedRepresentativeId, {due}, 'scheduled', {due}, 0
            FROM Claims WHERE Stage = 'referral' AND IsClosed = 0 AND DueAt IS NOT NULL AND AssignedRepresentativeId IS NOT NULL
            LIMIT {count}
            """;
        return (insert.ExecuteNonQuery(), after);
    }

    public static int Pending(string database, long after)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM Reminders WHERE Status = 'scheduled' AND Id > $after";
        count.Parameters.AddWithValue("$after", after);
        return Convert.ToInt32(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    // Claims batches of 100 with UPDATE ... RETURNING, then marks each row sent in its own statement, as the send job does.
    public static TimeSpan Run(string database, long after)
    {
        using var connection = new SqliteConnection($"Data Source={database}");
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;";
            pragma.ExecuteNonQuery();
        }

        var watch = Stopwatch.StartNew();
        while (true)
        {
            var now = DateTimeOffset.UtcNow.UtcTicks;
            var ids = new List<long>();
            using (var claim = connection.CreateCommand())
            {
                claim.CommandText = """
                    UPDATE Reminders SET ClaimedBy = 'reference', LeaseUntil = $lease
                    WHERE Id IN (SELECT Id FROM Reminders WHERE Status = 'scheduled' AND SendAt <= $now AND (LeaseUntil IS NULL OR LeaseUntil < $now) AND Id > $after ORDER BY SendAt, Id LIMIT 100)
                    RETURNING Id
                    """;
                claim.Parameters.AddWithValue("$now", now);
                claim.Parameters.AddWithValue("$after", after);
                claim.Parameters.AddWithValue("$lease", now + TimeSpan.FromMinutes(5).Ticks);
                using var reader = claim.ExecuteReader();
                while (reader.Read())
                {
                    ids.Add(reader.GetInt64(0));
                }
            }

            if (ids.Count == 0)
            {
                return watch.Elapsed;
            }

            foreach (var id in ids)
            {
                using var sent = connection.CreateCommand();
                sent.CommandText = "UPDATE Reminders SET Status = 'sent', SentAt = $now, Attempts = Attempts + 1, ClaimedBy = NULL, LeaseUntil = NULL WHERE Id = $id AND ClaimedBy = 'reference'";
                sent.Parameters.AddWithValue("$now", now);
                sent.Parameters.AddWithValue("$id", id);
                sent.ExecuteNonQuery();
            }
        }
    }
}

// Migration: the least a migration must write per claim, each claim in its own transaction on a fresh copy of the same file:
// re-pin the claim to the new version (checked against the version read) and append its "migrated" journal entry.
public static class ReferenceMigration
{
    public const string DefinitionId = "article-21-4-recognition";

    public static int OpenOn(string database, int version)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM Claims WHERE DefinitionId = $definition AND DefinitionVersion = $version AND IsClosed = 0";
        count.Parameters.AddWithValue("$definition", DefinitionId);
        count.Parameters.AddWithValue("$version", version);
        return Convert.ToInt32(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static int Count(string database, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = sql;
        return Convert.ToInt32(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    // Keeps the first `keep` open version-1 claims (in claim-number order, the order the job takes them) on version 1 and
    // re-pins the rest to version 2 by SQL, so the row measures the same number of claims whatever --claims is.
    public static int KeepOnVersion1(string database, int keep)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var update = connection.CreateCommand();
        update.CommandText = """
            UPDATE Claims SET DefinitionVersion = 2
            WHERE Id IN (SELECT Id FROM Claims WHERE DefinitionId = $definition AND DefinitionVersion = 1 AND IsClosed = 0 ORDER BY Number LIMIT -1 OFFSET $keep)
            """;
        update.Parameters.AddWithValue("$definition", DefinitionId);
        update.Parameters.AddWithValue("$keep", keep);
        return update.ExecuteNonQuery();
    }

    public static void Copy(string database, string copy)
    {
        foreach (var leftover in new[] { string.Empty, "-wal", "-shm" })
        {
            File.Delete(copy + leftover);
        }

        using var source = new SqliteConnection($"Data Source={database};Pooling=False");
        source.Open();
        using var target = new SqliteConnection($"Data Source={copy};Pooling=False");
        source.BackupDatabase(target);
    }

    /// <summary>Migrates every open version-1 claim of <paramref name="copy"/> to version 2; returns the claims moved and the time taken (the read of the claims included).</summary>
    public static (int Claims, TimeSpan Elapsed) Run(string copy)
    {
        using var connection = new SqliteConnection($"Data Source={copy};Pooling=False;Default Timeout=30");
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;";
            pragma.ExecuteNonQuery();
        }

        var actor = new WorkflowActor("system", "Workflow migration", []);
        var data = System.Text.Json.JsonSerializer.Serialize(new SortedDictionary<string, string>(StringComparer.Ordinal) { ["fromVersion"] = "1", ["toVersion"] = "2" });
        var watch = Stopwatch.StartNew();
        var claims = new List<(string Id, string Stage, long Version, long Sequence, string Hash)>();
        using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT Id, Stage, Version, JournalSequence, JournalHash FROM Claims WHERE DefinitionId = $definition AND DefinitionVersion = 1 AND IsClosed = 0 ORDER BY Number";
            read.Parameters.AddWithValue("$definition", DefinitionId);
            using var reader = read.ExecuteReader();
            while (reader.Read())
            {
                claims.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetString(4)));
            }
        }

        using var update = connection.CreateCommand();
        update.CommandText = "UPDATE Claims SET DefinitionVersion = 2, Version = Version + 1, JournalSequence = $sequence, JournalHash = $hash WHERE Id = $id AND Version = $version";
        var u = new[] { "$sequence", "$hash", "$id", "$version" }.ToDictionary(n => n, n => update.Parameters.Add(new SqliteParameter(n, null)));
        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO JournalEntries (ClaimId, Sequence, At, ActorId, ActorName, Action, FromStage, ToStage, Data, PreviousHash, Hash)
            VALUES ($id, $sequence, $at, $actorId, $actorName, 'migrated', $stage, $stage, $data, $previous, $hash)
            """;
        var i = new[] { "$id", "$sequence", "$at", "$actorId", "$actorName", "$stage", "$data", "$previous", "$hash" }.ToDictionary(n => n, n => insert.Parameters.Add(new SqliteParameter(n, null)));
        i["$actorId"].Value = actor.Id;
        i["$actorName"].Value = actor.Name;
        i["$data"].Value = data;
        var moved = 0;
        foreach (var claim in claims)
        {
            var entry = JournalChain.Append(claim.Sequence, claim.Hash, DateTimeOffset.UtcNow, actor, "migrated", claim.Stage, claim.Stage, data);
            using var transaction = connection.BeginTransaction();
            update.Transaction = transaction;
            insert.Transaction = transaction;
            if (moved == 0)
            {
                update.Prepare();
                insert.Prepare();
            }

            u["$sequence"].Value = entry.Sequence;
            u["$hash"].Value = entry.Hash;
            u["$id"].Value = claim.Id;
            u["$version"].Value = claim.Version;
            if (update.ExecuteNonQuery() != 1)
            {
                throw new InvalidOperationException($"Claim {claim.Id} was not at version {claim.Version}.");
            }

            i["$id"].Value = claim.Id;
            i["$sequence"].Value = entry.Sequence;
            i["$at"].Value = entry.At.UtcTicks;
            i["$stage"].Value = claim.Stage;
            i["$previous"].Value = entry.PreviousHash;
            i["$hash"].Value = entry.Hash;
            insert.ExecuteNonQuery();
            transaction.Commit();
            moved++;
        }

        return (moved, watch.Elapsed);
    }
}
