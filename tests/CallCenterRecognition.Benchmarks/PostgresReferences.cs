using System.Diagnostics;
using System.Text.RegularExpressions;
using CallCenterRecognition.Workflows;
using Npgsql;

namespace CallCenterRecognition.Benchmarks;

// The hand-written SQL of ReferenceQueries and ReferenceActions, on PostgreSQL through Npgsql: one open connection a client.
public static class PostgresReferences
{
    public static Task<(LoadResult Load, string Cpu)> ClaimAsync(string connectionString, Guid[] sample, int clients, TimeSpan duration) =>
        RunAsync(connectionString, clients, duration, async (connection, n) =>
        {
            var id = sample[n % sample.Length];
            string? unitKey = null;
            await using (var claim = new NpgsqlCommand("""SELECT c.*, u."DisplayName", u."Email" FROM "Claims" c LEFT JOIN "AspNetUsers" u ON u."Id" = c."AssignedRepresentativeId" WHERE c."Id" = $1""", connection))
            {
                claim.Parameters.Add(new() { Value = id });
                await using var reader = await claim.ExecuteReaderAsync();
                if (await reader.ReadAsync())
                {
                    unitKey = reader.GetString(reader.GetOrdinal("UnitKey"));
                }
            }

            await using var related = new NpgsqlCommand("""SELECT "Id", "Number", "Stage", "IsClosed", "OpenedAt", "MemberName" FROM "Claims" WHERE "UnitKey" = $1 AND "Id" <> $2 ORDER BY "OpenedAt" DESC LIMIT 50""", connection);
            related.Parameters.Add(new() { Value = unitKey! });
            related.Parameters.Add(new() { Value = id });
            await DrainAsync(related);
        });

