using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using CallCenterRecognition.Web.Tests;
using Npgsql;

namespace CallCenterRecognition.Benchmarks;

// The PostgreSQL rows: the app on the server scripts/postgres.sh starts, a database of its own seeded by COPY, measured
// against hand-written SQL and raw UPDATE+INSERT through Npgsql on the same database, and two instances against one.
public static class PostgresBench
{
    public static readonly string[] Parts = ["pg-queries", "pg-actions", "pg-scaleout"];

    public static async Task RunAsync(Options options, Report report)
    {
        var server = ServerConnectionString();
        var name = "ccr_bench_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        var root = Directory.CreateTempSubdirectory("ccr-bench-pg-").FullName;
        try
        {
            var settings = new Dictionary<string, string>
            {
                ["Database:Provider"] = "Postgres",
                ["ConnectionStrings:Postgres"] = connectionString,
                ["DataProtection:CertificatePath"] = TestCertificate.CreateAt(Path.Combine(root, "key-ring.pfx"), TestCertificate.Password),
                ["DataProtection:CertificatePassword"] = TestCertificate.Password,
                ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
            };

            Console.WriteLine($"PostgreSQL: preparing database {name} with {options.Claims:N0} claims ...");
            List<string> demoReps;
            await using (var first = await StartAsync(root, "a", new Dictionary<string, string>(settings) { ["Demo"] = "true", ["DemoOffice"] = "false" }))
            {
                var mrc = await first.ClientForAsync("mrc@demo.local");
                var reps = await mrc.GetFromJsonAsync<JsonElement>("/api/representatives");
                demoReps = [.. reps.EnumerateArray().Select(r => r.GetProperty("id").GetString()!)];
                await StopGracefullyAsync(first);
            }

            var seeded = await PostgresSeeder.FillAsync(connectionString, options.Claims, 48, demoReps);
            report.Note($"PostgreSQL: {options.Claims:N0} claims (with their journal entries, grievants and units) written by binary COPY in {seeded.Elapsed.TotalSeconds:F1} s, VACUUM ANALYZE included; PostgreSQL {await ServerVersionAsync(connectionString)}, fsync on.");
            var mix = new ActionMix(seeded.IntakeClaims, seeded.Representatives, options.Clients);
            var random = new Random(7);
            var sample = Enumerable.Range(0, 5_000).Select(_ => seeded.AllClaims[random.Next(seeded.AllClaims.Count)]).ToArray();
            var queryTime = TimeSpan.FromSeconds(options.Seconds / 2.0);

            if (options.Runs("pg-queries") || options.Runs("pg"))
            {
                await QueriesAsync(options, report, root, settings, connectionString, sample, queryTime);
            }

            if (options.Runs("pg-actions") || options.Runs("pg"))
            {
                await using var app = await StartAsync(root, "a", settings);
                var clients = await ClientsAsync([app], options.Clients);
                var (actions, actionsCpu) = await mix.RunAsync(clients, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(options.Seconds), connectionString, app.ProcessId);
                await StopGracefullyAsync(app);
                var runs = new List<(LoadResult Load, string Cpu)>();
                for (var i = 0; i < 3; i++)
                {
                    runs.Add(await PostgresReferences.ActionsAsync(connectionString, seeded.OtherClaims, options.Clients, actions.Count));
                }

                var references = runs.Select(r => r.Load).ToList();
                var (reference, referenceCpu) = runs.OrderBy(r => r.Load.PerSecond).ElementAt(1);
                report.Row("PostgreSQL: actions over HTTP, 8 clients (p50/p99)", Rate(actions), Rate(reference) + " raw UPDATE+INSERT (Npgsql)", Ratio(actions.PerSecond, reference.PerSecond), "≥ 40%");
                report.Note($"PostgreSQL actions: {actions.Count:N0} acknowledged, {actions.Errors} errors in {actions.Elapsed.TotalSeconds:F1} s after a 20 s warm-up (a quarter `refer`, the rest `add-note`); the reference ran the same number of transactions (BEGIN, UPDATE of the claim, INSERT of a journal entry, COMMIT: three round trips) on other claims of the same database, three times, median shown ({string.Join(", ", references.Select(r => $"{r.PerSecond:N0}/s"))}). CPU an action: {actionsCpu}; a raw transaction: {referenceCpu}.");
            }

            if (options.Runs("pg-scaleout") || options.Runs("pg"))
            {
                await ScaleOutAsync(options, report, root, settings, connectionString, mix);
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            if (Environment.GetEnvironmentVariable("CCR_BENCH_KEEP_DATABASE") == "true")
            {
                Console.WriteLine($"Kept database {name} and folder {root} (CCR_BENCH_KEEP_DATABASE).");
            }
            else
            {
                await DropAsync(server, name, root);
            }
        }
    }

    private static async Task DropAsync(string server, string name, string root)
    {
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }

        Directory.Delete(root, recursive: true);
    }

