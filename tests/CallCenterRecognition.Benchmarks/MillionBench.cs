using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using CallCenterRecognition.Web.Tests;
using Microsoft.Data.Sqlite;

namespace CallCenterRecognition.Benchmarks;

// The three pages that read across the whole office — the CCWG dashboard, a representative's queue and a unit's view — on a
// SQLite file of a million claims (`--only million`, `--million N` to size it), each timed over HTTP against the app's real
// settings, with the hand-written SQL of the 100,000-claim rows beside it for context.
public static class MillionBench
{
    public const int Clients = 2;

    public const int Rounds = 3;

    // Rounds of the product, one after another on the same file; the row shows the round with the median p99.
    public sealed record Measured(string Page, IReadOnlyList<(LoadResult Result, string Load)> Rounds, LoadResult Reference)
    {
        public LoadResult Product => Rounds.OrderBy(r => r.Result.P99).ElementAt(Rounds.Count / 2).Result;
    }

    public sealed record Result(bool CountsAgree, int Claims, TimeSpan Seeding, long DatabaseBytes, IReadOnlyList<Measured> Pages, string Load, IReadOnlyList<(string Title, IEnumerable<(string Sql, string Plan)> Plans)> Plans);

    public static int ClaimsFrom(string[] args) =>
        Array.IndexOf(args, "--million") is var at and >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : 1_000_000;

    public static async Task<Result> RunAsync(int claims, TimeSpan duration)
    {
        var folder = Directory.CreateTempSubdirectory("ccr-million-").FullName;
        var database = Path.Combine(folder, "ccr.db");
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:Sqlite"] = $"Data Source={database}",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
        };
        try
        {
            // CCR_MILLION_DB names a seeded file to reuse (written there by the first run that finds it missing), so a change
            // to the product can be measured again without seeding for minutes; the schema must not have changed in between.
            var saved = Environment.GetEnvironmentVariable("CCR_MILLION_DB");
            var seeding = TimeSpan.Zero;
            if (saved is { Length: > 0 } && File.Exists(saved))
            {
                Console.WriteLine($"Million: reusing {saved} in {folder} ...");
                File.Copy(saved, database);
            }
            else
            {
                Console.WriteLine($"Million: preparing {claims:N0} claims in {folder} ...");
                List<string> demoReps;
                await using (var first = await AppProcess.StartAsync(folder, new Dictionary<string, string>(settings) { ["Demo"] = "true", ["DemoOffice"] = "false" }))
                {
                    var mrc = await first.ClientForAsync("mrc@demo.local");
                    var reps = await mrc.GetFromJsonAsync<JsonElement>("/api/representatives");
                    demoReps = [.. reps.EnumerateArray().Select(r => r.GetProperty("id").GetString()!)];
                }

                SqliteConnection.ClearAllPools();
                seeding = Seeder.Fill(database, claims, 48, demoReps).Elapsed;
                SqliteConnection.ClearAllPools();
                if (saved is { Length: > 0 })
                {
                    File.Copy(database, saved);
                }
            }

            claims = (int)Scalar(database, "SELECT COUNT(*) FROM Claims");
            var rep1Id = Text(database, "SELECT Id FROM AspNetUsers WHERE NormalizedEmail = 'REP1@DEMO.LOCAL'");
            var bytes = new FileInfo(database).Length;
            Console.WriteLine($"  seeded in {seeding.TotalSeconds:F1} s, {bytes / 1048576.0:F0} MB");
            var countsAgree = Scalar(database, "SELECT (SELECT SUM(Claims) FROM ClaimCounts) = (SELECT COUNT(*) FROM Claims) AND (SELECT SUM(Members) FROM ClaimCounts) = (SELECT COUNT(*) FROM ClaimGrievants WHERE RemovedAt IS NULL)") == 1
                && Scalar(database, """
                    WITH kept AS (SELECT Stage, EnteredDay, Claims FROM ClaimStageDays),
                         recount AS (SELECT Stage, StageEnteredAt / 864000000000 AS EnteredDay, COUNT(*) AS Claims FROM Claims WHERE IsClosed = 0 GROUP BY 1, 2)
                    SELECT NOT EXISTS (SELECT * FROM kept EXCEPT SELECT * FROM recount) AND NOT EXISTS (SELECT * FROM recount EXCEPT SELECT * FROM kept)
                    """) == 1
                && Scalar(database, """
                    WITH kept AS (SELECT Department, Status, Units FROM UnitCounts WHERE Units <> 0),
                         recount AS (SELECT Department, COALESCE(Status, '') AS Status, COUNT(*) AS Units FROM Units WHERE MergedIntoId IS NULL GROUP BY 1, 2)
                    SELECT NOT EXISTS (SELECT * FROM kept EXCEPT SELECT * FROM recount) AND NOT EXISTS (SELECT * FROM recount EXCEPT SELECT * FROM kept)
                    """) == 1;
            var unitIds = UnitIds(database);
            var random = new Random(11);
            var units = Enumerable.Range(0, 2_000).Select(_ => unitIds[random.Next(unitIds.Count)]).ToArray();

            var pages = new List<Measured>();
            var plans = new List<(string Title, IEnumerable<(string Sql, string Plan)> Plans)>();
            await using (var app = await AppProcess.StartAsync(folder, new Dictionary<string, string>(settings)
            {
                ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Information",
            }))
            {
                var ccwg = await app.ClientForAsync("ccwg@demo.local");
                var rep = await app.ClientForAsync("rep1@demo.local");
                var mrc = await app.ClientForAsync("mrc@demo.local");
                HttpClient[] As(HttpClient signedIn) =>
                    [.. Enumerable.Range(0, Clients).Select(_ => new HttpClient { BaseAddress = app.Address, DefaultRequestHeaders = { Authorization = signedIn.DefaultRequestHeaders.Authorization } })];

                // Each page's SQL captured from the app's own log on its first call, then explained on the same file.
                async Task<List<string>> CaptureAsync(HttpClient client, string path)
                {
                    var mark = app.Output.Length;
                    (await client.GetAsync(path)).EnsureSuccessStatusCode();
                    await Task.Delay(500);
                    return QueryPlans.Capture(app.Output[mark..]);
                }

                plans.Add(("CCWG dashboard", [.. QueryPlans.Explain(database, await CaptureAsync(ccwg, "/api/dashboard"))]));
                plans.Add(("Representative queue", [.. QueryPlans.Explain(database, await CaptureAsync(rep, "/api/claims?page=1&pageSize=25"))]));
                plans.Add(("Unit view", [.. QueryPlans.Explain(database, await CaptureAsync(mrc, $"/api/units/{units[0]}"))]));

                var warmUp = TimeSpan.FromSeconds(5);
                async Task<List<(LoadResult, string)>> TimeAsync(HttpClient[] clients, Func<long, string> path)
                {
                    Task<bool> Get(int c, long n) => clients[c].GetAsync(path(n)).ContinueWith(t => t.Result.IsSuccessStatusCode, TaskScheduler.Default);
                    await Load.RunAsync(Clients, warmUp, Get);
                    var rounds = new List<(LoadResult, string)>();
                    for (var round = 0; round < Rounds; round++)
                    {
                        rounds.Add((await Load.RunAsync(Clients, duration, Get), LoadAverage()));
                    }

                    return rounds;
                }

                var dashboard = await TimeAsync(As(ccwg), _ => "/api/dashboard");
                var queue = await TimeAsync(As(rep), _ => "/api/claims?page=1&pageSize=25");
                var unit = await TimeAsync(As(mrc), n => $"/api/units/{units[n % units.Length]}");
                pages.Add(new("CCWG dashboard", dashboard, ReferenceQueries.Dashboard(database, ["intake", "referral", "document-collection", "calhr-review", "recognized", "denied"], Clients, duration)));
                pages.Add(new("representative queue", queue, ReferenceQueries.Queue(database, rep1Id, Clients, duration)));
                pages.Add(new("unit view", unit, UnitReference(database, units, Clients, duration)));
            }

            return new Result(countsAgree, claims, seeding, bytes, pages, LoadAverage(), plans);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    // A unit's page by hand: the unit, its claims newest first, the current grievants of those claims, its history.
    private static LoadResult UnitReference(string database, long[] units, int clients, TimeSpan duration)
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
                using var command = connections[client].CreateCommand();
                command.CommandText = """
                    SELECT * FROM Units WHERE Id = $id;
                    SELECT Id, Number, Stage, IsClosed, DefinitionId, DefinitionVersion, OpenedAt FROM Claims WHERE UnitId = $id ORDER BY OpenedAt DESC;
                    SELECT g.Name, c.Number FROM ClaimGrievants g JOIN Claims c ON c.Id = g.ClaimId WHERE c.UnitId = $id AND g.RemovedAt IS NULL ORDER BY c.Number, g.Position;
                    SELECT At, ActorName, Change, Status, StatusOn, ClaimNumber, Note FROM UnitHistory WHERE UnitId = $id ORDER BY Id;
                    """;
                command.Parameters.AddWithValue("$id", units[n % units.Length]);
                using var reader = command.ExecuteReader();
                do
                {
                    while (reader.Read())
                    {
                    }
                }
                while (reader.NextResult());
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

    private static long Scalar(string database, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static string Text(string database, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture)!;
    }

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[0..3]);