    // The dashboard's figures by hand, as ReferenceQueries.Dashboard: department × stage counts, open and overdue, members
    // covered, the units view, and per open stage its count, median and oldest.
    public static Task<(LoadResult Load, string Cpu)> DashboardAsync(string connectionString, string[] openStages, int clients, TimeSpan duration) =>
        RunAsync(connectionString, clients, duration, async (connection, _) =>
        {
            await using (var batch = new NpgsqlBatch(connection)
            {
                BatchCommands =
                {
                    new("""SELECT DISTINCT "Department" FROM "Claims" ORDER BY "Department" """),
                    new("""SELECT "Department", "Stage", COUNT(*) FROM "Claims" GROUP BY "Department", "Stage" """),
                    new("""SELECT COUNT(*) FROM "Claims" WHERE NOT "IsClosed" """),
                    new("""SELECT COUNT(*) FROM "Claims" WHERE NOT "IsClosed" AND "DueAt" < $1""") { Parameters = { new() { Value = DateTime.UtcNow } } },
                    new("""SELECT COUNT(*) FROM "ClaimGrievants" WHERE "RemovedAt" IS NULL"""),
                    new("""SELECT "Department", "Status", COUNT(*) FROM "Units" WHERE "MergedIntoId" IS NULL GROUP BY "Department", "Status" """),
                    new("""
                        SELECT "Id", "Department", "Name", "WorkUnit", "Status", "StatusOn" FROM "Units"
                        WHERE "MergedIntoId" IS NULL AND "Status" IN ('recognized', 'differential-granted') ORDER BY "StatusOn" DESC, "Id" DESC LIMIT 100
                        """),
                },
            })
            {
                await DrainAsync(batch);
            }

            foreach (var stage in openStages)
            {
                await using var count = new NpgsqlCommand("""SELECT COUNT(*) FROM "Claims" WHERE "Stage" = $1 AND NOT "IsClosed" """, connection);
                count.Parameters.Add(new() { Value = stage });
                var n = Convert.ToInt32(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
                if (n == 0)
                {
                    continue;
                }

                await using var rest = new NpgsqlBatch(connection)
                {
                    BatchCommands =
                    {
                        new("""SELECT "StageEnteredAt" FROM "Claims" WHERE "Stage" = $1 AND NOT "IsClosed" ORDER BY "StageEnteredAt" DESC LIMIT $2 OFFSET $3""")
                        {
                            Parameters = { new() { Value = stage }, new() { Value = n % 2 == 1 ? 1 : 2 }, new() { Value = (n - 1) / 2 } },
                        },
                        new("""SELECT "Id", "Number", "StageEnteredAt" FROM "Claims" WHERE "Stage" = $1 AND NOT "IsClosed" ORDER BY "StageEnteredAt", "Number" LIMIT 1""")
                        {
                            Parameters = { new() { Value = stage } },
                        },
                    },
                };
                await DrainAsync(rest);
            }
        });

    // What one action costs the database at the least: UPDATE the claim, INSERT its journal entry, one transaction each.
    public static async Task<(LoadResult Load, string Cpu)> ActionsAsync(string connectionString, List<Guid> claims, int clients, int transactions)
    {
        var actor = new WorkflowActor("bench", "Benchmark", []);
        var offset = Random.Shared.Next(1, 1_000_000) * 1_000_000L;
        return await RunAsync(connectionString, clients, TimeSpan.FromHours(1), async (connection, n) =>
        {
            var id = claims[(int)((n * 7919) % claims.Count)];
            var entry = JournalChain.Append(n, JournalChain.GenesisHash, DateTimeOffset.UtcNow, actor, "add-note", "intake", "intake", $"{{\"text\":\"reference {n}\"}}");
            await using var transaction = await connection.BeginTransactionAsync();
            await using (var update = new NpgsqlCommand("""UPDATE "Claims" SET "Version" = "Version" + 1, "JournalSequence" = "JournalSequence" + 1, "JournalHash" = $1 WHERE "Id" = $2""", connection, transaction))
            {
                update.Parameters.Add(new() { Value = entry.Hash });
                update.Parameters.Add(new() { Value = id });
                await update.ExecuteNonQueryAsync();
            }

            await using (var insert = new NpgsqlCommand("""
                INSERT INTO "JournalEntries" ("ClaimId", "Sequence", "At", "ActorId", "ActorName", "Action", "FromStage", "ToStage", "Data", "PreviousHash", "Hash")
                VALUES ($1, $2, $3, 'bench', 'Benchmark', 'add-note', 'intake', 'intake', $4, $5, $6)
                """, connection, transaction))
            {
                insert.Parameters.Add(new() { Value = id });
                insert.Parameters.Add(new() { Value = offset + n });
                insert.Parameters.Add(new() { Value = entry.At.UtcDateTime });
                insert.Parameters.Add(new() { Value = entry.Data });
                insert.Parameters.Add(new() { Value = entry.PreviousHash });
                insert.Parameters.Add(new() { Value = entry.Hash });
                await insert.ExecuteNonQueryAsync();
            }

            await transaction.CommitAsync();
        }, transactions);
    }

    private static async Task<(LoadResult Load, string Cpu)> RunAsync(string connectionString, int clients, TimeSpan duration, Func<NpgsqlConnection, long, Task> query, long limit = long.MaxValue)
    {
        var connections = new NpgsqlConnection[clients];
        for (var i = 0; i < clients; i++)
        {
            connections[i] = new NpgsqlConnection(connectionString);
            await connections[i].OpenAsync();
        }

        try
        {
            var cpu = await CpuMeter.StartAsync(connectionString);
            var load = await Load.RunAsync(clients, duration, async (client, n) =>
            {
                await query(connections[client], n);
                return true;
            }, limit);
            return (load, await cpu.StopAsync(load.Count));
        }
        finally
        {
            foreach (var c in connections)
            {
                await c.DisposeAsync();
            }
        }
    }

    private static async Task DrainAsync(NpgsqlCommand command)
    {
        await using var reader = await command.ExecuteReaderAsync();
        await DrainAsync(reader);
    }

    private static async Task DrainAsync(NpgsqlBatch batch)
    {
        await using var reader = await batch.ExecuteReaderAsync();
        await DrainAsync(reader);
    }

    private static async Task DrainAsync(NpgsqlDataReader reader)
    {
        do
        {
            while (await reader.ReadAsync())
            {
            }
        }
        while (await reader.NextResultAsync());
    }
}

// EXPLAIN of the SQL the app ran (captured from its EF Core command log): each statement prepared with its parameters as
// $n and explained as PostgreSQL's generic plan, the one that holds whatever values the app binds.
public static partial class PostgresPlans
{
    [GeneratedRegex(@"@\w+")]
    private static partial Regex Parameter();

    [GeneratedRegex(@"Seq Scan on ""?Claims""?(\s|$)", RegexOptions.Multiline)]
    private static partial Regex ClaimsScan();

    public static async Task<List<(string Sql, string Plan)>> ExplainAsync(string connectionString, IEnumerable<string> commands)
    {
        var explained = new List<(string, string)>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var generic = new NpgsqlCommand("SET plan_cache_mode = force_generic_plan", connection))
        {
            await generic.ExecuteNonQueryAsync();
        }