    private static async Task QueriesAsync(Options options, Report report, string root, Dictionary<string, string> settings, string connectionString, Guid[] sample, TimeSpan queryTime)
    {
        // As the SQLite rows: the tiered JIT reaches its optimised code before the clock starts.
        var warmUp = TimeSpan.FromSeconds(10);
        await using (var app = await StartAsync(root, "a", settings))
        {
            var mrc = await ClientsAsync([app], options.Clients);
            await Load.RunAsync(options.Clients, warmUp, async (c, n) => (await mrc[c].GetAsync($"/api/claims/{sample[n % sample.Length]}")).IsSuccessStatusCode);
            var claimCpu = await CpuMeter.StartAsync(connectionString, app.ProcessId);
            var claim = await Load.RunAsync(options.Clients, queryTime, async (c, n) => (await mrc[c].GetAsync($"/api/claims/{sample[n % sample.Length]}")).IsSuccessStatusCode);
            var claimCpuUse = await claimCpu.StopAsync(claim.Count);
            var (claimRef, claimRefCpu) = await PostgresReferences.ClaimAsync(connectionString, sample, options.Clients, queryTime);
            report.Row("PostgreSQL: claim API (p50/p99)", Rate(claim), Rate(claimRef), Ratio(claim.PerSecond, claimRef.PerSecond), "≥ 50%");

            var ccwg = await ClientsAsync([app], options.Clients, "ccwg@demo.local");
            await Load.RunAsync(options.Clients, warmUp, async (c, _) => (await ccwg[c].GetAsync("/api/dashboard")).IsSuccessStatusCode);
            var dashboardCpu = await CpuMeter.StartAsync(connectionString, app.ProcessId);
            var dashboard = await Load.RunAsync(options.Clients, queryTime, async (c, _) => (await ccwg[c].GetAsync("/api/dashboard")).IsSuccessStatusCode);
            var dashboardCpuUse = await dashboardCpu.StopAsync(dashboard.Count);
            var (dashboardRef, dashboardRefCpu) = await PostgresReferences.DashboardAsync(connectionString, ["intake", "referral", "document-collection", "calhr-review", "recognized", "denied"], options.Clients, queryTime);
            report.Row("PostgreSQL: CCWG dashboard (p50/p99)", Rate(dashboard), Rate(dashboardRef), Ratio(dashboard.PerSecond, dashboardRef.PerSecond), "≥ 50%");
            report.Note($"PostgreSQL queries: claim API {claim.Errors} errors, dashboard {dashboard.Errors} errors; {options.Clients} clients, {queryTime.TotalSeconds:F0} s each after a {warmUp.TotalSeconds:F0} s warm-up; the hand-written SQL is the SQLite rows' (the dashboard's statements batched in two round trips), one Npgsql connection a client. " +
                $"CPU a request: claim API {claimCpuUse}, its SQL {claimRefCpu}; dashboard {dashboardCpuUse}, its SQL {dashboardRefCpu}.");
            await StopGracefullyAsync(app);
        }

        // Plans of the SQL the app ran, from its own EF Core command log.
        await using var logged = await StartAsync(root, "a", new Dictionary<string, string>(settings)
        {
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Information",
        });
        async Task<List<string>> CaptureAsync(string email, string path)
        {
            var client = await logged.ClientForAsync(email);
            var mark = logged.Output.Length;
            (await client.GetAsync(path)).EnsureSuccessStatusCode();
            await Task.Delay(500);
            return QueryPlans.Capture(logged.Output[mark..]);
        }

        report.PostgresPlans("Representative queue", await PostgresPlans.ExplainAsync(connectionString, await CaptureAsync("rep1@demo.local", "/api/claims?page=1&pageSize=25")));
        report.PostgresPlans("Claim API", await PostgresPlans.ExplainAsync(connectionString, await CaptureAsync("mrc@demo.local", $"/api/claims/{sample[0]}")));
        report.PostgresPlans("CCWG dashboard", await PostgresPlans.ExplainAsync(connectionString, await CaptureAsync("ccwg@demo.local", "/api/dashboard")));
        await StopGracefullyAsync(logged);
    }