    private static List<long> UnitIds(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Id FROM Units WHERE MergedIntoId IS NULL ORDER BY Id";
        using var reader = command.ExecuteReader();
        var ids = new List<long>();
        while (reader.Read())
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    public static void Report(Report report, Result result)
    {
        foreach (var page in result.Pages)
        {
            report.Row(
                $"{result.Claims:N0} claims: {page.Page}, {Clients} clients (p50/p99)",
                $"{page.Product.PerSecond:N0}/s ({page.Product.P50:F2} / {page.Product.P99:F2} ms)",
                $"{page.Reference.PerSecond:N0}/s ({page.Reference.P50:F2} / {page.Reference.P99:F2} ms) hand-written SQL",
                $"p99 {page.Product.P99:F0} ms (rounds {string.Join(", ", page.Rounds.Select(r => $"{r.Result.P50:F0}/{r.Result.P99:F0} ms at load {r.Load.Split(' ')[0]}"))})",
                "p99 < 250 ms");
        }

        report.Note($"{result.Claims:N0} claims: {(result.Seeding > TimeSpan.Zero ? $"seeded in {result.Seeding.TotalSeconds:F0} s" : "a file seeded earlier (CCR_MILLION_DB)")} (one transaction, prepared statements, with their grievants and units; {result.DatabaseBytes / 1048576.0:N0} MB), then each page {Clients} clients over HTTP after a 5 s warm-up, {Rounds} rounds of the measured time each (the row shows the round with the median p99; the hand-written SQL once), the app with its real settings; the maintained ClaimCounts, ClaimStageDays and UnitCounts {(result.CountsAgree ? "equal" : "DIFFER FROM")} a recount of claims, current grievants, open claims per stage and entry day and units after the seeding (their triggers kept them); errors {string.Join(", ", result.Pages.Select(p => $"{p.Page} {p.Product.Errors}"))}; load average {result.Load} at the end.");
        foreach (var (title, explained) in result.Plans)
        {
            report.Plans($"{title} at {result.Claims:N0} claims", explained);
        }
    }
}