        var statements = commands.SelectMany(c => c.Split(";\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(s => s.TrimEnd(';'))
            .Where(s => s.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase) && (s.Contains("\"Claims\"", StringComparison.Ordinal) || s.Contains("\"Units\"", StringComparison.Ordinal) || s.Contains("\"ClaimGrievants\"", StringComparison.Ordinal)))
            .Distinct(StringComparer.Ordinal);
        foreach (var sql in statements)
        {
            var names = new List<string>();
            var numbered = Parameter().Replace(sql, m =>
            {
                var at = names.IndexOf(m.Value);
                if (at < 0)
                {
                    names.Add(m.Value);
                    at = names.Count - 1;
                }

                return "$" + (at + 1);
            });
            string plan;
            try
            {
                await using (var prepare = new NpgsqlCommand($"PREPARE bench_plan AS {numbered}", connection))
                {
                    await prepare.ExecuteNonQueryAsync();
                }

                var arguments = names.Count == 0 ? string.Empty : "(" + string.Join(", ", names.Select(_ => "NULL")) + ")";
                var lines = new List<string>();
                await using (var explain = new NpgsqlCommand($"EXPLAIN EXECUTE bench_plan{arguments}", connection))
                await using (var reader = await explain.ExecuteReaderAsync())
                {
                    while (await reader.ReadAsync())
                    {
                        lines.Add(reader.GetString(0));
                    }
                }

                plan = string.Join('\n', lines);
                if (ClaimsScan().IsMatch(plan))
                {
                    plan += "\n-- WARNING: sequential scan of Claims";
                }
            }
            catch (PostgresException ex)
            {
                plan = $"-- not explained: {ex.MessageText}";
            }
            finally
            {
                await using var deallocate = new NpgsqlCommand("DEALLOCATE ALL", connection);
                await deallocate.ExecuteNonQueryAsync();
            }

            explained.Add((sql, plan));
        }

        return explained;
    }
}

// CPU time spent for a load, in ms per operation: the app process(es), the PostgreSQL backends serving this database
// (from /proc, by the pids pg_stat_activity lists) and this process (the load's clients, or the reference's Npgsql).
// On 2 shared cores a row's ratio is close to the ratio of these sums, whatever the other load.
public sealed class CpuMeter
{
    private readonly string connectionString;
    private readonly int[] appPids;
    private TimeSpan app;
    private TimeSpan client;
    private Dictionary<int, long> backends = [];

    private CpuMeter(string connectionString, int[] appPids)
    {
        this.connectionString = connectionString;
        this.appPids = appPids;
    }

    public static async Task<CpuMeter> StartAsync(string connectionString, params int[] appPids)
    {
        var meter = new CpuMeter(connectionString, appPids);
        meter.app = meter.AppTime();
        meter.client = Process.GetCurrentProcess().TotalProcessorTime;
        meter.backends = await BackendTicksAsync(connectionString);
        return meter;
    }

    public async Task<string> StopAsync(int operations)
    {
        var app = AppTime() - this.app;
        var client = Process.GetCurrentProcess().TotalProcessorTime - this.client;
        var now = await BackendTicksAsync(connectionString);
        var ticks = now.Sum(b => b.Value - backends.GetValueOrDefault(b.Key));
        var database = TimeSpan.FromSeconds(ticks / 100.0);
        double PerOperation(TimeSpan t) => t.TotalMilliseconds / Math.Max(1, operations);
        return appPids.Length == 0
            ? $"{PerOperation(database):F2} ms PostgreSQL + {PerOperation(client):F2} ms client"
            : $"{PerOperation(app):F2} ms app + {PerOperation(database):F2} ms PostgreSQL + {PerOperation(client):F2} ms load client";
    }

    private TimeSpan AppTime() => appPids.Aggregate(TimeSpan.Zero, (sum, pid) =>
    {
        using var process = Process.GetProcessById(pid);
        return sum + process.TotalProcessorTime;
    });

    private static async Task<Dictionary<int, long>> BackendTicksAsync(string connectionString)
    {
        var pids = new List<int>();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                pids.Add(reader.GetInt32(0));
            }
        }

        var ticks = new Dictionary<int, long>();
        foreach (var pid in pids)
        {
            try
            {
                // Fields 14 and 15 (utime, stime) after the command name, which is in parentheses and may hold spaces.
                var stat = await File.ReadAllTextAsync($"/proc/{pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks[pid] = long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The backend ended between the two reads.
            }
        }

        return ticks;
    }
}