    // One instance with all the clients, then two instances on the same database with half each; due reminders are seeded
    // before the two start together, so both dispatchers race for them, and every send is counted in both outboxes.
    private static async Task ScaleOutAsync(Options options, Report report, string root, Dictionary<string, string> settings, string connectionString, ActionMix mix)
    {
        var warmUp = TimeSpan.FromSeconds(20);
        var measure = TimeSpan.FromSeconds(options.Seconds);
        LoadResult one;
        string oneCpu;
        await using (var single = await StartAsync(root, "a", settings))
        {
            (one, oneCpu) = await mix.RunAsync(await ClientsAsync([single], options.Clients), warmUp, measure, connectionString, single.ProcessId);
            // Every instance is stopped as a deployment stops it (SIGTERM): a SIGKILLed instance in the middle of a dispatch
            // keeps the dispatcher's DisableConcurrentExecution lock in the database until Hangfire.PostgreSql's lock
            // timeout, and every dispatch on the other instances fails meanwhile (two runs sent none of the 500 in minutes).
            await StopGracefullyAsync(single);
        }

        var reminders = await SeedRemindersAsync(connectionString, 500);
        var outboxes = new[] { Path.Combine(root, "a", "outbox"), Path.Combine(root, "b", "outbox") };
        var starting = Stopwatch.StartNew();
        var instances = await Task.WhenAll(
            StartAsync(root, "a", new Dictionary<string, string>(settings) { ["Email:OutboxPath"] = outboxes[0] }),
            StartAsync(root, "b", new Dictionary<string, string>(settings) { ["Email:OutboxPath"] = outboxes[1] }));
        try
        {
            // The reminders go out before the load starts, so their send jobs do not run inside the measured 20 s.
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (await UnsentAsync(connectionString, reminders) > 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }

            var remindersTime = starting.Elapsed;
            var (two, twoCpu) = await mix.RunAsync(await ClientsAsync(instances, options.Clients), warmUp, measure, connectionString, instances[0].ProcessId, instances[1].ProcessId);
            var unsent = await UnsentAsync(connectionString, reminders);
            var files = outboxes.Select(o => Directory.Exists(o) ? Directory.GetFiles(o, "reminder-*.eml").Select(f => Path.GetFileName(f)).ToList() : []).ToArray();
            var seededFiles = reminders.Select(id => $"reminder-{id}.eml").ToHashSet(StringComparer.Ordinal);
            var sentFiles = files.SelectMany(f => f).Where(seededFiles.Contains).ToList();
            var inBoth = files[0].Intersect(files[1], StringComparer.Ordinal).Count();
            var (retried, notifiedTwice) = await SendCountsAsync(connectionString, reminders);
            var statuses = await StatusesAsync(connectionString, reminders);
            report.Row(
                $"PostgreSQL: two instances on one database, {options.Clients} clients in all (actions, p50/p99)",
                Rate(two) + $" ({options.Clients / 2} clients each)",
                Rate(one) + " one instance",
                Ratio(two.PerSecond, one.PerSecond),
                "≥ 90%");
            report.Note($"PostgreSQL two instances: {two.Count:N0} actions acknowledged, {two.Errors} errors (one instance: {one.Count:N0}, {one.Errors} errors), {measure.TotalSeconds:F0} s each after a {warmUp.TotalSeconds:F0} s warm-up, each instance with its own `data/` folder and Hangfire server on the shared database; CPU an action: two instances {twoCpu}, one {oneCpu}. " +
                $"Reminders: {reminders.Count:N0} seeded due before both instances started at once; {reminders.Count - unsent:N0} sent ({remindersTime.TotalSeconds:F1} s from the two starts to the last), {unsent} not (rows by status: {statuses}); " +
                $"{sentFiles.Count:N0} .eml files for them over the two outboxes ({files[0].Count:N0} by one instance, {files[1].Count:N0} by the other, {inBoth} in both), {sentFiles.Count - sentFiles.Distinct(StringComparer.Ordinal).Count()} duplicates; {retried} rows with more than one attempt, {notifiedTwice} reminders with more than one bell notification.");
        }
        finally
        {
            await Task.WhenAll(instances.Select(StopGracefullyAsync));
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }
        }
    }

    private static async Task StopGracefullyAsync(AppProcess app)
    {
        if (Process.GetProcesses().All(p => p.Id != app.ProcessId))
        {
            return;
        }

        using var process = Process.GetProcessById(app.ProcessId);
        using (var kill = Process.Start("kill", ["-s", "TERM", app.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Console.WriteLine("PostgreSQL: an instance did not stop within 30 s of SIGTERM.");
        }
    }

    private static async Task<List<long>> SeedRemindersAsync(string connectionString, int count)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var insert = new NpgsqlCommand("""
            INSERT INTO "Reminders" ("ClaimId", "Stage", "StageEnteredAt", "StageDueAt", "ReminderId", "Occurrence", "Template", "Recipient", "RecipientUserId", "SendAt", "Status", "CreatedAt", "Attempts")
            SELECT "Id", "Stage", "StageEnteredAt", "DueAt", 'accept-due', 0, 'referral-due', 'assignee', "AssignedRepresentativeId", now() - interval '1 minute', 'scheduled', now() - interval '1 minute', 0
            FROM "Claims" WHERE "Stage" = 'referral' AND NOT "IsClosed" AND "DueAt" IS NOT NULL AND "AssignedRepresentativeId" IS NOT NULL AND "Version" = 1
            ORDER BY "Number" LIMIT $1
            RETURNING "Id"
            """, connection);
        insert.Parameters.Add(new() { Value = count });
        var ids = new List<long>();
        await using var reader = await insert.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    private static async Task<int> UnsentAsync(string connectionString, List<long> ids)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("""SELECT COUNT(*) FROM "Reminders" WHERE "Id" = ANY($1) AND "Status" <> 'sent'""", connection);
        count.Parameters.Add(new() { Value = ids.ToArray() });
        return Convert.ToInt32(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<string> StatusesAsync(string connectionString, List<long> ids)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("""SELECT "Status", COUNT(*), MIN("LastError") FROM "Reminders" WHERE "Id" = ANY($1) GROUP BY "Status" ORDER BY "Status" """, connection);
        count.Parameters.Add(new() { Value = ids.ToArray() });
        await using var reader = await count.ExecuteReaderAsync();
        var parts = new List<string>();
        while (await reader.ReadAsync())
        {
            var error = reader.IsDBNull(2) ? null : reader.GetString(2);
            parts.Add($"{reader.GetString(0)} {reader.GetInt64(1)}" + (error is null ? string.Empty : $" (\"{error[..Math.Min(120, error.Length)]}\")"));
        }

        return string.Join(", ", parts);
    }

    private static async Task<(int Retried, int NotifiedTwice)> SendCountsAsync(string connectionString, List<long> ids)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("""
            SELECT (SELECT COUNT(*) FROM "Reminders" WHERE "Id" = ANY($1) AND "Attempts" > 1),
                   (SELECT COUNT(*) FROM (SELECT "ReminderId" FROM "Notifications" WHERE "ReminderId" = ANY($1) GROUP BY "ReminderId", "UserId" HAVING COUNT(*) > 1) d)
            """, connection);
        count.Parameters.Add(new() { Value = ids.ToArray() });
        await using var reader = await count.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (Convert.ToInt32(reader.GetInt64(0)), Convert.ToInt32(reader.GetInt64(1)));
    }

    private static async Task<List<HttpClient>> ClientsAsync(IReadOnlyList<AppProcess> instances, int clients, string email = "mrc@demo.local")
    {
        var list = new List<HttpClient>();
        for (var i = 0; i < clients; i++)
        {
            list.Add(await instances[i * instances.Count / clients].ClientForAsync(email));
        }

        return list;
    }

    private static async Task<AppProcess> StartAsync(string root, string instance, Dictionary<string, string> settings)
    {
        var folder = Directory.CreateDirectory(Path.Combine(root, instance)).FullName;
        try
        {
            return await AppProcess.StartAsync(folder, settings);
        }
        catch (TimeoutException)
        {
            // AppProcess allows 60 s; with the 2 cores' load average past 40 a start has taken longer. Once more, then fail.
            Console.WriteLine($"PostgreSQL: instance {instance} not ready within 60 s; starting it again.");
            return await AppProcess.StartAsync(folder, settings);
        }
    }

    private static async Task<string> ServerVersionAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection.PostgreSqlVersion.ToString();
    }

    // CCR_TEST_POSTGRES when set (as the test suites use it), otherwise the server scripts/postgres.sh starts or reuses.
    private static string ServerConnectionString()
    {
        if (Environment.GetEnvironmentVariable("CCR_TEST_POSTGRES") is { Length: > 0 } configured)
        {
            return configured;
        }

        var project = typeof(PostgresBench).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "ProjectDirectory").Value!;
        var script = Path.GetFullPath(Path.Combine(project, "..", "..", "scripts", "postgres.sh"));
        using var process = Process.Start(new ProcessStartInfo("bash", [script]) { RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} exited with {process.ExitCode}.");
        }

        return output.Trim().Split('\n')[^1];
    }

    private static string Rate(LoadResult r) => $"{r.PerSecond:N0}/s ({r.P50:F2} / {r.P99:F2} ms)";

    private static string Ratio(double product, double reference) => $"{100 * product / reference:F0}%";
}

// The actions load of the SQLite rows (a quarter `refer` of a fresh intake claim, the rest `add-note` on one already
// taken), kept across phases and instances: each client slot owns its claims and knows their versions, so none collide.
public sealed class ActionMix(List<Guid> intake, List<string> representatives, int clients)
{
    private readonly ActionLoad actions = new(ActionLoad.Split(intake, clients), representatives);

    public async Task<(LoadResult Load, string Cpu)> RunAsync(IReadOnlyList<HttpClient> http, TimeSpan warmUp, TimeSpan duration, string connectionString, params int[] appPids)
    {
        await actions.RunAsync(http, warmUp);
        var cpu = await CpuMeter.StartAsync(connectionString, appPids);
        var load = await actions.RunAsync(http, duration);
        return (load, await cpu.StopAsync(load.Count));
    }
}
